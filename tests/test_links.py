"""Share links (playground/session/links.py): settings -> link -> settings is the identity, and a
link is untrusted input: whatever it holds, parsing never raises, the values are clean and every
dropped or repaired part is said in a notice."""

from urllib.parse import parse_qsl

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import engine
from playground.session import lessons, links, settings
from playground.session.state import Session


def _value(setting: settings.Setting):
    """Any valid value of one setting, as the table holds it."""
    kind = setting.kind
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.integers(int(setting.low), int(setting.high))
    if kind == "float":
        return st.floats(setting.low, setting.high, allow_nan=False)
    if kind in ("choice", "log-choice"):
        choices = [c for c in setting.choices if c != settings.CSV_DATASET]
        return st.sampled_from(choices)
    if kind == "multi":
        return st.sets(st.sampled_from(setting.choices), min_size=1).map(
            lambda chosen: tuple(c for c in setting.choices if c in chosen))
    if kind == "layers":
        layer = st.fixed_dictionaries({"units": st.integers(1, settings.MAX_UNITS),
                                       "activation": st.sampled_from(setting.choices)})
        return st.lists(layer, max_size=settings.MAX_HIDDEN_LAYERS)
    raise AssertionError(kind)


def _consistent(values: dict) -> dict:
    """The data set must belong to the problem type: pick one of that problem's (and an
    autoencoder's encoder has at most 3 layers)."""
    if values["dataset"] not in settings.datasets_for(values["problem"]):
        values["dataset"] = settings.datasets_for(values["problem"])[0]
    if values["problem"] == settings.AUTOENCODER:  # an encoder of at most 3 layers
        values["layers"] = values["layers"][:settings.MAX_ENCODER_LAYERS]
    return values


VALUES = st.fixed_dictionaries({s.name: _value(s) for s in settings.SETTINGS}).map(_consistent)
CLASSROOMS = st.builds(
    links.Classroom,
    hide=st.lists(st.sampled_from([*settings.BY_NAME, *settings.GROUPS]), unique=True).map(tuple),
    panels=st.none() | st.lists(st.sampled_from(list(links.PANELS)), unique=True).map(tuple),
    play=st.booleans(), present=st.booleans())


def _through_the_address_bar(params: dict[str, str]) -> dict[str, str]:
    """What the browser hands back: the query string written, then decoded."""
    return dict(parse_qsl(links.query_string(params), keep_blank_values=True))


@hsettings(max_examples=300, deadline=None)
@given(VALUES, CLASSROOMS)
def test_settings_to_link_to_settings_is_the_identity(values, classroom):
    assert settings.validate(values) == (values, [])  # the strategy makes valid settings only
    link = links.parse(_through_the_address_bar(links.query(values, classroom)))
    assert link.notices == []
    assert link.values == values
    assert link.classroom == classroom


def test_only_changed_settings_appear_and_the_defaults_give_an_empty_link():
    assert links.query(settings.defaults()) == {}
    assert links.url("http://host:8501/", {}) == "http://host:8501/"
    values = {**settings.defaults(), "learning_rate": 0.3, "dataset": "xor", "seed": 7,
              "data_seed": 12, "layers": [{"units": 8, "activation": "relu"}]}
    params = links.query(values, links.Classroom(hide=("learning_rate",)))
    assert params == {"dataset": "xor", "data_seed": "12", "layers": "8:relu", "seed": "7",
                      "learning_rate": "0.3", "hide": "learning_rate"}
    assert links.url("http://host:8501/?old=1", params) == (
        "http://host:8501/?dataset=xor&data_seed=12&layers=8:relu&seed=7&learning_rate=0.3"
        "&hide=learning_rate")


