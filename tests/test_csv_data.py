"""CSV uploads: good files become RawData, every hostile file gets its own clear message."""

import re
from pathlib import Path

import numpy as np
import pytest

import engine.spec
from engine import csv_data
from engine.csv_data import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_FEATURES,
    MAX_MEGABYTES,
    CsvTable,
    DataError,
    inspect_csv,
    load_csv,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "assets" / "example.csv"


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
        ("over 5 MB", big, "The file is 5.1 MB (5,100,006 bytes); the limit is 5 MB per file"),
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


# ---------------------------------------------------------------- issue 8: hostile input


def wide_file(n_columns: int, body: str | None = None) -> bytes:
    header = ",".join(f"c{j}" for j in range(n_columns))
    row = ",".join(str(j % 10) for j in range(n_columns)) if body is None else body
    return f"{header}\n{row}\n{row}\n".encode()


def test_a_file_wider_than_the_limit_parses_when_the_limit_is_lifted(monkeypatch):
    """Every column of a 16,000-column file keeps its name, in order (the duplicate-name
    check that made this quadratic is timed in bench/csv_parsing.py, not here)."""
    monkeypatch.setattr(csv_data, "MAX_COLUMNS", 100_000, raising=False)
    table = inspect_csv(wide_file(16_000))
    assert list(table.columns) == [f"c{j}" for j in range(16_000)]


def test_a_header_wider_than_the_network_can_use_is_refused_before_the_body():
    # The body is ragged: had it been parsed, the message would be about line 2.
    data = wide_file(64_000, body="1,2")
    with pytest.raises(DataError) as caught:  # refused from the header: bench/csv_parsing.py
        inspect_csv(data)
    message = str(caught.value)
    assert "The header line has 64,000 columns; the playground reads at most 1,025" in message
    assert "1,024 feature columns and a label" in message
    assert MAX_COLUMNS == MAX_FEATURES + 1 == engine.spec.MAX_INPUTS + 1


def test_the_widest_usable_file_loads_every_feature_and_one_more_column_is_refused():
    widest = wide_file(MAX_COLUMNS)
    table_ = inspect_csv(widest)
    raw = load_csv(table_, feature_columns=list(table_.columns[:-1]), problem="regression")
    assert raw.points.shape == (MAX_FEATURES, 2)
    with pytest.raises(DataError, match="1,026 columns"):
        inspect_csv(wide_file(MAX_COLUMNS + 1))


def test_more_feature_columns_than_network_inputs_are_refused_by_name():
    columns = tuple(f"c{j}" for j in range(MAX_FEATURES + 7)) + ("label",)
    cells = {name: ["1", "2"] for name in columns}
    wide = CsvTable(columns, columns, cells, [2, 3], columns)
    with pytest.raises(DataError, match="1,031 feature columns are picked; a network takes at "
                                        "most 1,024 inputs"):
        load_csv(wide, feature_columns=list(columns[:-1]))


@pytest.mark.parametrize("bad", ["x", "=1+1", "0x1F"])
def test_one_bad_cell_in_a_numeric_column_is_named_by_column_line_and_value(bad):
    rows = [f"{i},{i * 2},{int(i > 4)}" for i in range(10)]
    rows[3] = f"3,{bad},0"  # file line 5 (the header is line 1)
    text = table("a,b,label", rows)
    parsed = inspect_csv(text)
    assert "b" in parsed.feature_columns and "b" not in parsed.numeric_columns  # on offer
    expected = f"The column 'b', line 5 holds {bad!r}, which is not a number."
    with pytest.raises(DataError) as picked:
        load_csv(parsed, feature_columns=["a", "b"])
    assert str(picked.value) == expected
    with pytest.raises(DataError) as default:
        load_csv(text)  # the default picks it too, and says what is wrong with it
    assert str(default.value) == expected


def test_a_text_column_is_still_not_offered_as_a_feature():
    parsed = inspect_csv(table("a,b,name,label", [f"{i},{i},n{i},{i % 2}" for i in range(9)]))
    assert parsed.feature_columns == ("a", "b", "label") and "name" not in parsed.numeric_columns


def test_the_upload_limit_is_one_number_in_one_wording():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    # Streamlit's uploader counts 1 MB as 1,000,000 bytes; the engine uses the same limit.
    setting = re.search(r"^maxUploadSize\s*=\s*(\d+)\s*$", config, re.MULTILINE)
    assert setting is not None and int(setting.group(1)) == MAX_MEGABYTES
    assert MAX_BYTES == MAX_MEGABYTES * 1_000_000 == 5_000_000

    def file_of(size: int) -> bytes:
        body = b"a,b,c\n" + b"1,2,x\n" * (size // 6 - 2)
        return body + b"1,2," + b"y" * (size - len(body) - 5) + b"\n"

    assert len(file_of(MAX_BYTES)) == MAX_BYTES
    with pytest.raises(DataError, match=r"^The file is 5\.0 MB \(5,000,001 bytes\); the limit "
                                        r"is 5 MB per file"):
        inspect_csv(file_of(MAX_BYTES + 1))
    with pytest.raises(DataError, match="data rows; the limit is 10,000"):  # not the size
        inspect_csv(file_of(MAX_BYTES))


def test_utf16_with_a_byte_order_mark_is_read_and_without_one_is_named():
    text = "temp;time;roast\n200;12,5;good\n180;14;bad\n".replace(",", ".")
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        data = text.encode(encoding)
        if encoding != "utf-16":
            with pytest.raises(DataError, match=r"UTF-16 text; save it as UTF-8"):
                load_csv(data)
            data = ("\ufeff" + text).encode(encoding)  # the same with a byte-order mark
        raw = load_csv(data)
        assert raw.input_names == ("temp", "time") and raw.points.tolist() == [[200, 180],
                                                                                [12.5, 14]]
        assert raw.class_names == ["bad", "good"]


def test_problem_type_messages_say_what_to_switch():
    text = table("a,b,species,price", [f"{i},{i % 5},{'xy'[i % 2]},{1000 + 37 * i}"
                                       for i in range(30)])
    with pytest.raises(DataError, match="choose the problem type Regression"):
        load_csv(text, label_column="price", problem="classification")
    with pytest.raises(DataError, match="Choose the problem type Classification"):
        load_csv(text, label_column="species", problem="regression")


def test_a_bad_cell_in_a_column_nobody_needs_does_not_stop_the_file():
    rows = [f"{i},{'n/a' if i == 2 else i * 2},{i % 4},{int(i > 4)}" for i in range(10)]
    text = table("a,b,c,label", rows)
    assert load_csv(text).input_names == ("a", "c")  # clean columns first
    assert "b" in inspect_csv(text).feature_columns  # still on offer ...
    with pytest.raises(DataError, match=r"^The column 'b', line 4 holds 'n/a', which is not"):
        load_csv(text, feature_columns=["a", "b"])  # ... and named when picked
