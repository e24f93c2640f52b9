"""A closed tab leaves nothing (issue 26): its session, its uploaded file and its script thread
are released, counted after the fact (no clock: the storage's timer is the test's).

The sessions are Streamlit's own AppSessions in Streamlit's own session manager, built as the
server builds them (playground/server/streamlit_internals.py), with
playground/server/closed_sessions.py's storage in place of Streamlit's; an upload is put where
Streamlit's upload handler puts it.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref

import pytest
import threadpoolctl

from playground import live
from playground.server import closed_sessions
from playground.server import streamlit_internals as door
from playground.session import keys

TTL = 30.0


class Client:
    """A browser tab as the session manager sees it: it receives messages and drops them."""

    def write_forward_msg(self, message) -> None:
        pass


class Server:
    """A session manager with a ReleasingStorage on a clock the test moves, and an upload
    manager; `tabs` counts the AppSessions still alive (weak references: counted, not held)."""

    def __init__(self, maxsize: int = 128):
        self.now = 0.0
        self.storage = closed_sessions.ReleasingStorage(maxsize, TTL, timer=lambda: self.now)
        self.uploads = door.MemoryUploadedFileManager("/_stcore/upload_file")
        self.manager = door.WebsocketSessionManager(self.storage, self.uploads,
                                                    door.ScriptCache(), None)
        self._sessions: list[weakref.ref] = []

    def open_tab(self, existing: str | None = None) -> str:
        session_id = self.manager.connect_session(Client(), door.ScriptData("app.py", False),
                                                  {}, existing_session_id=existing)
        self._sessions.append(weakref.ref(self.manager.get_session_info(session_id).session))
        return session_id

    def upload(self, session_id: str) -> None:
        self.uploads.add_file(session_id, door.UploadedFileRec(
            file_id=f"file-of-{session_id}", name="prices.csv", type="text/csv",
            data=b"area,price\n" + b"50,100000\n" * 10_000))

    def files(self) -> int:
        return sum(len(files) for files in self.uploads.file_storage.values())

    def tabs(self) -> int:
        gc.collect()
        return len({id(s()) for s in self._sessions if s() is not None})


def on_an_event_loop(test):
    """Run `test` on an event loop: an AppSession is made on the server's loop thread. Its own
    thread, as the server's: this one may hold a running loop already (Playwright's, when the
    browser tests ran first in this process), and asyncio.run refuses to nest."""
    async def body():
        test()

    failures = []

    def loop_thread():
        try:
            asyncio.run(body())
        except BaseException as failure:  # an assertion too: re-raised in the test's thread
            failures.append(failure)

    thread = threading.Thread(target=loop_thread, name="event-loop")
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_closed_tabs_are_released_after_the_ttl_with_their_uploads():
    def test():
        server = Server()
        tabs = [server.open_tab() for _ in range(5)]
        for tab in tabs:
            server.upload(tab)
            server.manager.disconnect_session(tab)
        assert len(server.storage.list()) == 5 and server.files() == 5  # kept for a reconnect
        server.now = TTL + closed_sessions.GRACE_SECONDS + 1
        server.storage.reap()  # what the storage's thread does every REAP_SECONDS
        assert server.storage.list() == []
        assert server.storage.released == 5
        assert server.files() == 0
        assert server.tabs() == 0
    on_an_event_loop(test)


def test_a_tab_that_reconnects_within_the_ttl_keeps_its_session_and_upload():
    def test():
        server = Server()
        tab = server.open_tab()
        server.upload(tab)
        server.manager.disconnect_session(tab)
        server.now = TTL - 1  # a Wi-Fi drop
        assert server.open_tab(existing=tab) == tab
        server.now = 10 * TTL
        server.storage.reap()
        assert server.storage.released == 0
        assert server.files() == 1
        assert server.manager.is_active_session(tab)
    on_an_event_loop(test)


def test_a_session_expired_only_just_is_left_to_a_reconnect_in_progress():
    def test():
        server = Server()
        tab = server.open_tab()
        server.manager.disconnect_session(tab)
        server.now = TTL + closed_sessions.GRACE_SECONDS / 2
        server.storage.reap()
        assert server.storage.released == 0  # expired: no reconnect gets it, but not yet reaped
        server.now = TTL + closed_sessions.GRACE_SECONDS + 1
        server.storage.reap()
        assert server.storage.released == 1
    on_an_event_loop(test)


def test_more_closed_tabs_than_the_storage_holds_release_the_oldest():
    def test():
        server = Server(maxsize=2)
        tabs = [server.open_tab() for _ in range(3)]
        for tab in tabs:
            server.upload(tab)
            server.manager.disconnect_session(tab)
        assert server.storage.released == 1
        assert [info.session.id for info in server.storage.list()] == tabs[1:]
        assert server.files() == 2
        assert server.tabs() == 2
    on_an_event_loop(test)


class Search:
    """A tuning lab's search as its tab's state holds it (playground/panels/tuning.py)."""

    def __init__(self):
        self.stopped = threading.Event()

    def stop(self) -> None:
        self.stopped.set()


def test_a_released_tabs_search_is_stopped_and_a_reconnected_tabs_goes_on():
    import playground.panels.tuning  # noqa: F401  (registers the lab's hook, as the page does)

    def test():
        server = Server()
        closed, back = server.open_tab(), server.open_tab()
        searches = {}
        for tab in (closed, back):
            searches[tab] = Search()
            session = server.manager.get_session_info(tab).session
            session.session_state[keys.TUNING_LAB] = {"run": searches[tab]}
            server.manager.disconnect_session(tab)
        server.now = TTL - 1
        server.open_tab(existing=back)  # a Wi-Fi drop: this tab's search goes on
        server.now = TTL + closed_sessions.GRACE_SECONDS + 1
        server.storage.reap()
        assert searches[closed].stopped.is_set()
        assert not searches[back].stopped.is_set()
    on_an_event_loop(test)


def test_without_a_server_release_changes_nothing():
    assert closed_sessions.release() is None  # no runtime here: AppTest, a bench, a test


class Runtime:
    """The server's runtime as release() reaches it: its session manager."""

    def __init__(self, manager):
        self._session_mgr = manager


