"""A closed tab leaves nothing: its session is freed, all of it, soon after its TTL.

Streamlit keeps a closed tab's session (its AppSession, and in its state the student's Session:
network, data, records, an uploaded CSV) for server.disconnectedSessionTTL seconds (30 s,
.streamlit/config.toml), for a reconnect. In Streamlit 1.67 an expired session goes only when
its storage is next written, that is when another tab closes: the last tabs of a lecture stay
until the next lecture's first one closes, and then each goes when the collector finds it
(AppSession.__del__ shuts it down, releasing its uploads and media files).

`release()` (app.py, every run; it acts once per process) puts in the place of Streamlit's
storage a `ReleasingStorage`: the same TTL and size, but a thread reaps expired sessions every
REAP_SECONDS, and a session it drops (expired, or the least recently used beyond its size) is
shut down at once, after the hooks given to `on_release` (the tuning lab stops the tab's search:
its thread would hold the server's one search slot for up to 10 minutes for no one), and the
reaper then gives the freed memory back to the system (`give_back_memory`). A session
Streamlit takes back itself (a reconnect within the TTL, a close) is left to Streamlit.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import threading
import time

from playground.server import streamlit_internals as door

log = logging.getLogger(__name__)

REAP_SECONDS = 5.0  # how often expired sessions are looked for
# The reaper takes only sessions expired this long ago: a reconnect reads a session, then
# deletes it from the storage (under Streamlit's lock, which the reaper does not hold), and
# no reconnect spends this long between the two.
GRACE_SECONDS = 5.0

_installed = threading.Lock()
_hooks: list = []  # (st.session_state key, function of its value) to call on release


def on_release(key: str, hook) -> None:
    """When a closed tab's session is released, call `hook(value)` with its
    st.session_state[key], if it has one (once per process: a module registers at import)."""
    if (key, hook) not in _hooks:
        _hooks.append((key, hook))


def _run_hooks(session) -> None:
    for key, hook in list(_hooks):
        value = door.state_value(session, key)
        if value is not None:
            hook(value)


class ReleasingStorage(door.SessionStorage):
    """Closed tabs' sessions for `ttl_seconds`, at most `maxsize`; a session dropped from here
    (expired, or the least recently used beyond maxsize) is shut down (thread-safe)."""

    def __init__(self, maxsize: int = 128, ttl_seconds: float = 120, timer=time.monotonic):
        self._lock = threading.Lock()
        self._cache = door.TTLCache(maxsize=maxsize, ttl=ttl_seconds, timer=timer,
                                    on_remove=self._removed)
        self._timer = timer
        self._handed_back: str | None = None  # the id Streamlit itself takes back right now
        self._dropped: list = []  # sessions to shut down once the lock is released
        self.released = 0  # how many sessions were shut down here (a test counts them)
        self._memory_to_give_back = False  # sessions were released since the last reap

    def _removed(self, session_id: str, info) -> None:
        if session_id != self._handed_back:
            self._dropped.append(info.session)

    def _shut_down_dropped(self) -> None:
        with self._lock:
            dropped, self._dropped = self._dropped, []
        for session in dropped:  # outside the lock: shutdown may take a while
            try:
                _run_hooks(session)
            except Exception:  # a failing hook must not keep the session
                log.exception("a closed session's release hook failed")
            try:
                session.shutdown()
            except Exception:  # one session that fails to shut down must not keep the others
                log.exception("a closed session did not shut down")
            else:
                self.released += 1
        self._memory_to_give_back |= bool(dropped)

    def get(self, session_id: str):
        with self._lock:
            return self._cache.get(session_id, None)

    def save(self, session_info) -> None:
        with self._lock:
            self._handed_back = session_info.session.id  # re-saved: not dropped
            try:
                self._cache[session_info.session.id] = session_info
            finally:
                self._handed_back = None
        self._shut_down_dropped()  # writing reaps the expired ones

    def delete(self, session_id: str) -> None:
        """Streamlit takes the session back (a reconnect, a close): it is not shut down here."""
        with self._lock:
            self._handed_back = session_id
            try:
                del self._cache[session_id]
            finally:
                self._handed_back = None

    def list(self) -> list:
        with self._lock:
            return list(self._cache.values())

    def reap(self) -> None:
        """Shut down the sessions that expired more than GRACE_SECONDS ago."""
        with self._lock:
            self._cache.expire(self._timer() - GRACE_SECONDS)
        self._shut_down_dropped()
        if self._memory_to_give_back:  # here, not in a save on Streamlit's event loop
            self._memory_to_give_back = False
            give_back_memory()


def _libc_trim():
    """glibc's malloc_trim, or None (another C library: nothing to call)."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_trim = _libc_trim()


def give_back_memory() -> None:
    """Freed sessions' memory back to the system, what of it can go. CPython and NumPy free a
    session's arrays into glibc's heaps, which keep the pages: the server's RSS stays near the
    most it held at once (the sessions of one TTL). malloc_trim returns the free pages; what
    shares a page or an arena with a live object stays, for reuse (bench/sessions.py --ttl 30:
    4 MB of the 15 MB that 11 closed sessions held)."""
    gc.collect()  # a released session's objects in reference cycles: freed before the trim
    if _trim is not None:
        _trim(0)


def _reap_forever(storage: ReleasingStorage) -> None:
    while True:
        time.sleep(REAP_SECONDS)
        try:
            storage.reap()
        except Exception:  # the reaper must outlive any one failure
            log.exception("reaping closed sessions failed")


def release() -> ReleasingStorage | None:
    """Once per process: the server's closed sessions in a ReleasingStorage with the TTL and
    size of Streamlit's, the sessions already there moved over, and its reaper started. None
    without a server (AppTest) or when Streamlit's storage is not the one this replaces."""
    current = door.disconnected_sessions()
    if isinstance(current, ReleasingStorage):
        return current
    if not isinstance(current, door.MemorySessionStorage):
        return None
    with _installed:
        current = door.disconnected_sessions()
        if isinstance(current, ReleasingStorage):
            return current
        maxsize, ttl = door.limits_of(current)
        storage = ReleasingStorage(maxsize=maxsize, ttl_seconds=ttl)
        door.keep_disconnected_sessions_in(storage)
        threading.Thread(target=_reap_forever, args=(storage,), daemon=True,
                         name="closed-sessions").start()
        return storage
