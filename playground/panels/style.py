"""The page's CSS: the live HTML blocks (metrics strip, boundary + diagram row, small charts),
sized for 1280×800 and readable on a projector."""

import streamlit as st

CSS = """
<style>
.block-container {padding-top: 2.2rem; padding-bottom: 1rem; max-width: 1400px;}
section[data-testid="stSidebar"] {width: 330px !important;}
.pg-metrics {display: flex; flex-wrap: wrap; gap: 0.4rem 1.6rem; margin: 0.1rem 0 0.5rem 0;}
.pg-metric .pg-label {font-size: 0.8rem; color: #555; text-transform: uppercase;
  letter-spacing: 0.03em;}
.pg-metric .pg-value {font-size: 1.55rem; font-weight: 600; color: #222;
  font-variant-numeric: tabular-nums;}
.pg-row {display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start;}
.pg-row svg, .pg-charts svg {max-width: 100%; height: auto;}
.pg-network {flex: 1 1 520px; min-width: 360px;}
.pg-charts {display: flex; flex-wrap: wrap; gap: 0.5rem 1rem;}
.pg-note {color: #555; font-size: 0.95rem;}
</style>
"""


def inject() -> None:
    st.html(CSS)
