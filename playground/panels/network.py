"""The network diagram (TF Playground's signature): every neuron shows its own output over
the input plane; edges are blue for w > 0, orange for w < 0, thicker for larger |w|; hovering
an edge, a neuron or its bias square shows the value."""

from __future__ import annotations

import numpy as np

from playground.saving.session_charts import network_html as live_html
from playground.session.state import Session


def frame_html(session: Session, outputs: list[np.ndarray] | None) -> str:
    """The diagram in its cell of the live area."""
    return f"<div class='pg-network'>{live_html(session, outputs)}</div>"
