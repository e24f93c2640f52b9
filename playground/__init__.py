"""The Streamlit playground: page code (app side) and pure chart builders (charts/)."""
