"""One way to tell the user something: notices with a level, written by every part of the
page through Session.notices and drawn in one place (panels/notices.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.saving import downloads, loading
from playground.session.notices import ERROR, INFO, WARNING, Notice, Notices
from playground.session.state import Session

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_an_info_or_an_error_replaces_the_last_of_its_level_warnings_add_up():
    n = Notices()
    n.tell("Reset.")
    n.tell("Data changed.")
    n.tell("α snapped to 0.03", WARNING)
    n.tell("β snapped to 0.9", WARNING)
    n.tell("bad.csv: not a CSV", ERROR)
    n.tell("evil.csv: not a CSV", ERROR)
    assert n.texts(INFO) == ["Data changed."]
    assert n.texts(WARNING) == ["α snapped to 0.03", "β snapped to 0.9"]
    assert n.said(ERROR) == "evil.csv: not a CSV"
    # the page reads the refusal first, then what was repaired, then what happened
    assert [x.level for x in n.in_order()] == [ERROR, WARNING, WARNING, INFO]
    n.clear(ERROR, WARNING)
    assert n.in_order() == [Notice(INFO, "Data changed.")]
    n.tell("")  # an empty sentence says nothing, and clears the last info
    assert n.in_order() == []
    with pytest.raises(ValueError, match="unknown notice level"):
        n.tell("x", "shout")


def test_a_session_says_what_was_repaired_then_forgets_it_at_the_next_action():
    s = Session({"learning_rate": 0.05})  # not on the page's scale: snapped, with a warning
    assert s.notes and "0.05" in s.notes[0] and not s.error
    s.apply({"l2": 0.01})
    assert s.notes == [] and s.message.startswith("Changed")


def test_a_refused_file_is_an_error_that_the_next_success_clears():
    s = Session()
    s.use_csv("bad.csv", b"\x00\x01 not a table")
    assert s.error.startswith("bad.csv: ") and s.message == ""
    s.apply({"dataset": "xor"})
    assert s.error == "" and "re-initialized" in s.message


def test_what_a_loaded_file_lacks_is_a_warning_shown_in_the_status_line_and_export_tab():
    source = Session()
    source.epoch()
    at = AppTest.from_file(APP, default_timeout=60).run()
    s = at.session_state["session"]
    assert loading.load(s, "mine.json", downloads.network_json(source))
    assert any(note.startswith("Not in a saved file: The last step's record")
               for note in s.notes)
    at.run()
    assert not at.exception and not at.error
    lines = [e.value for e in at.html if "class='pg-notes'" in e.value]
    assert len(lines) == 1  # one status line, holding both levels
    assert "pg-note pg-warn'>Not in a saved file:" in lines[0]
    assert "pg-note pg-info'>Loaded mine.json: epoch 1" in lines[0]
