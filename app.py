"""Neural-network playground: `streamlit run app.py`. Page config and wiring only."""

import streamlit as st

from playground import controls, live, state
from playground.panels import digits, gradient_check, inspector, status, style

st.set_page_config(page_title="Neural-network playground", page_icon="🧠", layout="wide",
                   initial_sidebar_state="expanded")
style.inject()
session = state.current()
controls.sidebar(session)
status.header(session)
controls.toolbar(session)
status.messages(session)
fast_slot, slow_slot = st.empty(), st.empty()  # filled by live.run, frame after frame
names = ["Inspector: forward / backward values", "Gradient check"]
if session.dataset.image_shape is not None:
    names.append("Digits: confusion matrix")
tabs = st.tabs(names)
with tabs[0]:
    inspector.render(session)
with tabs[1]:
    gradient_check.render(session)
if len(tabs) > 2:
    with tabs[2]:
        digits.render(session)
live.run(session, fast_slot, slow_slot)  # last: while playing it loops until interrupted
