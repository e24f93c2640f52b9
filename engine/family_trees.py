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
generation: only which person, which relationship.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
