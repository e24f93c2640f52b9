"""The family trees of Hinton (1986): the 104 facts the code derives from the two trees, against
the English tree's facts written out here from the definitions of kinship (uncle and aunt
include a parent's sibling's spouse; nephew and niece a spouse's sibling's children), and the
Italian tree's as their image under the two families' isomorphism."""

import numpy as np
import pytest

import engine
from engine import family_trees as ft

# Person: relationship answer[/answer], ... read off Hinton's figure 1 (a person's facts
# may take two lines).
ENGLISH_FACTS = """
Christopher: wife Penelope, son Arthur, daughter Victoria
Penelope: husband Christopher, son Arthur, daughter Victoria
Andrew: wife Christine, son James, daughter Jennifer
Christine: husband Andrew, son James, daughter Jennifer
Margaret: husband Arthur, nephew Colin, niece Charlotte
Arthur: father Christopher, mother Penelope, wife Margaret
Arthur: sister Victoria, nephew Colin, niece Charlotte
Victoria: father Christopher, mother Penelope, husband James
Victoria: son Colin, daughter Charlotte, brother Arthur
James: father Andrew, mother Christine, wife Victoria
James: son Colin, daughter Charlotte, sister Jennifer
Jennifer: father Andrew, mother Christine, husband Charles
Jennifer: brother James, nephew Colin, niece Charlotte
Charles: wife Jennifer, nephew Colin, niece Charlotte
Colin: father James, mother Victoria, uncle Arthur/Charles, aunt Jennifer/Margaret, sister Charlotte
Charlotte: father James, mother Victoria, uncle Arthur/Charles
Charlotte: aunt Jennifer/Margaret, brother Colin
"""
# English -> Italian, person for person (the same place in the tree).
ISOMORPHISM = dict(zip(
    ("Christopher", "Penelope", "Andrew", "Christine", "Arthur", "Margaret", "Victoria",
     "James", "Jennifer", "Charles", "Colin", "Charlotte"),
    ("Roberto", "Maria", "Pierro", "Francesca", "Emilio", "Gina", "Lucia", "Marco", "Angela",
     "Tomaso", "Alfonso", "Sophia"), strict=True))


def written_facts() -> set[tuple[str, str, frozenset]]:
    out = set()
    for line in ENGLISH_FACTS.strip().splitlines():
        person, pairs = line.split(": ")
        for pair in pairs.split(", "):
            relationship, answers = pair.split(" ")
            out.add((person, relationship, frozenset(answers.split("/"))))
    return out


def as_set(facts) -> set[tuple[str, str, frozenset]]:
    return {(f.person, f.relationship, frozenset(f.answers)) for f in facts}


def test_the_104_facts_are_the_trees_facts():
    facts = ft.facts()
    assert len(facts) == 104 and len(as_set(facts)) == 104  # one entry per question
    english = written_facts()
    assert len(english) == 52
    italian = {(ISOMORPHISM[p], r, frozenset(ISOMORPHISM[a] for a in answers))
               for p, r, answers in english}
    assert as_set(facts) == english | italian
    assert sorted(ft.PEOPLE) == sorted([*ISOMORPHISM, *ISOMORPHISM.values()])
    two_answers = [f for f in facts if len(f.answers) == 2]
    assert {f.relationship for f in two_answers} == {"uncle", "aunt"} and len(two_answers) == 8
    assert all(len(f.answers) in (1, 2) for f in facts)


def test_questions_are_one_hot_and_answers_a_distribution():
    X, Y = ft.encode(ft.facts())
    assert X.shape == (36, 104) and Y.shape == (24, 104)
    people, relationships = X[:24], X[24:]
    assert np.array_equal(people.sum(axis=0), np.ones(104))
    assert np.array_equal(relationships.sum(axis=0), np.ones(104))
    assert set(np.unique(X)) == {0.0, 1.0}
    assert np.allclose(Y.sum(axis=0), 1.0) and set(np.unique(Y)) == {0.0, 0.5, 1.0}
    # Colin's aunt: Margaret and Jennifer, half each
    colin_aunt = next(i for i, f in enumerate(ft.facts())
                      if (f.person, f.relationship) == ("Colin", "aunt"))
    assert people[ft.PEOPLE.index("Colin"), colin_aunt] == 1
    assert relationships[ft.RELATIONSHIPS.index("aunt"), colin_aunt] == 1
    halves = {ft.PEOPLE[i] for i in np.flatnonzero(Y[:, colin_aunt] == 0.5)}
    assert halves == {"Margaret", "Jennifer"}


def test_any_right_answer_counts():
    X, Y = ft.encode(ft.facts())
    for column in range(Y.shape[1]):
        for person in range(24):
            A = np.full((24, 1), 0.01)
            A[person] = 0.9
            assert ft.answered_right(A, Y[:, column:column + 1])[0] == (Y[person, column] > 0)


