"""The presenter view (`view=present`): a projector at 1920x1080 read from the back of a room.

Sidebar collapsed (app.py's page config), the root font 1.5x the normal page's, and only the
boundary, the network diagram and the cost curve: the panels' tabs are not drawn, and the
slow charts' row keeps its first chart (the cost curve) only, as one wide chart beside the
others' place. CSS only: the live frames are the normal page's, so presenting costs nothing.
"""

import streamlit as st

SCALE = 1.5  # text size against the normal page's (style.CSS: clamp(16px, 0.95vw, 20px))

CSS = f"""
<style>
html {{font-size: clamp({16 * SCALE:g}px, {0.95 * SCALE:g}vw, {20 * SCALE:g}px);}}
.block-container {{max-width: 100%; padding: 1rem 2rem 1rem 2rem;}}
.pg-metric .pg-value {{font-size: {2.3 * SCALE:g}rem;}}
.pg-metric .pg-label {{font-size: 0.8rem;}}
.pg-boundary {{flex: 0 1 40%; max-width: {600 * SCALE:g}px;}}
.pg-network {{flex: 1 1 60%; max-width: {940 * SCALE:g}px;}}
/* The cost curve only (the accuracy, saturation and gradient charts stay in the normal view). */
.pg-charts {{grid-template-columns: minmax(0, 1fr);}}
.pg-charts > * {{max-width: {520 * SCALE:g}px;}}
.pg-charts > *:not(:first-child) {{display: none;}}
.pg-chart-title {{font-size: {17 * SCALE:g}px;}}
</style>
"""


def inject() -> None:
    st.html(CSS)
