"""Neural-network playground: `streamlit run app.py`. Page config and wiring only."""

import streamlit as st

from playground import controls, live, navigation, state
from playground.panels import boundary, digits, gradient_check, inspector, lessons, status, style

st.set_page_config(page_title="Neural-network playground", page_icon="🧠", layout="wide",
                   initial_sidebar_state="expanded")
style.inject()
if not navigation.route():  # the Lessons or Compare page was drawn
    st.stop()
session = state.current()
with state.shielded("controls"):
    controls.sidebar(session)
status.header(session)
lessons.banner(session)
notes = controls.toolbar(session)
with notes:
    status.messages(session)
fast_slot, slow_slot = live.slots(session)  # hold the current frame; live.run redraws them
panels = {"Inspector: forward / backward values": inspector.render,
          "Gradient check": gradient_check.render}
if session.dataset.has_boundary:
    panels["Draw points"] = boundary.render_detail
if session.dataset.image_shape is not None:
    panels["Digits: confusion matrix"] = digits.render
# Stateful tabs: a rerun keeps the open tab, and only the open tab's panel is computed.
tabs = st.tabs(list(panels), key="panel", on_change="rerun")
for tab, (name, render) in zip(tabs, panels.items(), strict=True):
    if tab.open:
        with tab, state.shielded(name.split(":")[0].lower()):
            render(session)
with state.shielded("live charts"):
    live.run(session, fast_slot, slow_slot)  # last: while playing it loops until interrupted
