"""The Lessons page (grouped by course week; one click sets the playground up) and the
lesson's text above the playground's charts."""

from __future__ import annotations

import streamlit as st

from playground import lessons, navigation, settings
from playground.state import Session, current, guarded, shielded

_LESSON_KEY = "lesson"  # the session attribute naming the open lesson


def open_lesson(session: Session, lesson: lessons.Lesson) -> None:
    """The lesson's set-up on top of the defaults (not on what was there before)."""
    session.apply({**settings.defaults(), **lesson.values})
    session.lesson = lesson.id


def page() -> None:
    st.title("Lessons")
    st.caption("The course's experiments, one click each: the playground opens with the "
               "set-up and the lesson's text above the charts. Every claim below is checked "
               "by a test that trains the same set-up.")
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
                    guarded(open_lesson)(session, lesson)
                    navigation.go("playground")
                if lesson.runs and buttons.button(f"Compare {len(lesson.runs)} runs",
                                                key=f"compare-{lesson.id}"):
                    from playground.panels import comparison

                    comparison.start_lesson(lesson)
                    navigation.go("compare")


def banner(session: Session) -> None:
    """The open lesson's text, above the charts, with a way to its comparison or out of it."""
    lesson = lessons.BY_ID.get(getattr(session, _LESSON_KEY, ""))
    if lesson is None:
        return
    with st.container(border=True, key="lesson-banner"):
        text, buttons = st.columns([5, 1])
        text.markdown(f"**Lesson · {lesson.title}**  \n{lesson.text}  \n"
                      f"→ *Look at: {lesson.panel}*")
        if lesson.runs and buttons.button("Compare runs", key="lesson-compare"):
            from playground.panels import comparison

            comparison.start_lesson(lesson)
            navigation.go("compare")
        if buttons.button("Close lesson", key="lesson-close"):
            session.lesson = ""
            st.rerun()
        if lesson.demo:
            from playground.panels import lesson_demos

            with st.container(key="lesson-demo"), shielded("lesson demonstration"):
                lesson_demos.render(lesson.demo, session)
