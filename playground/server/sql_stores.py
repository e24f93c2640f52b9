"""Where the server's shared SQL stores live and how a process connects to one.

The tuning lab's studies and search queue (playground/experiments/tuning.py, search_slots.py)
and the students' checkpoints (playground/server/checkpoints.py) each live at an SQLAlchemy URL
named by an environment variable: one PostgreSQL URL for replicas on several hosts, else a
SQLite file next to Streamlit's own cache (~/.streamlit/), embedded: nothing to install or run.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import sqlalchemy as sa

SQLITE_WAIT_SECONDS = 30  # another replica's write holds the file's lock at most this long


def storage_url(variable: str, file_name: str) -> str:
    """$`variable`, else the SQLite file ~/.streamlit/`file_name`."""
    url = os.environ.get(variable, "").strip()
    if url:
        return url
    folder = Path.home() / ".streamlit"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / file_name}"


@functools.lru_cache(maxsize=32)
def connect(url: str, metadata: sa.MetaData, *, write_lock_first: bool = False) -> sa.Engine:
    """The process's engine for `url` (one per URL and table set), the tables created.

    SQLite: with `write_lock_first` every transaction takes the write lock before it reads
    (BEGIN IMMEDIATE, SQLAlchemy's recipe), for a read-then-write that must not interleave;
    otherwise WAL, so replicas read while one writes, and NORMAL sync, no fsync a write (a
    power cut may lose the last few seconds)."""
    if not url.startswith("sqlite"):
        engine = sa.create_engine(url, pool_pre_ping=True)
    elif write_lock_first:
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_WAIT_SECONDS})

        @sa.event.listens_for(engine, "connect")
        def _no_implicit_begin(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # we say BEGIN

        @sa.event.listens_for(engine, "begin")
        def _begin(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_WAIT_SECONDS})

        @sa.event.listens_for(engine, "connect")
        def _wal(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")
    metadata.create_all(engine)
    return engine
