"""A conv net built in the layer editor, trained on the digits, and the inspector on its conv
layer in headless Chromium at a laptop's and a projector's size: the written-out sum of the
window's products (+ b) is the Z shown beside it. Screenshots go to tests/output/."""

import re

import pytest
from harness import transport

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
SUM = ".st-key-inspector-conv-sum annotation"  # KaTeX keeps each formula's TeX source here
SHAPES = "layer shapes = [8×8×1 → 8×8×8 → 4×4×8 → 10]"
TRAINED_ABOVE = 80.0  # % test accuracy; the conv net passes it within about 3 epochs


def idle(page) -> None:
    """Wait until the script run a click started has finished: a menu opened while the run
    redraws the sidebar is closed again by it."""
    page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                           "?.getAttribute('data-test-script-state') !== 'running'")


def choose(page, key: str, option: str) -> None:
    idle(page)
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    box.click()
    # The arrow opens the list if the click only focused the box (a menu drawn by the run
    # that just ended took a click as focus only); an open list just stays open.
    box.press("ArrowDown")
    page.get_by_role("option", name=option, exact=True).click()


def build_conv_net_on_digits(page) -> None:
    """Digits, then the two default hidden layers turned into conv 8 × 3×3 same and max pool."""
    choose(page, "w-problem", "Multi-class")
    page.get_by_text("· multiclass ·", exact=False).first.wait_for(timeout=60_000)
    choose(page, "w-dataset", "Handwritten digits")
    page.get_by_text("digits · multiclass", exact=False).first.wait_for(timeout=60_000)
    choose(page, "w-layer0-type", "conv")
    page.get_by_text("→ 8×8×8 · 80 parameters = 3·3·1·8 + 8").wait_for()
    choose(page, "w-layer1-type", "pool")
    page.get_by_text("→ 4×4×8 · no parameters").wait_for()
    page.get_by_text(SHAPES).wait_for()


def train(page) -> None:
    transport(page, "Play").click()
    transport(page, "Pause").wait_for()
    page.wait_for_function(
        "(above) => parseFloat(document.querySelector('#test-accuracy')?.textContent) > above",
        arg=TRAINED_ABOVE, timeout=120_000)
    transport(page, "Pause").click()
    transport(page, "Play").wait_for()
    transport(page, "Step").click()  # a fresh record to inspect
    page.get_by_text("mini-batch of").first.wait_for()
    page.mouse.move(5, 5)  # off the buttons, and Step unfocused: no tooltip in the screenshots
    page.evaluate("() => document.activeElement?.blur()")


def written_sum(page) -> tuple[list[float], float]:
    """The terms (nine products and b) and the Z of the inspector's written-out sum."""
    page.locator(SUM).first.wait_for(state="attached")
    tex = page.locator(SUM).first.text_content()
    terms = [float(t) for t in re.findall(r"\((-?\d+\.\d+)\)", tex)]
    z = float(re.findall(r"&= (-?\d+\.\d+)", tex)[-1])  # its last line: = Z
    return terms, z


@pytest.mark.parametrize("width,height", [(1280, 800), (1920, 1080)])
def test_a_conv_net_on_digits_trains_and_its_window_sums_to_z(browser, app_url, output_dir,
                                                              width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(app_url)
        page.wait_for_selector(".pg-live #epoch", timeout=30_000)
        build_conv_net_on_digits(page)
        train(page)
        assert float(page.locator("#test-accuracy").inner_text().rstrip("%")) > TRAINED_ABOVE
        # The diagram is the feature maps: X, 8 conv maps and their 8 filters, 8 pooled maps.
        assert page.locator(".pg-features img.pg-map").count() == 1 + 8 + 8 + 8
        assert page.locator(".pg-network svg").count() == 0  # no unit-by-unit diagram
        # Hovering unit (h, w) = (3, 4) of A[1]'s first map outlines its 3×3 window of X,
        # rows 2-4 and columns 3-5 of 8 ("same" padding 1): 3/8 of the input each way.
        page.locator(".pg-units i.u2-3").first.hover()
        box = page.locator(".pg-rf.r2-3").first
        box.wait_for(state="visible")
        x = page.locator(".pg-mapbox").first.bounding_box()
        b = box.bounding_box()
        assert abs(b["width"] / x["width"] - 3 / 8) < 0.05
        assert abs((b["x"] - x["x"]) / x["width"] - 2 / 8) < 0.05
        assert abs((b["y"] - x["y"]) / x["height"] - 1 / 8) < 0.05
        assert page.locator(".pg-rf:visible").count() == 1
        page.screenshot(path=str(output_dir / f"browser_conv_receptive_{width}x{height}.png"))
        page.mouse.move(width - 5, height - 5)
        page.screenshot(path=str(output_dir / f"browser_conv_trained_{width}x{height}.png"))

        # The inspector opens on layer 1, the conv layer; position (3, 4), channel 2.
        for axis, value in (("h", "3"), ("w", "4"), ("c", "2")):
            field = page.locator(f".st-key-inspector-position-{axis} input")
            field.fill(value)
            field.press("Enter")
            page.get_by_text(f"channel c = {value}" if axis == "c" else "Position (h, w)",
                             exact=False).first.wait_for()
        page.get_by_text("Position (h, w) = (3, 4), channel c = 2", exact=False).wait_for()
        terms, z = written_sum(page)
        assert len(terms) == 3 * 3 * 1 + 1  # the 3×3 window's products and b
        assert any(t != 0 for t in terms[:-1])  # (3, 4) is inside the digit, not padding
        assert abs(sum(terms) - z) <= len(terms) * 0.5e-4 + 0.5e-4  # 4 decimals each
        assert page.locator(".katex-error").count() == 0
        assert page.locator(EXCEPTION).count() == 0
        page.locator(".st-key-inspector-conv-sum").scroll_into_view_if_needed()
        page.screenshot(path=str(output_dir / f"browser_conv_inspector_{width}x{height}.png"))
    finally:
        context.close()
