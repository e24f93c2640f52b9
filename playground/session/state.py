"""One student's playground: settings values, data set, network and trainer.

A `Session` lives in st.session_state, so every browser tab has its own and 30 students never
share a network. It keeps little memory: the engine's records are bounded, and the Dataset
comes from a cache shared by everyone with the same data settings.

`apply(changes)` is the one door for settings: it validates, then either rebuilds (data or
architecture changed: the network starts again from its seed, and the message says so) or
updates the live network (learning rate, optimizer, L2, dropout, batch size: parameters kept).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st

import engine
from engine.prepare import with_points
from playground.charts.boundary import grid_points
from playground.session import autoencoding, challenges, keys, lessons, links, settings
from playground.session.notices import ERROR, INFO, WARNING, Notices

log = logging.getLogger(__name__)

# A frame that runs out of time this close to an epoch's end finishes the epoch (at most about
# twice its budget), so short epochs end every frame on a boundary, however busy the machine.
FINISH_STEPS = 32
# play=1 starts on the second call of start_autoplay (sharing.autoplay: a timer after the
# page is drawn). Measured in Chromium: a page whose FIRST run plays (the live loop never ends)
# kept placeholders instead of its toolbar buttons and without its CSS for as long as it
# played; a page drawn once, then playing, is complete.
AUTOPLAY_CALLS = 2
GRID = 48  # the boundary and every neuron's map are evaluated on a GRID x GRID grid


@dataclass
class CsvUpload:
    """The student's file and the columns picked from it (not part of a share link)."""

    name: str
    digest: str
    table: object  # engine CsvTable
    label_column: str
    feature_columns: tuple[str, ...]
    # The file as uploaded: a checkpoint keeps it (playground/running/kept_runs.py).
    content: bytes = b""


def data_code_version() -> str:
    """A fingerprint of the engine's data code (generators, features, split): part of every
    disk-cache key, so a changed generator never serves a stale data set."""
    digest = hashlib.sha256()
    for name in ("engine.datasets", "engine.features", "engine.prepare", "engine.rawdata"):
        digest.update(Path(importlib.import_module(name).__file__).read_bytes())
    return digest.hexdigest()[:16]


DATA_CODE = data_code_version()


# persist="disk": a restarted server serves its first visitor from ~/.streamlit/cache instead
# of generating (the generators import scikit-learn, ~1.2 s, which was most of the first paint).
@st.cache_data(max_entries=64, show_spinner=False, persist="disk")
def _generated(make: dict, prepare: dict, code: str = DATA_CODE):
    """One generated and prepared data set per distinct data settings (the cache key is the
    arguments), so a class with the same settings generates it once."""
    raw = engine.make_dataset(**make)
    return engine.prepare(raw, **prepare)


def build_dataset(values: dict, csv: CsvUpload | None, follow_file: bool = False):
    """The Dataset for these settings; raises engine.DataError / ValueError with a message.

    An upload is read as a regression or a classification set as the problem setting says,
    or, with follow_file (a new file or label column), as its labels say; either way the
    Dataset's problem (binary / multiclass / regression) is what the file turned out to be.
    """
    options = settings.data_options(values)
    if values["dataset"] == settings.CSV_DATASET:
        if csv is None:
            raise engine.DataError("Upload a CSV file first (Data → Your data).")
        if follow_file:
            problem = None
        else:
            problem = "regression" if values["problem"] == "regression" else "classification"
        raw = engine.load_csv(csv.table, label_column=csv.label_column,
                              feature_columns=list(csv.feature_columns), problem=problem)
        return engine.prepare(raw, **options["prepare"])
    if values["dataset"] == settings.FAMILY_TREES:  # 104 facts, built in a millisecond
        return engine.family_trees.as_dataset(values["data_seed"])
    # DATA_CODE passed, not left as the default: Streamlit keys its cache on the arguments
    # given, so a default would let a changed engine serve data sets pickled by the old one.
    return autoencoding.for_values(_generated(options["make"], options["prepare"], DATA_CODE),
                                   values)


def _grid_of(dataset) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The plotting grid over the data's plane and its network input (None, None without one)."""
    if dataset.has_boundary and dataset.bounds is not None:
        grid = grid_points(dataset.bounds, GRID)
        return grid, dataset.transform(grid)
    return None, None


