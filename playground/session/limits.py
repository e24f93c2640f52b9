"""The shared server's limits on one student's network, in the playground's words.

The engine builds and trains networks of any size that fits in memory (a notebook can train
784-128-10 on 12,000 examples); a classroom shares one 2-core server, so the page, its links
and uploaded files keep to this table. settings.py clamps links and controls to it, and every
network the page builds passes ``checked`` (settings.network_spec).
"""

from __future__ import annotations

import engine

MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 64  # per hidden layer
# Conv layers: half the engine's filters (a classroom's 2 cores train every student's net);
# the engine's own bounds on layers, windows and images (engine/spec.py) hold too.
MAX_FILTERS = 16
MAX_CONV_LAYERS = engine.spec.MAX_CONV_LAYERS
MAX_INPUTS = engine.spec.MAX_INPUTS  # n_x: the columns an upload may have (engine.csv_data)
# Classes: a file's labels keep to engine.spec.MAX_OUTPUTS (10; engine/csv_data.py refuses
# more), the family trees answer with one of their 24 people.
MAX_OUTPUTS = max(engine.spec.MAX_OUTPUTS, len(engine.family_trees.PEOPLE))
MAX_EXAMPLES = engine.MAX_EXAMPLES  # generated sets (make_dataset) and uploaded rows


def refusal(spec: dict) -> str | None:
    """Why this server does not build the network of ``spec`` (None if it does)."""
    hidden, output = spec["layers"][:-1], spec["layers"][-1]
    if len(hidden) > MAX_HIDDEN_LAYERS:
        return (f"The playground builds networks of at most {MAX_HIDDEN_LAYERS} hidden layers "
                f"on this shared server; this one has {len(hidden)}.")
    convs = [layer for layer in hidden if layer.get("type") == "conv"]
    if len(convs) > MAX_CONV_LAYERS:
        return (f"The playground builds at most {MAX_CONV_LAYERS} conv layers on this shared "
                f"server; this network has {len(convs)}.")
    for index, layer in enumerate(hidden, start=1):
        kind = layer.get("type", "dense")
        if kind == "conv" and layer["filters"] > MAX_FILTERS:
            return (f"Hidden layer {index} has {layer['filters']} filters; the playground "
                    f"allows at most {MAX_FILTERS} per conv layer on this shared server.")
        if kind == "dense" and layer["units"] > MAX_UNITS:
            return (f"Hidden layer {index} has {layer['units']} units; the playground allows at "
                    f"most {MAX_UNITS} per layer on this shared server.")
    if spec["n_x"] > MAX_INPUTS:
        return (f"The data gives the network {spec['n_x']:,} inputs (n_x); the playground "
                f"takes at most {MAX_INPUTS:,}.")
    if output.get("activation") in ("sigmoid", "softmax") and output["units"] > MAX_OUTPUTS:
        return (f"The data has {output['units']} classes; the playground handles at most "
                f"{MAX_OUTPUTS}.")
    if output["units"] > MAX_INPUTS:  # a linear output: an autoencoder gives n_x values back
        return (f"The network has {output['units']:,} outputs; the playground takes at most "
                f"{MAX_INPUTS:,}.")
    return None


def checked(spec: dict) -> dict:
    """``spec`` itself, or ValueError with ``refusal``'s sentence."""
    why = refusal(spec)
    if why is not None:
        raise ValueError(why)
    return spec
