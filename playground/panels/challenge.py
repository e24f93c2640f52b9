"""A class challenge on the student's page: the bar (goal, limits, best so far, how far the run
is from the goal, the nickname and "Submit best attempt"), and the check after every live
frame that submits a run the moment it meets the goal (playground/session/challenges.py)."""

from __future__ import annotations

import hashlib
import logging
import secrets

import streamlit as st

from playground.session import challenges
from playground.session.notices import ERROR, INFO, WARNING
from playground.session.plain_text import markdown_literal
from playground.session.state import Session, guarded

log = logging.getLogger(__name__)

NICKNAME_KEY = "challenge.nickname"
SUBMIT_KEY = "challenge.submit"


def _challenge(session: Session) -> challenges.Challenge | None:
    challenge_id = session.classroom.challenge
    return challenges.lookup(challenge_id) if challenge_id else None


def _player(session: Session) -> challenges.Player:
    """The student in the challenge: keyed by the tab's run token (a reload brings the same
    run back, kept_runs.py, and so the same row on the board), never by what a form sends."""
    if session.player is None:
        seed = f"{session.run_token}:{session.classroom.challenge}"
        key = (hashlib.sha256(seed.encode()).hexdigest()[:32] if session.run_token
               else secrets.token_urlsafe(16))
        session.player = challenges.Player(key=key)
    return session.player


def _submit(session: Session, challenge_id: str, *, automatic: bool) -> bool:
    """Submit the session's run as measured on the server; one sentence either way."""
    player = _player(session)
    try:
        entry = challenges.store().submit(
            challenge_id, session.classroom.challenge, player, challenges.measure(session),
            require_goal=automatic)
    except challenges.RefusedError as refused:
        session.notices.tell(str(refused), WARNING)
        return False
    except Exception as problem:  # the store is down: the run goes on
        log.warning("submission failed: %s: %s", type(problem).__name__, problem)
        session.notices.tell("The board cannot be reached right now; nothing was submitted.",
                             ERROR)
        return False
    challenge = challenges.lookup(challenge_id)
    metric = challenge.goal.metric if challenge else "test_accuracy"
    what = "Goal met — on the board" if entry.met else "On the board"
    session.notices.tell(f"{what}: {challenges.METRICS[metric]} "
                         f"{challenges.shown(metric, entry.metric)} at epoch {entry.epochs:,} "
                         f"with {entry.parameters:,} parameters.", INFO)
    return True


def _seen(session: Session) -> None:
    try:
        challenges.store().seen(session.classroom.challenge, _player(session), session.playing)
    except Exception as problem:  # presence is a count on the board: never worth an error
        log.info("presence not written: %s", problem)


def after_frame(session: Session) -> bool:
    """After a live frame (or a Step): submit the run once when it meets the goal (one try per
    network: a reset or a new set-up tries again). True when it reached the board."""
    if not session.classroom.challenge:
        return False
    _seen(session)
    player = _player(session)
    challenge = _challenge(session)
    if challenge is None or challenge.closed or player.auto_tried == id(session.net):
        return False
    now = (id(session.net), session.net.steps_done)
    if player.checked == now:  # measured already: a frame that trained nothing
        return False
    player.checked = now
    attempt = challenges.measure(session).for_goal(challenge.goal)
    if attempt.epochs == 0 or attempt.epochs > challenge.goal.epochs:
        return False
    if not challenge.goal.met(attempt.metric):
        return False
    player.auto_tried = id(session.net)
    return _submit(session, challenge.id, automatic=True)


def _nickname_changed(session: Session) -> None:
    player = _player(session)
    name, why = challenges.nickname(st.session_state.get(NICKNAME_KEY, ""), player.key)
    player.nickname = name
    st.session_state[NICKNAME_KEY] = name
    if why:
        session.notices.tell(why, WARNING)


def _submit_clicked(session: Session) -> None:
    _submit(session, session.classroom.challenge, automatic=False)


def bar(session: Session) -> None:
    """The challenge's bar above the charts (nothing without a challenge)."""
    if not session.classroom.challenge:
        return
    challenge = _challenge(session)
    if challenge is None:
        return
    after_frame(session)  # a Step or an Epoch click may have met the goal
    player = _player(session)
    goal = challenge.goal
    attempt = challenges.measure(session).for_goal(goal)
    st.session_state.setdefault(NICKNAME_KEY, player.nickname)
    with st.container(border=True, key="challenge-bar", gap="small"):
        limits = "; ".join(challenge.limits.describe()) or "no other limits"
        closed = " — **closed**" if challenge.closed else ""
        st.markdown(f"**Challenge**{closed} · {goal.describe()} · {limits}")
        _progress(session, challenge, player, attempt)


def _progress(session: Session, challenge: challenges.Challenge, player: challenges.Player,
              attempt: challenges.Attempt) -> None:
    """One row: where the run is, the best on the board, the nickname, the button."""
    goal = challenge.goal
    with st.container(horizontal=True, vertical_alignment="center", key="challenge-row"):
        best = ("—" if player.best is None
                else challenges.shown(goal.metric, player.best))
        gap = goal.distance(attempt.metric) if attempt.epochs else None
        if attempt.epochs == 0:
            now = "press Play"
        elif attempt.epochs > goal.epochs:
            now = f"past {goal.epochs:,} epochs: Reset to try again"
        elif gap == 0:
            now = f"{challenges.shown(goal.metric, attempt.metric)}: goal met"
        else:
            distance = f"{gap:.1%}" if goal.metric == "test_accuracy" else f"{gap:.4f}"
            now = f"{challenges.shown(goal.metric, attempt.metric)}, {distance} to go"
        st.markdown(f"Now: **{now}** · your best on the board: **{best}** · "
                    f"{attempt.parameters:,} parameters", width="content")
        st.text_input("Nickname", key=NICKNAME_KEY, max_chars=challenges.MAX_NICKNAME,
                      on_change=guarded(_nickname_changed), args=(session,), width=180,
                      label_visibility="collapsed", placeholder="your nickname",
                      help="Shown on the class board (at most 24 characters); empty: an "
                           f"animal name ({markdown_literal(challenges.animal_name(player.key))}).")
        st.button("Submit best attempt", key=SUBMIT_KEY, icon=":material/upload:",
                  on_click=guarded(_submit_clicked), args=(session,),
                  disabled=challenge.closed,
                  help="Put this run on the class board as it is now (a run that meets "
                       "the goal goes there by itself).")

