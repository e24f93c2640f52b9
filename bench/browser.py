"""Browser-visible speed of the live page: `python bench/browser.py [--seconds 20]`.

Starts `streamlit run app.py` on a free port, opens it in headless Chromium (Playwright),
measures the first paint (server up -> the live block with the epoch counter is visible; the
first visitor pays the imports, a second one is measured too),
presses Play, and for `--seconds` counts

  updates/s  distinct frames the browser actually shows (a MutationObserver on the live
             block's data-frame attribute: the boundary and network diagram are in that block)
  epochs/s   from the epoch counter text at the start and end of the window

then presses Pause and reports how many frames still arrived after it (pause latency).
Targets (issue 4): >= 15 updates/s, >= 300 epochs/s, first paint < 3 s.

`--two-players` then measures sharing (issue 8): one student sets the maximum settings
(10,000 points, 90% training, batch size 1, all 9 features, 8 hidden layers of 64 units) and
plays, and a second student plays the default circle; it prints both players' updates/s and
the longest wait between two of their frames (target: a frame every few hundred ms).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from harness import launch, streamlit_server, transport  # noqa: E402  (the browser tests')

COUNT_FRAMES = """() => {
  window.__frames = new Set(); window.__times = [];
  const seen = () => {
    const live = document.querySelector('.pg-live');
    if (live && !window.__frames.has(live.dataset.frame)) {
      window.__frames.add(live.dataset.frame); window.__times.push(performance.now());
    }
  };
  new MutationObserver(seen).observe(document.body,
      {subtree: true, childList: true, attributes: true, attributeFilter: ['data-frame']});
}"""
EPOCH = "() => { const e = document.querySelector('#epoch'); " \
        "return e ? parseInt(e.textContent.replace(/,/g, '')) : -1; }"
STEP = EPOCH.replace("#epoch", "#step")


def measure(seconds: float) -> dict:
    from playwright.sync_api import sync_playwright

    with streamlit_server() as (url, startup), sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        opened = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(".pg-live #epoch", timeout=30_000)
        first_paint = time.perf_counter() - opened
        page.evaluate(COUNT_FRAMES)
        transport(page, "Play").click()
        page.wait_for_function("() => window.__frames.size > 2", timeout=30_000)
        frames0, epoch0 = page.evaluate("window.__frames.size"), page.evaluate(EPOCH)
        start = time.perf_counter()
        time.sleep(seconds)
        frames1, epoch1 = page.evaluate("window.__frames.size"), page.evaluate(EPOCH)
        elapsed = time.perf_counter() - start
        transport(page, "Pause").click()
        transport(page, "Play").wait_for(timeout=10_000)
        after = page.evaluate("window.__frames.size")
        time.sleep(1.0)
        late = page.evaluate("window.__frames.size") - after
        # A second student on the now warm server (imports and data set cached).
        second = browser.new_page(viewport={"width": 1280, "height": 800})
        opened = time.perf_counter()
        second.goto(url)
        second.wait_for_selector(".pg-live #epoch", timeout=30_000)
        warm_paint = time.perf_counter() - opened
        browser.close()
    return {"startup_s": startup, "first_paint_s": first_paint, "warm_paint_s": warm_paint,
            "updates_per_s": (frames1 - frames0) / elapsed,
            "epochs_per_s": (epoch1 - epoch0) / elapsed, "frames_after_pause": late,
            "window_s": elapsed}


IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def _settled(page) -> None:
    page.wait_for_timeout(150)  # let the rerun start before waiting for its end
    page.wait_for_function(IDLE, timeout=60_000)


def maximum_settings(page) -> None:
    """Drive the sidebar to the heaviest network the page allows, as a student would."""
    for key in ("n_points", "train_ratio"):
        page.locator(f".st-key-w-{key} input[type=range]").press("End")
        _settled(page)
    page.locator(".st-key-w-batch_size").click()
    page.get_by_role("option", name="1", exact=True).click()
    _settled(page)
    pills = page.locator(".st-key-w-features button:not([aria-label^=Help])")
    for index in range(2, 9):  # x1 and x2 are on already
        pills.nth(index).click()
        _settled(page)
    for _ in range(6):
        page.locator(".st-key-layers-add").get_by_role("button", name="+").click()
        _settled(page)
    for layer in range(8):
        units = page.locator(f".st-key-w-layer{layer}-units input")
        units.fill("64")
        units.press("Enter")
        _settled(page)
    page.get_by_text("layer sizes n = [9 → 64 → 64 → 64 → 64 → 64 → 64 → 64 → 64 → 1]").wait_for()


def _window(page) -> dict:
    return {"frames": page.evaluate("window.__frames.size"), "epoch": page.evaluate(EPOCH),
            "step": page.evaluate(STEP)}


def _longest_wait(page, since: float) -> float:
    times = page.evaluate(f"window.__times.filter(t => t >= {since})")
    return max((b - a for a, b in zip(times, times[1:], strict=False)), default=float("nan"))


def measure_two_players(seconds: float) -> dict:
    """A student at maximum settings and a student on the default circle, both playing."""
    from playwright.sync_api import sync_playwright

    with streamlit_server() as (url, _), sync_playwright() as playwright:
        browser = launch(playwright)
        heavy = browser.new_page(viewport={"width": 1280, "height": 800})
        heavy.goto(url)
        heavy.wait_for_selector(".st-key-w-n_points input[type=range]", timeout=30_000)
        maximum_settings(heavy)
        light = browser.new_page(viewport={"width": 1280, "height": 800})
        light.goto(url)
        light.wait_for_selector(".pg-live #epoch", timeout=30_000)
        for page in (heavy, light):
            page.evaluate(COUNT_FRAMES)
            transport(page, "Play").click()
        for page in (heavy, light):
            page.wait_for_function("() => window.__frames.size > 2", timeout=60_000)
        since = [page.evaluate("performance.now()") for page in (heavy, light)]
        before = [_window(page) for page in (heavy, light)]
        start = time.perf_counter()
        time.sleep(seconds)
        after = [_window(page) for page in (heavy, light)]
        elapsed = time.perf_counter() - start
        waits = [_longest_wait(page, t) for page, t in zip((heavy, light), since, strict=True)]
        browser.close()
    result = {}
    for name, b, a, wait in zip(("heavy", "light"), before, after, waits, strict=True):
        result[name] = {"updates_per_s": (a["frames"] - b["frames"]) / elapsed,
                        "epochs_per_s": (a["epoch"] - b["epoch"]) / elapsed,
                        "steps_per_s": (a["step"] - b["step"]) / elapsed,
                        "longest_wait_ms": wait}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--two-players", action="store_true",
                        help="also measure a maximum-settings player beside a default one")
    arguments = parser.parse_args()
    result = measure(arguments.seconds)
    targets = {"updates_per_s": (15, ">="), "epochs_per_s": (300, ">="),
               "first_paint_s": (3.0, "<")}
    print(f"server start-up     {result['startup_s']:.2f} s (until /_stcore/health answers)")
    for name, label in (("first_paint_s", "first paint"), ("updates_per_s", "updates/s"),
                        ("epochs_per_s", "epochs/s")):
        target, how = targets[name]
        value = result[name]
        ok = value >= target if how == ">=" else value < target
        print(f"{label:<19} {value:8.2f}   target {how} {target:g}   {'OK' if ok else 'MISSED'}")
    print(f"first paint, warm   {result['warm_paint_s']:.2f} s (a second student, same server)")
    print(f"frames after pause  {result['frames_after_pause']} (in the following second)")
    print(f"window              {result['window_s']:.1f} s of play")
    if arguments.two_players:
        two = measure_two_players(arguments.seconds)
        print("two players, one at maximum settings (10,000 points, batch 1, 9 features, 8 x 64):")
        for name, label in (("heavy", "maximum settings"), ("light", "default circle")):
            r = two[name]
            print(f"  {label:<17} {r['updates_per_s']:6.2f} updates/s  "
                  f"{r['epochs_per_s']:8.2f} epochs/s  {r['steps_per_s']:9.1f} steps/s  "
                  f"longest wait between frames {r['longest_wait_ms']:.0f} ms")


if __name__ == "__main__":
    main()
