"""A student's own CSV file: parse it, check it, turn it into RawData.

    inspect_csv(data) -> CsvTable           columns and which of them are numeric (for pickers)
    load_csv(data, label_column=None, feature_columns=None, problem=None) -> RawData

Anything the playground cannot use raises DataError with one sentence for the page, and
nothing else happens. Rules: UTF-8 text, at most 5 MB and 10,000 data rows, a header line,
the same number of values on every line, at least two numeric columns; the chosen columns
hold finite numbers with no gaps; a class label has 2 to 10 distinct values.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.rawdata import RawData

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CLASSES = 10
IDENTIFIER_LIKE = 100  # distinct text labels beyond this look like names or IDs, not classes
PROBLEM_CHOICES = (None, "classification", "regression")


class DataError(ValueError):
    """Data the playground cannot use; str(error) is the message to show the student."""


@dataclass(frozen=True, eq=False)
class CsvTable:
    """A parsed CSV file: header names, and the cells as text, one list per column."""

    columns: tuple[str, ...]
    numeric_columns: tuple[str, ...]
    cells: dict[str, list[str]]
    lines: list[int]  # file line number of each data row, for messages

    @property
    def n_rows(self) -> int:
        return len(self.cells[self.columns[0]])

    def line_of(self, row: int) -> int:
        """File line number of data row `row` (0-based)."""
        return self.lines[row]


def _text_of(data: bytes | str) -> str:
    """Decode the upload, rejecting oversized, binary and non-UTF-8 content."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        raise DataError(f"The file is larger than 5 MB ({len(raw) / 1024**2:.1f} MB).")
    if b"\x00" in raw:
        raise DataError("This is not a CSV file: it contains binary data, not text.")
    try:
        text = raw.decode("utf-8-sig")  # -sig: spreadsheets often start the file with a BOM
    except UnicodeDecodeError as error:
        raise DataError(
            "This file is not UTF-8 text, so it cannot be read as CSV "
            f"(undecodable byte at position {error.start}). Save it as 'CSV UTF-8'."
        ) from None
    if not text.strip():
        raise DataError("The file is empty.")
    return text


def _delimiter_of(text: str) -> str:
    """The separator the header line uses most: comma, semicolon or tab (comma on a tie).

    Decided from the header alone because data cells may hold decimal commas
    ("1,5;2,5"), and csv.Sniffer gives up on short files.
    """
    header = next(line for line in text.splitlines() if line.strip())
    counts = {delimiter: header.count(delimiter) for delimiter in ",;\t"}
    return max(counts, key=lambda delimiter: counts[delimiter])  # first maximum: ","


def _as_number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _is_numeric(cells: list[str]) -> bool:
    """Every non-empty cell reads as a number (nan and inf included: rejected later, by name)."""
    filled = [cell for cell in cells if cell]
    if not filled:
        return False
    try:
        np.asarray(filled, dtype=np.float64)  # fast path; falls back on the first bad cell
        return True
    except ValueError:
        return False


