"""Hinton's family trees (1986, "Learning distributed representations of concepts").

Two isomorphic families of three generations, 12 English and 12 Italian people, and 12
relationships. A fact is a question (person 1, relationship) with its answers (person 2):
"Colin's aunt" has two answers, Jennifer and Margaret; every other question has one. The two
trees hold 104 questions, 52 each, and every one is derived below from the trees' couples,
children and sexes by the relationships' definitions; nothing is listed by hand.

    data = family_trees(seed=0)
    data.X_train    # (36, 100): person 1 one-hot (24 rows), then the relationship (12 rows)
    data.Y_train    # (24, 100): person 2 as a distribution, 1/k on each of the k answers
    data.test       # the 4 questions held out, chosen with the seed
    engine.Trainer(net, engine.ArrayData(data.X_train, data.Y_train, "multiclass",
                                         data.X_test, data.Y_test))  # a softmax of 24 units

The categorical cross entropy takes the answer distributions as they are, and the Trainer's
accuracy counts either of two right answers. The network never sees nationality or
generation: only which person, which relationship. `as_dataset(seed)` is the same split as
a prepared Dataset (engine.prepare), the form the playground trains on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.datasets import DatasetInfo
from engine.features import Normalization
from engine.prepare import Dataset

# (husband, wife): each couple's children, eldest first, as in Hinton's figure 1.
ENGLISH_COUPLES = {
    ("Christopher", "Penelope"): ("Arthur", "Victoria"),
    ("Andrew", "Christine"): ("James", "Jennifer"),
    ("Arthur", "Margaret"): (),
    ("James", "Victoria"): ("Colin", "Charlotte"),
    ("Charles", "Jennifer"): (),
}
ITALIAN_COUPLES = {
    ("Roberto", "Maria"): ("Emilio", "Lucia"),
    ("Pierro", "Francesca"): ("Marco", "Angela"),
    ("Emilio", "Gina"): (),
    ("Marco", "Lucia"): ("Alfonso", "Sophia"),
    ("Tomaso", "Angela"): (),
}
# The unmarried youngest generation's sexes are not told by any couple.
UNMARRIED_MEN = ("Colin", "Alfonso")

ENGLISH = ("Christopher", "Penelope", "Andrew", "Christine", "Margaret", "Arthur", "Victoria",
           "James", "Jennifer", "Charles", "Colin", "Charlotte")
ITALIAN = ("Roberto", "Maria", "Pierro", "Francesca", "Gina", "Emilio", "Lucia", "Marco",
           "Angela", "Tomaso", "Alfonso", "Sophia")
PEOPLE = ENGLISH + ITALIAN  # the input's and the output's order
RELATIONSHIPS = ("father", "mother", "husband", "wife", "son", "daughter", "uncle", "aunt",
                 "brother", "sister", "nephew", "niece")
TEST_QUESTIONS = 4  # Hinton held out 4 of the 104
NAME = "family_trees"
# Each person's generation in the tree (0 the grandparents' and their spouses', 2 the
# grandchildren's), and nationality: neither is ever an input; the lesson measures whether the
# network's person vectors separate them anyway.
GENERATION = dict(zip(PEOPLE, (0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2) * 2, strict=True))
FAMILY = dict(zip(PEOPLE, ("English",) * 12 + ("Italian",) * 12, strict=True))
INFO = DatasetInfo(
    NAME, "Family trees", "multiclass", len(PEOPLE), False,
    "Hinton's 1986 family trees: person 1 and a relationship (24 + 12 one-hot inputs), the "
    "answer person 2 (a softmax over 24); 100 facts train, 4 are held out.",
    input_names=PEOPLE + RELATIONSHIPS, max_examples=104)


@dataclass(frozen=True)
class Fact:
    """The question "person's relationship?" and every right answer (one or two people)."""

    person: str
    relationship: str
    answers: tuple[str, ...]


class _Tree:
    """One family: who is married to whom, whose child is whom, who is a man."""

    def __init__(self, couples: dict[tuple[str, str], tuple[str, ...]]):
        self.men = {husband for husband, _ in couples} | set(UNMARRIED_MEN)
        self.spouse = {}
        self.parents: dict[str, tuple[str, str]] = {}
        for (husband, wife), children in couples.items():
            self.spouse[husband], self.spouse[wife] = wife, husband
            for child in children:
                self.parents[child] = (husband, wife)
        self.people = set(self.spouse) | set(self.parents)

    def children(self, person):
        return {child for child, parents in self.parents.items() if person in parents}

    def siblings(self, person):
        parents = self.parents.get(person)
        return {other for other in self.parents
                if parents and other != person and self.parents[other] == parents}

    def spouses(self, people):
        return {self.spouse[p] for p in people if p in self.spouse}

    def relatives(self, person, relationship) -> set[str]:
        """Everyone who is `person`'s `relationship`, by the definitions of kinship."""
        parents = set(self.parents.get(person, ()))
        siblings = self.siblings(person)
        # Uncles and aunts: a parent's siblings and those siblings' spouses.
        parents_siblings = {s for p in parents for s in self.siblings(p)}
        uncles_and_aunts = parents_siblings | self.spouses(parents_siblings)
        # Nephews and nieces: the children of one's siblings and of one's spouse's siblings.
        in_law_siblings = siblings | {s for p in self.spouses({person}) for s in self.siblings(p)}
        siblings_children = {c for s in in_law_siblings for c in self.children(s)}
        kin = {"father": parents, "mother": parents, "husband": self.spouses({person}),
               "wife": self.spouses({person}), "son": self.children(person),
               "daughter": self.children(person), "uncle": uncles_and_aunts,
               "aunt": uncles_and_aunts, "brother": siblings, "sister": siblings,
               "nephew": siblings_children, "niece": siblings_children}[relationship]
        male = relationship in ("father", "husband", "son", "uncle", "brother", "nephew")
        return {p for p in kin if (p in self.men) == male}


