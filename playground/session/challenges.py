"""Class challenges: a set-up, a goal and limits that travel as `?challenge=<id>`, the
students' submissions, and the teacher's board (no Streamlit here).

A challenge is a share link's set-up (links.query's parameters) plus a goal on a test metric
("test_accuracy" at least, or "test_cost" at most, within N epochs) and limits: settings that
are locked at the set-up's values (the data always), a cap on the hidden units and on the
parameters, and the features allowed. The teacher gets the students' link and the board's
link, which carries a secret key (secrets.token_urlsafe; only its SHA-256 is stored).

A submission is measured on the server from the session's own network (`measure`): its
parameters evaluated afresh on the test set, its epochs and its parameter count, its values
checked against the limits. Nothing the browser sends is a number of a submission, so a
forged entry can only be refused: another challenge's id, a set-up that breaks a limit, a
run past the epochs, a run already on the board (a replay) — each with one sentence.
One row per student (a session's random key): a better run replaces it, a worse one is
refused. A session submits at most once per SUBMIT_SECONDS (a clock the caller may inject).

Storage: $PLAYGROUND_BOARD_STORAGE (any SQLAlchemy URL, e.g. PostgreSQL for replicas on
several hosts), else the SQLite file ~/.streamlit/board.db shared by the replicas of one
machine (WAL; each write one short transaction: a submission is one conditional upsert).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import math
import re
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

import engine
from playground.server import sql_stores
from playground.session import links, settings

log = logging.getLogger(__name__)

STORAGE_VARIABLE = "PLAYGROUND_BOARD_STORAGE"
METRICS = {"test_accuracy": "test accuracy", "test_cost": "test cost"}
HIGHER_IS_BETTER = {"test_accuracy": True, "test_cost": False}
# The data decide what a test metric means: a challenge always locks them.
DATA_SETTINGS = ("problem", "dataset", "n_classes", "noise", "train_ratio", "n_points",
                 "data_seed")
MAX_NICKNAME = 24
SUBMIT_SECONDS = 5.0  # a session submits at most once in this long
SEEN_SECONDS = 5.0  # a student's page says "still here" at most this often...
CONNECTED_SECONDS = 30.0  # ... and counts as connected this long after
MAX_SUBMISSIONS = 500  # per challenge: a class, with room; beyond, refused
ID_BYTES = 6  # token_urlsafe(6): 8 characters
KEY_BYTES = 16
_ID = re.compile(r"[A-Za-z0-9_-]{8}")
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
ANIMALS = ("Otter", "Heron", "Lynx", "Badger", "Gecko", "Puffin", "Ibex", "Marten", "Koala",
           "Narwhal", "Okapi", "Quokka", "Tapir", "Walrus", "Yak", "Zebu", "Falcon", "Bison",
           "Dingo", "Ferret", "Jackal", "Lemur", "Manatee", "Newt", "Ocelot", "Pelican")

_metadata = sa.MetaData()
CHALLENGES = sa.Table(
    "board_challenges", _metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("definition", sa.Text, nullable=False),  # JSON: setup, goal, limits
    sa.Column("closed", sa.Boolean, nullable=False, default=False),
    sa.Column("names_hidden", sa.Boolean, nullable=False, default=False),
)
SUBMISSIONS = sa.Table(
    "board_submissions", _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("challenge", sa.String(16), nullable=False, index=True),
    sa.Column("player", sa.String(32), nullable=False),
    sa.Column("nickname", sa.String(MAX_NICKNAME), nullable=False),
    sa.Column("metric", sa.Float, nullable=False),
    sa.Column("score", sa.Float, nullable=False),  # higher is better, whatever the metric
    sa.Column("parameters", sa.Integer, nullable=False),
    sa.Column("epochs", sa.Integer, nullable=False),
    sa.Column("met", sa.Boolean, nullable=False),
    sa.Column("link", sa.Text, nullable=False),  # the set-up's share link parameters
    sa.Column("run", sa.String(64), nullable=False),  # which run state it was (replays)
    sa.Column("time", sa.Float, nullable=False),
    sa.UniqueConstraint("challenge", "player", name="one_row_per_student"),
)
PRESENCE = sa.Table(
    "board_presence", _metadata,
    sa.Column("challenge", sa.String(16), primary_key=True),
    sa.Column("player", sa.String(32), primary_key=True),
    sa.Column("seen", sa.Float, nullable=False),
    sa.Column("playing", sa.Boolean, nullable=False),
)


class RefusedError(ValueError):
    """A submission or a request the board does not take; str() is the one sentence."""


@dataclass(frozen=True)
class Goal:
    metric: str = "test_accuracy"
    target: float = 0.9
    epochs: int = 100  # within this many epochs

    def met(self, value: float) -> bool:
        if HIGHER_IS_BETTER[self.metric]:
            return value >= self.target
        return value <= self.target

    def score(self, value: float) -> float:
        return value if HIGHER_IS_BETTER[self.metric] else -value

    def describe(self) -> str:
        sign = "≥" if HIGHER_IS_BETTER[self.metric] else "≤"
        return f"{METRICS[self.metric]} {sign} {shown(self.metric, self.target)} within " \
               f"{self.epochs:,} epochs"

    def distance(self, value: float) -> float:
        """How far `value` is from the goal (0 when met), in the metric's units."""
        gap = self.target - value if HIGHER_IS_BETTER[self.metric] else value - self.target
        return max(gap, 0.0)


