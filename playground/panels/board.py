"""The teacher's side of a class challenge: "Make a challenge" in the classroom-link tab (the
students' link and the board's link), and the board page, `board?board=<id>&key=<secret>`:
the class's submissions live, sorted by the goal's metric (ties: fewer parameters), the
counts, a scatter of the metric against the parameter count, an "open" link per row (that
run's set-up in the presenter view), and hide names / remove a row / close.

Without the right key the page says so in one sentence and shows nothing of the class."""

from __future__ import annotations

import html
import logging
import time

import streamlit as st

import engine
from playground.charts import board as board_chart
from playground.session import challenges, links, settings
from playground.session.state import Session

log = logging.getLogger(__name__)

REFRESH_SECONDS = 3.0  # the board reads the store this often
BOARD_PATH = "board"  # navigation.py's url_path of the board page
MADE_KEY = "challenge.made"  # (id, key) of the challenge this teacher made last
NO_KEY = ("This board needs the link you got when you made the challenge (its key is part "
          "of it).")


def _base_url() -> str:
    """The server's address ("" in tests: relative links)."""
    try:
        url = st.context.url or ""
    except Exception:  # no browser context (tests): relative links are fine
        url = ""
    url = url.split("?", 1)[0].rstrip("/")
    if url.endswith("/" + BOARD_PATH):
        url = url[:-len(BOARD_PATH) - 1]
    return url


def board_url(challenge_id: str, key: str) -> str:
    return f"{_base_url()}/{BOARD_PATH}?board={challenge_id}&key={key}"


def students_url(challenge_id: str) -> str:
    return f"{_base_url()}/?challenge={challenge_id}"


def run_url(link: dict) -> str:
    return f"{_base_url()}/?{links.query_string(link)}"


# --------------------------------------------------------------- Make a challenge


def _made(session: Session, goal: challenges.Goal, limits: challenges.Limits) -> None:
    setup = links.query({**session.values, "run_epochs": goal.epochs}, lesson=session.lesson)
    try:
        challenge, key = challenges.store().create(setup, goal, limits)
    except Exception as problem:  # the store is unwritable: say so, keep the page
        log.warning("challenge not made: %s: %s", type(problem).__name__, problem)
        st.error("The challenge could not be saved on the server; try again in a moment.")
        return
    st.session_state[MADE_KEY] = (challenge.id, key)


def make_form(session: Session, locked: list[str]) -> None:
    """Goal and limits -> a challenge with the current set-up; `locked`: the settings the
    lock boxes above fix (the data are always fixed)."""
    st.markdown("**Make a challenge** — the set-up above as the start, a goal, limits; the "
                "data settings are always fixed.")
    with st.form("challenge.form", border=True):
        metric_col, target_col, epochs_col = st.columns(3)
        metric = metric_col.selectbox("Goal", options=list(challenges.METRICS),
                                      format_func=lambda m: {
                                          "test_accuracy": "test accuracy at least",
                                          "test_cost": "test cost at most"}[m],
                                      key="challenge.metric")
        target = target_col.number_input(
            "Target (accuracy in %, or a cost)", min_value=0.0, max_value=100.0, value=90.0,
            step=1.0, key="challenge.target")
        epochs = epochs_col.selectbox("Within", options=[e for e in settings.RUN_EPOCHS if e],
                                      index=4, format_func=lambda e: f"{e:,} epochs",
                                      key="challenge.epochs")
        units_col, params_col, features_col = st.columns(3)
        units = units_col.number_input("At most hidden units (0: any)", min_value=0,
                                       max_value=8 * settings.MAX_UNITS, value=0, step=1,
                                       key="challenge.units")
        parameters = params_col.number_input("At most parameters (0: any)", min_value=0,
                                             max_value=1_000_000, value=0, step=10,
                                             key="challenge.parameters")
        features = features_col.multiselect(
            "Features allowed", options=list(engine.FEATURES),
            default=list(session.values["features"]),
            format_func=lambda f: engine.FEATURE_LABELS.get(f, f), key="challenge.features")
        made = st.form_submit_button("Make the challenge", type="primary")
    if made:
        goal_value = target / 100 if metric == "test_accuracy" else target
        limits = challenges.Limits(
            locked=tuple(locked), max_hidden_units=int(units) or None,
            max_parameters=int(parameters) or None,
            features=tuple(features) if features else None)
        _made(session, challenges.Goal(metric, float(goal_value), int(epochs)), limits)
    made = st.session_state.get(MADE_KEY)
    if made:
        challenge_id, key = made
        with st.container(key="challenge-students-link"):
            st.caption("The students' link (send it to the class):")
            st.code(students_url(challenge_id), language=None, wrap_lines=True)
        with st.container(key="challenge-board-link"):
            st.caption("The board's link (keep it: its key opens the class's results):")
            st.code(board_url(challenge_id, key), language=None, wrap_lines=True)


# --------------------------------------------------------------- the board page


def _param(name: str) -> str:
    value = st.query_params.get(name, "")
    return value if isinstance(value, str) else ""


