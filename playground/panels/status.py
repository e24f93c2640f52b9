"""What just happened: the divergence banner, reset / live-update messages, data errors and
repaired settings. Never a stack trace: every problem arrives here as a sentence."""

from __future__ import annotations

import html

import streamlit as st

from playground.numbers import readable
from playground.plain_text import markdown_literal
from playground.state import Session

NOTE_HEIGHT = "2.35rem"  # one .pg-note line with its margins (flow-root keeps them inside)


def header(session: Session) -> None:
    d = session.dataset
    if not session.lesson:  # a lesson's screen has its own title and needs the room
        st.markdown("#### Neural-network playground")
    sizes = " → ".join(map(str, session.net.layer_sizes))
    scaled = ""
    if d.problem == "regression" and (d.target_mean, d.target_std) != (0.0, 1.0):
        # The network learns standardized targets (an unscaled price would saturate every
        # unit); this says how its outputs map back to the file's units.
        scaled = (f" · targets standardized: y = {readable(d.target_mean)} + "
                  f"{readable(d.target_std)} · ŷ in the file's units")
    st.caption(f"{d.name} · {d.problem} · {d.m_train} training / {d.m_test} test examples · "
               f"layer sizes n = [{sizes}]{scaled}")


def messages(session: Session) -> None:
    divergence = session.net.divergence
    if divergence is not None:
        st.error(f"**{divergence.message}** Training is paused; **Reset** starts again from "
                 "the seed.", icon=":material/warning:")
    if session.error:
        st.error(markdown_literal(session.error, 1000), icon=":material/block:")
    lines = [f"<div class='pg-note pg-warn'>{html.escape(note)}</div>" for note in session.notes]
    if session.message:
        lines.append(f"<div class='pg-note pg-info'>{html.escape(session.message)}</div>")
    # Always drawn, with room for one line: a message that comes ("Data changed ...") or goes
    # fills a reserved place instead of pushing the live area down and back up.
    st.html(f"<div class='pg-notes' style='display:flow-root;min-height:{NOTE_HEIGHT}'>"
            f"{''.join(lines)}</div>")
