"""The page in headless Chromium against `streamlit run`: build, play, pause, learn."""

import time

import pytest

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"


def epoch(page) -> int:
    return int(page.locator("#epoch").inner_text().replace(",", ""))


def test_build_a_two_layer_network_play_on_circle_and_learn(page, output_dir):
    page.get_by_text("circle · binary", exact=False).wait_for()  # the default data set
    # Build it in the browser: down to one hidden layer, back up to two, 6 units in layer 1.
    page.locator(".st-key-layers-remove").get_by_role("button", name="−").click()
    page.get_by_text("1 hidden layer", exact=True).wait_for()
    page.locator(".st-key-layers-add").get_by_role("button", name="+").click()
    page.get_by_text("2 hidden layers", exact=True).wait_for()
    units = page.locator(".st-key-w-layer0-units input")
    units.fill("6")
    units.press("Enter")
    page.get_by_text("layer sizes n = [2 → 6 → 4 → 1]").wait_for()
    page.get_by_text("Architecture changed — the network was re-initialized.").wait_for()

    page.get_by_role("button", name="Play", exact=True).click()
    page.get_by_role("button", name="Pause", exact=True).wait_for()
    time.sleep(4)
    playing_epoch = epoch(page)
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Play", exact=True).wait_for()
    time.sleep(0.5)

    assert playing_epoch > 100  # several epochs per frame
    paused = epoch(page)
    time.sleep(1.0)
    assert epoch(page) == paused  # pause took effect: nothing moves any more
    accuracy = float(page.locator("#test-accuracy").inner_text().rstrip("%"))
    assert accuracy > 90.0
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator(".pg-boundary svg image").count() == 1  # the heatmap is on the page
    assert page.locator(".pg-network svg").count() == 1
    page.mouse.move(1270, 790)  # no tooltip over the header in the screenshot
    page.screenshot(path=str(output_dir / "browser_circle_trained.png"))


def test_step_fills_the_inspector_and_nothing_raises(page, output_dir):
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text("mini-batch of").first.wait_for()
    assert epoch(page) == 0
    page.locator(".katex").nth(5).wait_for()  # formulas rendered by st.latex
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(output_dir / "browser_inspector.png"), full_page=True)


def test_clicking_the_paused_plane_adds_a_training_point(page, output_dir):
    page.get_by_role("tab", name="Draw points").click()
    plane = page.locator(".st-key-draw-figure .nsewdrag").first
    plane.wait_for()
    plane.scroll_into_view_if_needed()
    box = plane.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.25)
    page.get_by_text("1 drawn so far").wait_for()
    assert page.get_by_role("tab", name="Draw points").get_attribute("aria-selected") == "true"
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(output_dir / "browser_draw_points.png"))
