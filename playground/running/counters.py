"""Server-side frame counters for bench/classroom.py: off unless PLAYGROUND_COUNTERS is set.

With PLAYGROUND_COUNTERS=/some/folder every server process writes <folder>/<pid>.json about
once a second: per playing session, the live frames sent so far and their bytes (cumulative,
so a reader takes differences over its own window). Browsers on the same cores compete with
the server, so what the server produced is measured here, apart from what a browser showed.
Off, `frame` is one test of a module constant: nothing is kept.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

FOLDER = os.environ.get("PLAYGROUND_COUNTERS") or None
WRITE_EVERY = 1.0  # seconds

_lock = threading.Lock()
_sessions: dict[str, dict[str, float]] = {}
_written = 0.0


def frame(session_key: str, size: int, kind: str = "fast") -> None:
    """Count one live frame of `size` bytes sent to this session: "fast" (metrics, boundary,
    network: every frame) or "slow" (the curves and charts, now and then)."""
    if FOLDER is None:
        return
    global _written
    now = time.time()
    with _lock:
        counts = _sessions.setdefault(session_key, {"frames": 0, "bytes": 0, "slow_frames": 0,
                                                    "slow_bytes": 0, "first": now})
        prefix = "" if kind == "fast" else "slow_"
        counts[prefix + "frames"] += 1
        counts[prefix + "bytes"] += size
        counts["last"] = now
        if now - _written < WRITE_EVERY:
            return
        _written = now
        text = json.dumps({"pid": os.getpid(), "time": now, "sessions": _sessions})
    folder = Path(FOLDER)
    temporary = folder / f".{os.getpid()}.{threading.get_ident()}.json"  # one per thread
    temporary.write_text(text)
    temporary.replace(folder / f"{os.getpid()}.json")  # readers never see half a file


def read(folder: str | Path) -> dict[str, dict[str, float]]:
    """Every process's counters in `folder`, by "pid/session"."""
    merged = {}
    for path in Path(folder).glob("[0-9]*.json"):
        data = json.loads(path.read_text())
        for key, counts in data["sessions"].items():
            merged[f"{data['pid']}/{key}"] = counts
    return merged
