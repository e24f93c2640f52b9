"""One module per panel of the page. Live panels return HTML strings (cheap to send every
frame); detailed panels draw Streamlit elements and run only when the page is paused or stepped."""
