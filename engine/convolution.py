"""The arithmetic of convolution and pooling in the course's shapes, vectorized with im2col.

    A_prev  (m, n_H_prev, n_W_prev, n_C_prev)      W (f_H, f_W, n_C_prev, n_C)     b (1, 1, 1, n_C)
    n_H = ⌊(n_H_prev + 2p − f_H) / s⌋ + 1          (n_W alike)
    Z[i, h, w, c] = Σ A_prev_pad[i, h·s : h·s + f_H, w·s : w·s + f_W, :] · W[:, :, :, c] + b[c]

im2col: every window of A_prev_pad becomes one row of a matrix ``columns`` of shape
(m · n_H · n_W, f_H · f_W · n_C_prev) — read through numpy's sliding_window_view, copied once —
so the forward pass is one matrix product with W reshaped to (f_H · f_W · n_C_prev, n_C), and
dW = columnsᵀ dZ / m is another. dA_prev adds each window's share back (col2im): one strided
slice addition per filter offset (f_H · f_W of them), since overlapping windows share entries.

Pooling takes the same windows, per channel: the max (its gradient goes to the first maximum's
position) or the average (its gradient spreads evenly over the window).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def images(X: np.ndarray, shape) -> np.ndarray:
    """X (n_x, m), each column a row-major (n_H, n_W, n_C) image, as A (m, n_H, n_W, n_C)."""
    return X.T.reshape(X.shape[1], *shape)


def columns_of(A: np.ndarray) -> np.ndarray:
    """A (m, n_H, n_W, n_C) flattened row-major per example as (n_H · n_W · n_C, m), the
    input of a dense layer (the inverse of ``images``)."""
    return A.reshape(A.shape[0], -1).T


def pad(A: np.ndarray, p_H: int, p_W: int) -> np.ndarray:
    """A with p_H rows of zeros above and below each image and p_W columns either side."""
    if not (p_H or p_W):
        return A
    return np.pad(A, ((0, 0), (p_H, p_H), (p_W, p_W), (0, 0)))


def windows(A: np.ndarray, size, stride) -> np.ndarray:
    """A read-only view (m, n_H, n_W, f_H, f_W, n_C): window (h, w) of every example."""
    (f_H, f_W), (s_H, s_W) = size, stride
    view = sliding_window_view(A, (f_H, f_W), axis=(1, 2))  # (m, ., ., n_C, f_H, f_W)
    return view[:, ::s_H, ::s_W].transpose(0, 1, 2, 4, 5, 3)


def conv_forward(A_prev, W, b, stride, padding) -> tuple[np.ndarray, np.ndarray]:
    """(Z, columns): Z (m, n_H, n_W, n_C) and the im2col matrix the backward pass reuses.
    ``b`` None: no bias (batch norm's β takes its place)."""
    f_H, f_W, n_C_prev, n_C = W.shape
    view = windows(pad(A_prev, *padding), (f_H, f_W), stride)
    m, n_H, n_W = view.shape[:3]
    columns = view.reshape(m * n_H * n_W, f_H * f_W * n_C_prev)  # copies: im2col
    Z = (columns @ W.reshape(-1, n_C)).reshape(m, n_H, n_W, n_C)
    if b is not None:
        Z += b
    return Z, columns


def conv_backward_parameters(dZ, columns, W_shape, m) -> tuple[np.ndarray, np.ndarray]:
    """(dW, db): dW = Σ_positions window · dZ / m (columnsᵀ dZ), db = Σ dZ / m per filter."""
    n_C = dZ.shape[-1]
    dZ_rows = dZ.reshape(-1, n_C)
    dW = (columns.T @ dZ_rows).reshape(W_shape) / m
    db = dZ_rows.sum(axis=0).reshape(1, 1, 1, n_C) / m
    return dW, db


def _add_windows(dA_pad, d_windows, stride, n_H, n_W):
    """col2im: add d_windows (m, n_H, n_W, f_H, f_W, n_C) into the entries each window read."""
    s_H, s_W = stride
    f_H, f_W = d_windows.shape[3:5]
    for i in range(f_H):
        for j in range(f_W):
            dA_pad[:, i:i + s_H * (n_H - 1) + 1:s_H, j:j + s_W * (n_W - 1) + 1:s_W] += (
                d_windows[:, :, :, i, j])
    return dA_pad


def _unpad(A, p_H, p_W):
    return A[:, p_H:A.shape[1] - p_H, p_W:A.shape[2] - p_W]


def conv_backward_input(dZ, W, A_prev_shape, stride, padding) -> np.ndarray:
    """dA_prev: each position's dZ times the filters, added back over its window."""
    f_H, f_W, n_C_prev, n_C = W.shape
    m, n_H, n_W, _ = dZ.shape
    d_windows = (dZ.reshape(-1, n_C) @ W.reshape(-1, n_C).T).reshape(
        m, n_H, n_W, f_H, f_W, n_C_prev)
    p_H, p_W = padding
    _, H, W_side, _ = A_prev_shape
    dA_pad = np.zeros((m, H + 2 * p_H, W_side + 2 * p_W, n_C_prev))
    return _unpad(_add_windows(dA_pad, d_windows, stride, n_H, n_W), p_H, p_W)


def pool_forward(A_prev, size, stride, mode) -> tuple[np.ndarray, np.ndarray | None]:
    """(A, argmax): A (m, n_H, n_W, n_C) the max or average of each window per channel;
    argmax (max only) the flat index in the f_H · f_W window (row by row) of the first
    maximum."""
    (f_H, f_W), (s_H, s_W) = size, stride
    view = sliding_window_view(A_prev, (f_H, f_W), axis=(1, 2))[:, ::s_H, ::s_W]
    m, n_H, n_W, n_C = view.shape[:4]
    # (m, n_H, n_W, n_C, f_H · f_W): each window's entries contiguous, in row-major order,
    # so the reductions below run along the last axis.
    flat = view.reshape(m, n_H, n_W, n_C, f_H * f_W)
    if mode == "average":
        return flat @ np.full(f_H * f_W, 1.0 / (f_H * f_W)), None
    argmax = flat.argmax(axis=-1)  # the first maximum on ties
    return np.take_along_axis(flat, argmax[..., None], axis=-1)[..., 0], argmax


def pool_backward(dA, A_prev_shape, size, stride, mode, argmax) -> np.ndarray:
    """dA_prev: dA goes to each window's maximum (max) or 1/(f_H · f_W) of it to every entry
    of the window (average); overlapping windows add up. One strided addition per offset
    (i, j) in the window."""
    (f_H, f_W), (s_H, s_W) = size, stride
    _, n_H, n_W, _ = dA.shape
    dA_prev = np.zeros(A_prev_shape)
    share = dA / (f_H * f_W)  # average: every entry of a window gets this
    overlapping = s_H < f_H or s_W < f_W
    for i in range(f_H):
        for j in range(f_W):
            entries = dA_prev[:, i:i + s_H * (n_H - 1) + 1:s_H, j:j + s_W * (n_W - 1) + 1:s_W]
            if mode == "average":
                entries += share
            elif overlapping:
                entries += (argmax == i * f_W + j) * dA
            else:  # each entry is in one window at most: copy the maxima's gradients in
                np.copyto(entries, dA, where=argmax == i * f_W + j)
    return dA_prev
