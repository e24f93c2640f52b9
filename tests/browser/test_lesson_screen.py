"""Every lesson's first screen, as a class sees it: at 1280x800 and in presenter view at
1920x1080 and 1366x768, the panel the lesson says to watch (its title and chart), the boundary
and Play are inside the first viewport, and no text overflows its box. Screenshots go to
tests/output/; one of them is the README's (assets/lesson-presenter.png)."""

import pytest
from harness import settle_layout

from playground.session import lessons

pytestmark = pytest.mark.browser

VIEWS = {  # name: (width, height, view)
    "laptop": (1280, 800, ""),
    "projector": (1920, 1080, "&view=present"),
    "classroom-projector": (1366, 768, "&view=present"),
}
README_SHOT = ("vanishing-gradients", "projector")  # the README's picture of a lesson
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
WIDGETS_LOADED = """() => document.querySelector('.st-key-play button') &&
  !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')"""
# A demonstration's graph or figure is drawn by the browser after the script run ends.
DRAWN = """() => [...document.querySelectorAll(
  '.st-key-lesson-watch [data-testid="stGraphVizChart"], .st-key-lesson-watch [data-testid="stPlotlyChart"]'
  )].every(c => c.querySelector('svg'))"""  # noqa: E501

# The boxes to check, measured in the page: the watched cell's charts (live panels) or its
# Streamlit elements (a demonstration), the boundary, Play, and every clipped text.
MEASURE = """() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {top: r.top, bottom: r.bottom, height: r.height, width: r.width}; };
  const watch = document.querySelector('#pg-watch');
  const cell = watch && watch.closest('.st-key-lesson-watch') || watch;
  let parts = [];
  if (cell && cell.classList.contains('pg-watch')) {
    parts = [...cell.querySelectorAll(':scope > svg, :scope > div svg')];
    // feature maps are pictures, not charts: a lesson on them watches its filters' grid
    if (!parts.length) parts = [...cell.querySelectorAll('.pg-filters')];
  } else if (cell) {
    // its chart: the first graph, figure, table or metric (a demonstration's own result),
    // or a tab's own SVG chart (the adversarial tab's accuracy against ε)
    parts = [...cell.querySelectorAll('[data-testid="stGraphVizChart"] svg, ' +
      '[data-testid="stPlotlyChart"], [data-testid="stTable"], [data-testid="stDataFrame"],' +
      ' [data-testid="stMarkdownContainer"] table, [data-testid="stMetric"],' +
      ' .pg-adv-curve svg')].slice(0, 1);
    // or, for one that is run by a click (the planted bug), its button
    if (!parts.length) parts = [...cell.querySelectorAll('[data-testid="stButton"]')].slice(0, 1);
  }
  const clipped = [];
  for (const e of document.querySelectorAll('.st-key-lesson-banner *, .pg-metrics *,' +
                                            ' .st-key-lesson-watch *, .pg-watch *')) {
    const style = getComputedStyle(e);
    if (!e.childElementCount && e.textContent.trim() && e.clientWidth > 0 &&
        e.scrollWidth > e.clientWidth + 2 && style.overflowX !== 'visible')
      clipped.push(e.textContent.trim().slice(0, 40));
  }
  // a drawn graph's node labels inside their boxes (the browser lays the graph out with
  // its own font metrics; presenter view showed labels running over the box edges)
  for (const node of document.querySelectorAll('.st-key-lesson-watch g.node')) {
    const shape = node.querySelector('path, polygon, ellipse');
    if (!shape) continue;
    const edge = shape.getBBox();
    for (const t of node.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.x < edge.x - 1 || b.x + b.width > edge.x + edge.width + 1)
        clipped.push('graph: ' + t.textContent.trim().slice(0, 40));
    }
  }
  const boundary = document.querySelector('.pg-boundary svg, .pg-digits img, .pg-family svg');
  const play = document.querySelector('.st-key-play button');
  return {viewport: window.innerHeight, parts: parts.map(box), clipped,
          boundary: boundary && box(boundary), play: play && box(play),
          watchKind: cell ? (cell.classList.contains('pg-watch') ? 'live' : 'elements') : null};
}"""


def _open(page, url: str) -> dict:
    page.goto(url)
    page.locator(".st-key-lesson-banner").wait_for(timeout=60_000)
    page.wait_for_selector(".pg-live #epoch", timeout=60_000)
    page.wait_for_function(IDLE, timeout=60_000)
    # Widgets whose code the browser is still loading stand as grey skeletons (on a busy
    # machine for seconds): measure the buttons themselves.
    page.wait_for_function(WIDGETS_LOADED, timeout=60_000)
    # A demonstration's chart is drawn by the browser after the script run ends.
    page.wait_for_function(f"() => ({MEASURE})().parts.length > 0", timeout=60_000)
    page.wait_for_function(DRAWN, timeout=60_000)
    settle_layout(page)  # the last layout pass
    return page.evaluate(MEASURE)


def _played_shot(page, path) -> None:
    """The lesson after 10 epochs of play (counted by the page's epoch cell), paused."""
    page.locator(".st-key-play button").first.click()
    page.wait_for_function("() => +document.querySelector('#epoch').textContent >= 10",
                           timeout=60_000)
    page.locator(".st-key-play button").first.click()  # Pause
    page.wait_for_selector(".pg-live[data-playing='0']", timeout=60_000)
    page.wait_for_function(IDLE, timeout=60_000)
    page.mouse.move(0, 0)  # no tooltip in the picture
    settle_layout(page)  # the tooltip's fade
    page.screenshot(path=path)


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_lesson_screen_holds_what_it_watches(browser, app_url, output_dir, view):
    width, height, query = VIEWS[view]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems = []
    try:
        for lesson in lessons.LESSONS:
            m = _open(page, f"{app_url}/?lesson={lesson.id}{query}")
            shot = output_dir / f"lesson-screen-{lesson.id}-{view}.png"
            page.screenshot(path=shot)
            where = f"{lesson.id} at {width}x{height}{query}"
            if not m["parts"]:
                problems.append(f"{where}: no watched panel drawn")
            for part in m["parts"]:
                if part["top"] < 0 or part["bottom"] > m["viewport"] + 1 or part["height"] < 40:
                    problems.append(f"{where}: watched panel at {part} outside the screen")
            b = m["boundary"]
            if b is None or b["top"] < 0 or b["bottom"] > m["viewport"] + 1:
                problems.append(f"{where}: boundary at {b} not within the screen")
            if m["play"] is None or m["play"]["bottom"] > m["viewport"]:
                problems.append(f"{where}: Play below the fold")
            if m["clipped"]:
                problems.append(f"{where}: text overflows its box: {m['clipped']}")
            if (lesson.id, view) == README_SHOT:
                _played_shot(page, output_dir / "lesson-presenter.png")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_look_at_scrolls_to_and_outlines_the_watched_panel(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        _open(page, f"{app_url}/?lesson=vanishing-gradients")
        page.evaluate("document.querySelectorAll('*').forEach(e => e.scrollTop = 1e6)")
        page.locator("a.pg-look").click()
        page.wait_for_function("() => location.hash === '#pg-watch'", timeout=10_000)
        outline = page.evaluate("getComputedStyle(document.querySelector('#pg-watch'))"
                                ".outlineStyle")
        assert outline == "solid"
        top = page.evaluate("document.querySelector('#pg-watch').getBoundingClientRect().top")
        assert -2 <= top < 800  # scrolled to the top of the screen (sub-pixel rounding)
    finally:
        context.close()
