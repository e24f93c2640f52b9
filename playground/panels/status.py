"""What just happened: the divergence banner, reset / live-update messages, data errors and
repaired settings. Never a stack trace: every problem arrives here as a sentence."""

from __future__ import annotations

import streamlit as st

from playground.charts.numbers import readable
from playground.panels.notices import show
from playground.session.state import Session


def header(session: Session) -> None:
    d = session.dataset
    if not session.lesson:  # a lesson's screen has its own title and needs the room
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
