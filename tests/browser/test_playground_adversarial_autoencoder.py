"""Issue 19 on the playground in headless Chromium: the Adversarial examples tab's toggle draws the
FGSM arrows on the live boundary, beside the accuracy against ε (screenshots at 1280x800 and
1920x1080 in tests/output/, the README's picture among them)."""


import pytest
from harness import settle_layout, transport

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"


def _epochs(page, count: int) -> None:
    for done in range(1, count + 1):
        transport(page, "Epoch").click()
        page.wait_for_function(
            "(n) => { const e = document.getElementById('epoch');"
            " return e && parseInt(e.textContent.replace(/,/g, '')) >= n; }", arg=done)


def test_the_adversarial_toggle_draws_arrows_and_its_tab_the_curve(browser, app_url,
                                                                    output_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(app_url + "/?dataset=gaussians&noise=20&optimizer=adam&learning_rate=0.03"
                  "&adv_epsilon=0.5")
        page.wait_for_selector(".pg-live #epoch", timeout=30_000)
        _epochs(page, 3)
        assert page.locator(".pg-boundary .adv-arrows").count() == 0
        page.get_by_role("tab", name="Adversarial examples").click()
        page.get_by_text("Test accuracy against ε (FGSM)").wait_for()
        page.locator(".st-key-w-adversarial").get_by_text("Adversarial arrows").click()
        page.wait_for_function("() => location.search.includes('adversarial=true')")
        page.wait_for_selector(".pg-boundary .adv-arrows")
        arrows = page.locator(".pg-boundary .adv-arrows").get_attribute("d")
        assert arrows.count("M") > 100  # one per test point that moves (250 test points)
        assert "test points flipped" in page.locator(".pg-boundary .adv-count").text_content()
        assert page.locator(EXCEPTION).count() == 0
        page.locator(".pg-adv-curve").scroll_into_view_if_needed()
        settle_layout(page)
        page.screenshot(path=str(output_dir / "adversarial-tab-1280.png"))
        page.locator(".pg-live").scroll_into_view_if_needed()
        settle_layout(page)
        page.screenshot(path=str(output_dir / "adversarial-1280.png"))
        page.set_viewport_size({"width": 1920, "height": 1080})
        settle_layout(page)
        page.screenshot(path=str(output_dir / "adversarial-1920.png"))
        # Toggled off again: the arrows go and the address forgets the toggle.
        page.locator(".st-key-w-adversarial").get_by_text("Adversarial arrows").click()
        page.wait_for_function("() => !location.search.includes('adversarial=true')")
        page.wait_for_function(
            "() => document.querySelectorAll('.pg-boundary .adv-arrows').length === 0")
        assert page.locator(EXCEPTION).count() == 0
    finally:
        context.close()


def test_an_autoencoder_trains_on_digits_and_draws_its_codes(browser, app_url, output_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(app_url + "/?problem=autoencoder&dataset=digits&n_points=1000"
                  "&layers=32:tanh&optimizer=adam&learning_rate=0.003")
        page.wait_for_selector(".pg-live #epoch", timeout=30_000)
        assert "layer sizes n = [64 → 32 → 2 → 32 → 64]" in page.locator(
            "[data-testid='stMain']").inner_text()
        _epochs(page, 5)
        page.wait_for_selector(".pg-autoencoder .codes")
        # 500 test digits, one move each in the class-coloured paths (a round or square dot has
        # an outline path under it; a diamond is one outlined shape).
        dots = page.evaluate("() => Array.from(document.querySelectorAll("
                             "'.pg-autoencoder .codes path.train')).map(p => p.getAttribute('d'))"
                             ".join('').split('M').length - 1")
        assert dots == 500
        assert page.locator(".pg-autoencoder img.pg-reconstructions").count() == 1
        assert page.locator("#test-accuracy").count() == 0  # no accuracy: "—"
        assert page.locator(EXCEPTION).count() == 0
        page.mouse.move(0, 0)  # no tooltip of the last button in the picture
        settle_layout(page)
        page.screenshot(path=str(output_dir / "autoencoder-1280.png"))
        page.set_viewport_size({"width": 1920, "height": 1080})
        settle_layout(page)
        page.screenshot(path=str(output_dir / "autoencoder-1920.png"))
        # On 2-D points: each training point's arrow to its reconstruction (a 1-unit code).
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(app_url + "/?problem=autoencoder&dataset=moons&layers=8:tanh"
                  "&optimizer=adam&learning_rate=0.03")
        page.wait_for_selector(".pg-live #epoch", timeout=30_000)
        _epochs(page, 3)
        page.wait_for_selector(".pg-autoencoder .reconstructions .adv-arrows")
        assert page.locator(EXCEPTION).count() == 0
        page.mouse.move(0, 0)
        settle_layout(page)
        page.screenshot(path=str(output_dir / "autoencoder-plane-1280.png"))
    finally:
        context.close()
