"""The "Save & export" tab: the network as JSON (to load here again), Python and ONNX; the
boundary as a slide-sized PNG, the diagram as SVG, the curves' numbers as CSV; and an uploader
that loads a saved network to go on training or to look at it.

Nothing is built while the page plays: each button hands Streamlit a builder
(playground/saving/downloads.py) that runs only when it is clicked (``data=callable``), and the
click does not rerun the page (``on_click="ignore"``).
"""

from __future__ import annotations

import streamlit as st

from playground.panels.notices import show
from playground.saving import downloads, loading
from playground.session import keys
from playground.session.state import Session, guarded

# (key, label, builder, file suffix, MIME type, help)
NETWORK_FILES = (
    ("json", "Network (JSON)", downloads.network_json, "json", "application/json",
     "Everything needed to go on training here later (load it below), or in a notebook with "
     "engine.from_json."),
    ("python", "Python (NumPy only)", downloads.network_python, "py", "text/x-python",
     "One file: the learned numbers and the forward pass written out; predict(X)."),
    ("onnx", "ONNX", downloads.network_onnx, "onnx", "application/octet-stream",
     "The inference graph, for Netron or onnxruntime (one example per row)."),
)
PICTURES = (
    ("png", "Boundary (PNG, 1920×1080)", downloads.boundary_png, "png", "image/png",
     "The decision boundary with the points, sized for a slide."),
    ("svg", "Network diagram (SVG)", downloads.diagram_svg, "svg", "image/svg+xml",
     "The diagram as a vector picture."),
)
NUMBERS = (
    ("csv", "Cost & accuracy (CSV)", downloads.history_csv, "csv", "text/csv",
     "Train and test cost (and accuracy) at every evaluated epoch."),
)


def _buttons(session: Session, files) -> None:
    stem = downloads.file_stem(session)
    for key, label, build, suffix, mime, help_text in files:
        st.download_button(label, data=lambda build=build: build(session),
                           file_name=f"{stem}.{suffix}", mime=mime, help=help_text,
                           on_click="ignore", key=keys.export_download(key),
                           icon=":material/download:", width="stretch")


def _uploaded(session: Session, key: str) -> None:
    upload = st.session_state.get(key)
    st.session_state[keys.EXPORT_UPLOADS] = st.session_state.get(keys.EXPORT_UPLOADS, 0) + 1
    if upload is not None:
        loading.load(session, upload.name, upload.getvalue())
        # Said here too: the page's message line is a screen away from this tab.
        st.session_state[keys.EXPORT_OUTCOME] = session.notices.in_order()


def render(session: Session) -> None:
    network, pictures, numbers = st.columns(3)
    with network:
        st.markdown("**The network**")
        _buttons(session, NETWORK_FILES)
    with pictures:
        st.markdown("**Pictures**")
        _buttons(session, [f for f in PICTURES if f[0] != "png" or session.dataset.has_boundary])
    with numbers:
        st.markdown("**Numbers**")
        _buttons(session, NUMBERS)
        key = keys.export_upload(st.session_state.get(keys.EXPORT_UPLOADS, 0))
        st.file_uploader("Load a saved network (JSON)", type=["json"], key=key,
                         max_upload_size=loading.MAX_MEGABYTES,
                         on_change=guarded(_uploaded), args=(session, key),
                         help="Its set-up fills the settings (and the link); training goes on "
                              "from where it stopped.")
        outcome = st.session_state.pop(keys.EXPORT_OUTCOME, None)
        if outcome is not None:
            show(outcome)
