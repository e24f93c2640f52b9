"""Chart builders: plain functions `data -> image / SVG string / plotly figure`.

Pure NumPy (+ PIL for PNG, plotly for the paused detail views); never imports streamlit,
so every chart is testable without a browser.
"""
