"""Checkpoints of students' runs in a store every replica of the server shares, so a run
outlives the process that trained it (a replica killed, the whole server restarted).

A checkpoint is the page's saved-network document (engine.saving's JSON, as the "Save &
export" tab writes it; playground/running/kept_runs.py builds and reads it), keyed by a run token:
a random text (secrets.token_urlsafe) the browser keeps in the page's link. An uploaded CSV
is kept once by its content's SHA-256 beside the checkpoints that train on it.

Storage: an SQLAlchemy URL, $PLAYGROUND_CHECKPOINT_STORAGE, else a SQLite file next to
Streamlit's cache (~/.streamlit/checkpoints.db), as the tuning lab keeps its studies
(playground/experiments/tuning.py); one PostgreSQL URL for replicas on several hosts. No
Streamlit here.

Bounded: a checkpoint expires after max_age seconds ($PLAYGROUND_CHECKPOINT_HOURS, a day by
default), a row holds at most max_bytes (compressed), the table at most max_rows (the oldest
go first), and a file no checkpoint uses is dropped. A token is only ever a bound parameter,
and one that is not of the form new_token() gives is refused before any query.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
import zlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from playground.server import sql_stores

STORAGE_VARIABLE = "PLAYGROUND_CHECKPOINT_STORAGE"
HOURS_VARIABLE = "PLAYGROUND_CHECKPOINT_HOURS"
DEFAULT_HOURS = 24.0
MAX_ROW_BYTES = 2 * 2**20  # a compressed document (8 x 64 units with Adam: ~0.3 MB)
MAX_ROWS = 5000  # a day of lectures; the oldest checkpoints go first
MAX_FILE_BYTES = 6 * 2**20  # a compressed upload (the uploader takes 5 MB)
PRUNE_SECONDS = 60.0  # expired rows are deleted at most this often per process
TOKEN_BYTES = 16  # token_urlsafe(16): 22 characters, 128 random bits
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")

_metadata = sa.MetaData()
CHECKPOINTS = sa.Table(
    "playground_checkpoints", _metadata,
    sa.Column("token", sa.String(32), primary_key=True),
    sa.Column("saved", sa.Float, nullable=False, index=True),
    sa.Column("epoch", sa.BigInteger, nullable=False),
    sa.Column("document", sa.LargeBinary, nullable=False),  # zlib-compressed JSON
    sa.Column("csv_digest", sa.String(64), nullable=True),
)
FILES = sa.Table(
    "playground_checkpoint_files", _metadata,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("saved", sa.Float, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),  # zlib-compressed CSV bytes
)


class TooLargeError(ValueError):
    """A checkpoint or a file larger than the store keeps."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def valid_token(text) -> bool:
    return isinstance(text, str) and _TOKEN.fullmatch(text) is not None


def storage_url() -> str:
    """$PLAYGROUND_CHECKPOINT_STORAGE, else ~/.streamlit/checkpoints.db (embedded SQLite)."""
    return sql_stores.storage_url(STORAGE_VARIABLE, "checkpoints.db")


def max_age_seconds() -> float:
    """$PLAYGROUND_CHECKPOINT_HOURS (a positive number), else a day."""
    try:
        hours = float(os.environ.get(HOURS_VARIABLE, DEFAULT_HOURS))
    except ValueError:
        hours = DEFAULT_HOURS
    return 3600.0 * (hours if 0 < hours < 24 * 365 else DEFAULT_HOURS)


def _upsert(dialect: str, table: sa.Table, key: str, row: dict, update: bool):
    """INSERT ... ON CONFLICT DO UPDATE / DO NOTHING in the dialect's own words."""
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
    statement = insert(table).values(**row)
    if update:
        return statement.on_conflict_do_update(
            index_elements=[key], set_={k: v for k, v in row.items() if k != key})
    return statement.on_conflict_do_nothing(index_elements=[key])


@dataclass(frozen=True)
class Checkpoint:
    document: bytes  # engine.saving JSON
    saved: float  # time.time() when it was written
    epoch: int
    csv: bytes | None  # the upload it trains on, or None


class CheckpointStore:
    """The checkpoints at `url` (SQLite or PostgreSQL; see the module docstring)."""

    def __init__(self, url: str, max_age: float | None = None, max_bytes: int = MAX_ROW_BYTES,
                 max_rows: int = MAX_ROWS):
        self.max_age = max_age_seconds() if max_age is None else max_age
        self.max_bytes, self.max_rows = max_bytes, max_rows
        self.engine = sql_stores.connect(url, _metadata)
        self._pruned = 0.0

    def save(self, token: str, document: bytes, epoch: int, csv: bytes | None = None) -> None:
        """Write (or replace) the checkpoint of `token`; TooLargeError if it exceeds the bounds."""
        if not valid_token(token):
            raise ValueError("not a run token")
        packed = zlib.compress(document, 1)  # level 1: most of the gain for little CPU
        if len(packed) > self.max_bytes:
            raise TooLargeError(f"a checkpoint of {len(packed):,} bytes compressed (at most "
                                f"{self.max_bytes:,})")
        digest = None if csv is None else hashlib.sha256(csv).hexdigest()
        now = time.time()
        with self.engine.begin() as connection:
            dialect = connection.dialect.name
            if digest is not None and connection.execute(sa.select(FILES.c.digest).where(
                    FILES.c.digest == digest)).first() is None:
                content = zlib.compress(csv, 1)
                if len(content) > MAX_FILE_BYTES:
                    raise TooLargeError(f"an uploaded file of {len(content):,} bytes compressed")
                connection.execute(_upsert(dialect, FILES, "digest", {
                    "digest": digest, "saved": now, "content": content}, update=False))
            connection.execute(_upsert(dialect, CHECKPOINTS, "token", {
                "token": token, "saved": now, "epoch": int(epoch), "document": packed,
                "csv_digest": digest}, update=True))
        if now - self._pruned > PRUNE_SECONDS:
            self.prune(now)

    def load(self, token) -> Checkpoint | None:
        """The checkpoint of `token`, or None (not a token, unknown, expired, file gone)."""
        if not valid_token(token):
            return None
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(CHECKPOINTS).where(
                CHECKPOINTS.c.token == token,
                CHECKPOINTS.c.saved >= time.time() - self.max_age)).first()
            if row is None:
                return None
            csv = None
            if row.csv_digest is not None:
                content = connection.execute(sa.select(FILES.c.content).where(
                    FILES.c.digest == row.csv_digest)).scalar()
                if content is None:
                    return None
                csv = zlib.decompress(content)
        return Checkpoint(zlib.decompress(row.document), row.saved, row.epoch, csv)

    def prune(self, now: float | None = None) -> None:
        """Drop expired checkpoints, the oldest beyond max_rows, and files none uses."""
        now = time.time() if now is None else now
        self._pruned = now
        with self.engine.begin() as connection:
            connection.execute(CHECKPOINTS.delete().where(
                CHECKPOINTS.c.saved < now - self.max_age))
            count = connection.execute(sa.select(sa.func.count()).select_from(
                CHECKPOINTS)).scalar_one()
            if count > self.max_rows:
                oldest = sa.select(CHECKPOINTS.c.token).order_by(
                    CHECKPOINTS.c.saved).limit(count - self.max_rows)
                connection.execute(CHECKPOINTS.delete().where(CHECKPOINTS.c.token.in_(oldest)))
            used = sa.select(CHECKPOINTS.c.csv_digest).where(
                CHECKPOINTS.c.csv_digest.is_not(None))
            connection.execute(FILES.delete().where(FILES.c.digest.not_in(used)))

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(
                CHECKPOINTS)).scalar_one())
