"""A student's own CSV file: parse it, check it, turn it into RawData.

    inspect_csv(data) -> CsvTable           columns and which of them are numeric (for pickers)
    load_csv(data, label_column=None, feature_columns=None, problem=None) -> RawData

Anything the playground cannot use raises DataError with one sentence for the page, and
nothing else happens. Rules: UTF-8 text (UTF-16 with a byte-order mark is decoded too), at
most 5 MB and 10,000 data rows, a header line of at most 1,025 names (1,024 feature columns
and a label: the network's input limit), the same number of values on every line, at least
two numeric columns; the chosen columns hold finite numbers with no gaps (a bad cell is named
by column, line and value); a class label has 2 to 10 distinct values.

Every step is linear in the size of the file, so no upload can hold a server core for long.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.datasets import MAX_EXAMPLES
from engine.rawdata import UPLOADED, DataError, RawData
from engine.spec import MAX_INPUTS, MAX_OUTPUTS

# The upload limit in megabytes as the browser's uploader counts them (1 MB = 1,000,000
# bytes); .streamlit/config.toml's server.maxUploadSize and the uploader use the same number.
MAX_MEGABYTES = 5
MAX_BYTES = MAX_MEGABYTES * 1_000_000
MAX_ROWS = MAX_EXAMPLES
MAX_CLASSES = MAX_OUTPUTS
MAX_FEATURES = MAX_INPUTS  # feature columns a network can take as inputs
MAX_COLUMNS = MAX_FEATURES + 1  # ... and a label: wider files are refused from the header
IDENTIFIER_LIKE = 100  # distinct text labels beyond this look like names or IDs, not classes
NUMBER_SAMPLE = 100  # filled cells looked at to call a column "mostly numbers"
PROBLEM_CHOICES = (None, "classification", "regression")

__all__ = ["CsvTable", "DataError", "MAX_BYTES", "MAX_COLUMNS", "MAX_FEATURES", "MAX_MEGABYTES",
           "default_features", "inspect_csv", "load_csv"]


@dataclass(frozen=True, eq=False)
class CsvTable:
    """A parsed CSV file: header names, and the cells as text, one list per column."""

    columns: tuple[str, ...]
    numeric_columns: tuple[str, ...]  # every filled cell is a number (nan and inf included)
    cells: dict[str, list[str]]
    lines: list[int]  # file line number of each data row, for messages
    # numeric_columns plus those whose cells are mostly numbers: a stray bad cell ("x",
    # "=1+1") keeps the column on offer as a feature, and using it names that cell.
    feature_columns: tuple[str, ...] = ()

    @property
    def n_rows(self) -> int:
        return len(self.cells[self.columns[0]])

    def line_of(self, row: int) -> int:
        """File line number of data row `row` (0-based)."""
        return self.lines[row]


def size_message(n_bytes: int) -> str:
    """The one sentence for a file over the limit (the page's uploader says "5MB" too)."""
    return (f"The file is {n_bytes / 1_000_000:.1f} MB ({n_bytes:,} bytes); the limit is "
            f"{MAX_MEGABYTES} MB per file. Keep fewer rows or columns.")


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a zero byte beside every character."""
    head = raw[:200]
    return len(head) >= 4 and (head[1::2].count(0) >= 0.9 * (len(head) // 2)
                               or head[0::2].count(0) >= 0.9 * (len(head) // 2))


def _text_of(data: bytes | str) -> str:
    """Decode the upload, rejecting oversized, binary and non-UTF-8 content."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        raise DataError(size_message(len(raw)))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not raw.startswith(
            codecs.BOM_UTF32_LE):
        # Excel's "Unicode text" and some Windows tools write UTF-16 with a byte-order mark.
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError("This file says it is UTF-16 but cannot be decoded; save it as "
                            "UTF-8 ('CSV UTF-8').") from None
        if "\x00" in text:
            raise DataError("This is not a CSV file: it contains binary data, not text.")
    else:
        if b"\x00" in raw:
            if _looks_like_utf16(raw):
                raise DataError("This file is UTF-16 text; save it as UTF-8 ('CSV UTF-8') "
                                "and upload it again.")
            raise DataError("This is not a CSV file: it contains binary data, not text.")
        try:
            text = raw.decode("utf-8-sig")  # -sig: spreadsheets often start with a BOM
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


def _is_mostly_numeric(cells: list[str]) -> bool:
    """Most of the first NUMBER_SAMPLE filled cells are numbers: a numeric column with a
    stray bad cell, not a text column (bounded work per column, whatever the row count)."""
    sample = []
    for cell in cells:
        if cell:
            sample.append(cell)
            if len(sample) == NUMBER_SAMPLE:
                break
    numbers = sum(_as_number(cell) is not None for cell in sample)
    return numbers > len(sample) / 2


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
                _check_header(header, delimiter)  # before the body: a wide header stops here
                continue
            if len(row) != len(header):
                values = "1 value" if len(row) == 1 else f"{len(row):,} values"
                raise DataError(
                    f"Line {reader.line_num} has {values}, but the header has "
                    f"{len(header):,} columns. Every line needs one value per column."
                )
            rows.append([cell.strip() for cell in row])
            lines.append(reader.line_num)
    except csv.Error as error:
        raise DataError(f"This is not valid CSV (line {reader.line_num}: {error}).") from None
    if header is None:  # only separators, e.g. ",,,"
        raise DataError("The file has no header line: every line is empty.")
    if not rows:
        raise DataError("The file has a header line but no data rows.")
    if len(rows) > MAX_ROWS:
        raise DataError(f"The file has {len(rows):,} data rows; the limit is {MAX_ROWS:,}.")

    columns = zip(*rows, strict=True)  # every row has len(header) cells (checked above)
    cells = {name: list(column) for name, column in zip(header, columns, strict=True)}
    numeric = tuple(name for name in header if _is_numeric(cells[name]))
    strict = set(numeric)
    features = tuple(name for name in header
                     if name in strict or _is_mostly_numeric(cells[name]))
    if len(features) < 2:
        found = f" ({', '.join(features)})" if features else ""
        hint = " Numbers with a decimal comma are not read as numbers." if delimiter == ";" else ""
        raise DataError(
            f"The file needs at least two numeric columns; found {len(features)}{found}.{hint}"
        )
    return CsvTable(tuple(header), numeric, cells, lines, features)


