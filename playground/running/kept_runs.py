"""A tab's run outlives the server process that trains it.

Each tab has a run token (checkpoints.new_token: random, never chosen by the user), kept in
the address bar as `run=` (sharing.publish), so a reload, a reconnect through HAProxy to
another replica and a restarted server all bring it back. While playing, the run is saved to
the shared store (playground/server/checkpoints.py) every CHECKPOINT_SECONDS, and whenever it
changed when a script run ends (a Pause, a Step, a setting). The checkpoint is the page's
saved-network file (engine.to_json with the page's settings, playground/saving/downloads.py) and
goes back in through playground/saving/loading.py, as a loaded file does.

A session that starts with a token restores the run, from the tab that holds it in this
process (a reload) or from the store, and says so in one line; a token that is not one this
page gives, unknown or expired, starts a fresh run with a fresh token and a line saying why.
The newest tab with a token owns it: an older tab with the same link stops saving.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref

import streamlit as st

import engine
from playground.charts import numbers
from playground.running.turns import PLAYERS
from playground.saving import downloads, loading
from playground.server import checkpoints
from playground.session import keys, links, settings, state
from playground.session.notices import WARNING
from playground.session.state import Session

log = logging.getLogger(__name__)

CHECKPOINT_SECONDS = 3.0  # a killed replica loses at most this much of a playing run...
# ... while the process's checkpoints take at most this share of a core: each playing tab
# waits its checkpoint's CPU time x the players / CPU_SHARE (bench/checkpoints.py measured
# 13 ms for the default circle, 90 ms for 8 x 64 units with Adam: JSON's float text).
CPU_SHARE = 0.015  # two replicas: 3 % of one core for the whole class
RETRY_SECONDS = 60.0  # a store that could not be opened is tried again after this
STARTED = time.time()  # this process's start (the first session's import): "restarted"
CSV_KEY = "csv"  # the upload's name and columns in a checkpoint's "extra" (its bytes: by digest)
PLAYING_KEY = "playing"

_owners: weakref.WeakValueDictionary[str, Session] = weakref.WeakValueDictionary()
_store_lock = threading.Lock()
_store: dict = {"store": None, "failed_at": -RETRY_SECONDS}


def store() -> checkpoints.CheckpointStore | None:
    """The process's store, opened on first use; None (logged) if it cannot be opened."""
    with _store_lock:
        if _store["store"] is None and time.monotonic() - _store["failed_at"] > RETRY_SECONDS:
            try:
                _store["store"] = checkpoints.CheckpointStore(checkpoints.storage_url())
            except Exception as problem:  # a bad URL, an unwritable folder: the page goes on
                log.warning("checkpoint store unavailable: %s", problem)
                _store["failed_at"] = time.monotonic()
        return _store["store"]


def document(session: Session) -> bytes:
    """The run as the page saves a network file, plus whether it plays and its upload."""
    extra = {downloads.SETTINGS_KEY: downloads.page_settings(session),
             PLAYING_KEY: bool(session.playing)}
    if session.csv is not None and session.values["dataset"] == settings.CSV_DATASET:
        csv = session.csv
        extra[CSV_KEY] = json.dumps({"name": downloads.one_line(csv.name), "label":
                                     csv.label_column, "features": list(csv.feature_columns)})
    with session.lock:
        return engine.to_json(session.trainer, session.dataset, extra=extra).encode("utf-8")


def _what(session: Session) -> tuple:
    """What a checkpoint holds, cheaply: a change in any of these is worth a new one."""
    csv = session.csv.digest if session.csv is not None else ""
    return (id(session.net), session.net.steps_done, downloads.page_settings(session), csv,
            session.playing)


def keep(session: Session) -> None:
    """Checkpoint the run if it changed since the last one; while playing at most every
    CHECKPOINT_SECONDS. Never raises: a store that fails is logged and the page goes on."""
    token = session.run_token
    if not token or _owners.get(token) is not session:
        return
    now = time.monotonic()
    last, saved, cpu = session.kept
    if session.playing and saved[-1:] == (True,) and now - last < interval(cpu):
        return  # (Play itself is saved at once)
    what = _what(session)
    if what == saved:
        return
    kept = store()
    if kept is None:
        return
    started = time.thread_time()
    uses_csv = session.csv is not None and session.values["dataset"] == settings.CSV_DATASET
    try:
        kept.save(token, document(session), session.net.epochs_done,
                  session.csv.content if uses_csv else None)
    except checkpoints.TooLargeError as problem:
        log.info("run not checkpointed: %s", problem)
    except Exception as problem:  # a locked or full database: the next change tries again
        log.warning("checkpoint failed: %s: %s", type(problem).__name__, problem)
    session.kept = (now, what, time.thread_time() - started)  # a failure: not every frame


