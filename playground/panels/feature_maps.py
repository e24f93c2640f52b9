"""The network diagram of a conv net: the feature maps of one test example, layer by layer
(playground/charts/feature_maps.py), in the live area where a dense net's diagram sits."""

from __future__ import annotations

from playground.charts.feature_maps import feature_maps_html
from playground.saving.session_charts import FEATURE_MAPS_TITLE, feature_map_layers
from playground.session.state import Session


def frame_html(session: Session, outputs=None) -> str:
    """The feature maps in their cell of the live area."""
    maps = feature_maps_html(feature_map_layers(session), FEATURE_MAPS_TITLE)
    return f"<div class='pg-network pg-features'>{maps}</div>"

