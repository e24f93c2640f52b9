"""The Boltzmann page's lessons: a set-up each, what to watch, and the experiment each claim
rests on (no Streamlit here). tests/test_rbm_lessons.py runs these same functions over 5
seeds, and again with the start nudged by 1e-12, and checks every number the texts state.

The data are binary, so "nudged by 1e-12" is the RBMs' initial weights (and, for the
fine-tuning, the inputs) moved by 1e-12, not the 0/1 pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

import engine
from engine import dbn
from engine.rbm import RBM
from engine.rbm_data import binary_digits
from playground.labs.rbm_setup import RbmChoices


@dataclass(frozen=True)
class RbmLesson:
    title: str
    choices: RbmChoices
    watch: str  # the view the text is about
    text: str
    varies: tuple[str, ...] = ()  # RbmChoices fields the text asks to change (it stays on)

    def holds_for(self, choices: RbmChoices) -> bool:
        """The page's set-up is this lesson's, but for the fields the lesson varies."""
        kept = {field: getattr(choices, field) for field in self.varies}
        return replace(self.choices, **kept) == choices


def adjacent_correlation(W: np.ndarray, shape=(8, 8)) -> float:
    """Correlation between the weights of neighbouring pixels (right and below) over every
    filter: about 0 for random weights, high for smooth strokes."""
    F = W.reshape(-1, *shape)
    left = np.concatenate([F[:, :, :-1].ravel(), F[:, :-1, :].ravel()])
    right = np.concatenate([F[:, :, 1:].ravel(), F[:, 1:, :].ravel()])
    return float(np.corrcoef(left, right)[0, 1])


def trained(seed: int, epochs: int, nudge: float = 0.0, **options) -> RBM:
    """An RBM of 64 hidden units on the 1,797 binarized digits (CD-1, rate 0.1, batch 10
    unless ``options`` say otherwise), its initial W moved by ``nudge``."""
    X, _ = binary_digits()
    rbm = RBM(64, 64, seed=seed, **options)
    rbm.W = rbm.W + nudge
    for _ in range(epochs):
        rbm.epoch(X, measure=False)
    return rbm


def nearest_distance(samples: np.ndarray, X: np.ndarray) -> float:
    """Mean Hamming distance (pixels) from each 0/1 sample column to its nearest column of X."""
    distances = samples.T @ (1 - X) + (1 - samples).T @ X
    return float(distances.min(axis=1).mean())


def chain_samples(rbm: RBM, seed: int, chains: int = 100, steps: int = 1000) -> np.ndarray:
    """``chains`` Gibbs chains from random pixels, ``steps`` steps each: the model's samples."""
    rng = np.random.default_rng([seed, 2910])
    V0 = (rng.random((rbm.n_visible, chains)) < 0.5).astype(np.float64)
    return rbm.gibbs(V0, steps, rng)[0]


def cd_comparison(seed: int, nudge: float = 0.0, epochs: int = 20) -> dict[str, dict]:
    """CD-1 and CD-10 with the same settings: pseudo-likelihood (10 flip draws) and the
    chains' samples' distance to the nearest real digit, after ``epochs`` epochs."""
    X, _ = binary_digits()
    out = {}
    for k in (1, 10):
        rbm = trained(seed, epochs, nudge, k=k)
        pl = float(np.mean([rbm.pseudo_likelihood(X, seed=s).mean() for s in range(10)]))
        out[f"CD-{k}"] = {"pseudo_likelihood": pl,
                          "nearest": nearest_distance(chain_samples(rbm, seed), X)}
    return out


PRETRAIN_EXAMPLES = 200
PRETRAIN_HIDDEN = (64, 32)
PRETRAIN_RBM_EPOCHS = 20
FINE_TUNE_EPOCHS = 50
FINE_TUNE = {"optimizer": {"name": "adam", "learning_rate": 0.01}, "batch_size": 20}