def interval(cpu_seconds: float, players: int | None = None) -> float:
    """Seconds between a playing tab's checkpoints: CHECKPOINT_SECONDS, or longer when its
    checkpoints cost so much CPU that the process's players would exceed CPU_SHARE."""
    players = PLAYERS.count() if players is None else players
    return max(CHECKPOINT_SECONDS, cpu_seconds * max(players, 1) / CPU_SHARE)


def _quoted(text: str) -> str:
    return repr(text if len(text) <= 30 else text[:30] + "…")


def _fresh(session: Session, why: str = "") -> None:
    session.run_token = checkpoints.new_token()
    _owners[session.run_token] = session
    if why:
        session.notices.tell(f"{why} This tab starts a fresh run.", WARNING)


def _restore_csv(session: Session, meta: str, content: bytes | None) -> str:
    """The checkpoint's upload back in the session; "" or why not."""
    try:
        csv = json.loads(meta)
        name, label, features = csv["name"], csv["label"], csv["features"]
    except (ValueError, KeyError, TypeError):
        return "its uploaded file's columns are not readable"
    if content is None:
        return "its uploaded file is no longer kept"
    session.use_csv(str(name), content)
    if session.csv is None:
        return session.error or "its uploaded file could not be read"
    if (label, tuple(features)) != (session.csv.label_column, session.csv.feature_columns):
        session.pick_csv_columns(str(label), [str(f) for f in features])
    return ""


def _restore(session: Session, data: bytes, csv: bytes | None) -> str:
    """The checkpoint `data` in the session; "" or why it could not be."""
    try:
        extra = engine.from_json(data)[1]["extra"]
    except ValueError as problem:
        return str(problem)
    if CSV_KEY in extra:
        why = _restore_csv(session, extra[CSV_KEY], csv)
        if why:
            return why
    why = loading.restore(session, data)
    if not why and extra.get(PLAYING_KEY) is True:
        session.autoplay = state.AUTOPLAY_CALLS  # it was playing: play on once drawn
    return why


def _loaded(token: str) -> tuple[bytes, bytes | None, float | None] | None:
    """(document, upload, when saved) of `token`: from a tab of this process (saved: None),
    else from the store; None if neither has it."""
    holder = _owners.get(token)
    if holder is not None:
        with holder.lock:
            csv = holder.csv.content if holder.csv is not None else None
            return document(holder), csv, None
    kept = store()
    try:
        checkpoint = kept.load(token) if kept is not None else None
    except Exception as problem:
        log.warning("checkpoint not read: %s: %s", type(problem).__name__, problem)
        return None
    if checkpoint is None:
        return None
    return checkpoint.document, checkpoint.csv, checkpoint.saved


def _said(epochs: int, saved: float | None) -> str:
    """The one line: "The server restarted; your run goes on from epoch 4,380 (saved 3 s
    ago)." (restarted: saved before this process started)."""
    line = f"your run goes on from epoch {numbers.count(epochs)}"
    if saved is None:  # a reload: the run was in this process
        return f"Y{line[1:]}."
    age = max(time.time() - saved, 0.0)
    line += f" (saved {age:,.0f} s ago)." if age < 120 else f" (saved {age / 60:,.0f} min ago)."
    return f"The server restarted; {line}" if saved < STARTED else f"Y{line[1:]}"


def start(session: Session, token: str) -> None:
    """A new session's run: the one of `token` restored, or a fresh one (see the module)."""
    if not token:
        _fresh(session)
        return
    if not checkpoints.valid_token(token):
        _fresh(session, f"run: {_quoted(token)} is not a run token this page gives.")
        return
    found = _loaded(token)
    if found is None:
        hours = checkpoints.max_age_seconds() / 3600
        _fresh(session, f"This link's run is not kept on the server (a run is kept "
                        f"{hours:g} hours after its last change).")
        return
    data, csv, saved = found
    why = _restore(session, data, csv)
    session.notices.clear()
    if why:
        _fresh(session, f"This link's run could not be restored ({why}).")
        return
    session.run_token = token
    _owners[token] = session  # the newest tab owns the run: an older one stops saving
    session.kept = (time.monotonic(), _what(session), 0.0)
    session.notices.tell(_said(session.net.epochs_done, saved))


def current(params: dict) -> Session:
    """This browser session's Session (state.current); a new one starts its run (`start`)."""
    new = keys.SESSION not in st.session_state
    session = state.current(params)
    if new:
        start(session, links.run_token(params))
    return session
