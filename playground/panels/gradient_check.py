"""Gradient check, the course's way: backprop's gradient against two-sided differences.

    difference = ||dθ − dθ_approx||₂ / (||dθ||₂ + ||dθ_approx||₂)
    < 1e-7 great · < 1e-5 probably fine · > 1e-3 very likely a bug
"""

from __future__ import annotations

import time

import streamlit as st

import engine
from playground.session import keys
from playground.session.state import Session, guarded

EXAMPLES = 64  # columns of X_train used: enough to exercise every path, fast on a shared box

FORMULA = (r"d\theta_{approx}[i] = \frac{J(\theta + \varepsilon e_i) - J(\theta - "
           r"\varepsilon e_i)}{2\varepsilon}, \qquad \text{difference} = "
           r"\frac{\lVert d\theta - d\theta_{approx} \rVert_2}{\lVert d\theta \rVert_2 + "
           r"\lVert d\theta_{approx} \rVert_2}")


def _run(session: Session) -> None:
    d = session.dataset
    X, Y = d.X_train[:, :EXAMPLES], d.Y_train[:, :EXAMPLES]
    started = time.perf_counter()
    try:
        difference = engine.gradient_check(session.net, X, Y)
    except (ValueError, FloatingPointError, ArithmeticError) as problem:
        session.gradient_check = {"error": str(problem)}
        return
    level, sentence = engine.gradient_verdict(difference)
    session.gradient_check = {
        "step": session.net.steps_done, "difference": difference, "level": level,
        "sentence": sentence, "seconds": time.perf_counter() - started, "m": X.shape[1],
    }


def render(session: Session) -> None:
    st.latex(FORMULA)
    st.button("Run gradient check", key=keys.GRADIENT_CHECK_RUN, on_click=guarded(_run),
              args=(session,), disabled=session.playing,
              help=f"On the first {EXAMPLES} training examples, "
              "ε = 1e-7, with the current parameters (at most 2,000 entries, drawn at random).")
    result = session.gradient_check
    if not result:
        return
    if "error" in result:
        st.error(f"The gradient check could not run: {result['error']}")
        return
    message = (f"**difference = {result['difference']:.2e}** at step {result['step']} "
               f"(m = {result['m']}, {result['seconds']:.1f} s). {result['sentence']}")
    {"great": st.success, "check": st.warning}.get(result["level"], st.error)(message)