def test_release_gives_the_server_a_releasing_storage_with_the_closed_tabs_it_held(monkeypatch):
    def test():
        streamlits = door.MemorySessionStorage(maxsize=50, ttl_seconds=TTL)
        manager = door.WebsocketSessionManager(
            streamlits, door.MemoryUploadedFileManager("/u"), door.ScriptCache(), None)
        closed = manager.connect_session(Client(), door.ScriptData("app.py", False), {})
        manager.disconnect_session(closed)
        monkeypatch.setattr(door.Runtime, "_instance", Runtime(manager))
        storage = closed_sessions.release()
        assert isinstance(storage, closed_sessions.ReleasingStorage)
        assert closed_sessions.release() is storage  # once per process
        assert door.disconnected_sessions() is storage
        assert [info.session.id for info in storage.list()] == [closed]
        assert door.limits_of(streamlits) == (storage._cache.maxsize, storage._cache.ttl)
        assert [t.name for t in threading.enumerate()].count("closed-sessions") >= 1
    on_an_event_loop(test)


def _openblas_sets_a_controlling_thread() -> bool:
    blas = getattr(threadpoolctl, "OpenBLASController", None)
    return hasattr(blas, "clear_controlling_thread") and any(
        info.get("internal_api") == "openblas" and info.get("threading_layer") == "pthreads"
        for info in threadpoolctl.threadpool_info())


@pytest.mark.skipif(not _openblas_sets_a_controlling_thread(),
                    reason="this NumPy's BLAS keeps no controlling thread")
def test_the_thread_that_limits_blas_threads_is_not_kept():
    # As in a fresh server process: no thread controls OpenBLAS until the first script thread
    # (the first student's) imports playground.live, which limits it to one thread.
    threadpoolctl.OpenBLASController.clear_controlling_thread(force=True)
    script_thread = threading.Thread(target=live.one_blas_thread)
    script_thread.start()
    script_thread.join()
    finished = weakref.ref(script_thread)
    del script_thread
    gc.collect()
    assert finished() is None
    assert {info["num_threads"] for info in threadpoolctl.threadpool_info()
            if info.get("internal_api") == "openblas"} == {1}  # the limit itself stays
