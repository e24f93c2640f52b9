"""The family trees on the page, in headless Chromium: the lesson's link opens them, Play
trains live (the people's map is redrawn with the frames and its points move), Pause shows
the measure under Hinton's squares figure; screenshots at a laptop's and a projector's size
go to tests/output/ for a person to look at."""


import pytest
from harness import settle_layout, transport

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
PAUSED_FRAME = "() => document.querySelector('.pg-live[data-playing=\"0\"]') !== null"
# Where the map draws each person (their name labels' x, y), and the frame's number.
MAP = """() => {
  const live = document.querySelector('.pg-live');
  const names = Array.from(document.querySelectorAll('.pg-family svg g.pg-person text'));
  return {frame: Number(live?.dataset.frame || 0),
          epoch: Number((document.querySelector('#epoch')?.textContent || '0').replace(/,/g, '')),
          people: names.map(t => [t.textContent, Number(t.getAttribute('x')),
                                  Number(t.getAttribute('y'))])};
}"""


@pytest.mark.parametrize("width,height", [(1280, 800), (1920, 1080)])
def test_the_family_trees_train_live_and_draw(browser, app_url, output_dir, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(app_url + "/?lesson=family-trees")
        page.wait_for_selector(".pg-family svg g.pg-person", timeout=60_000)
        before = page.evaluate(MAP)
        assert len(before["people"]) == 24 and before["epoch"] == 0
        assert page.locator(".pg-family-answers tr").count() == 4  # the held-out questions
        page.locator(".pg-family-units").first.wait_for()  # Hinton's figure, watched
        transport(page, "Play").click()
        transport(page, "Pause").wait_for()
        page.mouse.move(width - 10, height - 10)  # no tooltip on Play in the pictures
        # Live: later frames, more epochs, and the people have moved on the map.
        page.wait_for_function(f"() => ({MAP})().epoch >= 100", timeout=120_000)
        during = page.evaluate(MAP)
        assert during["frame"] > before["frame"]
        assert during["people"] != before["people"]
        page.wait_for_function(f"() => ({MAP})().frame > {during['frame']}", timeout=60_000)
        # The lesson plays 1,000 epochs, then stops by itself.
        transport(page, "Play").wait_for(timeout=240_000)
        page.wait_for_function(PAUSED_FRAME)
        assert page.evaluate(MAP)["epoch"] == 1000
        page.wait_for_function(IDLE)
        page.get_by_text("predicts the nationality of", exact=False).first.wait_for(
            timeout=60_000)
        assert page.locator(EXCEPTION).count() == 0
        squares = page.locator(".pg-family-units rect title").count()
        assert squares == 6 * 24
        settle_layout(page)
        page.screenshot(path=str(output_dir / f"browser_family_trees_{width}.png"))
    finally:
        context.close()