def facts() -> list[Fact]:
    """The 104 questions with an answer, English family first, in PEOPLE x RELATIONSHIPS
    order; answers in PEOPLE's order."""
    out = []
    for couples, people in ((ENGLISH_COUPLES, ENGLISH), (ITALIAN_COUPLES, ITALIAN)):
        tree = _Tree(couples)
        for person in people:
            for relationship in RELATIONSHIPS:
                answers = tree.relatives(person, relationship)
                if answers:
                    out.append(Fact(person, relationship,
                                    tuple(p for p in PEOPLE if p in answers)))
    return out


def encode(questions: list[Fact]) -> tuple[np.ndarray, np.ndarray]:
    """X (36, m): person 1 one-hot then the relationship one-hot; Y (24, m): 1/k on each of
    the k right answers (a distribution: each column sums to 1)."""
    X = np.zeros((len(PEOPLE) + len(RELATIONSHIPS), len(questions)))
    Y = np.zeros((len(PEOPLE), len(questions)))
    for i, fact in enumerate(questions):
        X[PEOPLE.index(fact.person), i] = 1.0
        X[len(PEOPLE) + RELATIONSHIPS.index(fact.relationship), i] = 1.0
        for answer in fact.answers:
            Y[PEOPLE.index(answer), i] = 1.0 / len(fact.answers)
    return X, Y


def answered_right(A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per column, whether the most probable person of output A is one of the right answers
    (any of two aunts counts)."""
    return Y[np.argmax(A, axis=0), np.arange(Y.shape[1])] > 0


@dataclass(frozen=True)
class FamilyTrees:
    """The 104 facts split into training and test questions, and their encodings."""

    train: tuple[Fact, ...]
    test: tuple[Fact, ...]
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray


def family_trees(seed: int = 0) -> FamilyTrees:
    """All 104 facts, with TEST_QUESTIONS of them held out as the test set, chosen by `seed`
    (the same seed, the same split); both sets keep facts() order."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not (
            0 <= seed < 2**32):
        raise ValueError(f"The seed must be a whole number from 0 to 2**32 - 1; got {seed!r}.")
    everything = facts()
    held_out = set(np.random.default_rng(int(seed)).choice(len(everything), TEST_QUESTIONS,
                                                          replace=False).tolist())
    train = tuple(f for i, f in enumerate(everything) if i not in held_out)
    test = tuple(f for i, f in enumerate(everything) if i in held_out)
    (X_train, Y_train), (X_test, Y_test) = encode(list(train)), encode(list(test))
    return FamilyTrees(train, test, X_train, Y_train, X_test, Y_test)


def as_dataset(seed: int = 0) -> Dataset:
    """family_trees(seed) as a prepared Dataset: X as it is (one-hot, not normalized: a
    column of W[1] is then exactly one person's feature vector), Y the answer distributions,
    labels the first right answer; no plot coordinates (there is no input plane)."""
    data = family_trees(seed)
    return Dataset(
        name=NAME, problem="multiclass", class_names=list(PEOPLE),
        feature_names=PEOPLE + RELATIONSHIPS, input_names=PEOPLE + RELATIONSHIPS,
        X_train=data.X_train, Y_train=data.Y_train, X_test=data.X_test, Y_test=data.Y_test,
        labels_train=np.argmax(data.Y_train, axis=0), labels_test=np.argmax(data.Y_test, axis=0),
        inputs_train=data.X_train, inputs_test=data.X_test, points_train=None,
        points_test=None, bounds=None, normalization=Normalization.fit(data.X_train, False),
        uses_features=False, projected=False, image_shape=None)


def person_vectors(net) -> np.ndarray:
    """(24, n1): row p is person p's feature vector, column p of W[1]'s person block (the
    relationship block adds the same shift to everyone)."""
    return np.asarray(net.parameters["W1"])[:, :len(PEOPLE)].T.copy()


def predicted_by_vectors(vectors: np.ndarray, what: str) -> int:
    """How many of the 24 people a leave-one-out logistic regression (scikit-learn, C = 1) on
    the others' vectors assigns their `what` ("nationality" or "generation"): the network was
    never told either, so a high count says its vectors encode it."""
    from sklearn.linear_model import LogisticRegression  # lazy: importing costs ~1 s

    if what not in ("nationality", "generation"):
        raise ValueError(f"what must be 'nationality' or 'generation', not {what!r}")
    V = np.asarray(vectors, dtype=np.float64)
    labels = np.array([FAMILY[p] == "English" if what == "nationality" else GENERATION[p]
                       for p in PEOPLE], dtype=np.int64)
    right = 0
    for p in range(len(PEOPLE)):
        others = np.arange(len(PEOPLE)) != p
        model = LogisticRegression(C=1.0, max_iter=2000).fit(V[others], labels[others])
        right += int(model.predict(V[p:p + 1])[0] == labels[p])
    return right
