"""The server's queue of searches, kept in the shared tuning storage, so "at most MAX_RUNNING
searches train at once" holds for every process of the server (replicas behind HAProxy, pods
sharing a PostgreSQL), not per process, and the queue position a page shows is the server's.

One table, playground_search_queue: a row per search waiting or running (ticket: arrival
order). A search takes a slot in one write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL:
the table locked) when fewer than MAX_RUNNING rows run and no earlier ticket waits. Rows beat
while their search lives; a row whose process is gone (same host) or that has not beaten for
GRACE_SECONDS (another host) is dropped, so a killed replica never holds the slot for ever.
"""

from __future__ import annotations

import os
import socket
import time

import sqlalchemy as sa

from engine.search import process_alive
from playground.server import sql_stores

GRACE_SECONDS = 60.0  # a row not beaten for this long belongs to a dead process
HOST = socket.gethostname()[:255]

_metadata = sa.MetaData()
QUEUE = sa.Table(
    "playground_search_queue", _metadata,
    sa.Column("ticket", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("host", sa.String(255), nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("running", sa.Boolean, nullable=False, default=False),
    sa.Column("beat", sa.Float, nullable=False),
    sqlite_autoincrement=True,  # a ticket is never given twice
)


class SlotBoard:
    """The queue in the storage at `url` (an SQLAlchemy URL, e.g. Optuna's sqlite:///...)."""

    def __init__(self, url: str, slots: int = 1, grace: float = GRACE_SECONDS):
        self.url, self.slots, self.grace = url, slots, grace
        self.engine = sql_stores.connect(url, _metadata, write_lock_first=True)

    def _locked(self, connection) -> None:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("LOCK TABLE playground_search_queue IN EXCLUSIVE MODE")

    def _drop_dead(self, connection, now: float) -> None:
        rows = connection.execute(sa.select(QUEUE.c.ticket, QUEUE.c.host, QUEUE.c.pid,
                                            QUEUE.c.beat)).all()
        dead = [r.ticket for r in rows
                if r.beat < now - self.grace or (r.host == HOST and not process_alive(r.pid))]
        if dead:
            connection.execute(QUEUE.delete().where(QUEUE.c.ticket.in_(dead)))

    def join(self) -> int:
        """A ticket at the end of the queue."""
        with self.engine.begin() as connection:
            self._locked(connection)
            result = connection.execute(QUEUE.insert().values(
                host=HOST, pid=os.getpid(), running=False, beat=time.time()))
            return int(result.inserted_primary_key[0])

    def try_run(self, ticket: int) -> bool:
        """Take a slot if one is free and this ticket is first in line (it beats too)."""
        now = time.time()
        with self.engine.begin() as connection:
            self._locked(connection)
            self._drop_dead(connection, now)
            mine = QUEUE.c.ticket == ticket
            if connection.execute(QUEUE.update().where(mine).values(beat=now)).rowcount == 0:
                connection.execute(QUEUE.insert().values(  # dropped (a long pause): back in
                    ticket=ticket, host=HOST, pid=os.getpid(), running=False, beat=now))
            running = connection.execute(sa.select(sa.func.count()).where(
                QUEUE.c.running == sa.true())).scalar_one()
            earlier = connection.execute(sa.select(sa.func.count()).where(
                QUEUE.c.running == sa.false(), QUEUE.c.ticket < ticket)).scalar_one()
            if running >= self.slots or earlier:
                return False
            connection.execute(QUEUE.update().where(mine).values(running=True))
            return True

    def beat(self, ticket: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(QUEUE.update().where(QUEUE.c.ticket == ticket).values(
                beat=time.time()))

    def ahead(self, ticket: int) -> int:
        """Searches before this ticket on the whole server, running or waiting."""
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).where(
                QUEUE.c.ticket < ticket, QUEUE.c.beat >= time.time() - self.grace)
            ).scalar_one())

    def running(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).where(
                QUEUE.c.running == sa.true())).scalar_one())

    def leave(self, ticket: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(QUEUE.delete().where(QUEUE.c.ticket == ticket))
