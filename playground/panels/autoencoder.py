"""The autoencoder's live cell (issue 19), in place of the decision boundary: on 2-D data each
training point's reconstruction as an arrow; otherwise the test set's 2-D codes as a scatter
coloured by class (classes the network never sees) and, on digits, inputs beside their
reconstructions."""

from __future__ import annotations

from playground.charts.autoencoder import (
    codes_scatter_svg,
    reconstruction_arrows_svg,
    reconstruction_pairs_image,
)
from playground.charts.png import png_data_uri
from playground.session import autoencoding
from playground.session.state import Session

SIZE = 300  # px, as the boundary
PAIRS = 8  # test digits beside their reconstructions
MAX_ARROWS = 200  # points drawn with their arrow (each frame carries them; more hide the curve)


def plane_html(session: Session) -> str:
    d = session.dataset
    X, labels = d.X_train[:, :MAX_ARROWS], d.labels_train[:MAX_ARROWS]
    back = autoencoding.in_data_units(d, autoencoding.reconstructions(session.net, X))
    if back is None:
        return ("<div class='pg-autoencoder'><p>The reconstructions cannot be drawn on the "
                "plane: the features hold no x1 and x2 to map them back to.</p></div>")
    svg = reconstruction_arrows_svg(d.points_train[:, :MAX_ARROWS], back, d.bounds, labels,
                                    side=SIZE)
    return f"<div class='pg-autoencoder pg-boundary'>{svg}</div>"


def codes_html(session: Session) -> str:
    d = session.dataset
    code = autoencoding.codes(session.net, d.X_test)
    parts = ["<div class='pg-autoencoder pg-boundary'>"]  # the boundary's place and size
    if code.shape[0] == 2:
        parts.append(codes_scatter_svg(code, d.labels_test, d.class_names, side=SIZE))
    if d.image_shape is not None and d.inputs_test.shape[0] == 64:
        k = min(PAIRS, d.X_test.shape[1])
        back = autoencoding.in_data_units(
            d, autoencoding.reconstructions(session.net, d.X_test[:, :k]))
        image = reconstruction_pairs_image(d.inputs_test[:, :k], back)
        parts.append("<div class='pg-chart-title'>Test digits, each beside its "
                     "reconstruction x̂</div>"
                     f"<img class='pg-reconstructions' alt='reconstructions' "
                     f"src='{png_data_uri(image)}'/>")
    parts.append("</div>")
    return "".join(parts)


def frame_html(session: Session, outputs=None) -> str:
    """The live area's first cell for an autoencoder."""
    d = session.dataset
    if d.has_boundary and d.points_train is not None:
        return plane_html(session)
    return codes_html(session)
