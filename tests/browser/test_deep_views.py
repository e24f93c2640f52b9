"""The views on the set-ups lessons use, in headless Chromium at a laptop's and a projector's
size: a deep sigmoid network (the vanishing-gradient experiment). No two labels of the diagram's
header or of a chart's legend overlap, and the gradient chart keeps most of its height for the
plot. Screenshots go to tests/output/ for a person to look at."""


import pytest
from harness import transport

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
HIDDEN = 8

# Boxes of the given text elements inside each matching <svg>, from the DOM.
BOXES = """([svgSelector, textSelector]) => Array.from(document.querySelectorAll(svgSelector))
  .map(svg => Array.from(svg.querySelectorAll(textSelector)).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }))"""

PLOT_SHARE = """(svgSelector) => Array.from(document.querySelectorAll(svgSelector)).map(svg => {
  const plot = svg.querySelector('rect.plot-area').getBoundingClientRect();
  return {title: svg.querySelector('text').textContent,
          share: plot.height / svg.getBoundingClientRect().height};
})"""


def overlaps(boxes, tolerance=0.5):
    """Pairs of boxes that overlap by more than `tolerance` px both ways."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (min(a["right"], b["right"]) - max(a["left"], b["left"]) > tolerance
                    and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > tolerance):
                found.append((a["text"], b["text"]))
    return found


def build_deep_sigmoid_network(page):
    """One hidden layer set to sigmoid, then '+' copies it up to 8 hidden layers."""
    page.locator(".st-key-layers-remove").get_by_role("button", name="−").click()
    page.get_by_text("1 hidden layer", exact=True).wait_for()
    page.locator(".st-key-w-layer0-activation").click()
    page.get_by_role("option", name="sigmoid", exact=True).click()
    page.get_by_text("layer sizes n = [2 → 4 → 1]").wait_for()
    for count in range(2, HIDDEN + 1):
        page.locator(".st-key-layers-add").get_by_role("button", name="+").click()
        page.get_by_text(f"{count} hidden layers", exact=True).wait_for()
    page.get_by_text("layer sizes n = [2 → " + "4 → " * HIDDEN + "1]").wait_for()
    for _ in range(3):  # a few epochs: every chart has lines and legends
        before = page.locator("#epoch").inner_text()
        transport(page, "Epoch").click()
        page.wait_for_function(
            "(before) => document.querySelector('#epoch')?.textContent !== before", arg=before)
    page.locator(".pg-charts svg.gradient-flow circle.layer-norm").nth(HIDDEN).wait_for()


@pytest.mark.parametrize("width,height", [(1280, 800), (1920, 1080)])
def test_deep_sigmoid_network_labels_never_overlap(browser, app_url, output_dir, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(app_url)
        page.wait_for_selector(".pg-live #epoch", timeout=30_000)
        build_deep_sigmoid_network(page)
        assert page.locator(EXCEPTION).count() == 0

        (header,) = page.evaluate(BOXES, [".pg-network svg", "text.layer-head"])
        assert len(header) >= 3 * (HIDDEN + 2) - 1  # every column has its lines
        assert overlaps(header) == []

        charts = page.evaluate(BOXES, [".pg-charts svg.line-chart", "text.legend, text.ytick"])
        assert len(charts) >= 4
        for boxes in charts:
            assert overlaps(boxes) == [], [b["text"] for b in boxes]
        (histogram_labels,) = page.evaluate(BOXES, [".pg-charts svg.histograms",
                                                    "text.label, text.note, text.title"])
        assert len(histogram_labels) >= 2 * HIDDEN
        assert overlaps(histogram_labels) == []

        shares = page.evaluate(PLOT_SHARE, ".pg-charts svg.line-chart, svg.gradient-flow")
        gradient = [s for s in shares if "dW" in s["title"]]
        assert len(gradient) == 2  # the per-layer view and the one over the steps
        assert all(s["share"] >= 0.5 for s in gradient), gradient

        page.mouse.move(width - 5, height - 5)
        page.screenshot(path=str(output_dir / f"browser_deep_sigmoid_{width}x{height}.png"))
        page.locator(".pg-charts").scroll_into_view_if_needed()
        page.screenshot(path=str(output_dir / f"browser_deep_sigmoid_charts_{width}x{height}.png"))
    finally:
        context.close()


GLYPH = """(key) => {
  const button = document.querySelector(`.st-key-${key} button`);
  const range = document.createRange();  // the text itself, not its paragraph's box
  range.selectNodeContents(button.querySelector('p'));
  const b = button.getBoundingClientRect(), g = range.getBoundingClientRect();
  return {button: [b.left, b.top, b.right, b.bottom], glyph: [g.left, g.top, g.right, g.bottom],
          size: parseFloat(getComputedStyle(button.querySelector('p')).fontSize)};
}"""


def test_layer_buttons_have_whole_glyphs_and_thumbnails_select(page, output_dir):
    for key in ("layers-add", "layers-remove"):
        page.locator(f".st-key-{key} button p").first.wait_for()
        box = page.evaluate(GLYPH, key)
        assert box["size"] >= 20  # a glyph a class can see
        (bl, bt, br, bb), (gl, gt, gr, gb) = box["button"], box["glyph"]
        assert bl <= gl and gr <= br and bt <= gt and gb <= bb  # not clipped by the button
    page.get_by_role("button", name="XOR", exact=True).click()
    page.get_by_text("xor · binary", exact=False).wait_for()
    page.mouse.move(900, 700)  # off the thumbnail: its hover colour is another blue
    frame = page.evaluate("() => getComputedStyle(document.querySelector("
                          "'.st-key-thumb-xor button')).borderTopColor")
    assert frame == "rgb(11, 95, 153)"  # the chosen data set is framed (colors.FOCUS_HEX)
    # Every thumbnail's label is whole (they were cut to "Two …" and "Plan…" at 1280x800).
    cut = page.evaluate("() => [...document.querySelectorAll('[class*=\"st-key-thumb-\"] "
                        "button p')].map(p => p.parentElement)"
                        ".filter(d => d.scrollWidth > d.clientWidth + 1).map(d => d.textContent)")
    assert cut == []
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(output_dir / "browser_thumbnail_picked.png"))


def test_digit_images_grow_on_a_projector(browser, app_url, output_dir):
    """At 1920x1080 the digit samples and the W[1] images fill their column like the SVG
    charts do, instead of staying at their pixel size."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(app_url)
        page.wait_for_selector(".pg-live #epoch", timeout=30_000)
        for key, option, shown in (("w-problem", "Multi-class", "· multiclass ·"),
                                   ("w-dataset", "Handwritten digits", "digits · multiclass")):
            page.locator(f".st-key-{key}").get_by_role("combobox").click()
            page.get_by_role("option", name=option, exact=True).click()
            page.get_by_text(shown, exact=False).first.wait_for(timeout=60_000)
        page.locator(".pg-digits img.pg-weights").wait_for(timeout=60_000)
        sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.pg-digits img'))
            .map(img => {
              const box = img.getBoundingClientRect();
              const fit = Math.min(box.width / img.naturalWidth,
                                   box.height / img.naturalHeight);
              // what object-fit draws: 'scale-down' never enlarges, 'contain' fills the box
              const scale = getComputedStyle(img).objectFit === 'scale-down'
                ? Math.min(fit, 1) : fit;
              return {shown: img.naturalWidth * scale, natural: img.naturalWidth};
            })""")
        assert len(sizes) == 2
        assert all(s["shown"] > 1.2 * s["natural"] for s in sizes), sizes
        assert page.locator(EXCEPTION).count() == 0
        page.screenshot(path=str(output_dir / "browser_digits_1920x1080.png"))
    finally:
        context.close()
