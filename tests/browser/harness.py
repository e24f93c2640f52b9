"""Start the real app and headless Chromium: shared by the browser tests and bench/browser.py."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(port: int | None = None):
    """`streamlit run app.py` with this interpreter; yields (url, seconds until healthy)."""
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.fileWatcherType", "none"]
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1):
                    break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("streamlit exited during start-up") from None
                time.sleep(0.1)
        else:
            raise RuntimeError("streamlit did not become healthy in 30 s")
        yield url, time.perf_counter() - started
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def transport(page, label: str):
    """The Play / Pause / Step / Epoch / Reset button: its accessible name is its label, and
    on the playground also its keyboard shortcut ("Play Shortcut Space")."""
    return page.get_by_role("button", name=re.compile(rf"^{label}( Shortcut \S+)?$"))


def launch(playwright):
    return playwright.chromium.launch(
        executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS)


# Settled: every finite CSS animation or transition (a tooltip's fade, a chart's entrance) has
# finished and two animation frames have passed since, so layout and paint caught up. An event
# to wait on instead of a fixed pause; infinite animations (spinners) are not waited for. An
# animation that never ends (a paused one never resolves `finished`) would hang page.evaluate,
# which has no timeout: after HANG_GUARD_MS the wait goes on to the frames anyway (settling is
# for the pictures' sake; no assertion rests on it having finished).
SETTLED_JS = """async () => {
  const finite = a => a.effect && a.effect.getComputedTiming().iterations !== Infinity;
  const ended = Promise.all(document.getAnimations().filter(finite)
                                    .map(a => a.finished.catch(() => 0)));
  await Promise.race([ended, new Promise(done => setTimeout(done, 10000))]);  // HANG_GUARD_MS
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  return true;
}"""


def settle_layout(page) -> None:
    """Wait for the page's animations and the next painted frames (see SETTLED_JS)."""
    page.evaluate(SETTLED_JS)
