"""The one door to Streamlit's internals still opens: every private name and attribute that
playground/server/streamlit_internals.py uses is where it expects it, and no other module of the
project imports streamlit.runtime. An upgrade that moves one fails here, naming the module to
adapt, instead of silently breaking Pause (a renamed private attribute reads as "no click")."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from playground.server import streamlit_internals as door

ROOT = Path(__file__).resolve().parent.parent
DOOR = "playground/server/streamlit_internals.py"
ADAPT = f"Streamlit {streamlit.__version__} changed what {DOOR} relies on: adapt that module"


def _imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_only_the_door_imports_streamlit_runtime():
    sources = [ROOT / "app.py", *ROOT.glob("playground/**/*.py"), *ROOT.glob("tests/**/*.py"),
               *ROOT.glob("bench/*.py"), *ROOT.glob("deploy/*.py")]
    private = sorted(str(path.relative_to(ROOT)) for path in sources
                     if any(name == "streamlit.runtime" or name.startswith("streamlit.runtime.")
                            for name in _imports_of(path)))
    assert private == [DOOR], f"only {DOOR} may import streamlit.runtime; found {private}"


def test_a_click_asks_the_run_to_end_with_streamlits_rerun_signal():
    requests = door.ScriptRequests()
    assert not door.asked_to_end(requests), f"{ADAPT}: a fresh run reads as asked to end"
    requests.request_rerun(door.RerunData())
    assert door.asked_to_end(requests), \
        f"{ADAPT}: a pending rerun is not seen (ScriptRequests._state moved?)"
    with pytest.raises(door.RerunException):
        door.end_as_asked(requests)


def test_a_closed_tab_ends_the_run_with_streamlits_stop_signal():
    requests = door.ScriptRequests()
    requests.request_stop()
    assert door.asked_to_end(requests), f"{ADAPT}: a stop request is not seen"
    with pytest.raises(door.StopException):
        door.end_as_asked(requests)


def test_a_click_and_a_closed_tab_ring_the_waiting_runs_bell():
    """ring_on_request wraps ScriptRequests' two request methods: a waiting run sleeps on its
    bell and wakes on a click or a closed tab, and the next run's bell replaces it."""
    import threading

    requests = door.ScriptRequests()
    first, second = threading.Event(), threading.Event()
    assert door.ring_on_request(requests, first)
    requests.request_rerun(door.RerunData())
    assert first.is_set(), f"{ADAPT}: request_rerun no longer reaches the bell"
    assert door.asked_to_end(requests)  # the request itself still does what it did
    assert door.ring_on_request(requests, second)  # the next run, the same requests
    first.clear()
    requests.request_stop()
    assert second.is_set() and not first.is_set(), f"{ADAPT}: request_stop not wrapped"
    assert not door.ring_on_request(None, first)  # outside a script run: nothing to ring


def test_a_fragments_timer_does_not_ask_the_run_to_end():
    requests = door.ScriptRequests()
    requests.request_rerun(door.RerunData(fragment_id_queue=["autoplay"]))
    assert getattr(requests, "_rerun_data", None) is not None, \
        f"{ADAPT}: ScriptRequests._rerun_data is gone"
    assert not door.asked_to_end(requests), \
        f"{ADAPT}: a fragment's timer now reads as a click"


def _report_requests():
    import streamlit as st

    from playground.server import streamlit_internals

    requests = streamlit_internals.requests_of_this_run()
    st.write(f"requests: {type(requests).__name__}, "
             f"asked to end: {streamlit_internals.asked_to_end(requests)}")


def test_a_script_run_finds_its_requests():
    assert door.requests_of_this_run() is None  # outside a script run
    at = AppTest.from_function(_report_requests).run()
    assert not at.exception, at.exception
    assert at.markdown[0].value == "requests: ScriptRequests, asked to end: False", \
        f"{ADAPT}: a script run's context no longer holds its script_requests"


def test_download_builders_are_registered_where_the_export_tests_record_them():
    parameters = list(inspect.signature(door.MediaFileManager.add_deferred).parameters)
    assert parameters[:5] == ["self", "data_callable", "mimetype", "coordinates", "file_name"], \
        f"{ADAPT}: MediaFileManager.add_deferred{parameters} (tests/test_export_page.py)"


def test_the_servers_storage_of_closed_sessions_is_where_closed_sessions_replaces_it():
    # playground/server/closed_sessions.py: Runtime._session_mgr, its _session_storage and
    # _storage_lock, MemorySessionStorage's TTL cache and its limits.
    assert "self._session_mgr =" in inspect.getsource(door.Runtime.__init__), \
        f"{ADAPT}: Runtime._session_mgr is gone"
    storage = door.MemorySessionStorage(maxsize=7, ttl_seconds=11)
    assert door.limits_of(storage) == (7, 11), f"{ADAPT}: MemorySessionStorage._cache moved"
    manager = door.WebsocketSessionManager(storage, door.MemoryUploadedFileManager("/u"),
                                           door.ScriptCache(), None)
    assert manager._session_storage is storage, f"{ADAPT}: _session_storage moved"
    with manager._storage_lock:
        pass
    assert "on_remove" in inspect.signature(door.TTLCache).parameters, \
        f"{ADAPT}: TTLCache(on_remove=...) is gone"
