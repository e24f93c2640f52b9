"""Neural-network playground: `streamlit run app.py`. Page config and wiring only."""

import streamlit as st

from playground import controls, live, state
from playground.panels import status, style

st.set_page_config(page_title="Neural-network playground", page_icon="🧠", layout="wide",
                   initial_sidebar_state="expanded")
style.inject()
session = state.current()
controls.sidebar(session)
status.header(session)
controls.toolbar(session)
status.messages(session)
fast_slot, slow_slot = st.empty(), st.empty()
live.run(session, fast_slot, slow_slot)  # last: while playing it loops until interrupted
