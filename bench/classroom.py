"""A class on one server: `python bench/classroom.py [--seconds 60] [--pages 1,10,30]`.

Starts the app (one `streamlit run` process, then N replicas behind HAProxy as `make class`
does), opens N headless Chromium pages on one share link all at once, presses Play in all,
lets them play, then presses Pause in each in turn, and prints per set-up and class size:

- updates/s and epochs/s each page showed (median and worst page),
- the time until every page had painted, all opening the link together,
- the time from a Pause click to a still step counter (median, worst) and to the Play button,
- the server's side: frames sent per session per second and bytes per frame (counters in the
  server, PLAYGROUND_COUNTERS; the slow charts apart), CPU per server process, resident
  memory in total and per session, and memory some time after the pages close against its
  baseline,
- the machine's cores (how busy each was), and the errors seen (page errors, exceptions drawn
  on the page, pages that never painted or never stopped).

The browsers run on the same cores as the server; the server-side counters say what the server
produced, the browser figures what a student saw. Other work on the machine skews both: the
load average is printed at the start.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT))
import serve_class  # noqa: E402  (make class's own start-up)
from harness import CHROMIUM_ARGS, transport  # noqa: E402  (the browser tests')

from playground.running import counters  # noqa: E402

LINK = "/?dataset=circle"  # the share link the class opens (a lesson's link works the same)

OBSERVE = """() => {
  window.__frames = 0; window.__lastStepChange = 0;
  let frame = null, step = null;
  const seen = () => {
    const live = document.querySelector('.pg-live');
    if (live && live.dataset.frame !== frame) { frame = live.dataset.frame; window.__frames++; }
    const s = document.querySelector('#step');
    const now = s ? s.textContent : null;
    if (now !== step) { step = now; window.__lastStepChange = performance.now(); }
  };
  new MutationObserver(seen).observe(document.body, {subtree: true, childList: true,
      characterData: true, attributes: true, attributeFilter: ['data-frame']});
}"""
EPOCH = ("() => { const e = document.querySelector('#epoch'); "
         "return e ? parseInt(e.textContent.replace(/,/g, '')) : -1; }")
EXCEPTIONS = "() => document.querySelectorAll('[data-testid=\"stException\"]').length"


@contextlib.contextmanager
def single_process(env: dict, flags: tuple[str, ...] = ()):
    """One `streamlit run` (today's deployment), with the replicas' settings (and `flags`:
    more of Streamlit's options)."""
    port = serve_class._free_port()
    process = serve_class.subprocess.Popen(
        [*serve_class.replica_command(port), *flags], cwd=ROOT, env={**os.environ, **env},
        stdout=serve_class.subprocess.DEVNULL, stderr=serve_class.subprocess.DEVNULL)
    try:
        serve_class._healthy(f"http://127.0.0.1:{port}", [process], 60)
        yield f"http://127.0.0.1:{port}", [process], None
    finally:
        serve_class._stop([process])


def _rss(processes) -> float:
    return sum(psutil.Process(p.pid).memory_info().rss for p in processes) / 2**20


def _cpu(processes) -> list[float]:
    return [sum(psutil.Process(p.pid).cpu_times()[:2]) for p in processes]


def _spread(values: list[float], worst=min) -> str:
    if not values:
        return "—"
    return f"{statistics.median(values):7.2f} / {worst(values):7.2f}"


class Student:
    """One browser context (its own cookies: HAProxy places each student on its own)."""

    def __init__(self, browser):
        self.browser = browser
        self.errors: list[str] = []

    async def open(self, url: str, opened: float) -> float | None:
        self.context = await self.browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = await self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        try:
            await self.page.goto(url + LINK, timeout=120_000)
            await self.page.wait_for_selector(".pg-live #epoch", timeout=120_000)
        except Exception as problem:  # a page that never painted is an error to report
            self.errors.append(f"never painted: {type(problem).__name__}")
            return None
        return time.perf_counter() - opened

    async def play(self) -> bool:
        await self.page.evaluate(OBSERVE)
        try:
            await transport(self.page, "Play").click(timeout=60_000)
            await self.page.wait_for_function("() => window.__frames > 2", timeout=60_000)
        except Exception as problem:
            self.errors.append(f"did not play: {type(problem).__name__}")
            return False
        return True

    async def reading(self) -> tuple[int, int]:
        return await self.page.evaluate("window.__frames"), await self.page.evaluate(EPOCH)

    async def pause(self, delay: float) -> tuple[float, float] | None:
        """Click Pause after `delay`; (seconds to a still step counter, to the Play button)."""
        await asyncio.sleep(delay)
        try:
            await transport(self.page, "Pause").evaluate(
                "b => { window.__pausedAt = performance.now(); b.click(); }", timeout=30_000)
            await transport(self.page, "Play").wait_for(
                timeout=30_000)
            button = await self.page.evaluate("performance.now() - window.__pausedAt")
            await asyncio.sleep(1.0)  # a counter that moves after this did not stop
            changed = await self.page.evaluate("window.__lastStepChange - window.__pausedAt")
            await asyncio.sleep(1.0)
            later = await self.page.evaluate("window.__lastStepChange - window.__pausedAt")
        except Exception as problem:
            self.errors.append(f"pause failed: {type(problem).__name__}")
            return None
        if later != changed:
            self.errors.append("the step counter moved 1-2 s after Pause")
        return max(changed, 0.0) / 1000, button / 1000

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            self.errors.extend(["exception on the page"] * await self.page.evaluate(EXCEPTIONS))
        await self.context.close()


async def a_class(url: str, pages: int, seconds: float, processes, folder: str,
                  settle: float) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
        # One page per replica first (HAProxy spreads them): imports and the data set's cache
        # are each process's, not the class's memory.
        warm = [Student(browser) for _ in processes]
        await asyncio.gather(*(w.open(url, time.perf_counter()) for w in warm))
        for student in warm:
            await student.close()
        await asyncio.sleep(2)
        baseline = _rss(processes)

        students = [Student(browser) for _ in range(pages)]
        opened = time.perf_counter()
        paints = await asyncio.gather(*(s.open(url, opened) for s in students))
        painted = [p for p in paints if p is not None]
        playing = await asyncio.gather(*(s.play() for s in students))
        players = [s for s, ok in zip(students, playing, strict=True) if ok]
        await asyncio.sleep(2)  # every page into its stride

        before = await asyncio.gather(*(s.reading() for s in players))
        served_before = counters.read(folder)
        cpu_before = _cpu(processes)
        psutil.cpu_percent(percpu=True)
        start = time.perf_counter()
        await asyncio.sleep(seconds)
        after = await asyncio.gather(*(s.reading() for s in players))
        elapsed = time.perf_counter() - start
        cores = psutil.cpu_percent(percpu=True)
        cpu = [(b - a) / elapsed for a, b in zip(cpu_before, _cpu(processes), strict=True)]
        served_after = counters.read(folder)
        playing_rss = _rss(processes)

        # Pause in turn, a quarter second apart: most of the class still plays meanwhile.
        stops = await asyncio.gather(*(s.pause(0.25 * i) for i, s in enumerate(players)))
        stops = [s for s in stops if s is not None]
        for student in students:
            await student.close()
        errors = [e for s in [*warm, *students] for e in s.errors]
        await browser.close()
    await asyncio.sleep(settle)
    settled_rss = _rss(processes)

    frames, bytes_per_frame, slow, slow_bytes = [], [], [], 0
    for key, counts in served_after.items():
        old = served_before.get(key, dict.fromkeys(counts, 0))
        if counts["frames"] > old["frames"]:
            frames.append((counts["frames"] - old["frames"]) / elapsed)
            bytes_per_frame.append((counts["bytes"] - old["bytes"])
                                   / (counts["frames"] - old["frames"]))
            slow.append((counts["slow_frames"] - old["slow_frames"]) / elapsed)
            slow_bytes += counts["slow_bytes"] - old["slow_bytes"]
    return {
        "pages": pages, "window_s": elapsed,
        "updates": [(a[0] - b[0]) / elapsed for a, b in zip(after, before, strict=True)],
        "epochs": [(a[1] - b[1]) / elapsed for a, b in zip(after, before, strict=True)],
        "painted": painted, "all_painted": max(painted) if len(painted) == pages else None,
        "still": [s[0] for s in stops], "button": [s[1] for s in stops],
        "server_frames": frames, "bytes_per_frame": bytes_per_frame, "slow_frames": slow,
        "slow_bytes_per_s": slow_bytes / elapsed / max(len(slow), 1),
        "cpu": cpu, "cores": cores,
        "baseline_mb": baseline, "playing_mb": playing_rss, "settled_mb": settled_rss,
        "settle_s": settle, "errors": errors,
    }


def report(setup: str, r: dict) -> None:
    n = r["pages"]
    per_session = (r["playing_mb"] - r["baseline_mb"]) / n
    print(f"\n{setup}, {n} page{'s' * (n > 1)} playing for {r['window_s']:.0f} s"
          "          median / worst")
    print(f"  updates/s per page (browser)     {_spread(r['updates'])}")
    print(f"  epochs/s per page (browser)      {_spread(r['epochs'])}")
    print(f"  frames/s per session (server)    {_spread(r['server_frames'])}"
          f"   ({len(r['server_frames'])} sessions counted)")
    print(f"  bytes per frame (server)         {_spread(r['bytes_per_frame'], max)}")
    print(f"  slow charts/s per session        {_spread(r['slow_frames'])}"
          f"   ({r['slow_bytes_per_s'] / 1000:.0f} kB/s per session)")
    everyone = (f"{r['all_painted']:.1f} s" if r["all_painted"] is not None
                else f"{n - len(r['painted'])} of {n} never painted")
    print(f"  painted (s after all opened)     {_spread(r['painted'], max)}   all: {everyone}")
    print(f"  Pause -> still counter (s)       {_spread(r['still'], max)}"
          f"   over 0.5 s: {sum(s > 0.5 for s in r['still'])} of {len(r['still'])}")
    print(f"  Pause -> Play button back (s)    {_spread(r['button'], max)}")
    print("  server CPU per process           "
          + ", ".join(f"{100 * c:.0f}%" for c in r["cpu"]) + " of a core")
    print("  machine cores busy               "
          + ", ".join(f"{c:.0f}%" for c in r["cores"]) + " (browsers and other work included)")
    print(f"  server memory                    {r['baseline_mb']:.0f} MB before, "
          f"{r['playing_mb']:.0f} MB playing ({per_session:.1f} MB per session), "
          f"{r['settled_mb']:.0f} MB {r['settle_s']:.0f} s after the pages closed "
          f"({100 * (r['settled_mb'] / r['baseline_mb'] - 1):+.0f}% of the baseline)")
    unique = sorted(set(r["errors"]))
    print(f"  errors                           {len(r['errors'])}"
          + (": " + "; ".join(f"{e} (x{r['errors'].count(e)})" for e in unique[:5])
             if unique else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="play window per class")
    parser.add_argument("--pages", default="1,10,30", help="class sizes, comma-separated")
    parser.add_argument("--setups", default="single,replicated")
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--settle", type=float, default=60.0,
                        help="seconds after the pages close before memory is read again")
    arguments = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start; "
          f"share link {LINK}")
    for setup in arguments.setups.split(","):
        for pages in [int(n) for n in arguments.pages.split(",")]:
            with tempfile.TemporaryDirectory(prefix="playground-counters-") as folder:
                env = {"PLAYGROUND_COUNTERS": folder}
                if setup == "single":
                    servers, label = single_process(env), "one process"
                else:
                    servers = serve_class.serve(arguments.replicas, env=env)
                    label = f"{arguments.replicas} replicas behind HAProxy"
                with servers as (url, processes, _):
                    result = asyncio.run(a_class(url, pages, arguments.seconds, processes,
                                                 folder, arguments.settle))
                report(label, result)


if __name__ == "__main__":
    main()
