"""The GAN lab in headless Chromium: it opens from the top navigation, Play trains live (the
G step count rises in the page while the arrows and D's heatmap are drawn), Pause stops it.
Screenshots at 1280x800 and 1920x1080 go to tests/output/."""

import re

import pytest
from harness import settle_layout

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
STEPS = ("() => { const s = document.querySelector('.gan-status');"
         " const m = s && s.textContent.match(/G step ([0-9,]+)/);"
         " return m ? Number(m[1].replace(/,/g, '')) : -1; }")

PAUSED_FRAME = ("() => { const s = document.querySelector('.gan-status');"
                " return s !== null && !s.textContent.includes('training'); }")


def _g_steps(page) -> int:
    return page.evaluate(STEPS)


@pytest.mark.parametrize("width, height", [(1280, 800), (1920, 1080)])
def test_the_gan_lab_plays_live_and_draws_arrows_and_heatmap(browser, app_url, output_dir,
                                                              width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(app_url)
        page.get_by_role("link", name="GAN lab").first.click()  # the top navigation
        page.get_by_role("heading", name="GAN lab").first.wait_for(timeout=30_000)
        page.wait_for_selector(".gan-field .gan-heatmap", timeout=30_000)
        assert _g_steps(page) == 0
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for(timeout=30_000)
        # live: the step count in the page rises frame after frame without a click
        page.wait_for_function(f"({STEPS})() >= 300", timeout=60_000)
        first = _g_steps(page)
        page.wait_for_function(f"({STEPS})() > {first}", timeout=30_000)
        assert page.locator(".gan-push line").count() == 48
        href = page.locator(".gan-heatmap").get_attribute("href")
        assert href.startswith("data:image/png;base64,")
        assert page.locator(".gan-fake circle").count() == 400
        assert re.search(r"modes covered: \d of 8", page.locator(".gan-status").inner_text())
        page.get_by_role("button", name="Pause").click()
        page.get_by_role("button", name="Play").wait_for(timeout=30_000)
        page.wait_for_function(PAUSED_FRAME, timeout=30_000)  # the paused run's frame
        paused = _g_steps(page)
        # settled only once paused: while playing, new frames may keep a transition running
        page.mouse.move(1, height - 1)  # no button's tooltip in the picture
        settle_layout(page)
        assert _g_steps(page) == paused
        page.screenshot(path=output_dir / f"gan-lab-{width}x{height}.png")
        assert page.locator(EXCEPTION).count() == 0
    finally:
        context.close()
