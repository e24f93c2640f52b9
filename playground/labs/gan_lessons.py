"""The GAN lab's lessons: a set-up each and what to watch in it (no Streamlit here).

Each claim about what training finds is one tests/test_gan.py checks on the same set-up (the
lab builds the same players: playground.labs.gan_setup.build), or one measured and stated as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.labs.gan_setup import GanChoices


@dataclass(frozen=True)
class GanLesson:
    title: str
    choices: GanChoices
    text: str


LEADS = GanLesson(
    "The discriminator's boundary leads the generator",
    GanChoices(),  # the tests' set-up: 8-mode mixture, G and D 32-32 tanh, Adam 1e-3, k = 1
    "Press Play and watch the colours before the points. D learns first where the real points "
    "are (blue) and where G's points are (orange); the arrows point up D's slope, from orange "
    "towards blue, and G's points follow them. Where they arrive D can no longer tell the two "
    "apart: the colour there fades to grey, and D(real) and D(G(z)) both near 0.5. The "
    "boundary moves first, the points after it. With this set-up (tests/test_gan.py, seeds "
    "0-5) the generated points lie near all 8 modes after 2,000 G steps.")

COLLAPSE = GanLesson(
    "Mode collapse",
    GanChoices(d_steps=5, g_start="point"),
    "G starts as a point and D takes 5 steps per G step. D's verdict then moves G's whole "
    "clump together, from mode to mode, instead of spreading it: watch \"modes covered\" stay "
    "at 1 or 2 of 8 (tests/test_gan.py: at most 2 modes at step 2,000 on seeds 0-2). One change "
    "that undoes most of it: set \"G starts\" back to Xavier (measured: 4-6 of 8 modes at step "
    "2,000 on seeds 0-2); with k back to 1 as well, the first lesson's set-up finds all 8.")

SATURATING = GanLesson(
    "The saturating loss",
    GanChoices(generator_loss="minimax", g_start="point", d_steps=20, learning_rate=1e-2),
    "G plays the original minimax game, log(1 − D(G(z))), and D wins early: G starts as a "
    "point and D takes 20 steps per G step at α = 0.01, so D(G(z)) sits near 0.1 and below. "
    "Where D rejects a point, this loss is flat: its slope is D(G(z)) / (1 − D(G(z))) times "
    "the non-saturating loss's. Watch the arrows: about a tenth as long as with −log D(G(z)) "
    "(tests/test_gan_saturating.py, seeds 0-4: G's gradient ||dW[1]|| a median 0.06-0.13 of "
    "the non-saturating one's over the first 50 G steps). Gradient descent's steps are α "
    "times that gradient and would shrink as much; the lab's Adam divides by the gradient's "
    "running size, so G's steps shrink less (measured: 0.2-0.8 of the non-saturating ones). "
    "The one change: Generator loss → Non-saturating, and the arrows are long again.")

LESSONS = (LEADS, COLLAPSE, SATURATING)


def lesson_of(choices: GanChoices) -> GanLesson | None:
    """The lesson whose set-up the lab has now, if any (its text stays on the page)."""
    return next((lesson for lesson in LESSONS if lesson.choices == choices), None)