@dataclass(frozen=True)
class Limits:
    locked: tuple[str, ...] = DATA_SETTINGS
    max_hidden_units: int | None = None
    max_parameters: int | None = None
    features: tuple[str, ...] | None = None  # None: any

    def describe(self) -> list[str]:
        lines = []
        if self.max_hidden_units is not None:
            lines.append(f"at most {self.max_hidden_units:,} hidden units")
        if self.max_parameters is not None:
            lines.append(f"at most {self.max_parameters:,} parameters")
        if self.features is not None:
            lines.append("features: " + ", ".join(engine.FEATURE_LABELS.get(f, f)
                                                  for f in self.features))
        extra = [settings.BY_NAME[n].label for n in self.locked if n not in DATA_SETTINGS
                 and n in settings.BY_NAME]
        if extra:
            lines.append("fixed: " + ", ".join(extra))
        return lines


@dataclass(frozen=True)
class Challenge:
    id: str
    setup: dict  # link parameters (text), as links.query writes them
    goal: Goal
    limits: Limits
    created: float = 0.0
    closed: bool = False
    names_hidden: bool = False

    def values(self) -> dict:
        """The set-up as clean settings values."""
        return links.parse(self.setup).values

    def definition(self) -> str:
        return json.dumps({"setup": self.setup, "goal": vars(self.goal),
                           "limits": {**vars(self.limits), "locked": list(self.limits.locked),
                                      "features": None if self.limits.features is None
                                      else list(self.limits.features)}})

    @classmethod
    def of_row(cls, row) -> Challenge:
        data = json.loads(row.definition)
        limits = data["limits"]
        features = limits["features"]
        return cls(row.id, dict(data["setup"]), Goal(**data["goal"]),
                   Limits(tuple(limits["locked"]), limits["max_hidden_units"],
                          limits["max_parameters"],
                          None if features is None else tuple(features)),
                   row.created, bool(row.closed), bool(row.names_hidden))


@dataclass(frozen=True)
class Attempt:
    """A run as the server measured it (`measure`)."""

    metric: float
    epochs: int
    parameters: int
    hidden_units: int
    values: dict
    run: str  # the run's state: network identity and steps (the same state twice: a replay)


@dataclass(frozen=True)
class Entry:
    """A row of the board."""

    id: int
    nickname: str
    metric: float
    parameters: int
    epochs: int
    met: bool
    link: dict
    time: float


@dataclass
class Board:
    challenge: Challenge
    entries: list[Entry]
    connected: int
    playing: int
    met: int


@dataclass
class Player:
    """One student's session in a challenge: its random key (never from the browser), its
    nickname, and the clock that spaces its submissions and its "still here" writes."""

    key: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    nickname: str = ""
    clock: Callable[[], float] = time.monotonic
    last_submit: float = -math.inf
    last_seen: float = -math.inf
    submitted_run: str = ""  # the last run state that reached the board
    best: float | None = None  # the metric of this student's row on the board
    auto_tried: int = 0  # the network (id) whose meeting the goal was submitted by itself
    checked: tuple = ()  # (network id, epochs) last measured after a frame: once an epoch

    def __post_init__(self):
        if not self.nickname:
            self.nickname = animal_name(self.key)


