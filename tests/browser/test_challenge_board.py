"""A class challenge end to end in Chromium: the teacher makes one; three students (separate
contexts) open its link, two meet the goal and are on the board by themselves, one breaks a
limit through an edited link and is refused; the board shows exactly the two, sorted (a tie
on accuracy: fewer parameters first), with "open" links that open their set-ups; a student's
page cannot open the board. Screenshots of the board in tests/output/."""

import re

import pytest
from harness import settle_layout, transport

from playground.panels import board as board_panel

pytestmark = pytest.mark.browser

# Two Gaussian blobs at learning rate 0.3 meet 90 % test accuracy in one epoch (seed 0: 100 %
# with 2-4-2-1 and with 2-2-1; tests/test_challenges.py checks the set-up over five seeds).
TEACHER = "/?dataset=gaussians&learning_rate=0.3"
WAIT = 60_000


def tab(browser, url: str, width: int = 1280, height: int = 800):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    return context, page


def playground(browser, url: str):
    context, page = tab(browser, url)
    page.wait_for_selector(".pg-live #epoch", timeout=WAIT)
    return context, page


def make_challenge(browser, app_url: str) -> tuple[str, str]:
    context, page = playground(browser, app_url + TEACHER)
    try:
        page.get_by_role("tab", name="Prepare a classroom link").click()
        form = page.locator(".st-key-challenge-form, [data-testid='stForm']").first
        form.wait_for(timeout=WAIT)
        page.locator(".st-key-challenge-units input").fill("6")
        page.locator(".st-key-challenge-units input").press("Tab")
        page.get_by_role("button", name="Make the challenge").click()
        students = page.locator(".st-key-challenge-students-link code")
        students.wait_for(timeout=WAIT)
        return (students.inner_text().strip(),
                page.locator(".st-key-challenge-board-link code").inner_text().strip())
    finally:
        context.close()


def student(browser, link: str, nickname: str):
    """A student's tab on `link`, a nickname given, one epoch trained."""
    context, page = playground(browser, link)
    page.locator(".st-key-challenge-bar").wait_for(timeout=WAIT)
    name = page.locator(".st-key-challenge-nickname input")
    name.fill(nickname)
    name.press("Enter")
    page.wait_for_function("n => [...document.querySelectorAll('.st-key-challenge-nickname "
                           "input')].some(e => e.value === n)", arg=nickname, timeout=WAIT)
    transport(page, "Epoch").click()
    return context, page


def test_a_class_challenge_from_the_teachers_form_to_the_board(browser, app_url, output_dir):
    students_link, board_link = make_challenge(browser, app_url)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?challenge=[\w-]{8}", students_link)
    challenge_id = students_link.rsplit("=", 1)[1]
    assert re.fullmatch(rf"http://127\.0\.0\.1:\d+/board\?board={challenge_id}&key=[\w-]+",
                        board_link)
    contexts = []
    try:
        for link, nickname in ((students_link, "Ada"),
                               (students_link + "&layers=2:tanh", "Bob <i>")):
            context, page = student(browser, link, nickname)
            contexts.append(context)
            page.get_by_text("Goal met — on the board", exact=False).wait_for(timeout=WAIT)
            if nickname == "Ada":
                settle_layout(page)
                page.screenshot(path=str(output_dir / "browser_challenge_student.png"))
        # Third: a network wider than the challenge's 6 hidden units, through the link.
        context, cheat = student(browser, students_link + "&layers=8:tanh", "Cheat")
        contexts.append(context)
        cheat.get_by_text("Not submitted: The network has 8 hidden units; the challenge "
                          "allows 6.").wait_for(timeout=WAIT)
        # A student's page cannot open the board: no key, or a guessed one.
        for url in (app_url + f"/board?board={challenge_id}",
                    app_url + f"/board?board={challenge_id}&key=guessed-guessed-guessed"):
            cheat.goto(url)
            cheat.get_by_text(board_panel.NO_KEY).wait_for(timeout=WAIT)
            assert cheat.locator(".pg-board").count() == 0
            assert "Ada" not in cheat.locator("body").inner_text()

        context, board = tab(browser, board_link, 1920, 1080)
        contexts.append(context)
        board.wait_for_function("() => document.querySelectorAll('.pg-board-row').length == 2",
                                timeout=WAIT)
        rows = board.locator(".pg-board-row")
        names = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(2)]
        parameters = [rows.nth(i).locator("td").nth(3).inner_text() for i in range(2)]
        assert names == ["Bob <i>", "Ada"]  # both 100 %: the smaller network (9) first
        assert parameters == ["9", "25"]
        board.get_by_text("Met the goal", exact=True).wait_for()
        board.wait_for_selector("[data-testid='stVegaLiteChart'] canvas, "
                                "[data-testid='stVegaLiteChart'] svg", timeout=WAIT)
        board.get_by_role("button", name="Hide names").wait_for(timeout=WAIT)
        settle_layout(board)
        board.screenshot(path=str(output_dir / "browser_class_board_1920.png"))
        board.set_viewport_size({"width": 1280, "height": 800})
        settle_layout(board)
        board.screenshot(path=str(output_dir / "browser_class_board_1280.png"))
        hrefs = [rows.nth(i).locator("a.pg-open").get_attribute("href") for i in range(2)]
        for href, layers in zip(hrefs, ("2:tanh", None), strict=True):
            assert "view=present" in href and "dataset=gaussians" in href
            assert "challenge=" not in href
            opened, page = tab(browser, href)
            contexts.append(opened)
            page.wait_for_selector(".pg-live", timeout=WAIT)
            page.get_by_text("gaussians · binary", exact=False).wait_for(timeout=WAIT)
            if layers:
                page.get_by_text("layer sizes n = [2 → 2 → 1]").wait_for(timeout=WAIT)
    finally:
        for context in contexts:
            context.close()