def test_out_of_range_values_are_clamped_with_one_specific_notice_each():
    link = links.parse({"noise": "2000", "train_ratio": "-40", "learning_rate": "0.05",
                        "layers": "4:tanh,500:relu"})
    assert (link.values["noise"], link.values["train_ratio"]) == (50, 10)
    assert link.values["learning_rate"] == 0.03
    assert link.values["layers"] == [{"units": 4, "activation": "tanh"},
                                     {"units": 64, "activation": "relu"}]
    assert link.notices == ["Noise: 2000 is above 50; using 50.",
                            "Training data: -40 is below 10; using 10.",
                            "Learning rate: 0.05 is not on the scale; using 0.03.",
                            "Hidden layer 2: 500 units is outside 1–64; using 64."]


def test_bad_types_nan_and_unknown_keys_are_dropped_never_evaluated():
    link = links.parse({"noise": "nan", "seed": "__import__('os').system('x')",
                        "batch_norm": "maybe", "colour": "red", "optimizer": "<script>"})
    values = link.values
    assert values["noise"] == 0 and values["seed"] == 0 and values["batch_norm"] is False
    assert values["optimizer"] == "gd"
    assert link.notices == [
        "Unknown link parameter 'colour' ignored.",
        "Noise: expected a finite number, got 'nan'; using 0.",
        "Network seed: expected a number, got \"__import__('os').system('x')\"; using 0.",
        "Batch norm: expected true/false, got 'maybe'; using False.",
        "Optimizer: '<script>' is not one of gd, momentum, rmsprop, adam; using gd."]


def test_a_link_over_2000_characters_is_refused_unread():
    link = links.parse({"learning_rate": "0.3", "x": "a" * 2000})
    assert link.values == settings.defaults()  # not even the valid learning rate
    assert link.notices == ["This link is 2,020 characters long (more than 2,000); it was not "
                            "read, and the page starts from the defaults."]
    assert links.parse({"learning_rate": "0.3", "x": "a" * 1970}).values["learning_rate"] == 0.3


def test_an_upload_cannot_travel_in_a_link():
    link = links.parse({"problem": "regression", "dataset": "csv"})
    assert link.values["dataset"] == settings.datasets_for("regression")[0]
    assert link.notices == [f"Data set: a link cannot carry an uploaded file; using "
                            f"{settings.datasets_for('regression')[0]}."]


def test_classroom_options_are_parsed_and_checked():
    link = links.parse({"hide": "learning_rate,training,bogus", "panels": "inspector,nope",
                        "play": "1", "view": "present"})
    classroom = link.classroom
    assert classroom.hide == ("learning_rate", "training")
    assert classroom.hidden == {s.name for s in settings.SETTINGS if s.group == "training"}
    assert classroom.panels == ("inspector",) and classroom.play and classroom.present
    assert not classroom.shows_panel("inspector")  # the presenter view has no tabs
    assert link.notices == [
        "hide: unknown setting or section 'bogus' ignored.",
        "panels: unknown panel 'nope' ignored (known: inspector, gradient_check, draw, digits, "
        "adversarial, classroom, export)."]
    plain = links.parse({"panels": "inspector", "view": "zoom", "play": "x"})
    assert plain.classroom.shows_panel("inspector")
    assert not plain.classroom.shows_panel("draw")
    assert not plain.classroom.play and not plain.classroom.present
    assert plain.notices == ["play: 'x' is not 1 or 0; not playing.",
                             "view: unknown view 'zoom' ignored (known: present)."]


def test_a_junk_link_gives_at_most_six_notice_lines():
    link = links.parse({f"junk{i}": "1" for i in range(50)})
    assert len(link.notices) == links.MAX_NOTICES
    assert link.notices[-1] == "… and 45 more problems in the link."