def inspect_csv(data: bytes | str) -> CsvTable:
    """Parse an upload into a CsvTable, or raise DataError saying what is wrong with it."""
    text = _text_of(data)
    delimiter = _delimiter_of(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank lines, e.g. at the end of the file
            if header is None:
                header = [cell.strip() for cell in row]
                _check_header(header, delimiter)
                continue
            if len(row) != len(header):
                values = "1 value" if len(row) == 1 else f"{len(row)} values"
                raise DataError(
                    f"Line {reader.line_num} has {values}, but the header has "
                    f"{len(header)} columns. Every line needs one value per column."
                )
            rows.append([cell.strip() for cell in row])
            lines.append(reader.line_num)
    except csv.Error as error:
        raise DataError(f"This is not valid CSV (line {reader.line_num}: {error}).") from None
    assert header is not None  # the file is not blank, so some row was read
    if not rows:
        raise DataError("The file has a header line but no data rows.")
    if len(rows) > MAX_ROWS:
        raise DataError(f"The file has {len(rows):,} data rows; the limit is {MAX_ROWS:,}.")

    cells = {name: [row[j] for row in rows] for j, name in enumerate(header)}
    numeric = tuple(name for name in header if _is_numeric(cells[name]))
    if len(numeric) < 2:
        found = f" ({', '.join(numeric)})" if numeric else ""
        hint = " Numbers with a decimal comma are not read as numbers." if delimiter == ";" else ""
        raise DataError(
            f"The file needs at least two numeric columns; found {len(numeric)}{found}.{hint}"
        )
    return CsvTable(tuple(header), numeric, cells, lines)


def _check_header(header: list[str], delimiter: str) -> None:
    if len(header) < 2:
        raise DataError(
            "This does not look like a CSV file: the first line has a single column. "
            "A CSV file has a header line of column names separated by commas."
        )
    if all(_as_number(name) is not None for name in header):
        raise DataError(
            "The first line holds numbers, not column names. Add a header line that names "
            "each column."
        )
    for j, name in enumerate(header):
        if not name:
            raise DataError(f"Column {j + 1} has no name in the header line.")
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise DataError(f"Two columns share the name {duplicates[0]!r}; give each a unique name.")


def _numbers(table: CsvTable, column: str, role: str) -> np.ndarray:
    """The column as finite float64 numbers, or DataError naming the first bad cell."""
    values = table.cells[column]
    try:
        numbers = np.asarray(values, dtype=np.float64)  # fast path; fails on "" or text
        if np.isfinite(numbers).all():
            return numbers
    except ValueError:
        pass
    for row, cell in enumerate(values):
        number = _as_number(cell)
        if cell and number is not None and math.isfinite(number):
            continue
        where = f"{role} {column!r}, line {table.line_of(row)}"
        if not cell:
            raise DataError(f"The {where} is empty. Fill in or remove that row.")
        if number is None:
            raise DataError(f"The {where} holds {cell!r}, which is not a number.")
        raise DataError(
            f"The {where} holds {cell!r}: NaN and infinite values cannot be learned from."
        )
    raise AssertionError("unreachable: a cell failed the fast path")


def _default_features(table: CsvTable, label_column: str) -> list[str]:
    candidates = [name for name in table.numeric_columns if name != label_column]
    if len(candidates) < 2:
        raise DataError(
            f"Besides the label column {label_column!r}, the file needs at least two numeric "
            f"columns to use as features; found {len(candidates)}."
        )
    return candidates[:2]


def _check_features(table: CsvTable, features: Sequence[str], label_column: str) -> None:
    if len(features) < 2:
        raise DataError("Pick at least two feature columns.")
    if len(set(features)) != len(features):
        raise DataError("Each feature column can be picked only once.")
    for name in features:
        if name not in table.columns:
            raise DataError(f"There is no column {name!r} in the file.")
        if name == label_column:
            raise DataError(f"{name!r} is the label column; it cannot also be a feature.")
        if name not in table.numeric_columns:
            raise DataError(f"The column {name!r} does not hold numbers; it cannot be a feature.")


def _classes(table: CsvTable, label_column: str) -> tuple[np.ndarray, list[str]]:
    """Class index per row (classes sorted: numerically for numbers) and the class names."""
    cells = table.cells[label_column]
    for row, cell in enumerate(cells):
        if not cell:
            raise DataError(
                f"The label column {label_column!r} is empty on line {table.line_of(row)}."
            )
    numeric = label_column in table.numeric_columns
    if numeric:
        values = _numbers(table, label_column, "label column")
        # "1", "1.0" and "1e0" are one class, named "1"
        cells = [str(int(v)) if v == int(v) else repr(v) for v in values.tolist()]
    names = sorted(set(cells), key=float if numeric else str)
    if len(names) > IDENTIFIER_LIKE and not numeric:
        raise DataError(
            f"The label column {label_column!r} has {len(names):,} different values; that looks "
            f"like names or IDs, not classes. Pick a column with at most {MAX_CLASSES} classes."
        )
    if len(names) > MAX_CLASSES:
        raise DataError(
            f"The label column {label_column!r} has {len(names)} classes; the playground handles "
            f"at most {MAX_CLASSES}."
        )
    if len(names) < 2:
        raise DataError(
            f"The label column {label_column!r} has only one class ({names[0]!r}); a classifier "
            "needs examples of at least two."
        )
    index = {name: i for i, name in enumerate(names)}
    return np.array([index[cell] for cell in cells], dtype=np.int64), names


def _problem_of(table: CsvTable, label_column: str, problem: str | None) -> str:
    """"classification" or "regression"; None decides from the label values.

    Text, or whole numbers with at most 10 distinct values, are classes; any other numbers
    (fractions, or many distinct whole numbers) are a regression target.
    """
    if problem not in PROBLEM_CHOICES:
        raise ValueError(f"problem must be one of {PROBLEM_CHOICES}, not {problem!r}")
    numeric = label_column in table.numeric_columns
    if problem == "regression" and not numeric:
        example = next(cell for cell in table.cells[label_column] if _as_number(cell) is None)
        raise DataError(
            f"The label column {label_column!r} holds text ({example!r}); regression needs "
            "a numeric target."
        )
    if problem is not None:
        return problem
    if not numeric:
        return "classification"
    values = _numbers(table, label_column, "label column")
    whole = bool(np.all(values == np.round(values)))
    return "classification" if whole and len(np.unique(values)) <= MAX_CLASSES else "regression"


def load_csv(
    data: bytes | str | CsvTable,
    label_column: str | None = None,
    feature_columns: Sequence[str] | None = None,
    problem: str | None = None,
) -> RawData:
    """Turn an upload into RawData (name "csv"), or raise DataError.

    label_column     defaults to the last column.
    feature_columns  defaults to the first two numeric columns that are not the label;
                     two give a 2-D set with a decision boundary, more are shown as a
                     projection (see engine.prepare).
    problem          None (decide from the labels), "classification" or "regression".
    """
    table = data if isinstance(data, CsvTable) else inspect_csv(data)
    label_column = table.columns[-1] if label_column is None else label_column
    if label_column not in table.columns:
        raise DataError(f"There is no column {label_column!r} in the file.")
    if feature_columns is None:
        feature_columns = _default_features(table, label_column)
    feature_columns = list(feature_columns)
    _check_features(table, feature_columns, label_column)

    points = np.stack([_numbers(table, name, "column") for name in feature_columns])
    if _problem_of(table, label_column, problem) == "regression":
        labels, class_names = _numbers(table, label_column, "label column"), []
        kind = "regression"
    else:
        labels, class_names = _classes(table, label_column)
        kind = "binary" if len(class_names) == 2 else "multiclass"
    return RawData(
        points=points,
        labels=labels,
        class_names=class_names,
        problem=kind,
        name="csv",
        input_names=tuple(feature_columns),
    )
