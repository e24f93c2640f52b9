"""The page in headless Chromium against `streamlit run`: build, play, pause, learn."""


import pytest
from harness import transport

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"


COUNTERS = """() => {
  const read = id => { const e = document.getElementById(id);
                       return e ? parseInt(e.textContent.replace(/,/g, '')) : null; };
  return {epoch: read('epoch'), step: read('step')};
}"""
TEST_ACCURACY_ABOVE = """(least) => {
  const e = document.getElementById('test-accuracy');
  return e !== null && parseFloat(e.textContent) > least;
}"""
# Records, from now on, every moment the live area is missing a part (a blank frame), every
# epoch / step pair the page shows from the last press of a mouse button on, and how many of
# them had been seen when the toolbar's button turned back into "Play" (the paused run).
WATCH_LIVE_AREA = """() => {
  window.__blank = 0; window.__seen = [];
  const shown = () => {
    const e = document.getElementById('epoch'), s = document.getElementById('step');
    return e && s ? e.textContent + '/' + s.textContent : null;
  };
  const check = () => {
    const live = document.querySelector('.pg-live');
    const whole = live && live.querySelector('#epoch') && live.querySelector('svg')
                  && document.querySelector('.pg-charts svg');
    if (!whole) window.__blank += 1;
    const pair = shown();
    if (pair && window.__seen[window.__seen.length - 1] !== pair) window.__seen.push(pair);
    const play = document.querySelector('.st-key-play [data-testid="stMarkdownContainer"]');
    if (window.__playAt === undefined && play && play.textContent.trim() === 'Play')
      window.__playAt = window.__seen.length;
  };
  document.addEventListener('pointerdown', () => {
    window.__seen = [shown()]; window.__playAt = undefined;
  }, true);
  new MutationObserver(check).observe(document.body,
      {subtree: true, childList: true, characterData: true, attributes: true});
}"""
# The live area's top once the layout has settled (fonts loaded, the same place in 5 checks).
SETTLED_TOP = """async () => {
  await document.fonts.ready;
  const top = () => document.querySelector('.pg-live').getBoundingClientRect().top
                    + window.scrollY;
  let last = top(), same = 0;
  while (same < 5) {
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
    const now = top();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}"""
# True once Streamlit's "running" indicator is gone: the script run has finished.
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def epoch(page) -> int:
    return counters(page)["epoch"]


def counters(page) -> dict:
    return page.evaluate(COUNTERS)


PAUSED_FRAME = "() => document.querySelector('.pg-live[data-playing=\"0\"]') !== null"


def pause(page) -> None:
    """Press Pause and wait for a frame drawn after training stopped: the Play button and an
    idle status can show before the paused run has redrawn the counters (seen on a busy CI
    machine: the counters read 59 steps behind the network)."""
    transport(page, "Pause").click()
    transport(page, "Play").wait_for()
    page.wait_for_function(PAUSED_FRAME)
    page.wait_for_function(IDLE)


def step_and_wait(page, before: dict) -> None:
    """Press Step and wait for the step counter to show exactly one more step; a network
    still training behind a pause would show more (the wait then times out)."""
    transport(page, "Step").click()
    page.wait_for_function(f"() => ({COUNTERS})().step >= {before['step'] + 1}")
    page.wait_for_function(IDLE)
    after = counters(page)
    assert after["step"] == before["step"] + 1
    assert after["epoch"] in (before["epoch"], before["epoch"] + 1)


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

    transport(page, "Play").click()
    transport(page, "Pause").wait_for()
    # It learns: wait for the test accuracy the page shows, however fast this machine is.
    page.wait_for_function(TEST_ACCURACY_ABOVE, arg=90.0, timeout=120_000)
    pause(page)
    paused = counters(page)
    step_and_wait(page, paused)  # nothing trained behind the pause: exactly one more step
    accuracy = float(page.locator("#test-accuracy").inner_text().rstrip("%"))
    assert accuracy > 90.0
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator(".pg-boundary svg image").count() == 1  # the heatmap is on the page
    assert page.locator(".pg-network svg").count() == 1
    page.mouse.move(1270, 790)  # no tooltip over the header in the screenshot
    page.screenshot(path=str(output_dir / "browser_circle_trained.png"))


