"""One neuron's computation graph as a Graphviz DOT string (st.graphviz_chart draws it in the
browser): z = w·x + b → a = σ(z) → L(a, y), each node filled with its forward value and then,
stepping backward, with the course's derivative dvar = ∂L/∂var."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NeuronGraph:
    """z = w·x + b, a = σ(z), L(a, y) = −(y ln a + (1 − y) ln(1 − a)) for one example, forward
    values and the course's backward derivatives dvar = ∂L/∂var."""

    x: tuple[float, ...]
    w: tuple[float, ...]
    b: float
    y: float
    z: float
    a: float
    loss: float
    da: float  # −y/a + (1 − y)/(1 − a)
    dz: float  # a − y
    dw: tuple[float, ...]  # x_i · dz
    db: float  # dz


# The steps of the walk through the graph: forward fills values, backward fills dvar.
STAGES = ("inputs", "z", "a", "L", "da", "dz", "dw, db")
FORWARD = "#1f2328"
BACKWARD = "#c2410c"  # the derivatives, in one colour so they read as a second pass


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def _label(title: str, forward: str | None, backward: str | None) -> str:
    rows = [f'<tr><td><b>{title}</b></td></tr>']
    if forward is not None:
        rows.append(f'<tr><td><font color="{FORWARD}">{forward}</font></td></tr>')
    if backward is not None:
        rows.append(f'<tr><td><font color="{BACKWARD}">{backward}</font></td></tr>')
    return "<<table border='0' cellspacing='0' cellpadding='1'>" + "".join(rows) + "</table>>"


def graph_dot(g: NeuronGraph, stage: int) -> str:
    """The graph after `stage` steps of STAGES (0: the inputs and parameters only)."""
    shown = STAGES[: stage + 1]
    nodes, edges = [], []
    n = len(g.x)
    for i in range(n):  # input and weight in one node: the graph stays short
        dw = f"dw{i + 1} = x{i + 1}·dz = {_fmt(g.dw[i])}" if "dw, db" in shown else None
        values = f"x{i + 1} = {_fmt(g.x[i])},  w{i + 1} = {_fmt(g.w[i])}"
        nodes.append(f'w{i} [label={_label(f"input {i + 1}", values, dw)}, '
                     'shape=box, style="rounded,filled", fillcolor="#eef2ff"]')
        edges.append(f"w{i} -> z")
    db = f"db = dz = {_fmt(g.db)}" if "dw, db" in shown else None
    nodes.append(f'b [label={_label("b", f"= {_fmt(g.b)}", db)}, shape=box, '
                 'style="rounded,filled", fillcolor="#eef2ff"]')
    edges.append("b -> z")
    z = f"= {_fmt(g.z)}" if "z" in shown else None
    dz = f"dz = a − y = {_fmt(g.dz)}" if "dz" in shown else None
    nodes.append(f'z [label={_label("z = w·x + b", z, dz)}, shape=box]')
    a = f"= {_fmt(g.a)}" if "a" in shown else None
    da = f"da = {_fmt(g.da)}" if "da" in shown else None  # −y/a + (1−y)/(1−a): in the text
    nodes.append(f'a [label={_label("a = σ(z)", a, da)}, shape=box]')
    nodes.append(f'y [label={_label("y", f"= {g.y:g}", None)}, shape=box, '
                 'style="rounded,filled", fillcolor="#f3f4f6"]')
    loss = f"= {_fmt(g.loss)}" if "L" in shown else None
    nodes.append(f'L [label={_label("L(a, y)", loss, None)}, '
                 'shape=box, penwidth=2]')
    edges += ["z -> a", "a -> L", "y -> L"]
    body = ";\n  ".join(nodes + edges)
    return ("digraph neuron {\n  rankdir=LR; bgcolor=transparent; nodesep=0.25;\n"
            '  node [fontname="Helvetica", fontsize=12, margin="0.12,0.06"];\n'
            f"  edge [color=\"#6b7280\"];\n  {body};\n}}")