def shown(metric: str, value: float) -> str:
    return f"{value:.1%}" if metric == "test_accuracy" else f"{value:.4f}"


def new_id() -> str:
    return secrets.token_urlsafe(ID_BYTES)


def valid_id(text) -> bool:
    return isinstance(text, str) and _ID.fullmatch(text) is not None


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def animal_name(seed: str) -> str:
    """An anonymous name, the same for the same session key."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return f"{ANIMALS[digest[0] % len(ANIMALS)]} {digest[1] % 90 + 10}"


def nickname(text, seed: str) -> tuple[str, str]:
    """(the name to show, "" or the one sentence why the animal name is used instead). Plain
    text: at most MAX_NICKNAME characters, no control characters (the board escapes it)."""
    text = unicodedata.normalize("NFC", str(text or "")).strip()
    if not text:
        return animal_name(seed), ""
    if any(unicodedata.category(c)[0] == "C" for c in text):
        return animal_name(seed), "A nickname cannot hold control characters; you are " \
                                  f"{animal_name(seed)}."
    if len(text) > MAX_NICKNAME:
        return animal_name(seed), f"A nickname has at most {MAX_NICKNAME} characters; you " \
                                  f"are {animal_name(seed)}."
    return text, ""


def hidden_units(values: dict) -> int:
    """Units of the dense hidden layers plus the filters of the conv layers."""
    return sum(int(layer.get("units", layer.get("filters", 0))) for layer in values["layers"])


def measure(session) -> Measured:
    """The session's run, measured from its own network: the test metric of the parameters it
    holds now (evaluated afresh, not read from what the page shows), its epochs, its size."""
    with session.lock:
        net, data = session.net, session.dataset
        with np.errstate(all="ignore"):
            ZL, AL = net.output(data.X_test)
            cost = float(net.cost_of_output(ZL, AL, data.Y_test))
            accuracy = (float(engine.training.accuracy(AL, data.Y_test))
                        if data.problem in ("binary", "multiclass") else math.nan)
        epochs, steps = int(net.epochs_done), int(net.steps_done)
        parameters = int(engine.spec.parameter_count(net.spec))
        run = f"{id(net)}:{steps}"
    return Measured(cost, accuracy, epochs, parameters, dict(session.values), run)


@dataclass(frozen=True)
class Measured:
    """Both metrics; `for_goal` picks the challenge's."""

    cost: float
    accuracy: float
    epochs: int
    parameters: int
    values: dict
    run: str

    def for_goal(self, goal: Goal) -> Attempt:
        value = self.accuracy if goal.metric == "test_accuracy" else self.cost
        return Attempt(value, self.epochs, self.parameters, hidden_units(self.values),
                       self.values, self.run)


def broken_limit(challenge: Challenge, values: dict, parameters: int) -> str:
    """"" or the one sentence that says which limit these values break."""
    base = challenge.values()
    for name in challenge.limits.locked:
        if name in base and settings.changed({name: base[name]}, {name: values.get(name)}):
            label = settings.BY_NAME[name].label
            return f"{label} is fixed by the challenge at " \
                   f"{settings.as_text(settings.BY_NAME[name], base[name])}."
    limits = challenge.limits
    units = hidden_units(values)
    if limits.max_hidden_units is not None and units > limits.max_hidden_units:
        return f"The network has {units:,} hidden units; the challenge allows " \
               f"{limits.max_hidden_units:,}."
    if limits.max_parameters is not None and parameters > limits.max_parameters:
        return f"The network has {parameters:,} parameters; the challenge allows " \
               f"{limits.max_parameters:,}."
    if limits.features is not None:
        extra = [f for f in values["features"] if f not in limits.features]
        if extra:
            return f"The feature {engine.FEATURE_LABELS.get(extra[0], extra[0])} is not " \
                   "allowed in this challenge."
    return ""


