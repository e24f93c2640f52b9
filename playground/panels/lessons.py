"""The Lessons page (grouped by course week; one click sets the playground up) and the
lesson's text above the playground's charts."""

from __future__ import annotations

import html

import streamlit as st

from playground import navigation
from playground.session import lessons, panel_table
from playground.session.state import Session, current, guarded, shielded


def _open(session: Session, lesson: lessons.Lesson) -> None:
    session.open_lesson(lesson.id)


def _replay(session: Session) -> None:
    """The same run from the same start: the seed's initial parameters, then Play."""
    session.reset()
    session.play()


def _close(session: Session) -> None:
    session.close_lesson()


def page() -> None:
    st.title("Lessons")
    st.caption("The course's experiments, one click each: the playground opens with the "
               "set-up and the lesson's text above the charts. Every claim below is checked "
               "by a test that trains the same set-up over several seeds.")
    session = current()
    for week, group in lessons.by_week().items():
        st.subheader(f"Week {week} · {lessons.WEEKS[week]}")
        columns = st.columns(2)
        for index, lesson in enumerate(group):
            with columns[index % 2].container(border=True):
                st.markdown(f"**{lesson.title}**")
                st.caption(f"Look at: {lesson.panel}")
                buttons = st.container(horizontal=True)
                if buttons.button("Open in the playground", key=f"open-{lesson.id}",
                                  type="primary"):
                    guarded(_open)(session, lesson)
                    navigation.go("playground")
                if lesson.runs and buttons.button(f"Compare {len(lesson.runs)} runs",
                                                  key=f"compare-{lesson.id}"):
                    _compare(lesson)


def _compare(lesson: lessons.Lesson) -> None:
    from playground.panels import comparison  # the Compare page's own module, on demand

    comparison.start_lesson(lesson)
    navigation.go("compare")


def banner(session: Session) -> None:
    """The open lesson in a few lines: its title and first sentence, the rest under "More",
    the "Look at" link to the panel it watches (on this screen), and its buttons."""
    lesson = session.current_lesson
    if lesson is None:
        return
    with st.container(border=True, key="lesson-banner", horizontal=True, wrap=False,
                      vertical_alignment="center"):
        # An in-page link: the browser scrolls to the watched panel and :target outlines it.
        look = (f"<a class='pg-look' href='#pg-watch'>→ Look at: "
                f"{html.escape(lesson.panel, quote=False)}</a>")
        st.markdown(f"**Lesson · {lesson.title}** — {lesson.lead} {look}",
                    unsafe_allow_html=True, width="stretch")
        if lesson.lead != lesson.text:
            with st.popover("More", key="lesson-more"):
                st.markdown(lesson.text)
        st.button("Replay", key="lesson-replay", icon=":material/replay:",
                  on_click=guarded(_replay), args=(session,),
                  help="The same run from the same start: epoch 0, then Play.")
        if lesson.runs and st.button("Compare runs", key="lesson-compare"):
            _compare(lesson)
        st.button("Close", key="lesson-close", on_click=guarded(_close), args=(session,),
                  help="Close the lesson; the set-up stays.")


def watched_elsewhere(session: Session) -> list[panel_table.Panel]:
    """The open lesson's watched panels that are not live charts (its demonstration, a tab):
    the lesson screen draws them beside the live area."""
    lesson = session.current_lesson
    if lesson is None:
        return []
    return [p for p in panel_table.available(lesson.watched, session) if p.kind != "live"]


def draw_watched(session: Session, panels: list[panel_table.Panel]) -> None:
    """Those panels, under the "Look at" link's target."""
    lesson = session.current_lesson
    with st.container(key="lesson-watch"):
        st.html("<div id='pg-watch'></div>")
        for panel in panels:
            with shielded(panel.title.lower()):
                if panel.kind == "lesson":
                    panel.draw()(lesson.demo, session)
                else:
                    panel.draw()(session)
