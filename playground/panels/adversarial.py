"""Adversarial examples on the playground (issue 19): with the toolbar's "Adversarial" toggle the
live boundary carries each test point's FGSM step as an arrow (flipped points ringed); the tab
holds ε, the test accuracy against ε and, on digits, images beside their perturbed copies."""

from __future__ import annotations

import numpy as np
import streamlit as st

from playground import controls
from playground.charts.adversarial import accuracy_curve_svg, arrows_svg, digit_attack_image
from playground.charts.boundary import PLOT_LEFT, PLOT_TOP, dot_colours, dot_shapes, points_svg
from playground.charts.png import png_data_uri
from playground.charts.svg import esc, text
from playground.labs import adversarial
from playground.session import settings
from playground.session.state import Session

DIGITS_SHOWN = 4  # rows of image | perturbation | perturbed


def overlay_svg(session: Session, side: int) -> str:
    """The boundary's adversarial layer ("" with the toggle off): arrows, rings, a count."""
    if not session.values["adversarial"] or session.dataset.points_test is None:
        return ""
    why = adversarial.refusal(session)
    if why:
        return text(PLOT_LEFT + 6, PLOT_TOP + 16, esc(why[:60] + ("…" if len(why) > 60
                                                                   else "")), size=11)
    epsilon = session.values["adv_epsilon"]
    hit = adversarial.attack(session.net, session.dataset, epsilon)
    d = session.dataset
    layer = arrows_svg(hit.inputs, epsilon * hit.signs, hit.flipped, side, d.bounds)
    if not session.values["show_test"]:  # the arrows start at the test points: show them
        layer = points_svg(d.points_test, dot_colours(d.labels_test, d.problem), side, d.bounds,
                           test=True, max_drawn=2000, dot=7.0,
                           shapes=dot_shapes(d.labels_test, d.problem)) + layer
    count = (f"FGSM ε = {epsilon:g}: {int(hit.flipped.sum())} of {hit.flipped.size} "
             "test points flipped")
    return (layer + f"<rect x='{PLOT_LEFT + 2}' y='{PLOT_TOP + 2}' width='{len(count) * 6.1:.0f}' "
            "height='17' fill='#ffffff' opacity='0.85'/>"
            + text(PLOT_LEFT + 6, PLOT_TOP + 15, esc(count), size=11,
                   extra="class='adv-count'"))


def summary(session: Session, hit: adversarial.Attack) -> str:
    """One sentence: how many points the step flips and what it does to the accuracy."""
    right_before = float(np.mean(hit.before == hit.labels))
    right_after = float(np.mean(hit.after == hit.labels))
    return (f"ε = {hit.epsilon:g}: the step flips **{int(hit.flipped.sum())} of "
            f"{hit.flipped.size}** test points; test accuracy {right_before:.0%} → "
            f"{right_after:.0%}. Every coordinate moves by ε along sign(∇ₓL), the direction "
            "that raises each point's own loss fastest.")


def _digit_rows(hit: adversarial.Attack) -> np.ndarray:
    """Which test digits to show: the flipped ones first (what the step did), then others."""
    order = np.concatenate([np.flatnonzero(hit.flipped), np.flatnonzero(~hit.flipped)])
    return order[:DIGITS_SHOWN]


def render(session: Session) -> None:
    """The toggle and ε (settings-table rows: they travel in the link), the summary, the
    accuracy against ε and, on digits, images beside their perturbed copies."""
    toggle, slider = st.columns([1, 2], vertical_alignment="center")
    for column, name in ((toggle, "adversarial"), (slider, "adv_epsilon")):
        if controls.shown(session, settings.BY_NAME[name]):
            controls.widget(session, name, container=column)
    why = adversarial.refusal(session)
    if why:
        st.info(why)
        return
    d = session.dataset
    epsilon = session.values["adv_epsilon"]
    hit = adversarial.attack(session.net, d, epsilon)
    epsilons, accuracies = adversarial.accuracy_curve(session.net, d)
    chart, words = st.columns([1, 1])
    with chart:
        # The chart scales to its column (a lesson's screen gives it half of one).
        curve = accuracy_curve_svg(epsilons, accuracies, epsilon).replace(
            "<svg ", "<svg style='width:100%;height:auto;max-width:420px' ", 1)
        st.markdown(f"<div class='pg-adv-curve'>{curve}</div>", unsafe_allow_html=True)
    with words:
        st.markdown(summary(session, hit))
        if not session.values["adversarial"] and d.has_boundary:
            st.caption("Turn on **Adversarial arrows** above to see each step on the boundary.")
        if d.image_shape is None:
            return
        rows = _digit_rows(hit)
        image = digit_attack_image(hit.inputs[:, rows], hit.adversarial[:, rows],
                                   hit.before[rows], hit.after[rows], hit.labels[rows],
                                   d.class_names)
        st.markdown("<div class='pg-chart-title'>Test digit | perturbation δ (blue +, orange "
                    "−) | digit + δ</div>"
                    f"<img class='pg-adv-digits' alt='adversarial digits' "
                    f"src='{png_data_uri(image)}'/>", unsafe_allow_html=True)
