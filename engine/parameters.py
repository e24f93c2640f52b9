"""All parameters of a network in one flat vector θ, with W1, b1, W2, ... as views into it.

Why: an optimizer then updates everything in one NumPy operation instead of one per matrix,
one copy saves the last finite parameters, and every per-matrix norm comes from a single
``np.add.reduceat``. To the user nothing changes: ``net.parameters["W1"]`` is an ordinary
(n[1], n[0]) array, and writing into it writes into the network.
"""

from __future__ import annotations

import numpy as np


class ParameterVector:
    def __init__(self, arrays):
        """``arrays``: an ordered dict name -> initial array (e.g. "W1", "b1", ...)."""
        self.names = list(arrays)
        self.shapes = [a.shape for a in arrays.values()]
        sizes = [a.size for a in arrays.values()]
        self.offsets = np.cumsum([0, *sizes[:-1]])
        self._slices = [(name, int(o), int(o) + n, shape) for name, o, n, shape in
                        zip(self.names, self.offsets, sizes, self.shapes, strict=True)]
        self.size = int(sum(sizes))
        self.theta = np.concatenate([a.ravel() for a in arrays.values()]).astype(float)
        self.views = self.split(self.theta)
        self._where = {name: (start, stop, shape) for name, start, stop, shape in self._slices}
        self._scratch = {}

    def slice(self, name: str) -> tuple[int, int]:
        """(start, stop) of parameter ``name`` in the flat vector."""
        start, stop, _ = self._where[name]
        return start, stop

    def view(self, flat: np.ndarray, name: str) -> np.ndarray | None:
        """Parameter ``name``'s part of a flat vector in this layout (None if there is none)."""
        where = self._where.get(name)
        if where is None:
            return None
        start, stop, shape = where
        return flat[start:stop].reshape(shape)

    def flatten(self, arrays: dict[str, np.ndarray], prefix: str = "") -> np.ndarray:
        """One flat vector in this layout from {prefix + name: array}, e.g. the gradients
        {"dW1": ..., "db1": ...} with prefix "d"."""
        return np.concatenate([arrays[prefix + name].ravel() for name in self.names])

    def split(self, flat, prefix=""):
        """Views of a flat vector in this layout: {prefix + name: array of that shape}."""
        return {prefix + name: flat[start:stop].reshape(shape)
                for name, start, stop, shape in self._slices}

    def squared_norms(self, *flats):
        """||P||² for every parameter P laid out in each of ``flats``: one row per flat
        vector, one column per parameter, in a single pass (through a reused buffer: this
        runs at every step)."""
        buffer = self._scratch.get(len(flats))
        if buffer is None:
            buffer = self._scratch[len(flats)] = np.empty((len(flats), self.size))
        for row, flat in zip(buffer, flats, strict=True):
            np.multiply(flat, flat, out=row)
        return np.add.reduceat(buffer, self.offsets, axis=1)

    def adopt(self, parameters):
        """Copy back entries of ``parameters`` that a user replaced with new arrays (instead of
        writing into them), and make them views again."""
        for name, view in self.views.items():
            given = parameters[name]
            if given is not view:
                given = np.asarray(given, dtype=float)
                if given.shape != view.shape:
                    raise ValueError(f"{name} must have shape {view.shape}, got {given.shape}")
                view[...] = given
                parameters[name] = view
