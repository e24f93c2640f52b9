"""The page's CSS: the live HTML blocks (metrics strip, boundary + diagram row, small charts),
sized for 1280×800 and readable on a projector."""

import streamlit as st

CSS = """
<style>
.block-container {padding: 1.6rem 1.4rem 1rem 1.6rem; max-width: 1500px;}
[data-testid="stSidebarUserContent"] {padding-top: 0.5rem;}
[data-testid="stSidebarHeader"] {height: 2.2rem; margin-bottom: 0;}
.pg-metrics {display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; margin: 0 0 0.4rem 0;}
.pg-metric .pg-label {font-size: 0.78rem; color: #555; text-transform: uppercase;
  letter-spacing: 0.03em;}
.pg-metric .pg-value {font-size: clamp(1.3rem, 1.7vw, 2.3rem); font-weight: 600;
  color: #1f2328; font-variant-numeric: tabular-nums;}
/* The live SVGs scale with the window (they have a viewBox): small on a laptop, big on a
   1080p projector, side by side from 1024 px up. */
.pg-row {display: flex; gap: 0.8rem; align-items: flex-start;}
.pg-boundary {flex: 0 1 39%; min-width: 0; max-width: 600px;}
.pg-network {flex: 1 1 61%; min-width: 0; max-width: 940px;}
.pg-digits {flex: 0 1 45%; min-width: 0;}
.pg-row svg {width: 100%; height: auto;}
.pg-charts {display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; margin-top: 0.3rem;}
.pg-charts > * {flex: 1 1 28%; min-width: 240px; max-width: 480px;}
.pg-charts svg {width: 100%; height: auto;}
.pg-chart-title {font-weight: 700; font-size: 13px; color: #222; margin: 2px 0 4px 0;}
/* Narrow screens (1024 px projectors with the sidebar open): icons only on the step buttons. */
@media (max-width: 1150px) {
  .st-key-step button p, .st-key-epoch button p, .st-key-reset button p {display: none;}
}
.pg-note {padding: 0.3rem 0.7rem; border-radius: 0.4rem; margin: 0.1rem 0; font-size: 0.95rem;}
.pg-info {background: #e8f1fb; color: #0b4a80;}
.pg-warn {background: #fff6dc; color: #6b4d00;}
.pg-digits img {display: block; margin-bottom: 0.4rem; max-width: 100%;}
</style>
"""


def inject() -> None:
    st.html(CSS)
