"""A small, fast PNG encoder for the live charts (boundary, neuron maps).

Why hand-made: PIL picks a filter per row and spends most of its time there; the plots here are
smooth, so PNG's "Up" filter (each byte minus the byte above it, mod 256) applied to the whole
image in one NumPy subtraction, followed by zlib at level 1, is about 2x faster than PIL at
compress_level 1 and as small (bench/charts.py measures both). Level 3 saves ~3% bytes for ~30%
more time on a boundary image, so 1 is the default.

PNG layout: signature, IHDR (width, height, bit depth 8, colour type), one IDAT holding the
zlib-compressed rows (each row prefixed by its filter byte), IEND. Each chunk is
length | type | data | CRC-32(type + data).
"""

import base64
import struct
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPE = {1: 0, 3: 2, 4: 6}  # channels -> PNG colour type (grey, RGB, RGBA)
_FILTER_UP = 2


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bytes(image, level: int = 1) -> bytes:
    """Encode a uint8 image (h, w), (h, w, 3) or (h, w, 4) as PNG bytes."""
    a = np.asarray(image)
    if a.dtype != np.uint8:
        a = np.clip(np.nan_to_num(a), 0, 255).astype(np.uint8)
    if a.ndim == 2:
        a = a[:, :, None]
    if a.ndim != 3 or a.shape[2] not in _COLOUR_TYPE or a.shape[0] == 0 or a.shape[1] == 0:
        raise ValueError(f"expected a (h, w), (h, w, 3) or (h, w, 4) image, got {a.shape}")
    h, w, channels = a.shape
    rows = np.ascontiguousarray(a).reshape(h, w * channels)
    raw = np.empty((h, w * channels + 1), dtype=np.uint8)
    raw[:, 0] = _FILTER_UP
    raw[0, 1:] = rows[0]  # the row above the first row is defined as zeros
    np.subtract(rows[1:], rows[:-1], out=raw[1:, 1:])  # uint8 arithmetic wraps mod 256
    header = struct.pack(">IIBBBBB", w, h, 8, _COLOUR_TYPE[channels], 0, 0, 0)
    return (
        _SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw.tobytes(), level))
        + _chunk(b"IEND", b"")
    )


def png_data_uri(image, level: int = 1) -> str:
    """uint8 image -> 'data:image/png;base64,...' for <img src> or SVG <image href>."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(image, level)).decode("ascii")