def spec_parameters(values: dict, dataset) -> int:
    """The parameter count of the network these values build on `dataset` (before building)."""
    spec = settings.network_spec(values, dataset.n_x, dataset.n_y, dataset.problem)
    return int(engine.spec.parameter_count(engine.spec.normalize_spec(spec)))


def student_link(challenge: Challenge, values: dict) -> dict[str, str]:
    """The set-up of a run as a presenter-view link (what the board's "open" opens)."""
    return links.query(values, links.Classroom(present=True))


def _upsert_better(dialect: str, row: dict):
    """Insert the student's row, or replace it when this one is better (higher score, or
    the same with fewer parameters): one statement, so two replicas cannot interleave."""
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
    statement = insert(SUBMISSIONS).values(**row)
    old = SUBMISSIONS.c
    new = statement.excluded
    better = sa.or_(new.score > old.score,
                    sa.and_(new.score == old.score, new.parameters < old.parameters))
    return statement.on_conflict_do_update(
        index_elements=["challenge", "player"],
        set_={k: getattr(new, k) for k in row if k not in ("challenge", "player")},
        where=better)


class BoardStore:
    """The challenges and their submissions at `url` (see the module docstring). `clock`:
    the wall time stored with a row (shared by replicas; tests inject their own)."""

    def __init__(self, url: str, clock: Callable[[], float] = time.time):
        self.engine = sql_stores.connect(url, _metadata)
        self.clock = clock

    # --- the teacher's side ---------------------------------------------------------------

    def create(self, setup: dict, goal: Goal, limits: Limits) -> tuple[Challenge, str]:
        """A new challenge and its board key (shown once: only its hash is kept)."""
        if goal.metric not in METRICS:
            raise RefusedError(f"Unknown goal metric {goal.metric!r}.")
        locked = tuple(dict.fromkeys((*DATA_SETTINGS, *limits.locked)))
        limits = Limits(locked, limits.max_hidden_units, limits.max_parameters, limits.features)
        challenge = Challenge(new_id(), dict(setup), goal, limits, self.clock())
        key = secrets.token_urlsafe(KEY_BYTES)
        with self.engine.begin() as connection:
            connection.execute(CHALLENGES.insert().values(
                id=challenge.id, key_hash=_hash(key), created=challenge.created,
                definition=challenge.definition(), closed=False, names_hidden=False))
        return challenge, key

    def get(self, challenge_id) -> Challenge | None:
        if not valid_id(challenge_id):
            return None
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(CHALLENGES).where(
                CHALLENGES.c.id == challenge_id)).first()
        return None if row is None else Challenge.of_row(row)

    def _teacher(self, challenge_id, key) -> Challenge | None:
        """The challenge if `key` is its board key, else None (nothing said of the class)."""
        if not valid_id(challenge_id) or not isinstance(key, str) or not _KEY.fullmatch(key):
            return None
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(CHALLENGES).where(
                CHALLENGES.c.id == challenge_id)).first()
        if row is None or not hmac.compare_digest(row.key_hash, _hash(key)):
            return None
        return Challenge.of_row(row)

    def board(self, challenge_id, key) -> Board | None:
        """The board: entries best first (ties: fewer parameters, then earlier), and the
        counts; None without the right key."""
        challenge = self._teacher(challenge_id, key)
        if challenge is None:
            return None
        now = self.clock()
        s, p = SUBMISSIONS.c, PRESENCE.c
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(SUBMISSIONS).where(
                s.challenge == challenge.id).order_by(
                s.score.desc(), s.parameters, s.time, s.id)).all()
            present = connection.execute(sa.select(p.playing).where(
                p.challenge == challenge.id, p.seen >= now - CONNECTED_SECONDS)).all()
        entries = [Entry(r.id, r.nickname, r.metric, r.parameters, r.epochs, bool(r.met),
                         json.loads(r.link), r.time) for r in rows]
        if challenge.names_hidden:
            entries = [Entry(e.id, f"Student {n}", e.metric, e.parameters, e.epochs, e.met,
                             e.link, e.time) for n, e in enumerate(entries, start=1)]
        return Board(challenge, entries, connected=len(present),
                     playing=sum(1 for row in present if row.playing),
                     met=sum(1 for e in entries if e.met))

    def _set(self, challenge_id, key, **changes) -> bool:
        if self._teacher(challenge_id, key) is None:
            return False
        with self.engine.begin() as connection:
            connection.execute(CHALLENGES.update().where(
                CHALLENGES.c.id == challenge_id).values(**changes))
        return True

    def close(self, challenge_id, key, closed: bool = True) -> bool:
        return self._set(challenge_id, key, closed=closed)

    def hide_names(self, challenge_id, key, hidden: bool = True) -> bool:
        return self._set(challenge_id, key, names_hidden=hidden)

    def remove(self, challenge_id, key, entry_id: int) -> bool:
        if self._teacher(challenge_id, key) is None:
            return False
        with self.engine.begin() as connection:
            connection.execute(SUBMISSIONS.delete().where(
                SUBMISSIONS.c.challenge == challenge_id, SUBMISSIONS.c.id == int(entry_id)))
        return True

    # --- the students' side ---------------------------------------------------------------

    def seen(self, challenge_id: str, player: Player, playing: bool) -> None:
        """The student's page is open (at most one write per SEEN_SECONDS per session)."""
        now = player.clock()
        if now - player.last_seen < SEEN_SECONDS or not valid_id(challenge_id):
            return
        player.last_seen = now
        row = {"challenge": challenge_id, "player": player.key, "seen": self.clock(),
               "playing": bool(playing)}
        insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[
            self.engine.dialect.name]
        with self.engine.begin() as connection:
            connection.execute(insert(PRESENCE).values(**row).on_conflict_do_update(
                index_elements=["challenge", "player"],
                set_={"seen": row["seen"], "playing": row["playing"]}))

    def submit(self, challenge_id, session_challenge: str, player: Player, measured: Measured,
               *, require_goal: bool = False) -> Entry:
        """Put a measured run on the board; RefusedError (one sentence) if it may not be.

        `session_challenge` is the challenge the session opened (the server's own record);
        `challenge_id` the one the submission names: they must agree."""
        now = player.clock()
        if now - player.last_submit < SUBMIT_SECONDS:
            raise RefusedError(f"One submission every {SUBMIT_SECONDS:g} seconds: try again in a "
                          "moment.")
        challenge = self.get(challenge_id)
        if challenge is None or challenge_id != session_challenge:
            raise RefusedError("This submission names a challenge this page did not open; "
                          "nothing was submitted.")
        if challenge.closed:
            raise RefusedError("The challenge is closed: the board takes no more entries.")
        attempt = measured.for_goal(challenge.goal)
        why = broken_limit(challenge, attempt.values, attempt.parameters)
        if why:
            raise RefusedError(f"Not submitted: {why}")
        if not math.isfinite(attempt.metric):
            raise RefusedError(f"Not submitted: the run has no finite "
                          f"{METRICS[challenge.goal.metric]}.")
        if attempt.epochs > challenge.goal.epochs:
            raise RefusedError(f"Not submitted: the run is at epoch {attempt.epochs:,}, past the "
                          f"challenge's {challenge.goal.epochs:,}; press Reset and try again.")
        if attempt.epochs == 0:
            raise RefusedError("Not submitted: the run has not trained yet.")
        met = challenge.goal.met(attempt.metric)
        if require_goal and not met:
            raise RefusedError("Not submitted: the run has not met the goal.")
        if attempt.run == player.submitted_run:
            raise RefusedError("This run is already on the board; train on to submit again.")
        player.last_submit = now
        row = {"challenge": challenge.id, "player": player.key,
               "nickname": player.nickname[:MAX_NICKNAME], "metric": attempt.metric,
               "score": challenge.goal.score(attempt.metric), "parameters": attempt.parameters,
               "epochs": attempt.epochs, "met": met,
               "link": json.dumps(student_link(challenge, attempt.values)),
               "run": attempt.run[:64], "time": self.clock()}
        with self.engine.begin() as connection:
            count = connection.execute(sa.select(sa.func.count()).select_from(
                SUBMISSIONS).where(SUBMISSIONS.c.challenge == challenge.id)).scalar_one()
            if count >= MAX_SUBMISSIONS:
                raise RefusedError("The board is full; nothing was submitted.")
            connection.execute(_upsert_better(connection.dialect.name, row))
            stored = connection.execute(sa.select(SUBMISSIONS).where(
                SUBMISSIONS.c.challenge == challenge.id,
                SUBMISSIONS.c.player == player.key)).first()
        if stored.run != row["run"]:
            player.best = stored.metric
            raise RefusedError(f"Your entry on the board is better "
                          f"({shown(challenge.goal.metric, stored.metric)}); it stays.")
        player.submitted_run = attempt.run
        player.best = attempt.metric
        return Entry(stored.id, stored.nickname, stored.metric, stored.parameters,
                     stored.epochs, bool(stored.met), json.loads(stored.link), stored.time)

    def count(self, challenge_id: str) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(
                SUBMISSIONS).where(SUBMISSIONS.c.challenge == challenge_id)).scalar_one())