def _age(seconds: float) -> str:
    seconds = max(seconds, 0.0)
    return f"{seconds:.0f} s ago" if seconds < 120 else f"{seconds / 60:.0f} min ago"


def table_html(board: challenges.Board, now: float) -> str:
    """The submissions as an HTML table (every text escaped), best first."""
    goal = board.challenge.goal
    head = ("<tr><th>#</th><th>Name</th><th>" + html.escape(challenges.METRICS[goal.metric])
            + "</th><th>Parameters</th><th>Epochs</th><th>Goal</th><th>When</th>"
              "<th></th></tr>")
    rows = []
    for rank, entry in enumerate(board.entries, start=1):
        href = html.escape(run_url(entry.link), quote=True)
        rows.append(
            f"<tr class='pg-board-row'><td>{rank}</td><td>{html.escape(entry.nickname)}</td>"
            f"<td>{challenges.shown(goal.metric, entry.metric)}</td>"
            f"<td>{entry.parameters:,}</td><td>{entry.epochs:,}</td>"
            f"<td>{'✓' if entry.met else '—'}</td><td>{_age(now - entry.time)}</td>"
            f"<td><a class='pg-open' href='{href}' target='_blank' rel='noopener'>open</a>"
            "</td></tr>")
    if not rows:
        rows.append("<tr><td colspan='8'>No submissions yet.</td></tr>")
    return ("<table class='pg-board'>" + head + "".join(rows) + "</table>"
            "<style>.pg-board {border-collapse: collapse; width: 100%; font-size: 1rem;}"
            ".pg-board th, .pg-board td {padding: 0.3rem 0.6rem; text-align: left;"
            "border-bottom: 1px solid #e5e5e5;} .pg-board th {font-weight: 600;}</style>")


def _remove(challenge_id: str, key: str) -> None:
    picked = st.session_state.get("board.row")
    if picked is not None:
        challenges.store().remove(challenge_id, key, int(picked))


def _controls(challenge_id: str, key: str, board: challenges.Board) -> None:
    """Callbacks: they run before the (fragment's) rerun, which then reads the change."""
    store = challenges.store()
    hide, close, remove = st.columns([1, 1, 3], vertical_alignment="bottom")
    hidden = board.challenge.names_hidden
    hide.button("Show names" if hidden else "Hide names", key="board.hide",
                icon=":material/visibility:" if hidden else ":material/visibility_off:",
                on_click=store.hide_names, args=(challenge_id, key, not hidden))
    closed = board.challenge.closed
    close.button("Reopen the challenge" if closed else "Close the challenge",
                 key="board.close", icon=":material/lock_open:" if closed else ":material/lock:",
                 on_click=store.close, args=(challenge_id, key, not closed))
    if board.entries:
        with remove.container(horizontal=True, vertical_alignment="bottom"):
            choices = {e.id: f"#{n} {e.nickname}" for n, e in enumerate(board.entries, 1)}
            st.selectbox("Row", options=list(choices), format_func=choices.get,
                         key="board.row", label_visibility="collapsed", width=240)
            st.button("Remove the row", key="board.remove", icon=":material/delete:",
                      on_click=_remove, args=(challenge_id, key))


@st.fragment(run_every=REFRESH_SECONDS)
def _live(challenge_id: str, key: str) -> None:
    started = time.perf_counter()
    try:
        board = challenges.store().board(challenge_id, key)
    except Exception as problem:
        log.warning("board not read: %s: %s", type(problem).__name__, problem)
        st.error("The board's store cannot be read right now; it is tried again shortly.")
        return
    if board is None:
        st.warning(NO_KEY)
        return
    challenge, goal = board.challenge, board.challenge.goal
    state = " · closed" if challenge.closed else ""
    st.markdown(f"### Class board{state}\n{goal.describe()} · "
                + ("; ".join(challenge.limits.describe()) or "no other limits"))
    counts = st.columns(4)
    counts[0].metric("Connected", board.connected)
    counts[1].metric("Playing", board.playing)
    counts[2].metric("Met the goal", board.met)
    counts[3].metric("Entries", len(board.entries))
    left, right = st.columns([3, 2])
    with left:
        st.html(table_html(board, challenges.store().clock()))
    with right:
        rows = [{"name": e.nickname, "parameters": e.parameters, "metric": e.metric,
                 "met": e.met} for e in board.entries]
        st.altair_chart(board_chart.scatter(
            rows, challenges.METRICS[goal.metric], goal.target,
            percent=goal.metric == "test_accuracy"), width="stretch")
    _controls(challenge_id, key, board)
    st.caption(f"Students' link: {students_url(challenge.id)} · refreshed every "
               f"{REFRESH_SECONDS:g} s (read in {1000 * (time.perf_counter() - started):.0f} ms)")


def page() -> None:
    challenge_id, key = _param("board"), _param("key")
    try:
        known = challenges.store().board(challenge_id, key) is not None
    except Exception as problem:
        log.warning("board not read: %s: %s", type(problem).__name__, problem)
        st.error("The board's store cannot be read right now; reload the page in a moment.")
        return
    if not known:
        st.warning(NO_KEY)
        return
    _live(challenge_id, key)