def test_step_fills_the_inspector_and_nothing_raises(page, output_dir):
    transport(page, "Step").click()
    page.get_by_text("mini-batch of").first.wait_for()
    assert epoch(page) == 0
    page.locator(".katex").nth(5).wait_for()  # formulas rendered by st.latex
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(output_dir / "browser_inspector.png"), full_page=True)


def test_every_inspector_formula_renders_with_batch_norm(page, output_dir):
    """KaTeX draws a formula it cannot parse as red source text (.katex-error): the batch-norm
    formulas once had a double superscript (σ^2^[1])."""
    page.locator(".st-key-w-batch_norm").get_by_text("Batch norm").click()
    page.get_by_text("Batch norm on:", exact=False).or_(
        page.get_by_text("network was re-initialized", exact=False)).first.wait_for()
    transport(page, "Step").click()
    page.get_by_text("mini-batch of").first.wait_for()
    page.locator(".katex", has_text="μ").first.wait_for()
    assert page.locator(".katex").count() > 20
    errors = page.locator(".katex-error")
    assert errors.count() == 0, errors.first.inner_text()
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(output_dir / "browser_inspector_batch_norm.png"), full_page=True)


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


def test_pause_freezes_the_frame_on_screen(page):
    """Pressing Pause made the whole live area vanish for 0.05-0.4 s, and the counter kept going
    for 2-36 epochs. After Pause the live area is never missing a part, and once the page has
    settled nothing moves until the next click."""
    transport(page, "Play").click()
    transport(page, "Pause").wait_for()
    page.wait_for_function(f"() => ({COUNTERS})().epoch >= 3")
    page.evaluate(WATCH_LIVE_AREA)
    pause(page)
    assert page.evaluate("window.__blank") == 0
    settled = counters(page)
    # Frames already on their way when the click left arrive (how many depends on the
    # network's latency); once the paused run has drawn its toolbar, at most its own frame
    # follows, and it shows where training stopped.
    seen, play_at = page.evaluate("window.__seen"), page.evaluate("window.__playAt")
    assert play_at is not None and len(seen) - play_at <= 1, (seen, play_at)
    assert seen[-1] == f"{settled['epoch']:,}/{settled['step']:,}"
    step_and_wait(page, settled)  # ... and nothing trained behind the pause
    assert page.evaluate("window.__blank") == 0
    assert len(page.evaluate("window.__seen")) == 2  # the paused frame, then the step's
    assert page.locator(EXCEPTION).count() == 0


def test_a_message_takes_its_reserved_place_and_moves_nothing(page):
    """The "Architecture changed" line and the learning-rate metric appeared late and pushed
    the live area down."""
    # The whole page drawn: the sidebar's last control, the toolbar, the style sheet, the
    # inspector (the last panel).
    for ready in (".st-key-w-keep_prob [data-testid=stSlider]", ".st-key-w-log_cost label"):
        page.locator(ready).wait_for()
    transport(page, "Play").wait_for()
    page.wait_for_function("() => getComputedStyle(document.querySelector('.pg-metrics'))"
                           ".display === 'flex'")
    page.get_by_text("to run one mini-batch").wait_for()
    page.wait_for_function(IDLE)
    top = page.evaluate(SETTLED_TOP)
    cells = page.locator(".pg-metric").count()
    units = page.locator(".st-key-w-layer0-units input")
    units.fill("6")
    units.press("Enter")
    page.get_by_text("Architecture changed — the network was re-initialized.").wait_for()
    page.wait_for_function(IDLE)
    assert page.evaluate(SETTLED_TOP) == top
    transport(page, "Step").click()
    page.wait_for_function(f"() => ({COUNTERS})().step === 1")
    page.wait_for_function(IDLE)
    assert page.locator(".pg-metric").count() == cells == 7
    assert page.evaluate(SETTLED_TOP) == top
