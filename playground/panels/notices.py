"""The one place the page draws what it tells the user (playground/session/notices.py): the status
line above the live area, and the Export tab for the outcome of loading a file there."""

from __future__ import annotations

import html

import streamlit as st

from playground.session.notices import ERROR, WARNING, Notice
from playground.session.plain_text import markdown_literal

NOTE_HEIGHT = "2.35rem"  # one .pg-note line with its margins (flow-root keeps them inside)


def show(notices: list[Notice]) -> None:
    """The one place notices are drawn: an error as an error box (nothing changed), the rest
    as one-line notes. Always drawn, with room for one line: a message that comes ("Data
    changed ...") or goes fills a reserved place instead of pushing the live area down."""
    for notice in notices:
        if notice.level == ERROR:
            st.error(markdown_literal(notice.text, 1000), icon=":material/block:")
    kind = {WARNING: "pg-warn"}
    lines = [f"<div class='pg-note {kind.get(n.level, 'pg-info')}'>{html.escape(n.text)}</div>"
             for n in notices if n.level != ERROR]
    st.html(f"<div class='pg-notes' style='display:flow-root;min-height:{NOTE_HEIGHT}'>"
            f"{''.join(lines)}</div>")
