"""All parameters of a network in one flat vector θ, with W1, b1, W2, ... as views into it.

Why: an optimizer then updates everything in one NumPy operation instead of one per matrix,
one copy saves the last finite parameters, and every per-matrix norm comes from a single
``np.add.reduceat``. To the user nothing changes: ``net.parameters["W1"]`` is an ordinary
(n[1], n[0]) array, and writing into it writes into the network.
"""

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
        self._scratch = {}

    def slice(self, name):
        """(start, stop) of parameter ``name`` in the flat vector."""
        for entry, start, stop, _ in self._slices:
            if entry == name:
                return start, stop
        raise KeyError(name)

    def split(self, flat, prefix=""):
        """Views of a flat vector in this layout: {prefix + name: array of that shape}."""
        return {prefix + name: flat[start:stop].reshape(shape)
                for name, start, stop, shape in self._slices}

    def new_gradient(self):
        """A fresh flat gradient vector and its views {"dW1": ..., "db1": ...}. Fresh every
        step, so a record kept by the caller is never overwritten by the next step."""
        flat = np.empty(self.size)
        return flat, self.split(flat, prefix="d")

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