def _problem_notice(dataset, csv: CsvUpload) -> str:
    """Why the problem type is what it is, after it followed the file."""
    name = settings.PROBLEMS[dataset.problem]
    if dataset.problem == "regression":
        why = f"the label column {csv.label_column!r} holds numbers to predict"
    else:
        why = f"the label column {csv.label_column!r} has {len(dataset.class_names)} classes"
    return f"Problem type set to {name}: {why}."


def _describe_reset(changed: list[settings.Setting]) -> str:
    names = {s.name for s in changed}
    if any(s.rebuilds_data for s in changed):
        what = "Data changed"
    elif "layers" in names or "batch_norm" in names:
        what = "Architecture changed"
    else:
        what = "Initialization changed"
    return f"{what} — the network was re-initialized."


class Session:
    """Everything one browser session sees and trains."""

    def __init__(self, values: dict | None = None):
        self.values, repaired = settings.validate(values or {})
        self.notices = Notices()  # what the page tells the user (playground/session/notices.py)
        for note in repaired:
            self.notices.tell(note, WARNING)
        self.csv: CsvUpload | None = None
        self.playing = False
        self.csv_pending = False  # "Your data (CSV)" chosen, no usable file yet
        self.drawn: list[tuple[float, float, float]] = []  # hand-drawn (x1, x2, label)
        self._evaluated_at = -1  # step at which metrics were last evaluated after divergence
        self.csv_rejections = 0  # files refused so far: a new uploader after each
        self.frames = 0  # live frames drawn (the browser bench counts them)
        self.lock = threading.RLock()  # one thread trains (or draws) this network at a time
        self.run_generation = 0  # bumped by every script run: an older playing run stops
        self.play_from_epoch = 0  # epochs done when Play was pressed ("run N epochs")
        # Shared by the panels (declared here, not set on the fly):
        self.classroom = links.Classroom()  # hidden controls, panels, presenter view
        self.player = None  # in a class challenge: challenges.Player (key, nickname, best)
        self.selected: tuple[int, int] | None = None  # (layer, unit) picked in the inspector
        self.points_layer: tuple[tuple, str] | None = None  # boundary's cached points (key, SVG)
        self.gradient_check: dict | None = None  # the last gradient check's result
        self.embedding_axes = None  # the family trees' map: last frame's principal axes
        self.separation: tuple | None = None  # (net state, counts): the family trees' measure
        self.autoplay = 0  # a link's play=1: calls of start_autoplay left before it plays
        self.lesson = ""  # id of the open lesson (playground.session.lessons), "" for none
        # The run's key in the checkpoint store (playground/running/kept_runs.py).
        self.run_token = ""
        # The last checkpoint: (monotonic time, what it held, its CPU seconds).
        self.kept: tuple[float, tuple, float] = (0.0, (), 0.0)
        self.dataset = build_dataset(self.values, None)
        self._grid_for(self.dataset)
        self._new_network()

    @classmethod
    def from_link(cls, params) -> Session:
        """A session set up by a share link's parameters (st.query_params). What the link got
        wrong is dropped or repaired and said in the notes; never raises on a bad link."""
        link = challenges.parse_link(params)
        notices = list(link.notices)
        lesson = link.lesson
        try:
            session = cls(link.values)
        except (engine.DataError, ValueError) as problem:
            # Valid values one by one that still do not fit together (say, a data set the
            # network cannot take): the page must open anyway.
            log.info("link set-up refused: %s", problem)
            notices.append(f"The link's set-up could not be built ({problem}); the page starts "
                           "from the defaults.")
            session, lesson = cls(), ""
        if lesson:
            session.open_lesson(lesson, link.values)  # already built: opening changes nothing
        session.notices.clear(WARNING)
        for notice in notices:
            session.notices.tell(notice, WARNING)
        session.classroom = link.classroom
        session.autoplay = AUTOPLAY_CALLS if link.classroom.play else 0
        return session

    # Read-only views of the notices (what a test or a panel asks about one level); every
    # writer goes through self.notices.tell.
    @property
    def message(self) -> str:
        return self.notices.said(INFO)

    @property
    def error(self) -> str:
        return self.notices.said(ERROR)

    @property
    def notes(self) -> list[str]:
        return self.notices.texts(WARNING)

    def link_params(self) -> dict[str, str]:
        """The share link's parameters for this set-up (classroom options included)."""
        return links.query(self.values, self.classroom, self.lesson)

    def address_params(self) -> dict[str, str]:
        """The address bar's parameters: the share link's and this tab's run token (a copied
        share link never carries it: a class opening one link would share one run)."""
        run = {links.RUN_KEY: self.run_token} if self.run_token else {}
        return {**self.link_params(), **run}

    # --- lessons: the only way one opens or closes ------------------------------------------

    def open_lesson(self, lesson_id: str, values: dict | None = None) -> None:
        """Open a lesson: its text and screen, and its set-up on top of the defaults (never on
        what was there before), or `values` (a link's lesson plus the link's changes)."""
        lesson = lessons.BY_ID[lesson_id]
        self.apply({**settings.defaults(), **lesson.setup} if values is None else values)
        self.pause()
        self.lesson = lesson.id
        self.notices.clear()
        self.notices.tell("Press Play: paced so a class can follow.")

    def close_lesson(self) -> None:
        self.lesson = ""

    @property
    def current_lesson(self) -> lessons.Lesson | None:
        return lessons.BY_ID.get(self.lesson)

    # --- building ----------------------------------------------------------------------------

    def _grid_for(self, dataset) -> None:
        """The plotting grid and its network input, computed once per data set."""
        self.grid, self.grid_X = _grid_of(dataset)

    def spec(self) -> dict:
        d = self.dataset
        return settings.network_spec(self.values, d.n_x, d.n_y, d.problem)

    def _new_network(self) -> None:
        with self.lock:  # never swap the network under a run that is training it
            self.net = engine.Network.from_spec(self.spec())
            self.trainer = engine.Trainer(self.net, self.dataset)
            self.playing = False

    def adopt(self, net, info: dict) -> str:
        """A loaded network (engine.from_json) in place of the current one, going on from
        where it stopped on the current data; returns "" or a sentence on what could not go
        on exactly (drawn points changed the epoch: it starts afresh)."""
        note = ""
        try:
            trainer = engine.resume(net, self.dataset, info)
        except ValueError:
            trainer = engine.resume(net, self.dataset, {**info, "steps_into_epoch": 0})
            note = "The current epoch starts afresh: the training data is not the saved one."
        with self.lock:  # never swap the network under a run that is training it
            self.net, self.trainer = net, trainer
            self.playing = False
        return note

    def reset(self) -> None:
        """Back to the seed's initial parameters (bit-identical), epoch 0, paused."""
        self.notices.clear(ERROR)
        self._new_network()
        self.notices.tell("Reset — epoch 0, the seed's initial parameters.")

    # --- settings ----------------------------------------------------------------------------

    def apply(self, changes: dict) -> str:
        """Apply new values for some settings; returns (and keeps) the message for the page."""
        self.notices.clear(ERROR, WARNING)  # a new action: the last problem is history
        if "problem" in changes and "dataset" not in changes and self.values["dataset"] not in (
                settings.datasets_for(changes["problem"])):
            # A new problem type starts on its first data set, as in TF Playground.
            changes = {**changes, "dataset": settings.datasets_for(changes["problem"])[0]}
        clean, notes = settings.validate({**self.values, **changes})
        for note in notes:
            self.notices.tell(note, WARNING)
        fixed = [s for s in settings.changed(self.values, clean) if s.name in self.classroom.locked]
        if fixed:  # a challenge's locked setting: the server keeps it, whatever was sent
            clean.update({s.name: self.values[s.name] for s in fixed})
            self.notices.tell(f"The challenge fixes {', '.join(s.label for s in fixed)}.", WARNING)
        if "dataset" in changes:
            self.csv_pending = clean["dataset"] == settings.CSV_DATASET
        if self.csv_pending:
            if self.csv is None:
                # Nothing to train on yet: keep the current data until a file arrives.
                clean["dataset"] = self.values["dataset"]
                self.notices.tell("Choose a CSV file below to train on your own data.")
            else:
                clean["dataset"] = settings.CSV_DATASET
        changed = settings.changed(self.values, clean)
        if not changed:
            return self.message
        if any(s.rebuilds_data for s in changed):
            names = {s.name for s in changed}
            # They were drawn for other classes or another plane:
            keep_drawn = not names & {"problem", "dataset", "n_classes", "features"}
            # A file chosen from the menu decides the problem type; a problem chosen from the
            # menu is tried on the file (and corrected, with a notice, if the file disagrees).
            follow_file = "dataset" in changes and "problem" not in changes
            notice = self._change_data(clean, self.csv, keep_drawn=keep_drawn,
                                       follow_file=follow_file)
            if notice is not None:
                self.notices.tell(" ".join(filter(None, [notice, _describe_reset(changed)])))
            return self.message
        if any(s.resets_network for s in changed):
            why = self._refusal(clean)
            if why:  # a filter larger than its input, say: keep the network as it was
                self.notices.tell(f"{why}; the network was kept as it was.", ERROR)
                return self.message
        self.values = clean
        if any(s.resets_network for s in changed):
            self._new_network()
            self.notices.tell(_describe_reset(changed))
        else:
            self._update_live(changed)
        return self.message

    def _refusal(self, values: dict) -> str:
        """Why the engine or this server cannot build the network of `values` ("" if it can):
        a conv or pool layer's window that does not fit its input, too many filters."""
        d = self.dataset
        try:
            engine.spec.normalize_spec(settings.network_spec(values, d.n_x, d.n_y, d.problem))
        except ValueError as problem:
            return str(problem)
        return ""

    def _update_live(self, changed: list[settings.Setting]) -> None:
        """Training settings: change them on the running network, keep the parameters."""
        if any(s.group not in settings.PAGE_ONLY_GROUPS for s in changed):
            self.push_live()
            labels = ", ".join(s.label.lower() if s.label[0].isupper() and s.label[1:2].islower()
                               else s.label for s in changed)
            self.notices.tell(f"Changed {labels} — training continues with the same parameters.")

    def push_live(self, net=None) -> None:
        """The one way the page's live settings (optimizer, L2, dropout, batch size) reach a
        network: `net`, or the session's own; its parameters are kept."""
        net = self.net if net is None else net
        with self.lock:  # not in the middle of a playing run's step
            net.update_settings(**settings.live_spec(self.values))

    def _change_data(self, values: dict, csv: CsvUpload | None, keep_drawn: bool = False,
                     follow_file: bool = False, source: str = "") -> str | None:
        """All or nothing: build the data set for `values` (and `csv`), its plotting grid and
        a network for it; only when all succeed do they replace the current ones, with a new
        network, and this returns what the student should be told besides ("" or a notice:
        for an upload the problem setting becomes what the file is). Otherwise an error
        says why (prefixed with `source`), the session keeps its data, network and values,
        and this returns None."""
        notices = []
        try:
            dataset = build_dataset(values, csv, follow_file)
            if dataset.name == settings.CSV_DATASET and dataset.problem != values["problem"]:
                notices.append(_problem_notice(dataset, csv))
                values = {**values, "problem": dataset.problem}
            drawn = self.drawn if keep_drawn else []
            try:
                shown = _appended(dataset, drawn)
            except engine.DataError:  # new data, new window: old points may fall outside
                drawn, shown = [], dataset
                notices.append("The drawn points were removed: they do not fit the new data.")
            grid, grid_X = _grid_of(dataset)
            # Build a network for it now: a data set the network cannot take (too many
            # inputs, say) must not be swapped in first and leave every rerun broken.
            engine.Network.from_spec(settings.network_spec(values, dataset.n_x, dataset.n_y,
                                                           dataset.problem))
        except (engine.DataError, ValueError) as problem:
            # Keep everything as it was: the student loses nothing.
            self.notices.clear(INFO)
            self.notices.tell(f"{source}{problem}", ERROR)
            return None
        self.notices.clear(ERROR)
        self.values, self.dataset, self.drawn = values, shown, list(drawn)
        self.grid, self.grid_X = grid, grid_X
        self._new_network()
        return " ".join(notices)

    def use_csv(self, name: str, data: bytes) -> None:
        """Read an upload and train on it; a bad file is said as an error and changes nothing
        else (the data in use, its file and columns stay as they were)."""
        digest = hashlib.sha256(data).hexdigest()
        if self.csv is not None and self.csv.digest == digest:
            return
        try:
            table = engine.inspect_csv(data)
        except engine.DataError as problem:
            self.notices.tell(f"{name}: {problem}", ERROR)
            self.csv_rejections += 1
            return
        label = table.columns[-1]
        try:
            features = tuple(engine.csv_data.default_features(table, label))
        except engine.DataError as problem:
            self.notices.tell(f"{name}: {problem}", ERROR)
            self.csv_rejections += 1
            return
        if not self.rebuild_csv(CsvUpload(name, digest, table, label, features, data),
                                follow_file=True):
            self.csv_rejections += 1

    def pick_csv_columns(self, label_column: str, feature_columns) -> None:
        """New columns of the current file; a DataError keeps the columns that worked."""
        if self.csv is None:
            return
        picked = dataclasses.replace(self.csv, label_column=label_column,
                                     feature_columns=tuple(feature_columns))
        # A new label column may be another kind of target: let the file decide again.
        self.rebuild_csv(picked, follow_file=label_column != self.csv.label_column)

    def rebuild_csv(self, upload: CsvUpload | None = None, follow_file: bool = False) -> bool:
        """Switch to `upload` (default: refresh the current file); only a success makes it the
        file in use. A DataError keeps the current data, file and columns."""
        upload = upload or self.csv
        if upload is None:
            return False
        values = {**self.values, "dataset": settings.CSV_DATASET}
        notice = self._change_data(values, upload, follow_file=follow_file,
                                   source=f"{upload.name}: ")
        if notice is None:
            return False
        self.csv = upload
        self.csv_pending = False
        self.notices.tell(" ".join(filter(None, [
            notice, "Data changed — the network was re-initialized."])))
        return True

    def add_point(self, x1: float, x2: float, label: float) -> None:
        """A hand-drawn training point; the network keeps training (not re-initialized).
        Points outside the plot window, unknown classes and far-off targets are refused."""
        d = self.dataset
        if not all(np.isfinite([x1, x2, label])):
            self.notices.tell("A point needs finite coordinates and label.", ERROR)
            return
        try:
            dataset = with_points(d, np.array([[x1], [x2]], dtype=np.float64),
                                  np.array([label], dtype=np.float64))
        except engine.DataError as problem:
            self.notices.tell(str(problem), ERROR)
            return
        with self.lock:  # not in the middle of a playing run's step
            self.dataset = dataset
            self.trainer.replace_data(dataset)  # same network, same history: more data
        self.drawn.append((float(x1), float(x2), float(label)))
        self.notices.clear(ERROR)
        name = f"{label:g}" if d.problem == "regression" else d.class_names[int(label)]
        self.notices.tell(f"Added a training point at ({x1:.2f}, {x2:.2f}) of {name!s}; "
                          f"{len(self.drawn)} drawn so far.")

    def clear_points(self) -> None:
        if not self.drawn:
            return
        dataset = build_dataset(self.values, self.csv)
        with self.lock:
            self.dataset = dataset
            self.trainer.replace_data(dataset)
        self.drawn = []
        self.notices.tell("Removed the drawn points.")

    # --- training ----------------------------------------------------------------------------
    #
    # Streamlit starts a new script run on a click while the old playing run is still inside
    # its frame (fastReruns), so two threads can reach one Session at once. Every change to the
    # network goes through `self.lock`, and a playing run checks `self.playing` between
    # mini-batches: Pause stops training at the next step boundary, and a Step or Epoch click
    # waits for that step, then trains alone.

    @property
    def diverged(self) -> bool:
        return self.net.divergence is not None

    def play(self) -> None:
        """Start playing; with "run N epochs" set, play stops after N more epoch ends."""
        if self.diverged:
            return
        self.playing = True
        self.play_from_epoch = self.net.epochs_done

    def start_autoplay(self) -> bool:
        """A link's play=1: play at the AUTOPLAY_CALLS-th call (once); True when it started."""
        if not self.autoplay:
            return False
        self.autoplay -= 1
        if self.autoplay:
            return False
        self.play()
        return self.playing

    def pause(self) -> None:
        """Stop playing; a run inside its frame stops at its next step boundary."""
        self.playing = False

    @property
    def epochs_left(self) -> int | None:
        """Epoch ends still to play under "run N epochs" (None: play until paused)."""
        run = self.values.get("run_epochs", 0)
        if not run:
            return None
        return max(self.play_from_epoch + run - self.net.epochs_done, 0)

    def step(self):
        """One mini-batch."""
        with self.lock:
            record = self.trainer.step()
            self._after_training()
        return record

    def epoch(self):
        """Finish the current epoch (or run a whole new one)."""
        with self.lock:
            record, target = self.net.latest, self.net.epochs_done + 1
            while self.net.epochs_done < target and not self.diverged:
                record = self.trainer.step()
            self._after_training()
        return record

    def train_for(self, seconds: float, *, max_epochs: int | None = None,
                  max_steps: int | None = None, stop=None) -> int:
        """Mini-batches for about `seconds`; returns how many ran.

        Bounded in time, not in epochs: at 10,000 points and batch size 1 an epoch is 9,000
        steps (seconds of work), and a frame that waited for it would hold the shared turn
        that long. At the deadline, an epoch with at most FINISH_STEPS (or as many as this
        call already ran) mini-batches left is finished, so short epochs still end every frame
        on an epoch boundary, where the metrics are evaluated. Stops earlier after
        `max_epochs` epoch ends, after `max_steps` steps, or at the first step boundary where
        `stop()` is true (Pause).
        """
        deadline = time.perf_counter() + seconds
        done = 0
        with self.lock:
            target = None if max_epochs is None else self.net.epochs_done + max_epochs
            while not self.diverged and (stop is None or not stop()):
                if target is not None and self.net.epochs_done >= target:
                    break
                if max_steps is not None and done >= max_steps:
                    break
                if time.perf_counter() >= deadline:
                    left = self.steps_per_epoch - self.steps_into_epoch
                    if self.steps_into_epoch == 0 or left > max(FINISH_STEPS, done):
                        break
                self.trainer.step()
                done += 1
            self._after_training()
        return done

    @property
    def steps_per_epoch(self) -> int:
        return self.trainer.steps_per_epoch

    @property
    def steps_into_epoch(self) -> int:
        """steps = epochs x steps_per_epoch + steps_into_epoch (the trainer keeps count)."""
        return self.trainer.steps_into_epoch

    def _after_training(self) -> None:
        if self.diverged:
            self.playing = False
            if self._evaluated_at != self.net.steps_done:
                # Divergence stops an epoch half-way: show the cost of the parameters it kept.
                with np.errstate(all="ignore"):
                    self.trainer.evaluate()
                self._evaluated_at = self.net.steps_done

    # --- what the charts need ----------------------------------------------------------------

    def grid_outputs(self) -> list[np.ndarray] | None:
        """[A0, A1, ..., AL] on the plotting grid (inference mode), or None without a plane."""
        if self.grid_X is None:
            return None
        with np.errstate(all="ignore"):
            return self.net.forward_all(self.grid_X)

    @property
    def metrics(self) -> dict:
        return self.trainer.metrics