JUNK = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["nan", "-nan", "inf", "-inf", "1e309", "-1e309", "1e308", "-0", "0x10",
                     "1_000", "<script>alert(1)</script>", "'; DROP TABLE x; --", "${7*7}",
                     "__import__('os')", "4:tanh," * 40, "9" * 400, "é,ü,中文,🙂", "", " ",
                     "x" * 10_000, "true", "[1,2]", "{'a': 1}"]),
    st.integers(-10**30, 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
KEYS = st.one_of(st.sampled_from([*settings.BY_NAME, *links.CLASSROOM_KEYS]), st.text(max_size=20))


def _builds(values: dict) -> None:
    """The clean values make an engine network (the valid spec the page will build)."""
    n_x = len(values["features"])
    engine.Network.from_spec(settings.network_spec(values, n_x, 1, "binary"))


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, JUNK | st.lists(JUNK, max_size=3), max_size=12))
def test_fuzzed_links_never_raise_and_always_give_clean_values_and_notices(params):
    link = links.parse(params)
    assert settings.validate(link.values) == (link.values, [])  # clean: nothing left to repair
    assert link.values["dataset"] != settings.CSV_DATASET
    for value in link.values.values():
        if isinstance(value, float):
            assert np.isfinite(value)
    _builds(link.values)
    assert len(link.notices) <= links.MAX_NOTICES
    assert all(len(notice) <= links.MAX_NOTICE_CHARS for notice in link.notices)
    unknown = [k for k in params if k not in settings.BY_NAME and k not in links.CLASSROOM_KEYS]
    if unknown or len(links.query_string({k: links.last(v) for k, v in params.items()})) > 2000:
        assert link.notices  # what was dropped is said


def test_the_same_link_gives_the_same_data_and_the_same_starting_network():
    params = {"dataset": "xor", "noise": "20", "seed": "7", "data_seed": "12",
              "layers": "5:relu,3:tanh"}
    first, second = Session.from_link(params), Session.from_link(params)
    assert np.array_equal(first.dataset.X_train, second.dataset.X_train)
    assert first.net.parameters.keys() == second.net.parameters.keys()
    assert all(np.array_equal(first.net.parameters[k], second.net.parameters[k])
               for k in first.net.parameters)
    other = Session.from_link({**params, "seed": "8", "data_seed": "13"})
    assert not np.array_equal(first.net.parameters["W1"], other.net.parameters["W1"])
    assert not np.array_equal(first.dataset.X_train, other.dataset.X_train)
    assert first.net.layer_sizes == [2, 5, 3, 1] and first.values["noise"] == 20
    assert first.link_params() == params


def test_a_link_whose_values_do_not_fit_together_opens_the_default_page_with_a_notice(
        monkeypatch):
    def refuse(values, csv, follow_file=False):
        if values["dataset"] == "xor":
            raise engine.DataError("no room for this data set")
        return original(values, csv, follow_file)

    import playground.session.state as state
    original = state.build_dataset
    monkeypatch.setattr(state, "build_dataset", refuse)
    session = Session.from_link({"dataset": "xor", "play": "1"})
    assert session.values == settings.defaults()
    assert session.notes == ["The link's set-up could not be built (no room for this data "
                             "set); the page starts from the defaults."]
    assert session.autoplay and session.start_autoplay() is False  # not in the first run
    assert session.start_autoplay() and session.playing  # the classroom options still hold


def test_a_lesson_link_is_the_lesson_plus_what_changed_and_an_unknown_one_is_a_notice():
    alone = links.parse({"lesson": "dying-relu"})  # the lesson itself, not the defaults
    assert (alone.lesson, alone.notices) == ("dying-relu", [])
    assert alone.values == settings.validate(lessons.BY_ID["dying-relu"].setup)[0]
    assert links.query(alone.values, lesson="dying-relu") == {"lesson": "dying-relu"}
    # A teacher's change, even back to a default, travels as a change of the lesson.
    changed = {**alone.values, "dataset": "xor", "learning_rate": 0.03}
    params = links.query(changed, lesson="dying-relu")
    assert params == {"lesson": "dying-relu", "dataset": "xor", "learning_rate": "0.03"}
    assert links.parse(params).values == changed
    unknown = links.parse({"lesson": "<script>", "dataset": "xor"})
    assert unknown.lesson == "" and unknown.values["dataset"] == "xor"
    assert unknown.notices == ["lesson: unknown lesson '<script>' ignored."]


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in lessons.LESSONS])
def test_every_lesson_round_trips_through_its_link(lesson_id):
    values = links.lesson_base(lesson_id)
    assert links.parse(links.query(values, lesson=lesson_id)).values == values
