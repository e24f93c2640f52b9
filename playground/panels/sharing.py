"""The page's side of share links: the address bar follows the settings, a "Copy link" box,
and the "Prepare a classroom link" panel (links.py does the parsing and writing)."""

from __future__ import annotations

import streamlit as st

from playground.session import keys, links, settings
from playground.session.state import Session


def publish(session: Session) -> None:
    """Keep the address bar on the current set-up and the tab's run token (only when it
    changed: every write is a message to the browser)."""
    wanted = session.address_params()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


@st.fragment(run_every=0.5)
def autoplay(session: Session) -> None:
    """play=1: the timer's first tick, after the browser has the whole page, starts playing
    (state.AUTOPLAY_CALLS explains why not in the first run)."""
    if session.start_autoplay():
        st.rerun(scope="app")


def _base_url() -> str:
    """The page's own address when the browser told it (st.context.url), else "" (a relative
    "?..." link)."""
    try:
        return st.context.url or ""
    except Exception:  # no browser context (tests, older Streamlit): a relative link is fine
        return ""


def page_link(params: dict[str, str]) -> str:
    return links.url(_base_url(), params)


def copy_link(session: Session) -> None:
    """The current set-up's link, ready to copy (st.code has a copy button)."""
    with st.popover("Copy link", icon=":material/link:", width="stretch"):
        st.caption("This link opens the page with exactly these settings (both seeds "
                   "included: the same data and the same starting network).")
        st.code(page_link(session.link_params()), language=None, wrap_lines=True)


def _hide_names(locked: list[str]) -> tuple[str, ...]:
    """The settings to hide, a whole section written as its name (a shorter link)."""
    names: list[str] = []
    for group in settings.GROUPS:
        rows = [s.name for s in settings.SETTINGS if s.group == group]
        if all(name in locked for name in rows):
            names.append(group)
        else:
            names += [name for name in rows if name in locked]
    return tuple(names)


def classroom_panel(session: Session) -> None:
    """A lock box per setting, the panels, the presenter view and autoplay -> one link with
    the current values (set them up first in the sidebar)."""
    st.caption("Set the page up as the class should see it, lock what the students must not "
               "change (their controls disappear; the values stay), then send the link.")
    state = st.session_state
    columns = st.columns(len(settings.GROUPS))
    for column, group in zip(columns, settings.GROUPS, strict=True):
        column.markdown(f"**{settings.SECTIONS.get(group, group.capitalize())}**")
        for setting in settings.SETTINGS:
            if setting.group == group:
                now = settings.as_text(setting, session.values[setting.name])
                column.checkbox(f"lock {setting.label}", key=keys.lock(setting.name),
                                value=setting.name in session.classroom.hidden,
                                help=f"Now: {now}")
    panels = st.multiselect("Panels the students see", options=list(links.PANELS),
                            default=list(links.PANELS), format_func=links.PANELS.get,
                            key=keys.CLASSROOM_PANELS)
    present, play = st.columns(2)
    present.checkbox("Presenter view (projector: large charts, no sidebar)",
                     key=keys.CLASSROOM_PRESENT)
    play.checkbox("Start training when the page opens", key=keys.CLASSROOM_PLAY)
    locked = [s.name for s in settings.SETTINGS if state.get(keys.lock(s.name))]
    classroom = links.Classroom(
        hide=_hide_names(locked),
        panels=None if set(panels) == set(links.PANELS) else tuple(panels),
        play=bool(state.get(keys.CLASSROOM_PLAY)),
        present=bool(state.get(keys.CLASSROOM_PRESENT)))
    st.code(page_link(links.query(session.values, classroom, session.lesson)), language=None,
            wrap_lines=True)
    from playground.panels import board  # the challenge's form: a class challenge, on demand

    board.make_form(session, locked)