def test_four_facts_are_held_out_by_the_data_seed():
    facts = as_set(ft.facts())
    splits = {}
    for seed in range(20):
        data = ft.family_trees(seed)
        assert len(data.train) == 100 and len(data.test) == 4
        assert as_set(data.train) | as_set(data.test) == facts
        assert not as_set(data.train) & as_set(data.test)
        assert data.X_train.shape == (36, 100) and data.Y_test.shape == (24, 4)
        assert np.array_equal(ft.encode(list(data.test))[1], data.Y_test)
        splits[seed] = as_set(data.test)
    assert as_set(ft.family_trees(3).test) == splits[3]  # the same seed, the same questions
    assert len({frozenset(s) for s in splits.values()}) > 15  # the seed chooses them


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, True, "0"])
def test_a_bad_seed_is_a_value_error(seed):
    with pytest.raises(ValueError, match="seed must be a whole number"):
        ft.family_trees(seed)


def test_a_network_learns_every_training_fact_down_to_the_two_answer_floor():
    """The engine trains on the answer distributions as they are. No net can go below the
    targets' entropy: ln 2 for each two-answer question, 0 for the others."""
    # Measured over seeds 0-4 (36-12 tanh-24 softmax, Adam α = 0.01, 1000 full-batch epochs):
    # train accuracy 1.0, cost 0.0022-0.0026 above the floor (test accuracy 0-0.75: this plain
    # net does not generalize; no claim about the held-out questions here).
    for seed in range(5):
        data = ft.family_trees(seed)
        net = engine.Network.from_spec({
            "n_x": 36, "layers": [{"units": 12, "activation": "tanh"},
                                  {"units": 24, "activation": "softmax"}],
            "seed": seed, "optimizer": {"name": "adam", "learning_rate": 0.01}})
        trainer = engine.Trainer(net, engine.ArrayData(data.X_train, data.Y_train, "multiclass",
                                                       data.X_test, data.Y_test))
        trainer.run_epochs(1000)
        floor = np.log(2) * np.sum(data.Y_train.max(axis=0) == 0.5) / data.Y_train.shape[1]
        assert trainer.metrics["train_accuracy"] == 1.0, seed
        assert 0 < trainer.metrics["train_cost"] - floor < 0.005, seed
        right = ft.answered_right(net.forward(data.X_train), data.Y_train)
        assert right.all(), seed


# ------------------------------------------------------------ the lesson's claims


def lesson_runs(changes: dict | None = None):
    """The family-trees lesson trained on seeds 0-4 (network and data seed), as is and with
    its initial parameters nudged by 1e-12 (compare.nudge)."""
    from playground.experiments.compare import Run
    from playground.session import lessons, settings

    lesson = lessons.BY_ID["family-trees"]
    for nudge in (0.0, 1e-12):
        for seed in range(5):
            values, notes = settings.validate({**lesson.values, **(changes or {}),
                                               "seed": seed, "data_seed": seed})
            assert notes == []
            run = Run(lesson.title, values, nudge=nudge)
            run.train_epochs(lesson.values["run_epochs"])
            yield f"seed {seed}, nudge {nudge:g}", run


def test_the_lesson_vectors_encode_nationality_and_generation_and_answer_held_out_questions():
    # Measured (the same with OPENBLAS_CORETYPE=Haswell and nudged): every seed answers all
    # 100 training facts; leave-one-out nationality 24/24 on every seed, generation 23-24;
    # held-out right 2, 4, 2, 3, 4 of 4 on seeds 0-4 (15 of 20). Without L2: nationality
    # still 24/24, generation 14-24, held-out 1, 4, 1, 0, 2 (8 of 20).
    held_out = {0.0: 0, 1e-12: 0}
    for case, run in lesson_runs():
        vectors = ft.person_vectors(run.net)
        assert vectors.shape == (24, 6), case
        assert run.trainer.metrics["train_accuracy"] == 1.0, case
        assert ft.predicted_by_vectors(vectors, "nationality") == 24, case
        assert ft.predicted_by_vectors(vectors, "generation") >= 23, case
        right = ft.answered_right(run.net.forward(run.dataset.X_test), run.dataset.Y_test)
        assert right.sum() >= 2, case  # a guess gets 1 in 24
        held_out[float(case.split("nudge ")[1])] += int(right.sum())
    assert held_out == {0.0: 15, 1e-12: 15}
    worse = {"held_out": 0, "generation": 24}
    for case, run in lesson_runs({"l2": 0.0}):
        vectors = ft.person_vectors(run.net)
        assert ft.predicted_by_vectors(vectors, "nationality") == 24, case
        worse["generation"] = min(worse["generation"],
                                  ft.predicted_by_vectors(vectors, "generation"))
        worse["held_out"] += int(ft.answered_right(run.net.forward(run.dataset.X_test),
                                                   run.dataset.Y_test).sum())
    assert worse["generation"] < 20 and worse["held_out"] <= 20  # measured 8 + 8; L2: 15 + 15