def storage_url() -> str:
    return sql_stores.storage_url(STORAGE_VARIABLE, "board.db")


_store_lock = threading.Lock()
_stores: dict[str, BoardStore] = {}


def store() -> BoardStore:
    """The process's store at storage_url() (one per URL: a test may point it elsewhere)."""
    url = storage_url()
    with _store_lock:
        if url not in _stores:
            _stores[url] = BoardStore(url)
        return _stores[url]


LOOKUP_SECONDS = 2.0  # a page's challenge is read again after this (a close shows that soon)
_looked_up: dict[tuple[str, str], tuple[float, Challenge | None]] = {}


def lookup(challenge_id: str, clock: Callable[[], float] = time.monotonic) -> Challenge | None:
    """The challenge of a student's link, or None (unknown, or the store unreadable: logged).
    Kept LOOKUP_SECONDS per process: the live loop asks after every frame of every student."""
    if not valid_id(challenge_id):
        return None
    now, where = clock(), (storage_url(), challenge_id)
    with _store_lock:
        kept = _looked_up.get(where)
    if kept is not None and now - kept[0] < LOOKUP_SECONDS:
        return kept[1]
    try:
        challenge = store().get(challenge_id)
    except Exception as problem:  # a locked or missing database: the page opens without it
        log.warning("board store unavailable: %s: %s", type(problem).__name__, problem)
        return None
    with _store_lock:
        if len(_looked_up) > 1000:  # old lectures' challenges
            _looked_up.clear()
        _looked_up[where] = (now, challenge)
    return challenge