def current(params=None) -> Session:
    """This browser session's Session, created on first use from the link's parameters
    (st.query_params): a link sets up the page once, when it is opened."""
    if keys.SESSION not in st.session_state:
        st.session_state[keys.SESSION] = Session.from_link(params or {})
    return st.session_state[keys.SESSION]


def guarded(callback):
    """Wrap a widget callback: a failure becomes a sentence on the page (the trace goes to the
    server log), never a stack trace, and the session carries on as it was."""

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except Exception as problem:
            log.exception("callback %s failed", callback.__name__)
            current().notices.tell(f"That did not work ({type(problem).__name__}: {problem}). "
                                   "Nothing was lost; the page carries on as before.", ERROR)

    return run


@contextlib.contextmanager
def shielded(what: str):
    """Draw a part of the page; if it fails, say so in one line and draw the rest."""
    try:
        yield
    except Exception as problem:  # Streamlit's rerun/stop signals are BaseExceptions: they pass
        log.exception("drawing %s failed", what)
        st.error(f"The {what} could not be drawn ({type(problem).__name__}: {problem}). "
                 "Training and settings are unaffected.")


def _appended(dataset, drawn: list[tuple[float, float, float]]):
    """`dataset` with drawn (x1, x2, label) training points, through engine's with_points."""
    if not drawn or dataset.points_train is None or not dataset.has_boundary:
        return dataset
    points = np.array(drawn, dtype=np.float64)
    return with_points(dataset, points[:, :2].T.copy(), points[:, 2])
