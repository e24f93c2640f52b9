"""CSV uploads: good files become RawData, every hostile file gets its own clear message."""

from pathlib import Path

import numpy as np
import pytest

from engine.csv_data import MAX_BYTES, DataError, inspect_csv, load_csv

EXAMPLE = Path(__file__).resolve().parents[1] / "assets" / "example.csv"


def table(header: str, rows: list[str]) -> str:
    return "\n".join([header, *rows]) + "\n"


def test_example_csv_loads_as_a_binary_set():
    data = EXAMPLE.read_bytes()
    assert len(data) < 10_000
    info = inspect_csv(data)
    assert info.columns == ("hours_studied", "hours_slept", "result")
    assert info.numeric_columns == ("hours_studied", "hours_slept") and info.n_rows == 200
    raw = load_csv(data)
    assert raw.points.shape == (2, 200) and raw.problem == "binary" and raw.name == "csv"
    assert raw.class_names == ["fail", "pass"]
    assert raw.input_names == ("hours_studied", "hours_slept")
    assert 0.3 < raw.labels.mean() < 0.7
    first = EXAMPLE.read_text().splitlines()[1].split(",")
    assert raw.points[:, 0].tolist() == [float(first[0]), float(first[1])]
    assert raw.class_names[raw.labels[0]] == first[2]


def test_chosen_columns_and_text_classes_become_indices():
    text = table("id,x,y,z,kind", ["a,1,2,3,cat", "b,4,5,6,dog", "c,7,8,9,ant", "d,1,1,1,cat"])
    raw = load_csv(text, label_column="kind", feature_columns=["z", "x"])
    assert raw.class_names == ["ant", "cat", "dog"] and raw.problem == "multiclass"
    assert raw.labels.tolist() == [1, 2, 0, 1]
    assert raw.points.tolist() == [[3, 6, 9, 1], [1, 4, 7, 1]]
    assert load_csv(text, label_column="kind").input_names == ("x", "y")  # first two numeric


def test_whole_number_labels_are_classes_sorted_as_numbers():
    rows = [f"{i},{i * 2},{label}" for i, label in enumerate(["10", "2", "2.0", "10", "7"])]
    raw = load_csv(table("a,b,digit", rows))
    assert raw.class_names == ["2", "7", "10"] and raw.labels.tolist() == [2, 0, 0, 2, 1]


def test_fractional_or_many_valued_numeric_labels_are_regression():
    rows = [f"{i},{i % 7},{0.5 * i - 3:.2f}" for i in range(40)]
    raw = load_csv(table("a,b,price", rows))
    assert raw.problem == "regression" and raw.class_names == []
    assert raw.labels.dtype == np.float64 and raw.labels[:3].tolist() == [-3.0, -2.5, -2.0]
    many = load_csv(table("a,b,age", [f"{i},{i},{20 + i}" for i in range(30)]))
    assert many.problem == "regression"
    grades = table("a,b,grade", [f"{i},{i},{i % 3}" for i in range(9)])
    forced = load_csv(grades, problem="regression")
    assert forced.problem == "regression" and forced.labels.tolist()[:4] == [0, 1, 2, 0]


def test_delimiters_quotes_bom_crlf_and_blank_lines_are_read():
    semicolon = "a;b;c\r\n1;2;x\r\n3;4;y\r\n\r\n"
    assert load_csv(semicolon).points.tolist() == [[1, 3], [2, 4]]
    tab = "\ufeffa\tb\tc\n1\t2\tx\n3\t4\ty\n"
    assert load_csv(tab.encode("utf-8")).class_names == ["x", "y"]
    quoted = 'a,b,"label, long"\n1,2,"yes, really"\n3,4,no\n'
    assert load_csv(quoted).class_names == ["no", "yes, really"]
    spaced = "a , b , c\n 1 , 2 , x \n3,4,y\n"
    assert load_csv(spaced).class_names == ["x", "y"]


def test_exactly_ten_thousand_rows_and_ten_classes_are_accepted():
    rows = [f"{i},{i % 13},{i % 10}" for i in range(10_000)]
    raw = load_csv(table("a,b,c", rows), problem="classification")
    assert raw.m == 10_000 and len(raw.class_names) == 10


def test_a_numeric_column_with_nan_is_fine_while_unused():
    raw = load_csv(table("a,b,broken,label", ["1,2,nan,x", "3,4,5,y"]), feature_columns=["a", "b"])
    assert raw.points.shape == (2, 2)


