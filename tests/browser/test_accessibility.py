"""WCAG 2.x A/AA in a real Chromium: axe-core (vendored, tests/browser/vendor/axe-core, MPL-2.0)
over the playground, Lessons, Compare runs, Tuning lab, two lessons and presenter view, on a
laptop (1280x800) and a phone (390x844); and the whole playground by keyboard alone."""

from pathlib import Path

import pytest
from harness import settle_layout

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
VIEWPORTS = {"laptop": (1280, 800), "phone": (390, 844)}
# (path, what shows the page is drawn)
PAGES = {
    "playground": ("/", ".pg-live #epoch"),
    "lessons": ("/lessons", ".st-key-open-non-linearity"),
    "compare": ("/compare", "h1"),
    "tuning": ("/tuning", "h1"),
    "lesson dying-relu": ("/?lesson=dying-relu", ".st-key-lesson-banner"),
    "lesson softmax": ("/?lesson=softmax", ".st-key-lesson-banner"),
    "presenter": ("/?view=present", ".pg-live #epoch"),
}
# The page's own CSS (panels/style.py) is in effect: a loaded machine can draw the page's
# elements before Streamlit has mounted the style element, and the focus ring lives there.
STYLED = ("() => [...document.querySelectorAll('style')]"
          ".some(s => s.textContent.includes(':focus-visible {outline: 3px'))")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Serious and critical only: "moderate" and "minor" are best-practice findings (landmarks,
# heading order), not failures of an AA success criterion.
RUN_AXE = """async (rules) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: rules},
                                          resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: '
                                              + n.failureSummary.split('\\n').slice(1).join(' '))
                         .concat(v.nodes.length > 4 ? [`... ${v.nodes.length} in all`] : [])}));
}"""


def serious_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, RULES)


def open_page(browser, url: str, ready: str, viewport: str, scheme: str = "light",
              motion: str = "no-preference"):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme, reduced_motion=motion)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_function(IDLE, timeout=60_000)
    page.wait_for_function(STYLED, timeout=60_000)
    settle_layout(page)
    return context, page


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_violation(browser, app_url, name, viewport):
    path, ready = PAGES[name]
    context, page = open_page(browser, app_url.rstrip("/") + path, ready, viewport)
    try:
        found = serious_violations(page)
        assert found == [], "\n".join(f"{v['impact']} {v['id']}: {v['nodes']}" for v in found)
    finally:
        context.close()


@pytest.mark.parametrize("name", ["playground", "lessons", "lesson softmax"])
def test_no_serious_or_critical_violation_in_a_dark_room(browser, app_url, name):
    """The device's dark setting: Streamlit's dark theme, the charts' inks lightened."""
    path, ready = PAGES[name]
    context, page = open_page(browser, app_url.rstrip("/") + path, ready, "laptop", "dark")
    try:
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        background = page.evaluate("getComputedStyle(document.querySelector('.stApp'))"
                                   ".backgroundColor")
        assert background == "rgb(17, 20, 24)", background  # the dark theme is the one shown
        found = serious_violations(page)
        assert found == [], "\n".join(f"{v['impact']} {v['id']}: {v['nodes']}" for v in found)
    finally:
        context.close()


SPEED_SHOWN = ("() => [...document.querySelectorAll('.stSelectbox input')].map(i => i.value)"
               ".find(t => t.includes('a frame') || t.includes('as many as fit'))")


@pytest.mark.parametrize("motion,speed", [("reduce", "slow: 1 epoch a frame"),
                                          ("no-preference", "fast: as many as fit")])
def test_reduced_motion_plays_slowly(browser, app_url, motion, speed):
    """A device that asks for reduced motion gets Play at "slow", and is told so; another
    keeps the default."""
    context, page = open_page(browser, app_url, ".pg-live #epoch", "laptop", motion=motion)
    try:
        if motion == "reduce":
            page.get_by_text("asks for reduced motion").wait_for(timeout=60_000)
            page.wait_for_function(IDLE, timeout=60_000)
        else:
            assert page.get_by_text("asks for reduced motion").count() == 0
        shown = page.wait_for_function(SPEED_SHOWN, timeout=60_000).json_value()
        assert shown.strip() == speed
    finally:
        context.close()


def test_axe_finds_what_it_should(browser, app_url):
    """The check can fail: an image without a text alternative and faint text, injected into
    the playground, are reported."""
    context, page = open_page(browser, app_url, ".pg-live #epoch", "laptop")
    try:
        page.evaluate("""() => {
          const probe = document.createElement('div');
          probe.style = 'background:#fff';
          probe.innerHTML = "<svg role='img' width='20' height='20'><rect width='20' " +
                            "height='20'/></svg><span style='color:#cfcfcf'>faint text</span>";
          document.querySelector('.pg-live').prepend(probe);
        }""")
        found = {v["id"] for v in serious_violations(page)}
        assert {"svg-img-alt", "color-contrast"} <= found, found
    finally:
        context.close()