def pretraining_run(seed: int, nudge: float = 0.0) -> dict[str, dict]:
    """A DBN-initialized 64-64-32-10 network (sigmoid, softmax out) against the same network
    from Xavier init, both fine-tuned with Adam (0.01, batch 20) for 50 epochs on 200 digits
    drawn with the seed (the DBN pretrained on the same 200, 20 epochs an RBM); tested on the
    other 1,597. Per network: train and test accuracy, the test − train cost gap."""
    X, labels = binary_digits()
    order = np.random.default_rng([seed, 7]).permutation(X.shape[1])
    train, test = order[:PRETRAIN_EXAMPLES], order[PRETRAIN_EXAMPLES:]
    Y = np.eye(10)[labels].T
    rbms = dbn.stack(X[:, train], hidden=PRETRAIN_HIDDEN, epochs=0, seed=seed)
    for rbm in rbms:  # the nudge on the RBMs' start, then the greedy training
        rbm.W = rbm.W + nudge
    rbms = _stack_from(rbms, X[:, train], seed)
    nets = {"DBN init": dbn.unrolled(rbms, 10, seed=seed, **FINE_TUNE),
            "random init": engine.Network.from_spec(
                dbn.unrolled_spec(rbms, 10, seed=seed, **FINE_TUNE))}
    out = {}
    X_train, X_test = X[:, train] + nudge, X[:, test] + nudge
    for name, net in nets.items():
        net.fit(X_train, Y[:, train], epochs=FINE_TUNE_EPOCHS)
        accuracy = {part: float((net.predict(Xp).argmax(axis=0) == labels[idx]).mean())
                    for part, Xp, idx in (("train", X_train, train), ("test", X_test, test))}
        gap = net.cost(X_test, Y[:, test]) - net.cost(X_train, Y[:, train])
        out[name] = {"train_accuracy": accuracy["train"], "test_accuracy": accuracy["test"],
                     "gap": float(gap)}
    return out


def _stack_from(rbms: list[RBM], X: np.ndarray, seed: int) -> list[RBM]:
    """dbn.stack's greedy training, on RBMs already made (so their start can be nudged)."""
    rng = np.random.default_rng([seed, 290])
    for l, rbm in enumerate(rbms):
        for _ in range(PRETRAIN_RBM_EPOCHS):
            rbm.epoch(dbn.sampled_up(rbms[:l], X, rng), measure=False)
    return rbms


STROKES = RbmLesson(
    "What an RBM's hidden units learn",
    RbmChoices(),
    "filters",
    "Press Play and watch the filters. Each starts as noise (W ~ N(0, 0.01²)); within a few "
    "epochs of CD-1 each one becomes a blob or a stroke: a blue part of a digit it is "
    "switched on by, an orange surround it is switched off by. Neighbouring pixels' weights "
    "go from uncorrelated (|r| < 0.05 at the start) to r > 0.4 after 10 epochs "
    "(tests/test_rbm_lessons.py, 5 seeds; measured 0.46–0.47): smooth strokes, not noise. "
    "No label was used: the units are features that explain the pixels together.")

CD_K = RbmLesson(
    "CD-1 against CD-10",
    RbmChoices(k=10),
    "samples",
    "k = 10 here; switch k between 1 and 10 and compare the Gibbs chains' samples. After 20 "
    "epochs (64 hidden units, rate 0.1, batch 10) the two reach the same pseudo-likelihood, "
    "−13.0 to −13.3 each (they differ by less than 0.3 on every one of 5 seeds): that "
    "measure cannot tell them apart. Their samples can: 100 chains run 1,000 steps from "
    "random pixels end closer to a real digit with CD-10, 3.9 pixels from the nearest one "
    "on average over 5 seeds against 4.4 with CD-1 (tests/test_rbm_lessons.py: lower by at "
    "least 0.2). CD-1's negative phase never leaves the data, so the model is not told about "
    "the places its own chains wander to.",
    varies=("k",))

PRETRAINING = RbmLesson(
    "Pretraining",
    RbmChoices(hidden=64),
    "pretraining",
    "The classic claim: a network started from a DBN generalizes better than one started at "
    "random. At this size it does not hold. On 200 digits, a 64-64-32-10 sigmoid network "
    "fine-tuned with Adam for 50 epochs reaches 100% on its training digits either way, but "
    "on the other 1,597 the DBN-initialized one is right 81–85% of the time and the "
    "Xavier-initialized one 84–86%: lower with pretraining on every one of 5 seeds (mean "
    "82.6% against 84.9%), and its test − train cost gap is larger (0.49–0.75 against "
    "0.44–0.54). Pretrained on the same 200 images it has nothing the labels do not teach; "
    "the 2006 results pretrained on many more unlabelled images than labelled ones, and "
    "fine-tuned much longer. Run one seed below, or press Use in playground to fine-tune the "
    "DBN there.")

LESSONS = (STROKES, CD_K, PRETRAINING)


