"""Share links in headless Chromium: a prepared link opens that set-up, the address follows the
controls, and the presenter view at 1920x1080 (screenshots in tests/output/)."""


import pytest
from harness import settle_layout, transport

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
PREPARED = "?dataset=xor&noise=25&layers=5:relu,3:tanh&learning_rate=0.3&hide=learning_rate"
SIZES = """() => {
  const px = e => e ? e.getBoundingClientRect().width : 0;
  return {font: parseFloat(getComputedStyle(document.documentElement).fontSize),
          boundary: px(document.querySelector('.pg-boundary svg')),
          // The boundary as drawn: the SVG's viewBox scaled to fit its box (max-height caps it).
          drawn: (s => { const r = s.getBoundingClientRect(), v = s.viewBox.baseVal;
                         return v.width * Math.min(r.width / v.width, r.height / v.height); })
                 (document.querySelector('.pg-boundary svg')),
          bottom: (s => { const r = s.getBoundingClientRect(), v = s.viewBox.baseVal;
                          return r.top + v.height * Math.min(r.width / v.width,
                                                             r.height / v.height); })
                  (document.querySelector('.pg-boundary svg')),
          viewport: window.innerHeight,
          network: px(document.querySelector('.pg-network svg')),
          cost: px(document.querySelector('.pg-charts > *')),
          charts: [...document.querySelectorAll('.pg-charts > *')]
                  .filter(e => e.getBoundingClientRect().width > 0).length,
          sidebar: document.querySelector('[data-testid="stSidebar"]')
                   .getAttribute('data-collapsed')};
}"""


def opened(browser, url: str, width: int = 1280, height: int = 800):
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.goto(url)
    tab.wait_for_selector(".pg-live #epoch", timeout=30_000)
    tab.wait_for_selector(".pg-charts svg", timeout=30_000)
    # The page's CSS (st.html) arrives after the first frame: measure once it applies.
    tab.wait_for_function("() => getComputedStyle(document.querySelector('.pg-metrics'))"
                          ".display === 'flex'", timeout=30_000)
    return context, tab


def test_a_prepared_link_opens_its_set_up_and_the_address_follows_the_controls(
        browser, app_url, output_dir):
    context, page = opened(browser, app_url + "/" + PREPARED)
    try:
        page.get_by_text("xor · binary", exact=False).wait_for()
        page.get_by_text("layer sizes n = [2 → 5 → 3 → 1]").wait_for()
        noise = page.locator(".st-key-w-noise input[type='range']")
        assert noise.get_attribute("value") == "25"
        assert page.locator(".st-key-w-learning_rate").count() == 0  # hidden by the link
        assert page.locator(".st-key-w-optimizer").count() == 1
        assert page.locator(".st-key-w-layer0-units input").input_value() == "5"
        assert page.locator(".st-key-w-layer1-units input").input_value() == "3"
        assert "learning_rate=0.3" in page.evaluate("location.search")
        page.screenshot(path=str(output_dir / "browser_prepared_link.png"))

        page.locator(".st-key-w-show_test").get_by_text("Test data").click()
        page.wait_for_function("() => location.search.includes('show_test=true')")
        page.get_by_role("button", name="Regenerate").click()
        page.wait_for_function("() => location.search.includes('data_seed=1')")
        address = page.evaluate("Object.fromEntries(new URLSearchParams(location.search))")
        assert len(address.pop("run")) == 22  # the tab's run token (kept_runs), not shared
        assert address == {"dataset": "xor", "noise": "25", "data_seed": "1",
                           "layers": "5:relu,3:tanh", "learning_rate": "0.3",
                           "show_test": "true", "hide": "learning_rate"}
        page.get_by_role("button", name="Copy link").click()
        shown = page.locator("[data-testid='stPopoverBody'] code").inner_text()
        assert shown == (app_url + "?dataset=xor&noise=25&data_seed=1&layers=5:relu,3:tanh"
                         "&learning_rate=0.3&show_test=true&hide=learning_rate")
        assert page.locator(EXCEPTION).count() == 0
    finally:
        context.close()


def test_the_presenter_view_at_1920x1080_is_larger_and_plays_from_the_link(
        browser, app_url, output_dir):
    normal_context, normal = opened(browser, app_url + "/?dataset=xor", 1920, 1080)
    try:
        plain = normal.evaluate(SIZES)
    finally:
        normal_context.close()
    context, page = opened(browser, app_url + "/?dataset=xor&view=present&play=1", 1920, 1080)
    try:
        page.wait_for_function("() => parseInt(document.getElementById('epoch').textContent)"
                               " >= 20", timeout=60_000)
        transport(page, "Pause").click()
        transport(page, "Play").wait_for()
        page.mouse.move(1900, 1000)
        settle_layout(page)  # the toolbar's fade-out after the mouse left
        shown = page.evaluate(SIZES)
        page.screenshot(path=str(output_dir / "browser_present_1920x1080.png"))
        assert page.locator("[role='tab']").count() == 0  # no panels in the presenter view
        assert page.locator(EXCEPTION).count() == 0
    finally:
        context.close()
    print("normal", plain, "present", shown)
    assert (shown["sidebar"], plain["sidebar"]) == ("true", "false")  # collapsed
    assert shown["font"] >= 1.4 * plain["font"]
    # The boundary is seen whole under the toolbar and metrics (its bottom was cut off), and
    # not smaller than on the normal page.
    assert shown["bottom"] <= shown["viewport"]
    assert shown["drawn"] >= plain["drawn"]
    assert shown["cost"] >= 1.4 * plain["cost"]
    # Both at 1.4x do not fit in 1,920 px: the diagram takes the rest of the row.
    assert shown["network"] >= 1.1 * plain["network"]
    assert shown["charts"] == 1 < plain["charts"]  # the cost curve only
