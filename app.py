"""Neural-network playground: `streamlit run app.py`. Page config and wiring only."""

import streamlit as st

from playground import controls, live, navigation
from playground.charts import colors
from playground.panels import challenge, lessons, motion, sharing, status, style
from playground.running import kept_runs
from playground.server import closed_sessions
from playground.session import keys, panel_table, state
from playground.teaching import present

closed_sessions.release()  # once per process: closed tabs' sessions are freed after their TTL
# A share link sets up a new session; its run token brings its run back (kept_runs).
session = kept_runs.current(st.query_params.to_dict())
classroom = session.classroom
colors.use(session.values["palette"])  # every chart of this run draws in the chosen palette
# "auto": the sidebar opens on a laptop and starts folded on a phone, where it would cover the page.
st.set_page_config(page_title="Neural-network playground", page_icon="🧠", layout="wide",
                   initial_sidebar_state="collapsed" if classroom.present else "auto")
style.inject()
motion.follow_device(session)  # a device that asks for reduced motion: Play at "slow"
if classroom.present:
    present.inject()
if not navigation.route():  # the Lessons or Compare page was drawn
    st.stop()
sharing.publish(session)  # the address bar carries the current set-up
with state.shielded("controls"):
    controls.sidebar(session)
    with st.sidebar:
        sharing.copy_link(session)
status.header(session)
lessons.banner(session)
with state.shielded("challenge"):
    challenge.bar(session)  # ?challenge=: its goal, limits and best so far
notes = controls.toolbar(session)
with notes:
    status.messages(session)
beside = lessons.watched_elsewhere(session)  # a lesson's demonstration or tab it watches
fast_slot, slow_slot = live.slots(
    session, beside=(lambda: lessons.draw_watched(session, beside)) if beside else None)
tabs = [p for p in panel_table.available(panel_table.TABS, session)
        if classroom.shows_panel(p.name) and p not in beside]
if tabs:
    # Stateful tabs: a rerun keeps the open tab, and only the open tab's panel is computed.
    drawn = st.tabs([p.title for p in tabs], key=keys.PANEL_TABS, on_change="rerun")
    for tab, panel in zip(drawn, tabs, strict=True):
        if tab.open:
            with tab, state.shielded(panel.title.split(":")[0].lower()):
                panel.draw()(session)
if session.autoplay:
    sharing.autoplay(session)  # a link's play=1, once the page is on the screen
kept_runs.keep(session)  # a checkpoint when the run changed (a Pause, a Step, a setting)
with state.shielded("live charts"):
    live.run(session, fast_slot, slow_slot)  # last: while playing it loops until interrupted
