"""Share links: the settings table <-> a query string, in both directions (no Streamlit here).

A parameter's name is a setting's name and its value the table's text form (settings.as_text);
only values that differ from the defaults are written, so the default page is the bare address.
Four more parameters set up a classroom: `hide` (setting or section names whose controls are
removed), `panels` (which tabs show), `play=1` (start training on open) and `view=present`
(the presenter view); `lesson=<id>` opens that lesson: its text above the charts, and its
set-up as the base the other parameters change (so `?lesson=dying-relu` alone is the lesson,
and a teacher's changed lesson is the lesson plus what changed).

A link is untrusted input: every value goes through settings.validate (parsed, clamped to its
row's range, never evaluated); what cannot be used is dropped with one sentence saying what
and why. Nothing here raises on any input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from playground.session import lessons, panel_table, settings

MAX_LINK_CHARS = 2000  # longer query strings are refused unread
MAX_NOTICES = 6  # the rest is summed up in one line: a junk link cannot fill the page
MAX_NOTICE_CHARS = 240
MAX_SHOWN_CHARS = 40  # a bad value is quoted at most this long in a notice
CLASSROOM_KEYS = ("hide", "panels", "play", "view", "lesson", "challenge")
CHALLENGE_KEY = "challenge"  # ?challenge=<id>: a class challenge (playground/session/challenges.py)
BOARD_KEYS = ("board", "key")  # the board page's own parameters (playground/panels/board.py)
RUN_KEY = "run"  # the tab's run token in the address bar (playground/running/kept_runs.py)
PANELS = panel_table.TABS  # the tabs below the live area that `panels=` may name
PRESENT = "present"


@dataclass(frozen=True)
class Classroom:
    """What a classroom link changes besides the settings."""

    hide: tuple[str, ...] = ()  # as written in the link: setting and section names
    panels: tuple[str, ...] | None = None  # None: every panel
    play: bool = False
    present: bool = False
    challenge: str = ""  # the open challenge's id (playground/session/challenges.py), "" for none
    locked: frozenset[str] = frozenset()  # settings the challenge fixes: controls disabled

    @property
    def hidden(self) -> frozenset[str]:
        """The names of the settings whose controls are removed (sections expanded)."""
        return frozenset(s.name for s in settings.SETTINGS
                         if s.name in self.hide or s.group in self.hide)

    def shows_panel(self, name: str) -> bool:
        return not self.present and (self.panels is None or name in self.panels)


@dataclass
class Link:
    """A parsed link: clean values for every setting, the classroom options, and one
    sentence for each thing that was dropped or repaired."""

    values: dict[str, Any]
    classroom: Classroom = Classroom()
    notices: list[str] = field(default_factory=list)
    lesson: str = ""  # the open lesson's id (playground.session.lessons), "" for none


def _quoted(text: str) -> str:
    short = text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + "…"
    return repr(short)


def last(value) -> str:
    """A query parameter given twice keeps its last value (as the browser's URLSearchParams)."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value)


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _classroom(params: dict[str, str], notices: list[str]) -> Classroom:
    hide, panels = [], None
    for name in dict.fromkeys(_names(params.get("hide", ""))):  # each name once, in order
        if name in settings.BY_NAME or name in settings.GROUPS:
            hide.append(name)
        else:
            notices.append(f"hide: unknown setting or section {_quoted(name)} ignored.")
    if "panels" in params:
        panels = []
        for name in dict.fromkeys(_names(params["panels"])):
            if name in PANELS:
                panels.append(name)
            else:
                notices.append(f"panels: unknown panel {_quoted(name)} ignored "
                               f"(known: {', '.join(PANELS)}).")
    play = False
    if "play" in params:
        text = params["play"].strip().lower()
        play = text in ("1", "true", "yes", "on")
        if not play and text not in ("0", "false", "no", "off", ""):
            notices.append(f"play: {_quoted(params['play'])} is not 1 or 0; not playing.")
    present = False
    if "view" in params:
        present = params["view"].strip().lower() == PRESENT
        if not present:
            notices.append(f"view: unknown view {_quoted(params['view'])} ignored "
                           f"(known: {PRESENT}).")
    return Classroom(tuple(hide), None if panels is None else tuple(panels), play, present)


def parse(params: Mapping) -> Link:
    """Clean settings and classroom options from a link's parameters. Never raises."""
    params = {str(key): last(value) for key, value in params.items()}
    length = len(urlencode(params))
    if length > MAX_LINK_CHARS:
        return Link(settings.defaults(), Classroom(), [
            f"This link is {length:,} characters long (more than {MAX_LINK_CHARS:,}); it was "
            "not read, and the page starts from the defaults."])
    notices: list[str] = []
    lesson = params.get("lesson", "")
    if lesson and lesson not in lessons.BY_ID:
        notices.append(f"lesson: unknown lesson {_quoted(lesson)} ignored.")
        lesson = ""
    raw = dict(lessons.BY_ID[lesson].setup) if lesson else {}
    for key, value in params.items():
        # A challenge link is read by challenges.parse_link, which calls this without it.
        if key in CLASSROOM_KEYS or key in (RUN_KEY, CHALLENGE_KEY) or key in BOARD_KEYS:
            continue
        if key in settings.BY_NAME:
            raw[key] = value
        else:
            notices.append(f"Unknown link parameter {_quoted(key)} ignored.")
    values, messages = settings.validate(raw)
    notices += messages
    if values["dataset"] == settings.CSV_DATASET:
        # An upload never travels in a link: its rows are on the teacher's computer.
        first = settings.datasets_for(values["problem"])[0]
        notices.append(f"Data set: a link cannot carry an uploaded file; using {first}.")
        values["dataset"] = first
    classroom = _classroom(params, notices)
    return Link(values, classroom, _capped(notices), lesson)


def run_token(params: Mapping) -> str:
    """The link's run token as written ("" without one); kept_runs checks it."""
    return last(params.get(RUN_KEY, "")).strip()


def _capped(notices: list[str]) -> list[str]:
    """No repeats, no line longer than MAX_NOTICE_CHARS (a bad value may be 2,000 characters
    long), at most MAX_NOTICES lines."""
    notices = [n if len(n) <= MAX_NOTICE_CHARS else n[:MAX_NOTICE_CHARS - 1] + "…"
               for n in dict.fromkeys(notices)]
    if len(notices) > MAX_NOTICES:
        more = len(notices) - (MAX_NOTICES - 1)
        notices = [*notices[:MAX_NOTICES - 1], f"… and {more} more problems in the link."]
    return notices


def query(values: dict, classroom: Classroom = Classroom(), lesson: str = "") -> dict[str, str]:
    """The link's parameters for these clean values: only what differs from the defaults (or,
    with a lesson, from the lesson's set-up)."""
    params = {"lesson": lesson} if lesson else {}
    params |= settings.changed_as_text(values, lesson_base(lesson) if lesson else None)
    if classroom.hide:
        params["hide"] = ",".join(classroom.hide)
    if classroom.panels is not None:
        params["panels"] = ",".join(classroom.panels)
    if classroom.play:
        params["play"] = "1"
    if classroom.present:
        params["view"] = PRESENT
    if classroom.challenge:
        params[CHALLENGE_KEY] = classroom.challenge
    return params


def lesson_base(lesson: str) -> dict[str, Any]:
    """A lesson's set-up as clean values: what its link's other parameters change."""
    return settings.validate(lessons.BY_ID[lesson].setup)[0]


def query_string(params: dict[str, str]) -> str:
    """`a=1&b=x` with the table's commas and colons left readable (they are legal there)."""
    return urlencode(params, safe=",:")


def url(base: str, params: dict[str, str]) -> str:
    """The whole link: the page's address (without its query) and the parameters."""
    base = base.split("?", 1)[0]
    return f"{base}?{query_string(params)}" if params else (base or "?")
