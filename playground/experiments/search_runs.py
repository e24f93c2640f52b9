"""Searches in the background, so the page stays responsive: a thread per search drives
Optuna's ask/tell loop and joblib's worker processes; the page polls it every second.

A class of 30 shares this 2-core server, so at most MAX_RUNNING searches train at once on
the whole server (the others wait, in order, and say so): the queue is a table in the shared
tuning storage (playground/experiments/search_slots.py), so it holds across every process of
the server.
Their worker processes run at a lower priority than the playground's own sessions, and each
search is bounded by engine.search.MAX_TRIALS and MAX_EPOCHS and by MAX_SECONDS of training.
"Stop" ends a search between batches of trials.
"""

from __future__ import annotations

import logging
import threading
import time

import optuna

from engine import search
from playground.experiments.search_slots import SlotBoard

log = logging.getLogger(__name__)

MAX_RUNNING = 1  # searches training at the same time on the whole server
N_JOBS = 2  # worker processes per search: both cores
POLL_SECONDS = 1.0
WAIT_SECONDS = 0.2  # a waiting search asks for the slot this often
BEAT_SECONDS = 5.0  # a running search says it lives this often (search_slots.GRACE_SECONDS)
# A search holds the server's one slot for at most this long (a full 200 x 2,000-epoch search
# of a large network would hold it for an hour), then stops as if Stop was pressed.
MAX_SECONDS = 600


def server_board() -> SlotBoard:
    """The server's queue, in the tuning storage every process of the server shares."""
    from playground.experiments.tuning import (
        storage_url,  # the lab's storage (tuning imports the page's)
    )

    return SlotBoard(storage_url(), MAX_RUNNING)


class SearchRun:
    """One search: config, data, its Optuna study, and the results as they come in. A study
    kept in a storage (SQLite, PostgreSQL) may hold trials from earlier visits: `earlier`."""

    def __init__(self, config: search.SearchConfig, data: search.TrialData, *,
                 storage: str | None = None, study_name: str | None = None,
                 n_jobs: int = N_JOBS, backend: str = "loky", max_seconds: float = MAX_SECONDS,
                 study: optuna.Study | None = None, board: SlotBoard | None = None):
        self.config, self.data = config, data
        self.board = board
        self.max_seconds = max_seconds
        self.timed_out = False
        self.n_jobs, self.backend = n_jobs, backend
        self.study: optuna.Study = study or search.create_study(config, storage, study_name)
        self.earlier: list[search.TrialResult] = search.results_of(self.study)
        self.results: list[search.TrialResult] = []
        self.state = "waiting"  # waiting -> running -> done | stopped | failed; or "opened"
        self.error = ""
        self._stop = threading.Event()
        self._ticket: int | None = None
        self._thread = threading.Thread(target=self._run, daemon=True, name="search")

    @classmethod
    def opened(cls, config: search.SearchConfig, data: search.TrialData,
               study: optuna.Study) -> SearchRun:
        """A kept study shown as it is, nothing to run."""
        run = cls.__new__(cls)
        run.config, run.data, run.study = config, data, study
        run.max_seconds, run.timed_out, run.n_jobs, run.backend = 0, False, 1, "loky"
        run.earlier, run.results = search.results_of(study), []
        run.state, run.error, run.board = "opened", "", None
        run._stop, run._ticket, run._thread = threading.Event(), None, None
        return run

    # --- control --------------------------------------------------------------------------

    def start(self) -> SearchRun:
        """Join the server's queue (a ticket, in arrival order) and run when it is our turn."""
        self.board = self.board or server_board()
        self._ticket = self.board.join()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the search ends (tests, notebooks); True if it did."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # --- what the page shows ----------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.state in ("done", "stopped", "failed", "opened")

    @property
    def all_results(self) -> list[search.TrialResult]:
        """The study's trials: earlier visits' and this search's."""
        return self.earlier + list(self.results)

    @property
    def planned(self) -> int:
        return self.config.planned_trials

    @property
    def progress(self) -> float:
        return 1.0 if self.state == "opened" else min(1.0, len(self.results) / self.planned)

    @property
    def ahead(self) -> int:
        """Searches before this one in the server's queue, as the shared storage says (0
        once it runs)."""
        if self.state != "waiting" or self._ticket is None:
            return 0
        return self.board.ahead(self._ticket)

    # --- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        ended = "failed"
        try:
            while not self.board.try_run(self._ticket):  # wait for the slot, or for Stop
                if self._stop.wait(WAIT_SECONDS):
                    ended = "stopped"
                    return
            self.state = "running"
            self._train()
            ended = "stopped" if self._stop.is_set() else "done"
        except Exception as problem:  # shown on the page as one sentence; trace in the log
            log.exception("search failed")
            self.error = f"{type(problem).__name__}: {problem}"
        finally:
            self._leave()
            self.state = ended  # only now `finished`: the slot is free for the next search

    def _train(self) -> None:
        deadline = time.monotonic() + self.max_seconds

        def should_stop() -> bool:
            if time.monotonic() > deadline:
                self.timed_out = True
                self._stop.set()
            return self._stop.is_set()

        trained = threading.Event()
        beating = threading.Thread(target=self._beat, args=(trained,), daemon=True,
                                   name="search-beat")
        beating.start()
        try:
            search.run_search(self.config, self.data, study=self.study, n_jobs=self.n_jobs,
                              backend=self.backend, nice=search.WORKER_NICE, stop=should_stop,
                              on_trial=self.results.append)
        finally:
            trained.set()
            beating.join()

    def _beat(self, trained: threading.Event) -> None:
        while not trained.wait(BEAT_SECONDS):
            try:
                self.board.beat(self._ticket)
            except Exception:  # a storage hiccup: the next beat may pass
                log.exception("search heartbeat failed")

    def _leave(self) -> None:
        try:
            self.board.leave(self._ticket)
        except Exception:  # the row is dropped as dead once its beats stop
            log.exception("leaving the search queue failed")
