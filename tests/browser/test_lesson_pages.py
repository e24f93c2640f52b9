"""Lessons and runs side by side in headless Chromium: three lessons open from the Lessons
page with their text above the charts, and a lesson's comparison trains and draws. Screenshots
at 1280x800 and 1920x1080 go to tests/output/."""

from urllib.parse import parse_qs

import pytest
from harness import settle_layout

from playground.session import lessons

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
LESSONS = ("non-linearity", "computation-graph", "overfitting")  # one with a demonstration


def settle(page) -> None:
    page.wait_for_function(IDLE, timeout=60_000)
    settle_layout(page)


@pytest.mark.parametrize("width,height", [(1280, 800), (1920, 1080)])
def test_three_lessons_and_a_comparison(browser, app_url, output_dir, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/lessons")
        page.get_by_role("heading", name="Lessons").first.wait_for(timeout=30_000)
        settle(page)
        page.screenshot(path=output_dir / f"lessons-page-{width}x{height}.png")
        for lesson in LESSONS:
            page.goto(f"{app_url}/lessons")
            page.locator(f".st-key-open-{lesson} button").click()
            page.locator(".st-key-lesson-banner").wait_for(timeout=30_000)
            page.wait_for_selector(".pg-live #epoch", timeout=30_000)
            settle(page)
            # The playground, its address the lesson as a share link plus the tab's run token
            # (playground/running/kept_runs.py): opened afresh (a new session), it shows the lesson
            # again.
            address, _, query = page.url.partition("?")
            fields = parse_qs(query)
            assert address.rstrip("/") == app_url.rstrip("/")
            assert fields.pop("lesson") == [lesson] and list(fields) == ["run"], page.url
            page.goto(page.url)
            page.locator(".st-key-lesson-banner").wait_for(timeout=30_000)
            page.wait_for_selector(".pg-live #epoch", timeout=30_000)
            settle(page)
            assert page.locator(EXCEPTION).count() == 0
            if lessons.BY_ID[lesson].demo == "computation-graph":  # drawn in the browser
                page.wait_for_selector(".st-key-lesson-watch [data-testid='stGraphVizChart'] svg",
                                       timeout=30_000)
            page.screenshot(path=output_dir / f"lesson-{lesson}-{width}x{height}.png")
        # The open lesson's "Compare runs" leads to its comparison.
        page.locator(".st-key-lesson-compare button").click()
        page.get_by_role("heading", name="Compare runs").first.wait_for(timeout=30_000)
        # it trains at once (the lesson's epochs), no further click
        page.get_by_text("3 runs").first.wait_for(timeout=30_000)
        page.wait_for_selector("[data-testid='stVegaLiteChart'] canvas, "
                               "[data-testid='stVegaLiteChart'] svg", timeout=30_000)
        page.get_by_text("epoch 200").first.wait_for(timeout=60_000)
        settle(page)
        assert page.locator(EXCEPTION).count() == 0
        page.screenshot(path=output_dir / f"compare-{width}x{height}.png", full_page=True)
        assert page.locator(".pg-run-boundary svg").count() == 3  # small boundaries
        page.screenshot(path=output_dir / f"compare-{width}x{height}.png", full_page=True)
    finally:
        context.close()
