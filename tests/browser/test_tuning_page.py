"""The Tuning lab in headless Chromium at 1280x800: the sampling pictures draw, a 4-trial search
runs in the background to "Done", its charts draw, and "Use this" opens the playground with the
trial's set-up in the address. Screenshots go to tests/output/."""

import pytest
from harness import settle_layout

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
CHART = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"


def test_a_search_runs_to_done_and_use_this_opens_the_playground(browser, app_url, output_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/tuning")
        page.get_by_role("heading", name="Tuning lab").first.wait_for(timeout=30_000)
        page.wait_for_selector(CHART, timeout=30_000)
        page.wait_for_function(IDLE, timeout=60_000)
        page.get_by_text("at most 200 trials and").first.wait_for()
        page.screenshot(path=output_dir / "tuning-lab-1280x800.png")

        page.locator(".st-key-tuning-trials input").fill("4")
        page.keyboard.press("Enter")
        page.locator(".st-key-tuning-epochs input").fill("30")
        page.keyboard.press("Enter")
        page.wait_for_function(IDLE, timeout=60_000)
        page.locator(".st-key-tuning-start button").click()
        page.get_by_text("Done: 4 of 4 trials.").first.wait_for(timeout=120_000)
        page.get_by_role("heading", name="3 · Results").first.wait_for(timeout=30_000)
        page.wait_for_function(IDLE, timeout=60_000)
        assert page.locator(EXCEPTION).count() == 0
        page.get_by_role("tab", name="Caviar: every trial's curve").click()
        settle_layout(page)  # the tab's chart drawn before the picture
        page.screenshot(path=output_dir / "tuning-results-1280x800.png", full_page=True)

        page.get_by_role("button", name="Use this").click()
        page.wait_for_selector(".pg-live #epoch", timeout=30_000)
        page.get_by_text("from the tuning lab").first.wait_for(timeout=30_000)
        _, _, query = page.url.partition("?")
        assert "dataset=flower" in query and "learning_rate=" in query
        assert page.locator(EXCEPTION).count() == 0
    finally:
        context.close()
