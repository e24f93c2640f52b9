"""What the Save & export tab costs: `python bench/export.py`.

1. Each file's build time (median of 5) and size, for the default network and for the largest
   one the page builds (digits, 8 hidden layers of 64 units, Adam). These run only when a
   download button is clicked (Streamlit's deferred data), on a thread of their own.
2. A whole script run (AppTest, median of 5) with the export tab open and with the classroom
   tab open instead: what showing the tab adds to every rerun. A playing page draws the tabs
   once per script run, before the live loop, so a frame never pays for them.
"""

from __future__ import annotations

import functools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground import live  # noqa: E402
from playground.saving import downloads  # noqa: E402
from playground.session import links  # noqa: E402
from playground.session.state import Session  # noqa: E402

BUILDERS = (downloads.network_json, downloads.network_python, downloads.network_onnx,
            downloads.boundary_png, downloads.diagram_svg, downloads.history_csv)


def median_ms(run, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def files(title: str, session: Session) -> None:
    print(f"\n{title}: layer sizes {session.net.layer_sizes}, epoch {session.net.epochs_done}")
    for build in BUILDERS:
        if build is downloads.boundary_png and not session.dataset.has_boundary:
            continue
        size = len(build(session))
        print(f"  {build.__name__:16s} {median_ms(lambda b=build: b(session)):8.1f} ms "
              f"{size / 1024:9.1f} KiB")


def script_runs() -> None:
    from streamlit.testing.v1 import AppTest

    live.run = functools.partial(live.run, max_frames=3)  # AppTest waits for the run to end
    print("\nA script run (AppTest), median of 5:")
    for tab in ("classroom", "export"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        at.session_state["panel"] = links.PANELS[tab]
        at.run()
        print(f"  {links.PANELS[tab]:28s} {median_ms(at.run):8.1f} ms")


if __name__ == "__main__":
    default = Session()
    for _ in range(5):
        default.epoch()
    files("Default circle", default)
    largest = Session({"dataset": "digits", "problem": "multiclass", "optimizer": "adam",
                       "layers": "64:relu," * 7 + "64:relu"})
    largest.epoch()
    files("Largest: digits", largest)
    script_runs()
