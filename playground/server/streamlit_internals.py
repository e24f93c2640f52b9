"""The one door to Streamlit's internals: everything the page and its tests take from
`streamlit.runtime`, which is not Streamlit's public API and may move in any release.

Why the public API does not suffice: the live loop (playground/live.py) trains between element
writes in a script run that lasts as long as the student plays. Streamlit looks at a click (a
rerun request) or a closed tab (a stop) only when the script writes its next element, so the
loop would hold every click for a turn, a training budget and a frame. There is no public "is a
rerun pending?", and no public way to end a run as Streamlit would at its next element (raise
its own rerun or stop signal: a run that returns normally makes Streamlit clear the clicks the
newer run is handling). The tests use two more: ScriptRequests/RerunData stand in for a script
run's requests when live.run is driven in threads, and MediaFileManager.add_deferred is where a
download button registers the builder of its file. Closed tabs' sessions (playground/
closed_sessions.py): Streamlit keeps them in a storage its server builds and that drops an
expired session only when next written; there is no public way to give the runtime's session
manager another (`disconnected_sessions`, `keep_disconnected_sessions_in`), and the tests
build such a manager as the server does (WebsocketSessionManager and what it takes).

An upgrade may move any of this: pyproject.toml keeps Streamlit below its next minor, and
tests/test_streamlit_internals.py checks each name and attribute used here, failing with this
module's name when one is gone.
"""

from __future__ import annotations

try:
    from streamlit.runtime import Runtime
    from streamlit.runtime.caching.ttl_cache import TTLCache
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.script_data import ScriptData
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    from streamlit.runtime.session_manager import SessionInfo, SessionStorage
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager
except ImportError as moved:  # pragma: no cover - only after a Streamlit upgrade
    import streamlit

    raise ImportError(f"playground/server/streamlit_internals.py: "
                      f"Streamlit {streamlit.__version__} "
                      f"no longer has what this module imports ({moved}); adapt this module "
                      "(the only one that imports streamlit.runtime)") from moved

__all__ = ["MediaFileManager", "MemorySessionStorage", "MemoryUploadedFileManager", "RerunData",
           "RerunException", "ScriptCache", "ScriptData", "ScriptRequests", "SessionInfo",
           "SessionStorage", "StopException", "TTLCache", "UploadedFileRec",
           "WebsocketSessionManager", "asked_to_end", "disconnected_sessions", "end_as_asked",
           "keep_disconnected_sessions_in", "limits_of", "requests_of_this_run",
           "ring_on_request", "state_value"]


def requests_of_this_run():
    """What Streamlit asks of this script run (a rerun after a click, a stop when the tab
    closed); None outside a script run (benches, tests driving live.run in a thread)."""
    context = get_script_run_ctx(suppress_warning=True)
    return getattr(context, "script_requests", None)


def ring_on_request(requests, bell) -> bool:
    """Ring `bell` (a threading.Event) whenever Streamlit asks this session's run to rerun or
    stop (a click, a closed tab), so a run waiting for its turn sleeps instead of polling.
    ScriptRequests has no listener: its two request methods are wrapped once per instance
    (it serves every run of one script runner), and each run hangs its own bell on it. False
    without requests (a bench or a test driving live.run in a thread)."""
    if requests is None:
        return False
    if not hasattr(requests, "_playground_bell"):
        for name in ("request_rerun", "request_stop"):
            original = getattr(requests, name)

            def ringing(*args, _original=original, **kwargs):
                answer = _original(*args, **kwargs)
                requests._playground_bell.set()
                return answer

            setattr(requests, name, ringing)
    requests._playground_bell = bell
    return True


def asked_to_end(requests) -> bool:
    """Whether a click or a closed tab waits for this run to end (ScriptRequests' private
    state: there is no public "rerun pending"). A fragment's timer (a link's play=1) asks for a
    rerun that waits for this run instead of ending it, as Streamlit itself decides (a fragment
    run does not preempt the script)."""
    state = getattr(requests, "_state", None)
    if state is None or state.name == "CONTINUE":
        return False
    if state.name == "RERUN":
        pending = getattr(requests, "_rerun_data", None)
        if pending is not None and pending.fragment_id_queue and \
                not pending.is_fragment_scoped_rerun:
            return False
    return True


def end_as_asked(requests) -> None:
    """End this run the way Streamlit would at its next element: raise its stop (a newer run
    already started: a click) or rerun signal. Never return normally when asked: a run that
    ends normally is finished "with success", and Streamlit then clears the button clicks and
    widgets this run did not see, under the newer run that is handling the click (measured:
    after Pause the page never came back)."""
    request = requests.on_scriptrunner_yield()
    if request is None:
        return
    if request.type.name == "RERUN":
        raise RerunException(request.rerun_data)
    raise StopException()


def _session_manager():
    """The runtime's session manager; None without a server (AppTest's runtime is a mock)."""
    if not Runtime.exists():
        return None
    manager = getattr(Runtime.instance(), "_session_mgr", None)
    return manager if hasattr(manager, "_session_storage") else None


def disconnected_sessions() -> SessionStorage | None:
    """Where the server keeps closed tabs' sessions for a reconnect; None without a server."""
    manager = _session_manager()
    return None if manager is None else manager._session_storage


def state_value(session, key: str):
    """`key` of an AppSession's st.session_state, or None (SessionState has no .get)."""
    state = session.session_state
    return state[key] if key in state else None  # noqa: SIM401


def limits_of(storage: MemorySessionStorage) -> tuple[int, float]:
    """Streamlit's storage's (maxsize, TTL in seconds)."""
    return storage._cache.maxsize, storage._cache.ttl


def keep_disconnected_sessions_in(storage: SessionStorage) -> None:
    """Give the server's session manager `storage` for closed tabs' sessions, the ones it
    holds moved over, under the lock that guards its moves in and out of its storage."""
    manager = _session_manager()
    with manager._storage_lock:
        for info in manager._session_storage.list():
            storage.save(info)
        manager._session_storage = storage
