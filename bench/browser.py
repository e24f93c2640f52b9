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
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from harness import launch, streamlit_server  # noqa: E402  (shared with the browser tests)

COUNT_FRAMES = """() => {
  window.__frames = new Set();
  const seen = () => {
    const live = document.querySelector('.pg-live');
    if (live) window.__frames.add(live.dataset.frame);
  };
  new MutationObserver(seen).observe(document.body,
      {subtree: true, childList: true, attributes: true, attributeFilter: ['data-frame']});
}"""
EPOCH = "() => { const e = document.querySelector('#epoch'); " \
        "return e ? parseInt(e.textContent.replace(/,/g, '')) : -1; }"


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
        page.get_by_role("button", name="Play", exact=True).click()
        page.wait_for_function("() => window.__frames.size > 2", timeout=30_000)
        frames0, epoch0 = page.evaluate("window.__frames.size"), page.evaluate(EPOCH)
        start = time.perf_counter()
        time.sleep(seconds)
        frames1, epoch1 = page.evaluate("window.__frames.size"), page.evaluate(EPOCH)
        elapsed = time.perf_counter() - start
        page.get_by_role("button", name="Pause", exact=True).click()
        page.get_by_role("button", name="Play", exact=True).wait_for(timeout=10_000)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    result = measure(parser.parse_args().seconds)
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


if __name__ == "__main__":
    main()
