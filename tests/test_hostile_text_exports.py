"""Text a user controls is data in every file the product writes (issue 25).

Arbitrary text (line breaks of every kind, \\r, \\f, \\u2028, backslashes, quotes, triple
quotes, planted code) used as CSV column names and class labels, and as every string of a saved
network: the exported Python file has the same code as with plain names (the text occurs only
inside string constants, comments and docstrings), runs in an empty folder, predicts what the
engine predicts and creates no file; ONNX metadata, the JSON file, the history CSV and the
diagram SVG read back with their own parsers.
"""

from __future__ import annotations

import ast
import copy
import csv
import dataclasses
import io
import json
import subprocess
import sys
import tokenize
import xml.etree.ElementTree as ET

import numpy as np
import onnx
import onnxruntime
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import engine
from engine.pipeline import Pipeline

PLANTED = '__import__("os").system("touch pwned")'
FRAGMENTS = ["\n", "\r", "\r\n", "\f", "\v", "\x85", "\u2028", "\u2029", "\\", "\\\n", '"',
             "'", '"""', "'''", "#", "{", "}", "$", "<", "&", "]]>", "\t", " ", "é", "\u202e",
             "\x00", "\x1c", PLANTED, 'open("pwned", "w")', "\n" + PLANTED + "\n#"]
HOSTILE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.characters()),
                   max_size=8).map("".join)
UTF8 = HOSTILE.filter(lambda t: not any(0xD800 <= ord(c) <= 0xDFFF for c in t))
EXAMPLES = settings(max_examples=15, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

DRIVER = """import json, runpy, sys
import numpy as np
space = runpy.run_path("network.py", run_name="network")
print(json.dumps(space["predict"](np.array(json.load(sys.stdin))).tolist()))
"""


def csv_data(prefix: str, n: int = 40):
    """A prepared data set read from a CSV file whose three feature columns, label column and
    two classes are named with ``prefix`` (written by the csv module, so quoted as needed)."""
    names = [prefix + "1", prefix + "2", prefix + "3", prefix + "L"]
    rng = np.random.default_rng(0)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    for i in range(n):
        writer.writerow([*rng.normal(size=3).round(4), prefix + ("A" if i % 2 else "B")])
    try:
        table = engine.inspect_csv(out.getvalue())
        raw = engine.load_csv(table, table.columns[3], table.columns[:3])
        return engine.prepare(raw, seed=0)
    except engine.DataError:  # e.g. a NUL byte, or names that strip to the same text
        assume(False)


def network_for(data, seed: int = 3) -> engine.Network:
    return engine.Network.from_spec({
        "n_x": data.n_x, "seed": seed, "loss": "binary_cross_entropy",
        "layers": [{"units": 3, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]})


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The file's code: every token but string constants, comments and numbers."""
    skip = {tokenize.STRING, tokenize.COMMENT, tokenize.NUMBER, tokenize.NL}
    return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type not in skip]


def plain(pipeline: Pipeline) -> Pipeline:
    """The same pipeline with harmless names."""
    return dataclasses.replace(
        pipeline, dataset="d", input_names=tuple(f"i{k}" for k in range(len(
            pipeline.input_names))),
        feature_names=tuple(f"f{k}" for k in range(len(pipeline.feature_names))),
        class_names=tuple(f"c{k}" for k in range(len(pipeline.class_names))))


def assigned(source: str, name: str):
    """The literal value the file assigns to ``name``."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == [name]:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in the file")


def check_python_export(net, pipeline: Pipeline, folder) -> None:
    source = engine.to_python(net, pipeline)
    source.encode("utf-8")  # a file can be written
    assert code_tokens(source) == code_tokens(engine.to_python(net, plain(pipeline)))
    # The names reach the file as data, exactly.
    assert assigned(source, "INPUT_NAMES") == list(pipeline.input_names)
    assert assigned(source, "FEATURE_NAMES") == list(pipeline.feature_names)
    assert assigned(source, "CLASS_NAMES") == list(pipeline.class_names)
    # It runs alone in an empty folder, creates nothing there and predicts as the engine does.
    for old in folder.iterdir():
        old.unlink()
    (folder / "network.py").write_text(source, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin"}
    ran = subprocess.run([sys.executable, "-I", "network.py"], cwd=folder, capture_output=True,
                         text=True, env=env, timeout=60)
    assert ran.returncode == 0, ran.stderr
    inputs = np.random.default_rng(1).normal(size=(pipeline.n_inputs, 4))
    predicted = subprocess.run([sys.executable, "-I", "-c", DRIVER], cwd=folder,
                               input=json.dumps(inputs.tolist()), capture_output=True, text=True,
                               env=env, timeout=60)
    assert predicted.returncode == 0, predicted.stderr
    np.testing.assert_allclose(json.loads(predicted.stdout),
                               net.predict(pipeline.transform(inputs)), rtol=0, atol=1e-12)
    assert sorted(p.name for p in folder.iterdir()) == ["network.py"]


# --- the CSV route: column names and class labels from an upload ---------------------------------

@EXAMPLES
@given(prefix=UTF8)
@example(prefix="\r\f\u2028\u2029\x85\\\n'''\"\"\"#")
def test_csv_names_never_become_code_in_the_python_file(tmp_path_factory, prefix):
    data = csv_data(prefix)
    check_python_export(network_for(data), Pipeline.of(data), tmp_path_factory.mktemp("run"))


def test_the_issues_planted_header_no_longer_runs(tmp_path):
    data = csv_data('a\n__import__("os").system("touch pwned")\n#')
    source = engine.to_python(network_for(data), data)
    assert PLANTED not in "".join(t for _, t in code_tokens(source))
    check_python_export(network_for(data), Pipeline.of(data), tmp_path)
    assert not (tmp_path / "pwned").exists()


# --- the JSON route: every string of a saved network ----------------------------------------------

def _saved_document() -> dict:
    data = csv_data("n")
    trainer = engine.Trainer(network_for(data), data)
    trainer.run_epochs(2)
    return engine.saving.to_dict(trainer, data, extra={"settings": "dataset=csv"})


SAVED = _saved_document()


def string_paths(value, path=()):
    """The path of every string in a document: values, and keys (marked with a None last)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key, None)
            yield from string_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_paths(item, (*path, index))
    elif isinstance(value, str):
        yield path


