"""Reduced motion (WCAG 2.3.3): a device that asks for less motion gets Play at "slow".

The page's CSS turns transitions off by itself (style.py); the speed is the server's, so the
browser tells it: a script-only component reads `prefers-reduced-motion` and reports it only
when it is set (a page that does not ask costs no rerun).
"""

from __future__ import annotations

import streamlit as st

from playground.session.state import Session

_REPORT = """
export default function(component) {
  const query = window.matchMedia('(prefers-reduced-motion: reduce)');
  const report = () => { if (query.matches) component.setStateValue('reduced', true); };
  report();
  query.addEventListener('change', report);
}
"""
_reduced_motion = st.components.v2.component("pg_reduced_motion", js=_REPORT)
FAST = "fast"  # the speed a reduced-motion device does not get (the default)
SLOW = "slow"


def _slow_down(session: Session) -> None:
    if session.values["speed"] == FAST:  # a lesson's pace or a chosen speed stays
        session.apply({"speed": SLOW})
        session.notices.tell("This device asks for reduced motion: Play advances one epoch a "
                             "frame (Speed, in the toolbar, changes it).")


def follow_device(session: Session) -> None:
    """Mount the reporter; the first report of reduced motion slows Play down once."""
    _reduced_motion(key="reduced-motion", on_reduced_change=lambda: _slow_down(session))
