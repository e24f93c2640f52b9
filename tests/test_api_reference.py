"""The engine's API reference: generated with pdoc from the docstrings, without warnings,
listing every name of engine.__all__, each documented (issue 30)."""

from __future__ import annotations

import inspect
import re
import warnings

import pdoc
import pdoc.doc
import pytest

import engine

SUBMODULES = {name for name in engine.__all__ if inspect.ismodule(getattr(engine, name))}


def test_the_reference_builds_without_warnings_and_lists_every_public_name(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc("engine", output_directory=tmp_path)
    assert [str(w.message) for w in caught] == []
    page = (tmp_path / "engine.html").read_text(encoding="utf-8")
    sections = set(re.findall(r'<section id="([A-Za-z_0-9]+)">', page))
    assert sections == set(engine.__all__) - SUBMODULES
    for name in SUBMODULES:
        assert (tmp_path / "engine" / f"{name}.html").is_file(), name


def test_every_public_name_has_a_docstring():
    module = pdoc.doc.Module(engine)
    undocumented = [name for name in sorted(set(engine.__all__) - SUBMODULES)
                    if not module.get(name).docstring.strip()]
    undocumented += [name for name in sorted(SUBMODULES)
                     if not (getattr(engine, name).__doc__ or "").strip()]
    for cls in (engine.Network, engine.Trainer, engine.History, engine.ArrayData):
        doc = module.get(cls.__name__)
        undocumented += [f"{cls.__name__}.{m.name}" for m in doc.own_members
                         if isinstance(m, pdoc.doc.Function) and not m.name.startswith("_")
                         and not m.docstring.strip()]
    assert undocumented == []


@pytest.mark.parametrize("fragment", [
    # spec keys with their defaults, each optimizer's parameters, the decay format
    '"init": "xavier"', '"batch_size": None', "beta2 = 0.999", '"kind": "staircase"',
    # the problem values, the history series, what predict returns
    "regression", "update_ratio{l}", "probabilities",
])
def test_the_reference_says_what_a_notebook_needs(fragment):
    text = "\n".join(filter(None, [
        engine.Network.from_spec.__doc__, engine.Network.predict.__doc__,
        engine.ArrayData.__doc__, engine.History.__doc__, engine.OPTIMIZERS and
        pdoc.doc.Module(engine).get("OPTIMIZERS").docstring]))
    assert fragment in text