PATHS = sorted(string_paths(SAVED), key=repr)


def replaced(doc: dict, path: tuple, text: str) -> dict:
    doc = copy.deepcopy(doc)
    if path[-1] is None:  # a key: renamed
        *where, key, _ = path
        parent = doc
        for step in where:
            parent = parent[step]
        parent[text] = parent.pop(key)
        return doc
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = text
    return doc


@settings(max_examples=40, deadline=None)
@given(path=st.sampled_from(PATHS), text=HOSTILE)
def test_any_string_of_a_saved_network_loads_as_data_or_is_refused_by_name(path, text):
    doc = replaced(SAVED, path, text)
    try:
        net, info = engine.from_json(json.dumps(doc))
    except ValueError as refused:
        if not text.isprintable() and path[-1] is not None:
            shown = ".".join(str(p) for p in path if not isinstance(p, int))
            assert shown.split(".")[0] in str(refused), (path, str(refused))
        return
    assert text.isprintable() and len(text) <= engine.saving.MAX_TEXT
    pipeline = info["pipeline"]
    if pipeline is not None:
        source = engine.to_python(net, pipeline)
        assert code_tokens(source) == code_tokens(engine.to_python(net, plain(pipeline)))


@EXAMPLES
@given(names=st.lists(HOSTILE.filter(str.isprintable), min_size=6, max_size=6))
def test_printable_hostile_names_load_and_export_as_data(tmp_path_factory, names):
    doc = copy.deepcopy(SAVED)
    data = doc["data"]
    data["dataset"], data["class_names"] = names[0], names[1:3]
    data["input_names"] = data["feature_names"] = names[3:6]
    net, info = engine.from_json(json.dumps(doc))
    pipeline = info["pipeline"]
    assert (pipeline.dataset, list(pipeline.class_names), list(pipeline.input_names)) == (
        names[0], names[1:3], names[3:6])
    check_python_export(net, pipeline, tmp_path_factory.mktemp("run"))


@EXAMPLES
@given(names=st.lists(HOSTILE, min_size=6, max_size=6))
def test_any_names_even_unsaveable_ones_never_become_code(tmp_path_factory, names):
    """A notebook may hand to_python a Pipeline it built itself: lone surrogates too."""
    pipeline = dataclasses.replace(
        Pipeline.of(csv_data("n")), dataset=names[0], class_names=tuple(names[1:3]),
        input_names=tuple(names[3:6]), feature_names=tuple(names[3:6]))
    check_python_export(network_for(pipeline), pipeline, tmp_path_factory.mktemp("run"))


@pytest.mark.parametrize("path, value, field", [
    (("parameters", "W1", 0, 0), 10**400, "parameters.W1[0][0]"),
    (("spec", "seed"), 10**400, "spec.seed"),
    (("optimizer_state", "v"), {"W1": [[10**400]]}, "optimizer_state.v.W1[0][0]"),
    (("data", "target_mean"), 10**400, "data.target_mean"),
    (("parameters", "b1", 0, 0), "NaN", "b1"),
    (("parameters", "W2", 0, 0), "Infinity", "W2"),
    (("data", "target_std"), "-Infinity", "data.target_std"),
    (("best_cost",), "NaN", "best_cost"),
    (("data", "feature_names", 1), "x" * 10_000, "data.feature_names[1]"),
    (("data", "dataset"), "d" * 10_000, "data.dataset"),
    (("data", "class_names", 0), "a\u2028b", "data.class_names[0]"),
    (("data", "input_names", 2), "a\rb", "data.input_names[2]"),
    (("extra", "settings"), "s" * 10_000, "extra.settings"),
])
def test_from_json_refuses_a_hostile_file_with_a_value_error_naming_the_field(
        path, value, field):
    doc = replaced(SAVED, path, value)
    with pytest.raises(ValueError, match=field.replace("[", r"\[").replace("]", r"\]")):
        engine.from_json(json.dumps(doc))