def _check_header(header: list[str], delimiter: str) -> None:
    """Column names: at most MAX_COLUMNS, each named, no two alike (all in linear time)."""
    if len(header) < 2:
        raise DataError(
            "This does not look like a CSV file: the first line has a single column. "
            "A CSV file has a header line of column names separated by commas."
        )
    if len(header) > MAX_COLUMNS:
        raise DataError(
            f"The header line has {len(header):,} columns; the playground reads at most "
            f"{MAX_COLUMNS:,} ({MAX_FEATURES:,} feature columns and a label). Keep only the "
            "columns you want to learn from."
        )
    if all(_as_number(name) is not None for name in header):
        raise DataError(
            "The first line holds numbers, not column names. Add a header line that names "
            "each column."
        )
    for j, name in enumerate(header):
        if not name:
            raise DataError(f"Column {j + 1} has no name in the header line.")
    counts = Counter(header)
    duplicate = next((name for name in header if counts[name] > 1), None)
    if duplicate is not None:
        raise DataError(f"Two columns share the name {duplicate!r}; give each a unique name.")


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


def _offered(table: CsvTable) -> tuple[str, ...]:
    """The columns a student may pick as features (a CsvTable built by hand may lack them)."""
    return table.feature_columns or table.numeric_columns


def default_features(table: CsvTable, label_column: str) -> list[str]:
    """The first two columns of numbers besides the label: clean ones first, so a stray bad
    cell in a column nobody needs does not stop the file; if only a column with a bad cell
    makes two, it is taken, and loading names that cell."""
    clean = [name for name in table.numeric_columns if name != label_column]
    candidates = [name for name in _offered(table) if name != label_column]
    if len(candidates) < 2:
        raise DataError(
            f"Besides the label column {label_column!r}, the file needs at least two numeric "
            f"columns to use as features; found {len(candidates)}."
        )
    return clean[:2] if len(clean) >= 2 else candidates[:2]


def _check_features(table: CsvTable, features: Sequence[str], label_column: str) -> None:
    if len(features) < 2:
        raise DataError("Pick at least two feature columns.")
    if len(features) > MAX_FEATURES:
        raise DataError(
            f"{len(features):,} feature columns are picked; a network takes at most "
            f"{MAX_FEATURES:,} inputs. Pick fewer feature columns."
        )
    if len(set(features)) != len(features):
        raise DataError("Each feature column can be picked only once.")
    columns, offered = set(table.columns), set(_offered(table))
    for name in features:
        if name not in columns:
            raise DataError(f"There is no column {name!r} in the file.")
        if name == label_column:
            raise DataError(f"{name!r} is the label column; it cannot also be a feature.")
        if name not in offered:
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
    if len(names) > MAX_CLASSES and not numeric and label_column in _offered(table):
        # Numbers with a stray bad cell: the cell is the problem, not the number of classes.
        _numbers(table, label_column, "label column")
    if len(names) > IDENTIFIER_LIKE and not numeric:
        raise DataError(
            f"The label column {label_column!r} has {len(names):,} different values; that looks "
            f"like names or IDs, not classes. Pick a column with at most {MAX_CLASSES} classes."
        )
    if len(names) > MAX_CLASSES:
        hint = (" Its values are numbers: choose the problem type Regression to learn them "
                "as a target." if numeric else f" Pick a column with at most {MAX_CLASSES} "
                "classes.")
        raise DataError(
            f"The label column {label_column!r} has {len(names)} classes; the playground handles "
            f"at most {MAX_CLASSES}.{hint}"
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
        if label_column in _offered(table):
            _numbers(table, label_column, "label column")  # names the stray bad cell
        example = next(cell for cell in table.cells[label_column] if _as_number(cell) is None)
        raise DataError(
            f"The label column {label_column!r} holds text ({example!r}); regression needs "
            "a numeric target. Choose the problem type Classification, or a numeric label column."
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
    feature_columns  defaults to default_features (two numeric columns besides the label);
                     at most MAX_FEATURES;
                     two give a 2-D set with a decision boundary, more are shown as a
                     projection (see engine.prepare).
    problem          None (decide from the labels), "classification" or "regression".
    """
    table = data if isinstance(data, CsvTable) else inspect_csv(data)
    label_column = table.columns[-1] if label_column is None else label_column
    if label_column not in table.columns:
        raise DataError(f"There is no column {label_column!r} in the file.")
    if feature_columns is None:
        feature_columns = default_features(table, label_column)
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
        name=UPLOADED,
        input_names=tuple(feature_columns),
    )
