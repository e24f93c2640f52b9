"""The presenter view (`view=present`): a projector at 1920x1080 read from the back of a room.

Sidebar collapsed (app.py's page config), the root font 1.5x the normal page's, and only the
boundary, the network diagram and the cost curve: the panels' tabs are not drawn, and the
slow charts' row keeps its first chart (the cost curve) only. CSS only: the live frames are
the normal page's, so presenting costs nothing more.
"""

import streamlit as st

SCALE = 1.5  # text size against the normal page's (style.CSS: clamp(16px, 0.95vw, 20px))
# A 1366x768 projector gets 20 px, not 24: at 24 the lesson bar and toolbar alone filled half
# of its height. From 1400 px wide the text is 1.5x the normal page's as before.
MIN_FONT = 20

# Measured at 1920x1080 (tests/browser/test_links.py): the normal page's boundary is 558 px
# wide, its diagram 873 px, its cost curve 467 px. Both charts at 1.4x do not fit side by side
# (2,000 px), so the boundary gets 1.4x and the diagram the rest of the row (~1,000 px); the
# cost curve follows below at 1.4x (the projector page scrolls to it). Both are capped at the
# viewport's height under the toolbar and metrics, so the boundary is seen whole.
CSS = f"""
<style>
html {{font-size: clamp({MIN_FONT}px, {0.95 * SCALE:g}vw, {20 * SCALE:g}px);}}
.block-container {{max-width: 100%; padding: 0.4rem 1.5rem 1rem 1.5rem;}}
.pg-metrics {{flex-wrap: nowrap; gap: 0 1rem; margin-bottom: 0.2rem;}}
.pg-metric .pg-label {{font-size: 0.55rem;}}
.pg-metric .pg-value {{font-size: 1.45rem;}}
.pg-row {{display: grid; grid-template-columns: minmax(0, 44fr) minmax(0, 56fr); gap: 1.2rem;}}
.pg-boundary, .pg-network {{max-width: none;}}
/* A lesson's screen: the lesson bar clear of the page's header, the boundary alone when a
   demonstration sits beside it, and the row capped at what is left of the first screen. */
.st-key-lesson-banner {{margin-top: 1.6rem;}}
.pg-row.pg-alone {{grid-template-columns: minmax(0, 1fr);}}
.pg-narrow .pg-metrics {{display: grid;}}
.pg-row.pg-lesson svg, .pg-row.pg-alone svg {{max-height: calc(100vh - 24.8rem);}}
/* The boundary and the diagram fit under the toolbar and metrics on one screen (at 1920x1080
   the boundary's bottom edge was cut off); the SVGs keep their aspect ratio inside. */
.pg-row svg {{max-height: calc(100vh - 17rem);}}
.pg-charts {{grid-template-columns: minmax(0, 1fr); margin-top: 0.6rem;}}
.pg-charts > * {{max-width: {520 * SCALE:g}px;}}
/* The cost curve only (the accuracy, saturation and gradient charts stay in the normal view). */
.pg-charts > *:not(:first-child) {{display: none;}}
.pg-chart-title {{font-size: 0.8rem;}}
</style>
"""


def inject() -> None:
    st.html(CSS)
