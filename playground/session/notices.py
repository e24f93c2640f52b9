"""What the page tells the user: one list of notices, each with a level, written through
`Notices.tell` by every part of the page and shown in one place (panels/status.py).

Levels say what the user should make of a sentence:
- ``info``: what just happened ("Reset — epoch 0 ..."); one at a time, the newest replaces it;
- ``warning``: what was repaired or dropped (a link's bad value, what a file did not restore);
  they add up until the next action;
- ``error``: what was refused, and that nothing changed; one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

INFO, WARNING, ERROR = "info", "warning", "error"
LEVELS = (ERROR, WARNING, INFO)  # the order the page shows them in


@dataclass(frozen=True)
class Notice:
    level: str
    text: str


class Notices:
    """The notices of one session, newest last."""

    def __init__(self) -> None:
        self._items: list[Notice] = []

    def tell(self, text: str, level: str = INFO) -> None:
        """Say `text` (an empty text says nothing). An info or an error replaces the one before
        it: the page says once what just happened and what was refused."""
        if level not in LEVELS:
            raise ValueError(f"unknown notice level {level!r}")
        if level != WARNING:
            self.clear(level)
        if text:
            self._items.append(Notice(level, text))

    def clear(self, *levels: str) -> None:
        """Forget the notices of `levels` (all of them when none is given): a new action
        makes what was said about the last one history."""
        drop = levels or LEVELS
        self._items = [n for n in self._items if n.level not in drop]

    def texts(self, level: str) -> list[str]:
        return [n.text for n in self._items if n.level == level]

    def said(self, level: str) -> str:
        """The texts of `level` as one sentence ("" for none)."""
        return " ".join(self.texts(level))

    def in_order(self) -> list[Notice]:
        """Errors first, then warnings, then what happened (the page's reading order)."""
        return sorted(self._items, key=lambda n: LEVELS.index(n.level))
