"""The app's pages (Streamlit multipage): the playground, the lessons, runs side by side, the
tuning lab, the GAN lab, the Boltzmann machines.

app.py asks `route()` first: it draws the Lessons or Compare page and returns False, or
returns True and app.py draws the playground as before.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

VIEWS = Path(__file__).resolve().parent / "pages"  # the pages' scripts


def _playground() -> None:
    """Drawn by app.py itself (route() returns True)."""


def pages() -> dict[str, st.Page]:
    return {
        "playground": st.Page(_playground, title="Playground", icon=":material/tune:", url_path="",
                              default=True),
        "lessons": st.Page(VIEWS / "lessons.py", title="Lessons", icon=":material/school:",
                           url_path="lessons"),
        "compare": st.Page(VIEWS / "compare.py", title="Compare runs",
                           icon=":material/stacked_line_chart:",
                           url_path="compare"),
        "tuning": st.Page(VIEWS / "tuning.py", title="Tuning lab", icon=":material/science:",
                          url_path="tuning"),
        "gan_lab": st.Page(VIEWS / "gan_lab.py", title="GAN lab", icon=":material/blur_on:",
                           url_path="gan"),
        "boltzmann": st.Page(VIEWS / "boltzmann.py", title="Boltzmann machines",
                             icon=":material/grain:", url_path="boltzmann"),
        # The teacher's board opens from its link only (it needs the key): not in the menu.
        "board": st.Page(VIEWS / "board.py", title="Class board", icon=":material/leaderboard:",
                         url_path="board", visibility="hidden"),
    }


def go(name: str) -> None:
    """Switch to one of the pages (ends this script run)."""
    st.switch_page(pages()[name])


def route() -> bool:
    """Register the pages; draw the open one unless it is the playground (then True)."""
    known = pages()
    opened = st.navigation(list(known.values()), position="top")
    if opened.url_path == known["playground"].url_path:
        return True
    opened.run()
    return False
