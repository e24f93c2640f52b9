"""What just happened: the divergence banner, reset / live-update messages, data errors and
repaired settings. Never a stack trace: every problem arrives here as a sentence."""

from __future__ import annotations

import streamlit as st

from playground.state import Session


def header(session: Session) -> None:
    d = session.dataset
    st.markdown("#### Neural-network playground")
    sizes = " → ".join(map(str, session.net.layer_sizes))
    st.caption(f"{d.name} · {d.problem} · {d.m_train} training / {d.m_test} test examples · "
               f"layer sizes n = [{sizes}]")


def messages(session: Session) -> None:
    divergence = session.net.divergence
    if divergence is not None:
        st.error(f"**Training diverged.** {divergence.message} Training is paused; press "
                 "**Reset** to start again.", icon="⚠️")
    if session.error:
        st.error(session.error, icon="🚫")
    for note in session.notes:
        st.warning(note)
    if session.message:
        st.info(session.message)
