"""Neural-network playground: `streamlit run app.py`. Page config and wiring only."""

import streamlit as st

from playground import controls, keys, links, live, navigation, present, sharing, state
from playground.panels import (
    boundary,
    digits,
    export,
    gradient_check,
    inspector,
    lessons,
    status,
    style,
)

session = state.current(st.query_params.to_dict())  # a share link sets up a new session
classroom = session.classroom
st.set_page_config(page_title="Neural-network playground", page_icon="🧠", layout="wide",
                   initial_sidebar_state="collapsed" if classroom.present else "expanded")
style.inject()
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
notes = controls.toolbar(session)
with notes:
    status.messages(session)
fast_slot, slow_slot = live.slots(session)  # hold the current frame; live.run redraws them
renders = {"inspector": inspector.render, "gradient_check": gradient_check.render,
           "classroom": sharing.classroom_panel, "export": export.render}
if session.dataset.has_boundary:
    renders["draw"] = boundary.render_detail
if session.dataset.image_shape is not None:
    renders["digits"] = digits.render
panels = [name for name in links.PANELS if name in renders and classroom.shows_panel(name)]
if panels:
    # Stateful tabs: a rerun keeps the open tab, and only the open tab's panel is computed.
    tabs = st.tabs([links.PANELS[name] for name in panels], key=keys.PANEL_TABS,
                   on_change="rerun")
    for tab, name in zip(tabs, panels, strict=True):
        if tab.open:
            with tab, state.shielded(links.PANELS[name].split(":")[0].lower()):
                renders[name](session)
if session.autoplay:
    sharing.autoplay(session)  # a link's play=1, once the page is on the screen
with state.shielded("live charts"):
    live.run(session, fast_slot, slow_slot)  # last: while playing it loops until interrupted
