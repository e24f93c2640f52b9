"""Chart builders: plain functions `data -> image / SVG string / plotly figure`.

Pure NumPy (PNG through our own encoder, png.py; plotly only for the paused detail views);
never imports streamlit, so every chart is testable without a browser.
"""