FOCUSED = """async () => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  // Inputs hidden for the eye (React Aria) show focus on what stands for them: a switch's or
  // checkbox's track, a slider's thumb.
  const label = focused.matches('input[type=checkbox]') && focused.closest('label');
  const thumb = focused.matches('input[type=range]') && focused.parentElement.parentElement;
  const el = label ? label.querySelector(':scope > div') : thumb || focused;
  // Tab may scroll the page: measure once the control has stopped moving (two frames alike).
  const frame = () => new Promise(done => requestAnimationFrame(done));
  let box = el.getBoundingClientRect(), still = 0;
  for (let i = 0; i < 120 && still < 2; i++) {
    await frame();
    const next = el.getBoundingClientRect();
    still = next.top === box.top && next.left === box.left ? still + 1 : 0;
    box = next;
  }
  // ... and its own transitions (Streamlit's skip link moves in with `transition: all`, its
  // ring growing from 0 px) have ended.
  await Promise.race([Promise.all(el.getAnimations().map(a => a.finished.catch(() => 0))),
                      new Promise(done => setTimeout(done, 5000))]);  // a hang guard only
  const style = getComputedStyle(el);
  // Not obscured (WCAG 2.4.11): what the page shows at the control's centre is the control
  // (or inside it), not the sticky header or another layer.
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 12), 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  return {outline: parseFloat(style.outlineWidth) * (style.outlineStyle !== 'none'),
          onTop: !!hit && (el === hit || el.contains(hit) || hit.contains(el)),
          hit: hit ? hit.tagName + ' ' + hit.className : '',
          onScreen: box.bottom > 0 && box.top < innerHeight, height: box.height,
          region: box.height >= 0.9 * innerHeight,  // a scroll region: ringed round the page
          inOpen: !!focused.closest('.st-key-open-non-linearity'),
          isPlay: !!focused.closest('.st-key-play'),
          name: focused.tagName + ' ' + (focused.getAttribute('aria-label')
                                         || focused.textContent || '')
                .trim().slice(0, 40)};
}"""


def focus_is_visible(where: dict) -> bool:
    """A ring of at least 2 px around a control that is on screen and on top (WCAG 2.4.7 and
    2.4.11: focus visible, not obscured)."""
    return where["outline"] >= 2 and where["onScreen"] and (where["onTop"] or where["region"])


def tab_to(page, wanted: str, most: int = 400) -> list[dict]:
    """Press Tab until the focused element satisfies `wanted` (a key of FOCUSED's answer);
    returns every stop on the way."""
    stops = []
    for _ in range(most):
        page.keyboard.press("Tab")
        where = page.evaluate(FOCUSED)
        if where is None:
            continue
        stops.append(where)
        if where[wanted]:
            return stops
    raise AssertionError(f"Tab never reached {wanted}: {[s['name'] for s in stops[-10:]]}")


def number(page, selector: str) -> int:
    return int(page.locator(selector).inner_text().replace(",", ""))


def test_a_whole_lesson_by_keyboard_alone(browser, app_url):
    """Open a lesson from the Lessons page with Tab and Enter, then play, pause, step and reset
    with the page's shortcuts; every control Tab stops on shows its focus ring on screen."""
    context, page = open_page(browser, app_url.rstrip("/") + "/lessons",
                              ".st-key-open-non-linearity", "laptop")
    try:
        stops = tab_to(page, "inOpen")
        bad = [s["name"] for s in stops if not focus_is_visible(s)]
        assert not bad, f"focus not visible on {bad}: {stops}"
        page.keyboard.press("Enter")
        page.wait_for_selector(".st-key-lesson-banner", timeout=60_000)
        page.wait_for_selector(".pg-live #step", timeout=60_000)
        page.wait_for_function(IDLE, timeout=60_000)
        assert page.locator(".st-key-play button p").first.inner_text() == "Play"
        page.keyboard.press("Space")  # play
        page.wait_for_function("() => +document.querySelector('.pg-live #step')"
                               ".textContent.replace(/,/g, '') > 0", timeout=60_000)
        page.keyboard.press("Space")  # pause
        page.wait_for_function("() => document.querySelector('.st-key-play button p')"
                               ".innerText === 'Play'", timeout=60_000)
        page.wait_for_function(IDLE, timeout=60_000)
        paused_at = number(page, ".pg-live #step")
        assert paused_at > 0
        page.keyboard.press("ArrowRight")  # one step
        page.wait_for_function(f"() => +document.querySelector('.pg-live #step')"
                               f".textContent.replace(/,/g, '') === {paused_at + 1}",
                               timeout=60_000)
        page.keyboard.press("0")  # reset
        page.wait_for_function("() => document.querySelector('.pg-live #step')"
                               ".textContent === '0'", timeout=60_000)
        assert number(page, ".pg-live #epoch") == 0
        # The playground's controls, in Tab order from Play on (Tab wraps round the page):
        # each one shows its ring on screen.
        stops = tab_to(page, "isPlay")
        for _ in range(60):
            page.keyboard.press("Tab")
            where = page.evaluate(FOCUSED)
            if where is not None and where["height"] > 0:
                stops.append(where)
        bad = [s for s in stops if not focus_is_visible(s)]
        assert not bad, f"focus not visible on {bad}"
        assert len({s["name"] for s in stops}) > 20  # it went somewhere: many controls
    finally:
        context.close()
