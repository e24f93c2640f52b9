"""What just happened: the divergence banner, reset / live-update messages, data errors and
repaired settings. Never a stack trace: every problem arrives here as a sentence."""

from __future__ import annotations

import streamlit as st

from playground.charts.numbers import readable
from playground.panels.notices import show
from playground.session import keys
from playground.session.state import Session

SHORTCUT_HELP = (("Space", "Play / Pause"), ("→", "one step (a mini-batch)"),
                 ("E", "finish the epoch"), ("0", "Reset to epoch 0"),
                 ("L", "the list of lessons"), ("H", "this list"),
                 ("Tab, Shift+Tab", "the next, the previous control"),
                 ("Enter, Space", "press the focused button or switch"))


@st.dialog("Keyboard shortcuts")
def _shortcuts() -> None:
    st.markdown("\n".join(["| Key | Does |", "|---|---|",
                           *(f"| {key} | {does} |" for key, does in SHORTCUT_HELP)]))
    st.caption("Esc closes this list.")


def _page_buttons() -> None:
    if st.button("Lessons", key=keys.OPEN_LESSONS, type="tertiary", icon=":material/school:",
                 shortcut=keys.SHORTCUTS[keys.OPEN_LESSONS], help="The list of lessons"):
        st.switch_page("playground/pages/lessons.py")
    if st.button("Shortcuts", key=keys.SHOW_SHORTCUTS, type="tertiary",
                 icon=":material/keyboard:", shortcut=keys.SHORTCUTS[keys.SHOW_SHORTCUTS],
                 help="Every keyboard shortcut of this page"):
        _shortcuts()


def header(session: Session) -> None:
    d = session.dataset
    # A lesson's screen and presenter view have their own title and need the room: there the
    # playground's title and its two page buttons give way (the toolbar's keys stay).
    if not session.lesson and not session.classroom.present:
        with st.container(horizontal=True, vertical_alignment="center", key="page-head"):
            st.markdown("#### Neural-network playground", width="stretch")
            _page_buttons()
    elif not session.lesson:
        st.markdown("#### Neural-network playground")
    # A conv net's layers are images: n_H×n_W×n_C each (their n is the product).
    shapes = session.net.layer_shapes if len(session.net.layer_shapes[0]) == 3 else None
    sizes = " → ".join("×".join(map(str, shape)) for shape in shapes) if shapes else (
        " → ".join(map(str, session.net.layer_sizes)))
    scaled = ""
    if d.problem == "regression" and (d.target_mean, d.target_std) != (0.0, 1.0):
        # The network learns standardized targets (an unscaled price would saturate every
        # unit); this says how its outputs map back to the file's units.
        scaled = (f" · targets standardized: y = {readable(d.target_mean)} + "
                  f"{readable(d.target_std)} · ŷ in the file's units")
    st.caption(f"{d.name} · {d.problem} · {d.m_train} training / {d.m_test} test examples · "
               f"layer {'shapes' if shapes else 'sizes n'} = [{sizes}]{scaled}")


def messages(session: Session) -> None:
    divergence = session.net.divergence
    if divergence is not None:
        st.error(f"**{divergence.message}** Training is paused; **Reset** starts again from "
                 "the seed.", icon=":material/warning:")
    show(session.notices.in_order())
