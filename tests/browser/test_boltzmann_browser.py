"""The Boltzmann machines page in headless Chromium: it opens from the top navigation, Play
trains live (the update count and the Gibbs chains' steps rise in the page while the filters
are drawn), Pause stops it; fast clicks leave one consistent RBM; a hostile link is one
message. Screenshots at 1280x800 and 1920x1080 go to tests/output/."""


import pytest
from harness import settle_layout, transport

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"


def _number(selector: str, pattern: str) -> str:
    return (f"() => {{ const s = document.querySelector('{selector}');"
            f" const m = s && s.textContent.match(/{pattern} ([0-9,]+)/);"
            " return m ? Number(m[1].replace(/,/g, '')) : -1; }")


UPDATES = _number(".rbm-status", "update")
CHAIN = _number(".rbm-samples figcaption", "after")
PAUSED_FRAME = ("() => { const s = document.querySelector('.rbm-status');"
                " return s !== null && !s.textContent.includes('training'); }")


@pytest.mark.parametrize("width, height", [(1280, 800), (1920, 1080)])
def test_the_boltzmann_page_trains_live_and_draws(browser, app_url, output_dir, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(app_url)
        page.get_by_role("link", name="Boltzmann machines").first.click()  # the top navigation
        page.get_by_role("heading", name="Boltzmann machines").first.wait_for(timeout=30_000)
        page.wait_for_selector("image.rbm-filter-grid", timeout=30_000)
        assert page.evaluate(UPDATES) == 0
        transport(page, "Play").click()
        transport(page, "Pause").wait_for(timeout=30_000)
        # live: the counts in the page rise frame after frame without a click
        page.wait_for_function(f"({UPDATES})() >= 400", timeout=60_000)
        first, chain = page.evaluate(UPDATES), page.evaluate(CHAIN)
        page.wait_for_function(f"({UPDATES})() > {first} && ({CHAIN})() > {chain}",
                               timeout=30_000)
        for picture in ("rbm-filter-grid", "rbm-reconstruction-grid", "rbm-sample-grid",
                        "rbm-cell-img"):
            src = page.locator(f"image.{picture}").first.get_attribute("href")
            assert src.startswith("data:image/png;base64,")
        assert page.locator(".rbm-metrics svg").count() == 2
        assert "Positive phase" in page.locator(".rbm-inspector").inner_text()
        transport(page, "Pause").click()
        transport(page, "Play").wait_for(timeout=30_000)
        page.wait_for_function(PAUSED_FRAME, timeout=30_000)
        paused = page.evaluate(UPDATES)
        page.mouse.move(1, height - 1)  # no tooltip in the picture
        settle_layout(page)
        assert page.evaluate(UPDATES) == paused
        page.screenshot(path=output_dir / f"boltzmann-{width}x{height}.png")
        assert page.locator(EXCEPTION).count() == 0
    finally:
        context.close()


def test_fast_clicks_and_a_new_set_up_while_playing(page, app_url):
    """While playing: k changed (the RBM starts over and plays on), Reset three times, Play
    and Pause at once, then Step: never an exception, and one consistent RBM at the end."""
    page.goto(f"{app_url}/boltzmann")
    page.wait_for_selector("image.rbm-filter-grid", timeout=30_000)
    transport(page, "Play").click()
    page.wait_for_function(f"({UPDATES})() >= 20", timeout=60_000)
    page.locator(".st-key-rbm-k input").fill("3")
    page.keyboard.press("Enter")
    page.get_by_text("New set-up: the RBM starts over.").first.wait_for(timeout=30_000)
    page.wait_for_function(f"({UPDATES})() >= 5", timeout=60_000)
    for _ in range(3):
        transport(page, "Reset").click()
    transport(page, "Play").click()
    transport(page, "Pause").click()
    transport(page, "Play").wait_for(timeout=30_000)
    page.wait_for_function(PAUSED_FRAME, timeout=30_000)
    before = page.evaluate(UPDATES)
    transport(page, "Step").click()
    page.wait_for_function(f"({UPDATES})() == {before + 1}", timeout=30_000)
    assert "v3 (the chain)" in page.locator(".rbm-inspector").inner_text()  # k = 3 kept
    assert page.locator(EXCEPTION).count() == 0


def test_a_hostile_link_is_one_message(page, app_url):
    page.goto(f"{app_url}/boltzmann?k=0&hidden=10000&lr=-1")
    page.wait_for_selector("image.rbm-filter-grid", timeout=30_000)
    errors = page.locator("[data-testid='stAlertContentError']")
    errors.first.wait_for(timeout=30_000)
    assert errors.count() == 1
    text = errors.first.inner_text()
    assert "This link's set-up cannot be used" in text and "starts with its defaults" in text
    assert page.locator(EXCEPTION).count() == 0
    transport(page, "Step").click()
    page.wait_for_function(f"({UPDATES})() == 1", timeout=30_000)
