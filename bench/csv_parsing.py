"""How a CSV file's parsing time grows with its width (issue 8), moved out of the tests
(issue 23: speed figures belong in bench/, never in tests).

Two figures, each against a peer timed in the same run so a slow machine does not look like
a slow parser:

    growth   16,000 columns / 2,000 columns (8x the columns: linear is about 8, the old
             quadratic duplicate-name check was about 64)
    refusal  a 64,000-column header refused before the body, against parsing 2,000 columns
             (the refusal reads only the header line; it took 34 s before the fix)

Run: python bench/csv_parsing.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import csv_data  # noqa: E402
from engine.csv_data import DataError, inspect_csv  # noqa: E402


def wide_file(n_columns: int, body: str | None = None) -> bytes:
    header = ",".join(f"c{j}" for j in range(n_columns))
    row = ",".join(str(j % 10) for j in range(n_columns)) if body is None else body
    return f"{header}\n{row}\n{row}\n".encode()


def fastest_ms(task, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


def refuse(data: bytes) -> None:
    try:
        inspect_csv(data)
    except DataError:
        return
    raise AssertionError("a 64,000-column header was accepted")


def main() -> None:
    limit = csv_data.MAX_COLUMNS
    csv_data.MAX_COLUMNS = 100_000  # lifted for the growth figure only
    small, large = wide_file(2_000), wide_file(16_000)
    small_ms = fastest_ms(lambda: inspect_csv(small))
    large_ms = fastest_ms(lambda: inspect_csv(large))
    csv_data.MAX_COLUMNS = limit
    refusal_ms = fastest_ms(lambda: refuse(wide_file(64_000, body="1,2")))
    print(f"2,000 columns   {small_ms:8.2f} ms")
    growth = large_ms / small_ms
    print(f"16,000 columns  {large_ms:8.2f} ms   x{growth:.1f} (linear ~8, quadratic ~64)")
    print(f"64,000 refused  {refusal_ms:8.2f} ms   x{refusal_ms / small_ms:.1f} of 2,000 parsed")


if __name__ == "__main__":
    main()
