"""The GAN lab's live speed in the browser: `python bench/gan_lab.py [--seconds 15] [--tabs 3]`.

Starts `streamlit run app.py`, opens the GAN lab in 1 and then in `--tabs` headless Chromium
tabs, presses Play in each, and counts over `--seconds`, per tab:

  frames/s   distinct status lines the browser shows (a MutationObserver on the page)
  G steps/s  from the "G step" counter at the start and end of the window

Tabs playing together share the server's CPU in turns (playground.running.turns): the figure to read
is each tab's share of the single tab's steps, and their spread (a fair share is 1/n each).
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
  window.__frames = 0; let last = '';
  new MutationObserver(() => {
    const s = document.querySelector('.gan-status');
    if (s && s.textContent !== last) { last = s.textContent; window.__frames += 1; }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
STEPS = ("() => { const s = document.querySelector('.gan-status');"
         " const m = s && s.textContent.match(/G step ([0-9,]+)/);"
         " return m ? Number(m[1].replace(/,/g, '')) : -1; }")


def _open_and_play(context, url):
    page = context.new_page()
    page.goto(f"{url}/gan")
    page.wait_for_selector(".gan-field .gan-heatmap", timeout=60_000)
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=60_000)
    page.wait_for_function(f"({STEPS})() > 0", timeout=60_000)
    return page


def measure(browser, url, tabs: int, seconds: float) -> list[tuple[float, float]]:
    contexts = [browser.new_context(viewport={"width": 1280, "height": 800})
                for _ in range(tabs)]
    try:
        pages = [_open_and_play(context, url) for context in contexts]
        for page in pages:
            page.evaluate(COUNT_FRAMES)
        first = [page.evaluate(STEPS) for page in pages]
        started = time.perf_counter()
        time.sleep(seconds)
        elapsed = time.perf_counter() - started
        figures = [(page.evaluate("() => window.__frames") / elapsed,
                    (page.evaluate(STEPS) - steps) / elapsed)
                   for page, steps in zip(pages, first, strict=True)]
        for page in pages:
            page.get_by_role("button", name="Pause").click()
        return figures
    finally:
        for context in contexts:
            context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--tabs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with streamlit_server() as (url, _), sync_playwright() as playwright:
        browser = launch(playwright)
        alone = measure(browser, url, 1, args.seconds)
        shared = measure(browser, url, args.tabs, args.seconds)
        browser.close()
    (frames, steps), = alone
    print(f"1 tab:  {frames:5.1f} frames/s  {steps:7.1f} G steps/s")
    for number, (f, s) in enumerate(shared, 1):
        print(f"{args.tabs} tabs, tab {number}: {f:5.1f} frames/s  {s:7.1f} G steps/s  "
              f"{s / steps:.2f}x the single tab's steps")
    total = sum(s for _, s in shared)
    print(f"{args.tabs} tabs together: {total / steps:.2f}x the single tab's G steps/s")


if __name__ == "__main__":
    main()