def test_a_huge_integer_is_a_value_error_not_an_overflow_error():
    for path in (("steps_done",), ("spec", "n_x"), ("parameters", "W1", 1, 1)):
        try:
            engine.from_json(json.dumps(replaced(SAVED, path, 10**400)))
        except ValueError as refused:
            assert "too large for a 64-bit float" in str(refused)
        else:
            raise AssertionError(f"10**400 as {path} was accepted")


# --- the other exports, read back by their own parsers --------------------------------------------

@EXAMPLES
@given(names=st.lists(HOSTILE, min_size=6, max_size=6))
def test_onnx_metadata_gives_every_name_back_and_the_graph_still_runs(names):
    pipeline = dataclasses.replace(
        Pipeline.of(csv_data("n")), dataset=names[0], class_names=tuple(names[1:3]),
        input_names=tuple(names[3:6]), feature_names=tuple(names[3:6]))
    net = network_for(pipeline)
    model = onnx.load_from_string(engine.to_onnx(net, pipeline))
    meta = {p.key: p.value for p in model.metadata_props}
    assert json.loads(meta["dataset"]) == names[0]
    assert json.loads(meta["class_names"]) == names[1:3]
    assert json.loads(meta["input_names"]) == json.loads(meta["features"]) == names[3:6]
    inputs = np.random.default_rng(2).normal(size=(3, 4))
    session = onnxruntime.InferenceSession(model.SerializeToString(),
                                           providers=["CPUExecutionProvider"])
    outputs = session.run(None, {"inputs": inputs.T.astype(np.float32)})[0].T
    np.testing.assert_allclose(outputs, net.predict(pipeline.transform(inputs)), atol=1e-5)


def _session_on(prefix: str):
    from playground.session.state import Session

    names = [prefix + "1", prefix + "2", prefix + "L"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    rng = np.random.default_rng(0)
    for i in range(30):
        writer.writerow([*rng.normal(size=2).round(4), prefix + ("A" if i % 2 else "B")])
    session = Session()
    session.use_csv(prefix + ".csv", out.getvalue().encode("utf-8"))
    assume(session.csv is not None)
    session.epoch()
    return session


def _shape(svg: bytes) -> list[str]:
    return [element.tag for element in ET.fromstring(svg).iter()]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.filter_too_much])
@given(prefix=UTF8)
@example(prefix='a\n__import__("os").system("touch pwned")\n#')
@example(prefix="\r\f\u2028\x85\\\"'\"\"\"<&]]>\x01")
def test_the_diagram_svg_history_csv_json_and_png_read_back_with_their_parsers(prefix):
    from PIL import Image

    from playground.saving import downloads

    session, plain_session = _session_on(prefix), _session_on("n")
    # SVG: well-formed XML, the same elements as with plain names (text never adds markup).
    assert _shape(downloads.diagram_svg(session)) == _shape(downloads.diagram_svg(plain_session))
    # CSV: one header of metric names, one numeric row per evaluated epoch.
    rows = list(csv.reader(io.StringIO(downloads.history_csv(session).decode("utf-8"))))
    assert rows[0][0] == "epoch" and all(len(row) == len(rows[0]) for row in rows)
    assert all(float(cell) == float(cell) for row in rows[1:] for cell in row if cell)
    # JSON: the names come back exactly; a control character is refused when loading.
    doc = json.loads(downloads.network_json(session))
    assert doc["data"]["input_names"] == list(session.dataset.input_names)
    printable = all(str(n).isprintable() for n in (*session.dataset.input_names,
                                                    *session.dataset.class_names))
    try:
        engine.from_json(downloads.network_json(session))
        assert printable
    except ValueError as refused:
        assert not printable and "data." in str(refused)
    # PNG: a slide with the names as its axis labels.
    assert Image.open(io.BytesIO(downloads.boundary_png(session))).size == (1920, 1080)
    # The file name keeps to letters, digits, '.', '_' and '-'.
    assert set(downloads.file_stem(session)) <= set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


# --- on the page: user text through Markdown --------------------------------------------------

MARKDOWN = st.lists(st.one_of(st.sampled_from(
    ["[x](http://e.vil)", "![i](https://t/p.png)", "<b>", "<script>", "&amp;", "www.e.vil",
     "a@b.co", "http://e.vil", "# ", "1. ", "- ", "> ", "    ", "`", "*", "_", "~~", "$x$",
     ":red[", "]", "|", "\\", "\n\n", "\r", "\u2028", "---", "==="]), st.characters()),
    max_size=10).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=MARKDOWN)
def test_markdown_shows_user_text_as_it_is_and_nothing_else(text):
    """A CommonMark + GitHub parser (linkify on) makes one plain paragraph of the text."""
    import html

    from markdown_it import MarkdownIt

    from playground.session.plain_text import markdown_literal

    rendered = MarkdownIt("gfm-like").render(markdown_literal(text)).strip()
    shown = "".join(c if c.isprintable() else " " for c in text).strip()
    if not shown:
        assert rendered == ""
        return
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    inner = rendered[3:-4]
    assert "<" not in inner, rendered  # no link, image, emphasis, code or HTML
    assert html.unescape(inner) == shown
