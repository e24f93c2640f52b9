"""Every panel of the playground page in one table: its name (the link's `panels=` and a
lesson's `watch` use it), its title, where it is drawn, how, and when it is available.

- "live" panels are HTML redrawn by the live loop while playing (playground/live.py): their
  render is `f(session, outputs) -> str`, with the network's [A0..AL] on the plotting grid.
- "tab" panels are Streamlit elements in the tabs below the live area: `f(session) -> None`.
- "lesson": the open lesson's demonstration beside its text (playground/panels/lesson_demos).

Renders are named "module:function" and imported when first drawn: this table sits below the
panels (playground/session/links.py reads the names and titles), and the panels import the session.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass


def _always(session) -> bool:
    return True


def _has_plane(session) -> bool:
    return session.dataset.has_boundary


def _has_images(session) -> bool:
    return session.dataset.image_shape is not None


def _family_trees(session) -> bool:
    return session.dataset.name == "family_trees"


def _dense_only(session) -> bool:
    """Panels drawn unit by unit, for dense layers (a conv layer's units are feature maps)."""
    return all(layer.get("type", "dense") == "dense" for layer in session.net.spec["layers"])


def _has_conv(session) -> bool:
    return not _dense_only(session)


def _classifies(session) -> bool:
    return session.dataset.problem in ("binary", "multiclass")


def _autoencodes(session) -> bool:
    return session.dataset.problem == "autoencoder"


def _draws_points(session) -> bool:
    """Hand-drawn points need a label or a target: not an autoencoder's."""
    return _has_plane(session) and not _autoencodes(session)


def _has_labelled_images(session) -> bool:
    return _has_images(session) and _classifies(session)


@dataclass(frozen=True)
class Panel:
    name: str
    title: str
    kind: str  # "live", "tab" or "lesson"
    render: str  # "module:function"
    available: Callable = _always  # session -> bool

    def draw(self):
        """The render function itself."""
        module, function = self.render.split(":")
        return getattr(importlib.import_module(module), function)


PANELS: tuple[Panel, ...] = (
    # The live area, in the order the normal page draws them.
    Panel("boundary", "Decision boundary", "live", "playground.panels.boundary:frame_html"),
    # In the boundary's place for an autoencoder (live.fast_html): reconstructions, codes.
    Panel("autoencoder", "Autoencoder: codes and reconstructions", "live",
          "playground.panels.autoencoder:frame_html", _autoencodes),
    Panel("network", "Network diagram", "live", "playground.panels.network:frame_html",
          _dense_only),
    Panel("feature_maps", "Feature maps", "live", "playground.panels.feature_maps:frame_html",
          _has_conv),
    Panel("cost", "Cost curve", "live", "playground.panels.curves:cost_html"),
    Panel("accuracy", "Accuracy curve", "live", "playground.panels.curves:accuracy_html",
          _classifies),
    Panel("person_units", "Family trees: each unit's weight from each person", "live",
          "playground.panels.family_trees:units_html", _family_trees),
    Panel("activations", "Distribution of A[l]", "live",
          "playground.panels.saturation:histograms_html"),
    Panel("saturation", "Saturated / dead share", "live",
          "playground.panels.saturation:share_html"),
    Panel("gradient_flow", "Gradient flow: ||dW[l]|| by layer", "live",
          "playground.panels.gradients:flow_html"),
    Panel("gradient_norms", "||dW[l]|| over the steps", "live",
          "playground.panels.gradients:norms_html"),
    Panel("update_ratio", "Update ratio ||ΔW[l]|| / ||W[l]||", "live",
          "playground.panels.gradients:ratio_html"),
    # The tabs below it.
    Panel("inspector", "Inspector: forward / backward values", "tab",
          "playground.panels.inspector:render"),
    Panel("gradient_check", "Gradient check", "tab", "playground.panels.gradient_check:render"),
    Panel("draw", "Draw points", "tab", "playground.panels.boundary:render_detail",
          _draws_points),
    Panel("digits", "Digits: confusion matrix", "tab", "playground.panels.digits:render",
          _has_labelled_images),
    Panel("adversarial", "Adversarial examples", "tab", "playground.panels.adversarial:render",
          _classifies),
    Panel("classroom", "Prepare a classroom link", "tab",
          "playground.panels.sharing:classroom_panel"),
    Panel("export", "Save & export", "tab", "playground.panels.export:render"),
    Panel("demo", "The lesson's demonstration", "lesson", "playground.panels.lesson_demos:render"),
)

BY_NAME: dict[str, Panel] = {panel.name: panel for panel in PANELS}
TABS: dict[str, str] = {p.name: p.title for p in PANELS if p.kind == "tab"}  # link name: title
LIVE: tuple[str, ...] = tuple(p.name for p in PANELS if p.kind == "live")


def available(names, session) -> list[Panel]:
    """Those of `names` (in the table's order) that this session's data can show."""
    wanted = set(names)
    return [p for p in PANELS if p.name in wanted and p.available(session)]
