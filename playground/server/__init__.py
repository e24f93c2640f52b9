"""What the page needs from the server it runs on: the SQL stores for shared state, checkpoints
that let a run outlive its replica, the release of closed tabs' sessions, and the one door into
Streamlit's private runtime."""
