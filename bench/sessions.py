"""What a closed session leaves behind: `python bench/sessions.py [--sessions 200]`.

Starts one `streamlit run app.py` server (a replica's command: bench/classroom.py's
single_process), then opens sessions one after another with a headless page
(bench/headless_page.py: Streamlit's websocket protocol, no browser), each on the share link,
pressing Play, receiving its frames for --play seconds and closing. Prints the server's
resident memory (RSS) along the way and the MB left per closed session once the last one is
past its time to live.

Streamlit keeps a closed tab's session for server.disconnectedSessionTTL seconds (30 s in
.streamlit/config.toml) in case it reconnects; playground/server/closed_sessions.py frees it within
REAP_SECONDS + GRACE_SECONDS after that. The bench runs the server with a short TTL (--ttl,
2 s) and reads the memory that long after the last close, so that the figure is what outlives
a session, not what is kept on purpose for a while. The baseline is read the same way after
the warm-up sessions, which load what every server loads once (modules, the shared data set
cache, the first frames' code paths). With the class's TTL (--ttl 30) the figure also holds the
most the server held at once (the sessions of one TTL): freed, but kept by the C allocator for
reuse. The runs' checkpoints go to a temporary store, not the server's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from classroom import single_process  # noqa: E402  (the same one-process server)
from headless_page import HeadlessPage  # noqa: E402

from playground.server.checkpoints import STORAGE_VARIABLE as STORAGE  # noqa: E402
from playground.server.closed_sessions import GRACE_SECONDS, REAP_SECONDS  # noqa: E402

LINK = "dataset=circle"  # the query string of the share link each session opens


def one_session(url: str, play_seconds: float) -> int:
    """Open, press Play, receive frames for `play_seconds`, close; the messages received."""
    with HeadlessPage(url, LINK) as page:
        page.click("Play")
        page.wait_for_button("Pause")
        return page.listen(play_seconds)


def freed(process: psutil.Process, ttl: float) -> float:
    """RSS (MB) once every closed session is past its TTL and reaped."""
    time.sleep(ttl + GRACE_SECONDS + REAP_SECONDS + 1)
    return rss_mb(process)


def rss_mb(process: psutil.Process) -> float:
    return process.memory_info().rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--play", type=float, default=2.0, help="seconds each session plays")
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--ttl", type=int, default=2,
                        help="server.disconnectedSessionTTL for the bench's server, seconds")
    parser.add_argument("--every", type=int, default=25, help="print RSS every N sessions")
    arguments = parser.parse_args()
    flags = ("--server.disconnectedSessionTTL", str(arguments.ttl))
    with tempfile.TemporaryDirectory(prefix="playground-sessions-") as folder, \
            single_process({STORAGE: f"sqlite:///{folder}/checkpoints.db"}, flags) as (
                url, [server], _):
        process = psutil.Process(server.pid)
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; one server, "
              f"disconnectedSessionTTL {arguments.ttl:g} s (the bench's), share link ?{LINK}, "
              f"{arguments.play:g} s of Play per session")
        for _ in range(arguments.warm_up):
            one_session(url, arguments.play)
        baseline = freed(process, arguments.ttl)
        print(f"after {arguments.warm_up} warm-up sessions, all freed: {baseline:.1f} MB")
        messages = []
        for index in range(1, arguments.sessions + 1):
            messages.append(one_session(url, arguments.play))
            if index % arguments.every == 0 or index == arguments.sessions:
                print(f"  {index:4d} sessions closed: {rss_mb(process):6.1f} MB", flush=True)
        final = freed(process, arguments.ttl)
        print(f"all {arguments.sessions} past the TTL and freed: {final:.1f} MB "
              f"({final - baseline:+.1f} MB)")
        print(f"MB left per closed session: {(final - baseline) / arguments.sessions:.3f} "
              f"(target <= 0.05); each session received {min(messages)}-{max(messages)} "
              f"messages while playing")


if __name__ == "__main__":
    main()