def parse_link(params: Mapping) -> links.Link:
    """Any page's link (st.query_params): links.parse, and for a link with `challenge=<id>`
    the challenge's set-up is the base, the link's other values change only what the
    challenge leaves free (a locked one is said in one sentence and not used), and the page
    knows the challenge and its locked settings. Never raises."""
    params = {str(key): links.last(value) for key, value in params.items()}
    challenge_id = params.get(links.CHALLENGE_KEY, "").strip()
    if not challenge_id or len(urlencode(params)) > links.MAX_LINK_CHARS:
        return links.parse(params)  # too long: links.parse says so and opens the defaults
    rest = {k: v for k, v in params.items() if k != links.CHALLENGE_KEY}
    challenge = lookup(challenge_id)
    if challenge is None:
        link = links.parse(rest)
        link.notices = links._capped([
            f"challenge: there is no challenge {links._quoted(challenge_id)} on this server; "
            "the page opens without one.", *link.notices])
        return link
    base = challenge.values()
    locked = challenge.limits.locked
    tried, free = [], {}
    for name, value in rest.items():
        if name in locked and name in settings.BY_NAME:
            clean = settings.validate({**base, name: value})[0][name]
            if settings.changed({name: base[name]}, {name: clean}):
                tried.append(settings.BY_NAME[name].label)
        elif name != "lesson":  # the challenge's set-up decides the lesson
            free[name] = value
    link = links.parse({**challenge.setup, **free})
    values = {**link.values, **{name: base[name] for name in locked if name in base}}
    notices = list(link.notices)
    if tried:
        notices.insert(0, f"The challenge fixes {', '.join(tried)}; the link cannot change "
                          f"{'it' if len(tried) == 1 else 'them'}.")
    classroom = dataclasses.replace(link.classroom, challenge=challenge.id,
                                    locked=frozenset(locked))
    return links.Link(values, classroom, links._capped(notices), link.lesson)
