"""Hypothesis-driven hostile CSV files (issue 8): whatever a student uploads and picks, the
engine answers with usable data or one DataError, never another exception, and what it lets
through is finite and normalized."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.csv_data import CsvTable, DataError, inspect_csv, load_csv
from engine.prepare import prepare
from engine.rawdata import RawData

CELLS = st.one_of(
    st.integers(-5, 5).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.sampled_from(["x", "=1+1", "0x1F", "nan", "-inf", "", " ", "1e308", "-1e308", "1e200",
                     "1,5", '"q"', "é", "1_000", "TRUE"]),
)
NAMES = st.sampled_from(["a", "b", "c", "label", "", "1", "a b", "price"])


@st.composite
def csv_text(draw) -> str:
    header = draw(st.lists(NAMES, min_size=1, max_size=5))
    width = len(header) + draw(st.sampled_from([0, 0, 0, -1, 1]))
    rows = draw(st.lists(st.lists(CELLS, min_size=max(width, 0), max_size=max(width, 0)),
                         max_size=12))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    return "\n".join(delimiter.join(row) for row in [header, *rows]) + "\n"


def check_usable(raw: RawData, **options) -> None:
    try:
        data = prepare(raw, **options)
    except DataError:
        return
    for part in (data.X_train, data.X_test, data.Y_train, data.Y_test):
        assert np.isfinite(part).all()
    assert data.X_train.shape[0] == data.n_x == len(data.feature_names)
    # Each row is standardized (σ 1), or (near-)constant with σ kept at 1: never squashed to
    # ±0 by an overflowed σ.
    spread = data.X_train.std(axis=1)
    standardized = np.abs(spread - 1) < 1e-6
    mean, std = data.normalization.mean[:, 0], data.normalization.std[:, 0]
    constant = (std == 1) & (spread <= 2e-12 * np.maximum(1.0, np.abs(mean)))
    assert np.all(standardized | constant), (spread, data.normalization.std)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=csv_text(), problem=st.sampled_from([None, "classification", "regression"]),
       pick=st.integers(0, 31), encoding=st.sampled_from(["utf-8", "utf-8", "utf-16"]),
       features=st.sampled_from([("x1", "x2"), ("x1^2", "x2^2", "x1x2"), ("sin_x1", "cos_x2")]))
def test_any_file_and_any_pick_is_data_or_one_data_error(text, problem, pick, encoding,
                                                         features):
    try:
        table = inspect_csv(text.encode(encoding))
    except DataError:
        return
    assert isinstance(table, CsvTable) and len(table.feature_columns) >= 2
    label = table.columns[pick % len(table.columns)]
    chosen = [c for j, c in enumerate(table.feature_columns) if pick >> (j % 5) & 1]
    for columns in (None, chosen):
        try:
            raw = load_csv(table, label_column=label, feature_columns=columns, problem=problem)
        except DataError:
            continue
        assert np.isfinite(raw.points).all() and np.isfinite(raw.labels).all()
        check_usable(raw, features=features)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_are_a_table_or_one_data_error(data):
    try:
        table = inspect_csv(data)
    except DataError:
        return
    assert len(table.columns) >= 2 and table.n_rows >= 1


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.floats(width=64), min_size=8, max_size=8),
       labels=st.lists(st.integers(-2, 3), min_size=4, max_size=4),
       problem=st.sampled_from(["binary", "multiclass", "regression"]))
def test_any_numbers_are_raw_data_or_one_data_error(values, labels, problem):
    names = {"binary": ["n", "p"], "multiclass": ["a", "b", "c"], "regression": []}[problem]
    try:
        raw = RawData(np.array(values).reshape(2, 4), np.array(labels), names, problem, "csv",
                      input_names=("u", "v"))
    except DataError:
        return
    check_usable(raw, features=("x1", "x2", "x1^2"))