def hostile_cases():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    big = b"a,b,c\n" + b"1.000000,2.000000,x\n" * (MAX_BYTES // 20 + 5000)
    many_rows = table("a,b,c", [f"{i},{i},{i % 2}" for i in range(10_001)])
    names = table("a,b,name", [f"{i},{i},student_{i}" for i in range(2_000)])
    eleven = table("a,b,c", [f"{i},{i},class{i % 11}" for i in range(50)])
    return [
        ("not CSV: binary", png, "not a CSV file: it contains binary data"),
        ("not CSV: prose", "Dear teacher\nI attach my homework\n", "does not look like a CSV"),
        ("not UTF-8", "a,b,c\n1,2,caf\xe9\n".encode("latin-1"), "not UTF-8 text"),
        ("empty", b"", "The file is empty."),
        ("blank", "\n\n   \n", "The file is empty."),
        ("over 5 MB", big, "larger than 5 MB (5.1 MB)"),
        ("over 10,000 rows", many_rows, "10,001 data rows; the limit is 10,000"),
        ("header only", "a,b,c\n", "header line but no data rows"),
        ("no header", table("1,2,3", ["4,5,6"]), "holds numbers, not column names"),
        ("ragged", table("a,b,c", ["1,2,x", "3,4"]), "Line 3 has 2 values"),
        ("bad quoting", 'a,b,c\n1,2,"open\n', "not valid CSV"),
        ("duplicate names", table("a,a,c", ["1,2,x"]), "share the name 'a'"),
        ("unnamed column", table("a,,c", ["1,2,x"]), "Column 2 has no name"),
        ("one numeric column", table("a,b,c", ["1,u,x", "2,v,y"]),
         "at least two numeric columns; found 1 (a)"),
        ("decimal commas", "a;b;c\n1,5;2,5;x\n", "decimal comma"),
        ("NaN", table("a,b,c", ["1,2,x", "NaN,4,y"]), "line 3 holds 'NaN': NaN and infinite"),
        ("inf", table("a,b,c", ["1,inf,x", "3,4,y"]), "holds 'inf': NaN and infinite"),
        ("empty cell", table("a,b,c", ["1,,x", "3,4,y"]), "column 'b', line 2 is empty"),
        ("label is numeric", table("a,t,b", ["1,x,2", "3,y,4"]), "Besides the label column 'b'"),
        ("one class", table("a,b,c", ["1,2,x", "3,4,x"]), "only one class ('x')"),
        ("more than 10 classes", eleven, "has 11 classes; the playground handles at most 10"),
        ("thousands of names", names, "2,000 different values; that looks like names or IDs"),
        ("empty label", table("a,b,c", ["1,2,x", "3,4,"]), "label column 'c' is empty on line 3"),
        ("nan label", table("a,b,c", ["1,2,1", "3,4,nan"]), "label column 'c', line 3 holds 'nan'"),
    ]


@pytest.mark.parametrize(
    "data, fragment", [case[1:] for case in hostile_cases()], ids=[c[0] for c in hostile_cases()]
)
def test_hostile_file_is_rejected_with_its_message(data, fragment):
    with pytest.raises(DataError) as caught:
        load_csv(data)
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"label_column": "nope"}, "There is no column 'nope'"),
        ({"feature_columns": ["a"]}, "at least two feature columns"),
        ({"feature_columns": ["a", "a"]}, "only once"),
        ({"feature_columns": ["a", "zz"]}, "There is no column 'zz'"),
        ({"feature_columns": ["a", "c"]}, "'c' is the label column"),
        ({"feature_columns": ["a", "t"], "label_column": "c"}, "'t' does not hold numbers"),
        ({"problem": "regression", "label_column": "t", "feature_columns": ["a", "b"]},
         "holds text ('y'); regression needs a numeric target"),
        ({"problem": "classification", "label_column": "c", "feature_columns": ["a", "b"]},
         "has 12 classes"),
    ],
)
def test_bad_column_choices_are_rejected(kwargs, fragment):
    text = table("a,b,t,c", [f"{i},{i % 5},{'x' if i % 2 else 'y'},{i}.5" for i in range(12)])
    with pytest.raises(DataError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        load_csv(text, **kwargs)


def test_data_error_is_a_value_error_and_table_can_be_reused():
    assert issubclass(DataError, ValueError)
    parsed = inspect_csv(table("a,b,c,label", ["1,2,3,x", "4,5,6,y", "7,8,9,x"]))
    assert load_csv(parsed, feature_columns=["a", "b", "c"]).points.shape == (3, 3)
    assert load_csv(parsed, feature_columns=["b", "c"]).input_names == ("b", "c")
