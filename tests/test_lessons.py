"""Every lesson's claim, checked against the engine with the lesson's own values and seeds, and
every lesson's values accepted by the settings table exactly as written."""

import math
from pathlib import Path

import numpy as np
import pytest

import engine
from playground.charts.computation_graph import STAGES, graph_dot
from playground.experiments import compare
from playground.experiments.compare import Comparison, Run
from playground.session import lessons, settings
from playground.teaching import demos

LESSON_IDS = [lesson.id for lesson in lessons.LESSONS]


def comparison(lesson_id: str, epochs: int | None = None, seed: int | None = None,
               nudge: float = 0.0, labels: tuple[str, ...] = (),
               changes: dict | None = None) -> dict[str, Run]:
    """The lesson's runs, trained together for `epochs` (default: the lesson's), by label;
    `seed` replaces the lesson's network seed, `nudge` perturbs the initial parameters,
    `labels` (if given) keeps only those runs (each run trains on its own: the same result),
    `changes` alters the lesson's values for every run. A lesson without runs is one run,
    labelled by its id."""
    lesson = lessons.BY_ID[lesson_id]
    values = {**lesson.values, **(changes or {})}
    if seed is not None:
        values["seed"] = seed
    chosen = [run for run in lesson.runs if not labels or run[0] in labels]
    compared = Comparison.of(values, chosen or [(lesson_id, {})], nudge=nudge)
    compared.train_epochs(lesson.epochs if epochs is None else epochs)
    return {run.label: run for run in compared.runs}


SEEDS = range(5)
NUDGES = (0.0, 1e-12)  # 1e-12 relative: the last-bit difference another BLAS kernel makes


def on_any_machine(lesson_id: str, epochs: int | None = None, labels: tuple[str, ...] = (),
                   changes: dict | None = None):
    """(case, runs) for every network seed x {as is, nudged}: a claim checked over these does
    not hold for one seed's or one processor's rounding only (chaotic runs amplify last bits).
    `case` names the seed and nudge for the assertion message."""
    for seed in SEEDS:
        for nudge in NUDGES:
            yield f"seed {seed}, nudge {nudge:g}", comparison(lesson_id, epochs, seed, nudge,
                                                              labels, changes)


def each_run(lesson_id: str, epochs: int, changes: dict | None = None):
    """(case, run) of a lesson without runs side by side, over SEEDS x NUDGES."""
    for case, runs in on_any_machine(lesson_id, epochs, changes=changes):
        yield case, runs[lesson_id]


def single(lesson_id: str, epochs: int) -> Run:
    """The lesson's own values as one run (its own seed): for what is arithmetic, not
    training (a network's shape, a data set, a check that holds for any weights)."""
    lesson = lessons.BY_ID[lesson_id]
    run = Run(lesson.title, settings.validate(lesson.values)[0])
    run.train_epochs(epochs)
    return run


# ------------------------------------------------------------------------ the table itself


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_values_pass_validation_unchanged(lesson_id):
    lesson = lessons.BY_ID[lesson_id]
    clean, messages = settings.validate(lesson.values)
    assert messages == []
    for name, value in lesson.values.items():
        assert settings._comparable(clean[name]) == settings._comparable(value), name
    for _, changes in lesson.runs:
        clean, messages = settings.validate({**lesson.values, **changes})
        assert messages == []
        for name, value in changes.items():
            assert settings._comparable(clean[name]) == settings._comparable(value), name


def test_ids_unique_weeks_known_and_every_week_has_lessons():
    assert len(set(LESSON_IDS)) == len(LESSON_IDS)
    assert all(lesson.week in lessons.WEEKS for lesson in lessons.LESSONS)
    assert all(lessons.by_week()[week] for week in lessons.WEEKS)


def test_runs_differ_from_each_other():
    for lesson in lessons.LESSONS:
        if not lesson.runs:
            continue
        assert 2 <= len(lesson.runs) <= 7
        seen = {settings.changed_as_text(settings.validate({**lesson.values, **c})[0]).__repr__()
                for _, c in lesson.runs}
        assert len(seen) == len(lesson.runs), lesson.id


# ------------------------------------------------------------------------ week 1


def test_logistic_regression_stays_linear_on_the_circle():
    # Measured over seeds x nudges, train accuracy after 100 epochs: 0.40-0.52 on x1, x2;
    # 1.0 with x1², x2² added.
    squares = {"features": ("x1", "x2", "x1^2", "x2^2")}
    for case, run in each_run("logistic-regression", 100):
        assert run.net.L == 1, case  # one neuron: the output layer only
        assert run.trainer.metrics["train_accuracy"] < 0.6, case
        # The boundary w.x + b = 0 is a line: predictions along any line through the plane
        # change class at most once.
        w, b = run.net.parameters["W1"], run.net.parameters["b1"]
        t = np.linspace(-3, 3, 200)
        line = run.dataset.transform(np.vstack([t, 0.3 * t + 0.1]))
        classes = (run.net.forward(line) > 0.5).ravel().astype(int)
        assert np.count_nonzero(np.diff(classes)) <= 1, case
        assert w.shape == (1, 2) and b.shape == (1, 1), case
    for case, run in each_run("logistic-regression", 100, squares):
        assert run.net.L == 1 and run.trainer.metrics["train_accuracy"] > 0.95, case


def test_learning_rate_crawls_converges_oscillates_and_diverges():
    # Measured over seeds x nudges (the nudge changes no figure: no run here is chaotic):
    # α = 0.001 keeps 68-98 % of its first cost; α = 3 diverges at step 4-16; α = 0.3 ends at
    # 0.0015-0.0034, except where the one ReLU unit turned against the slope stalls it (seeds
    # 3, 4: 0.106, 0.114); α = 1 alternates over its last 35 steps with the last 10 between
    # 0.038 and 0.065, except seed 3 where it killed the unit (flat at 0.1143).
    oscillating = set()
    for case, runs in on_any_machine("learning-rate"):
        cost = {label: run.net.history.series("cost")[1] for label, run in runs.items()}
        crawl, converge, swing = cost["α = 0.001"], cost["α = 0.3"], cost["α = 1"]
        assert len(crawl) == 100, case  # full batch: one step per epoch
        assert np.all(np.diff(crawl) < 0) and crawl[-1] > 0.6 * crawl[0], case  # crawls
        assert converge[-1] < crawl[-1] / 2, case
        assert not runs["α = 1"].diverged and not runs["α = 0.3"].diverged, case
        assert runs["α = 3"].diverged and runs["α = 3"].net.divergence.step <= 16, case
        assert "diverged" in runs["α = 3"].net.divergence.message, case
        late = swing[-30:]
        if np.all(np.diff(np.sign(np.diff(late))) != 0):  # up, down, up, ... at every step
            assert late[-10:].min() > 0.035 and late[-10:].max() < 0.07, case
            oscillating.add(case.split(",")[0])
        if case.startswith("seed 0,"):  # the page's seed: every stage as the text says
            assert 0.11 < crawl[-1] < crawl[0] < 0.12, case
            assert np.all(np.diff(converge) < 0) and converge[-1] < 0.002, case
            assert "seed 0" in oscillating and late.min() > 10 * converge[-1], case
    assert len(oscillating) >= 4, oscillating  # all but the seed whose unit died at α = 1


def test_computation_graph_numbers_are_backpropagations_for_one_example():
    # An identity (the graph's numbers are the engine's for any weights), checked on the
    # weights of every seed x nudge after 3 epochs (not the initial numbers only): measured
    # agreement to 4e-15 relative.
    for case, run in each_run("computation-graph", 3):
        net, d = run.net, run.dataset
        x, y = d.X_train[:, 7:8], d.Y_train[:, 7:8]
        g = demos.neuron_graph(x[:, 0], net.parameters["W1"][0],
                               net.parameters["b1"].item(), y.item())
        assert g.a == pytest.approx(net.forward(x).item(), rel=1e-12), case
        assert g.loss == pytest.approx(net.cost(x, y), rel=1e-9), case
        net.forward(x, training=True)
        grads = net.backward(y)  # m = 1: the batch averages are this example's derivatives
        assert g.dw == pytest.approx(tuple(grads["dW1"][0]), rel=1e-9), case
        assert g.db == pytest.approx(grads["db1"].item(), rel=1e-9), case
        assert g.dz == pytest.approx(g.da * g.a * (1 - g.a), rel=1e-9), case  # the chain rule
    # by hand: z = 0.5·2 − 1·(−1) + 0 = 2, a = σ(2), y = 1
    hand = demos.neuron_graph((2.0, -1.0), (0.5, -1.0), 0.0, 1.0)
    assert hand.z == 2.0 and hand.a == pytest.approx(0.880797, abs=1e-6)
    assert hand.loss == pytest.approx(-math.log(0.880797), abs=1e-6)
    assert hand.dz == pytest.approx(-0.119203, abs=1e-6)
    assert hand.dw == pytest.approx((-0.238406, 0.119203), abs=1e-6)
    # the graph fills values going forward and derivatives going back, never ahead of itself
    def node(stage, name):
        return next(line for line in graph_dot(hand, STAGES.index(stage)).splitlines()
                    if line.strip().startswith(f"{name} [label="))

    assert "= 2<" not in node("inputs", "z") and "= 2<" in node("z", "z")
    assert "0.8808" not in node("z", "a") and "0.8808" in node("a", "a")
    assert "dz" not in node("da", "z") and "dz = a − y = -0.1192" in node("dz", "z")
    assert "dw1" not in node("dz", "w0") and "dw1 = x1·dz = -0.2384" in node("dw, db", "w0")
    assert "db = dz = -0.1192" in node("dw, db", "b")


def test_cross_entropy_surface_is_convex_squared_error_is_not():
    rng = np.random.default_rng(0)
    for loss, convex in (("binary_cross_entropy", True), ("mean_squared_error", False)):
        ws, bs, J = demos.cost_grid(loss, n=41)
        # midpoint convexity on 2000 random pairs of grid points
        i = rng.integers(0, 41, size=(2000, 2, 2)) // 2 * 2  # even indices: midpoints exist
        (b1, w1), (b2, w2) = i[:, 0].T, i[:, 1].T
        middle = J[(b1 + b2) // 2, (w1 + w2) // 2]
        violated = middle > (J[b1, w1] + J[b2, w2]) / 2 + 1e-12
        assert violated.any() != convex, loss
        # the grid is the engine's cost
        net = demos.surface_net(loss, ws[5], bs[30])
        assert J[30, 5] == pytest.approx(net.cost(demos.SURFACE_X, demos.SURFACE_Y), rel=1e-9)
    # No seed: the data and the start are fixed. A convex descent is not chaotic: from the
    # start nudged by ±1e-12 relative the path's figures agree to 6 digits (measured
    # J(50) 0.431931, end (1.0842, 1.5e-6), squared error 0.351242 -> 0.343231).
    w0, b0 = demos.SURFACE_START
    for nudge in (0.0, 1e-12, -1e-12):
        start = (w0 * (1 + nudge), b0 * (1 - nudge))
        ce = demos.descent_path("binary_cross_entropy", start=start)
        mse = demos.descent_path("mean_squared_error", start=start)
        assert tuple(ce[0, :2]) == tuple(mse[0, :2]) == start
        assert ce[50, 2] == pytest.approx(0.432, abs=5e-4) and ce[-1, 2] <= ce[50, 2]
        assert ce[-1, 0] == pytest.approx(1.08, abs=0.01) and abs(ce[-1, 1]) < 0.01
        assert mse[0, 2] == pytest.approx(0.351, abs=5e-4)
        assert mse[-1, 2] == pytest.approx(0.343, abs=5e-4)
    assert demos.cost_grid("mean_squared_error")[2].min() == pytest.approx(0.07, abs=0.005)


def test_sanity_checks_ln2_gradient_check_and_tiny_overfit():
    # Measured over seeds x nudges: first cost 0.6931-0.6932; gradient check 2.4e-7-5.0e-7
    # with randn·0.01, 5e-9-1.9e-8 with xavier; cost after 500 epochs 0.0025-0.0045.
    xavier = dict(each_run("sanity-checks", 0, {"init": "xavier"}))
    for case, run in each_run("sanity-checks", 0):
        assert run.trainer.metrics["train_cost"] == pytest.approx(math.log(2), abs=0.002), case
        d = run.dataset
        assert d.m_train == 10
        tiny = engine.gradient_check(run.net, d.X_train, d.Y_train)
        assert 1e-7 < tiny < 1e-6 and engine.gradient_verdict(tiny)[0] == "check", case
        great = engine.gradient_check(xavier[case].net, d.X_train, d.Y_train)
        assert great < 5e-8 and engine.gradient_verdict(great)[0] == "great", case
        run.train_epochs(500)
        assert run.trainer.metrics["train_cost"] < 0.01, case


# ------------------------------------------------------------------------ week 2


def test_linear_hidden_layer_cannot_solve_xor_tanh_and_relu_can():
    for case, runs in on_any_machine("non-linearity"):
        accuracy = {label: run.trainer.metrics["test_accuracy"] for label, run in runs.items()}
        # Measured on 250 test points: linear 0.34-0.50, tanh 0.91-0.99, ReLU 0.98-1.0 (seeds
        # 5-9, not checked here: tanh down to 0.896, and seed 8's ReLU 0.64, hence "most seeds").
        assert accuracy["linear"] < 0.6, case
        assert accuracy["tanh"] > 0.85 and accuracy["ReLU"] > 0.85, case


def test_zero_initialization_keeps_hidden_units_identical():
    # Measured (α = 1; at α = 0.3 xavier had not fitted on seeds 1 and 4): max |W1| of zeros
    # 0.014-0.72, rows equal to the last bit; xavier's rows differ by 5-9; test accuracy
    # zeros 0.48-0.60, xavier 1.0.
    for case, runs in on_any_machine("zero-initialization"):
        W1 = runs["zeros"].net.parameters["W1"]
        W2 = runs["zeros"].net.parameters["W2"]
        assert np.abs(W1).max() > 0.005, case  # it did train
        assert np.allclose(W1, W1[0]) and np.allclose(W2, W2[0, 0]), case  # every unit the same
        W1_random = runs["xavier"].net.parameters["W1"]
        assert np.abs(W1_random - W1_random[0]).max() > 1, case
        assert runs["xavier"].trainer.metrics["test_accuracy"] > 0.95, case
        assert runs["zeros"].trainer.metrics["test_accuracy"] < 0.7, case


def test_large_initial_weights_saturate_tanh_xavier_and_he_do_not():
    # Measured over seeds x nudges, the first step of randn·10: |a| > 0.99 for 0.78-0.87 of
    # layer 1's activations and 0.935-0.97 of layer 2's; first cost 3.99-21.9 (not ln 2).
    for case, runs in on_any_machine("large-initial-weights", 0, labels=("randn·10",)):
        large = runs["randn·10"]
        record = large.net.step(large.dataset.X_train, large.dataset.Y_train)
        first, second = (layer.saturation for layer in record.layers[:2])
        assert first > 0.75 and second > 0.9, case
        assert record.cost > 3, case  # confidently wrong
    for case, runs in on_any_machine("large-initial-weights"):
        cost = {label: run.trainer.metrics["train_cost"] for label, run in runs.items()}
        # Measured 0.24-0.68 for randn·10 (a chaotic run), 0.002-0.004 for Xavier and He.
        assert cost["randn·10"] > 0.15, case
        assert cost["xavier"] < 0.02 and cost["he"] < 0.02, case
    # Measured 0.6920-0.6929 with randn·0.01.
    for case, runs in on_any_machine("large-initial-weights", labels=("randn·10",),
                                     changes={"init_scale": 0.01}):
        assert runs["randn·10"].trainer.metrics["train_cost"] == pytest.approx(
            0.69, abs=0.01), case


def test_hidden_layer_size_underfits_then_fits_then_overfits():
    # Measured on 100 training points, train accuracy: 1 unit 0.67-0.76, 2 units 0.75-0.89,
    # 4 units 0.94-0.97, 50 units 0.92-0.95 (seeds 5-9 inside the same ranges); 4 units minus
    # the better of 1 and 2: 0.05-0.21; test cost of 50 units minus 4 units' 0.086-0.114.
    # One tanh unit draws a straight boundary (the output is monotone in w·x), so its
    # accuracy is capped by the best line's, whatever the seed; 2 units' depends on the seed,
    # so the claim on them is relative: below the 4-unit net.
    sizes = ("1 unit", "2 units", "4 units", "50 units")
    for case, runs in on_any_machine("hidden-layer-size", labels=sizes):
        accuracy = {label: run.trainer.metrics["train_accuracy"] for label, run in runs.items()}
        assert accuracy["1 unit"] < 0.8 and accuracy["2 units"] < 0.93, case
        assert max(accuracy["1 unit"], accuracy["2 units"]) < accuracy["4 units"] - 0.02, case
        assert accuracy["4 units"] > 0.9 and accuracy["50 units"] > 0.88, case
        test_cost = {label: run.trainer.metrics["test_cost"] for label, run in runs.items()}
        assert test_cost["50 units"] > test_cost["4 units"] + 0.05, case


def test_softmax_has_one_unit_per_class_and_probabilities_sum_to_one():
    # Measured test accuracy 1.0 over seeds x nudges.
    for case, run in each_run("softmax", 20):
        A = run.net.forward(run.dataset.X_test)
        assert A.shape == (4, run.dataset.m_test), case
        assert np.all(A > 0) and np.allclose(A.sum(axis=0), 1.0), case
        assert run.trainer.metrics["test_accuracy"] > 0.95, case


def test_softmax_is_shift_invariant_naive_overflows_stable_does_not():
    # Arithmetic on fixed logits, no seed; nudged by 1e-12 relative the three figures stay.
    expected = [0.0900, 0.2447, 0.6652]
    small, big, negative = demos.SOFTMAX_EXAMPLES
    assert np.allclose(demos.softmax_naive(small), expected, atol=5e-5)
    for z in demos.SOFTMAX_EXAMPLES:
        for nudged in (np.asarray(z), np.asarray(z) * (1 + 1e-12)):
            assert np.allclose(demos.softmax_stable(nudged), expected, atol=5e-5)
    assert np.all(np.isnan(demos.softmax_naive(big)))  # inf / inf
    assert np.all(np.isnan(demos.softmax_naive(negative)))  # 0 / 0
    run = single("softmax-stability", 0)
    Z = np.array([[1001.0], [1002.0], [1003.0], [1000.0]])
    A = engine.ACTIVATIONS["softmax"].forward(Z)
    assert np.all(np.isfinite(A)) and A.sum() == pytest.approx(1.0)
    assert run.net.spec["layers"][-1] == {"units": 4, "activation": "softmax"}


def test_sigmoid_outputs_are_independent_softmax_outputs_sum_to_one():
    # Measured over seeds x nudges: between clusters 1 and 2 the first two sigmoids 0.46-0.71
    # and 0.36-0.73, the third below 0.01; at the origin all below 0.21 (sum 0.24-0.37); at the
    # corner one above 0.96 and a sum of 1.2-1.92 (the second above 0.9 on seed 0 only).
    run = single("multi-label", 0)  # the data set: fixed by the lesson's data seed
    points = demos.probe_points(run.dataset)
    assert list(points)[3:] == ["between cluster 1 and cluster 2", "origin", "top-right corner"]
    X = run.dataset.transform(np.column_stack(list(points.values())))
    for seed in SEEDS:
        for nudge in NUDGES:
            case = f"seed {seed}, nudge {nudge:g}"
            nets = demos.multi_outputs(run.dataset, seed=seed, nudge=nudge)
            softmax, sigmoids = nets["softmax"].forward(X), nets["sigmoids"].forward(X)
            assert np.allclose(softmax.sum(axis=0), 1.0), case
            between, origin, corner = sigmoids[:, 3], sigmoids[:, 4], sigmoids[:, 5]
            assert between[:2].min() > 0.3 and between[2] < 0.05, case  # both
            assert origin.max() < 0.3 and origin.sum() < 0.5, case  # none
            assert corner.max() > 0.9 and corner.sum() > 1.1, case  # not a split of 1
            for net in nets.values():  # both learned the clusters
                assert (net.forward(run.dataset.X_test).argmax(axis=0)
                        == run.dataset.labels_test).mean() > 0.95, case


# ------------------------------------------------------------------------ week 3


def test_deep_sigmoid_gradients_vanish_relu_he_keeps_them():
    for case, runs in on_any_machine("vanishing-gradients", epochs=1):
        sigmoid = [layer.dW_norm for layer in runs["sigmoid, xavier"].net.latest.layers]
        relu = [layer.dW_norm for layer in runs["ReLU, He"].net.latest.layers]
        assert sigmoid[-1] / sigmoid[0] > 100, case
        assert max(relu) / min(relu) < 20, case


def first_gradients(run: Run) -> np.ndarray:
    """‖dW[l]‖ for l = 1..L at the initial parameters, on the whole training set."""
    net, d = run.net, run.dataset
    net.forward(d.X_train, training=True)
    grads = net.backward(d.Y_train)
    return np.array([np.linalg.norm(grads[f"dW{l}"]) for l in range(1, net.L + 1)])


def test_identity_initialization_keeps_the_gradient_level_random_stalls_he_depends_on_the_seed():
    # Measured over seeds 0-9 x nudges (the same with OPENBLAS_CORETYPE=Haswell): the first
    # full-batch ‖dW[l]‖, largest over smallest layer, identity 1.17-1.21, He 5.4-10.8; their
    # smallest 0.18 and 0.005; randn·0.01's largest 5.6e-15. The panel's first step (one
    # mini-batch) on seed 0: identity 1.3. Cost after 20 epochs, seeds 0-4: randn·0.01
    # 0.692-0.693, identity 0.018-0.043, He 0.001-0.024 except seed 2's 0.295 (seeds 5-9:
    # identity up to 0.057, He 0.366 on seed 7).
    for case, runs in on_any_machine("identity-initialization", 0):
        flow = {label: first_gradients(run) for label, run in runs.items()}
        identity, small, he = flow["identity"], flow["randn·0.01"], flow["He"]
        assert len(identity) == 9 and identity.max() / identity.min() < 1.25, case
        assert small.max() < 1e-13, case
        assert he.min() > 0.003 and he.max() / he.min() > 5, case
    he_fast = 0
    for case, runs in on_any_machine("identity-initialization"):
        cost = {label: run.trainer.metrics["train_cost"] for label, run in runs.items()}
        assert cost["randn·0.01"] > 0.68, case  # chance: ln 2
        assert cost["identity"] < 0.05, case
        he_fast += cost["He"] < 0.03
        if case.startswith("seed 2,"):
            assert cost["He"] > 0.25, case
        panel = {label: np.array([run.net.history.series(f"dW_norm{l}")[1][0]
                                  for l in range(1, 10)]) for label, run in runs.items()}
        assert panel["randn·0.01"].max() < 1e-13, case
        if case.startswith("seed 0,"):
            assert panel["identity"].max() / panel["identity"].min() < 1.5, case
    assert he_fast == 8  # four seeds of five, as is and nudged


def dead_units(net, X) -> list[list[int]]:
    """Per hidden layer, the units whose z is not positive on any column of X."""
    A, dead = X, []
    for l in range(1, net.L):
        Z = net.parameters[f"W{l}"] @ A + net.parameters[f"b{l}"]
        dead.append(np.flatnonzero(~(Z > 0).any(axis=1)).tolist())
        A = engine.ACTIVATIONS[net.activations[l - 1]].forward(Z)
    return dead


def test_relu_units_die_and_stay_dead_leaky_relu_units_do_not():
    # Measured over seeds 0-9 x nudges: both nets reach train accuracy 0.96-1.0 by epoch 5
    # and leaky ReLU ends at 1.0 on every seed; ReLU units die on seed 0 only (3 of layer 1's
    # 8, accuracy 0.916): the event depends on where the big steps land, the permanence does
    # not. A leaky unit that went quiet (seed 1: 2 units) still moves (by ~1e-3 in 30 epochs).
    lesson = lessons.BY_ID["dying-relu"]
    for seed in SEEDS:
        for nudge in NUDGES:
            case = f"seed {seed}, nudge {nudge:g}"
            compared = Comparison.of({**lesson.values, "seed": seed}, list(lesson.runs), nudge)
            relu, leaky = compared.runs
            compared.train_epochs(5)
            assert relu.trainer.metrics["train_accuracy"] > 0.95, case
            assert seed != 0 or relu.trainer.metrics["train_accuracy"] == 1.0, case
            fitted_before_dying = dead_units(relu.net, relu.dataset.X_train) == [[], []]
            compared.train_epochs(15)
            dead = dead_units(relu.net, relu.dataset.X_train)[0]
            quiet = dead_units(leaky.net, leaky.dataset.X_train)[0]
            W1, b1 = relu.net.parameters["W1"].copy(), relu.net.parameters["b1"].copy()
            W1_leaky = leaky.net.parameters["W1"].copy()
            compared.train_epochs(30)
            assert set(dead) <= set(dead_units(relu.net, relu.dataset.X_train)[0]), case
            assert np.array_equal(relu.net.parameters["W1"][dead], W1[dead]), case  # dW = 0
            assert np.array_equal(relu.net.parameters["b1"][dead], b1[dead]), case
            moved = np.abs(leaky.net.parameters["W1"][quiet] - W1_leaky[quiet]).max(axis=1)
            assert np.all(moved > 1e-6), case  # g' = 0.01: a quiet unit still learns
            assert leaky.trainer.metrics["train_accuracy"] == 1.0, case
            # The panel's dead share is counted on the whole training set, so it never falls.
            _, shares = relu.trainer.history.series("saturation1")
            assert list(shares) == sorted(shares), case
            if seed == 0:  # the lesson's own seed: the text's story, on any machine
                assert fitted_before_dying and len(dead) == 3, case
                assert relu.trainer.metrics["train_accuracy"] == pytest.approx(
                    0.92, abs=0.02), case
                alive = [unit for unit in range(8) if unit not in dead]
                assert np.abs(relu.net.parameters["W1"][alive] - W1[alive]).max() > 0.1, case
                assert dead_units(leaky.net, leaky.dataset.X_train) == [[], []], case
                assert shares[-1] == len(dead) / 8, case


def test_gradient_check_catches_the_planted_sigmoid_bug_and_passes_without_it():
    from playground.panels.gradient_check import EXAMPLES

    # Measured over seeds x nudges: clean 3e-9-1.9e-8, with the bug 0.066-0.28.
    for case, run in each_run("gradient-check-bug", 0):
        net, d = run.net, run.dataset
        X, Y = d.X_train[:, :EXAMPLES], d.Y_train[:, :EXAMPLES]
        clean = engine.gradient_check(net, X, Y)
        cost = net.cost(X, Y)
        with demos.planted_sigmoid_bug(net):
            assert net.cost(X, Y) == cost, case  # the forward pass is untouched
            buggy = engine.gradient_check(net, X, Y)
        again = engine.gradient_check(net, X, Y)
        assert clean < 5e-8 and engine.gradient_verdict(clean)[0] == "great", case
        assert buggy > 0.03, case  # thirty times the verdict's 1e-3 at least
        level, sentence = engine.gradient_verdict(buggy)
        assert level == "bug" and "very likely a bug" in sentence, case
        assert again == clean, case
    # only that network: another one built from the same settings is unaffected meanwhile
    run = single("gradient-check-bug", 0)
    X, Y = run.dataset.X_train[:, :EXAMPLES], run.dataset.Y_train[:, :EXAMPLES]
    clean = engine.gradient_check(run.net, X, Y)
    other = single("gradient-check-bug", 0).net
    with demos.planted_sigmoid_bug(run.net):
        assert engine.gradient_check(other, X, Y) == clean
    linear = single("non-linearity", 0).net
    with pytest.raises(ValueError, match="no hidden sigmoid"), demos.planted_sigmoid_bug(linear):
        pass


def test_batch_norm_reaches_a_lower_cost_in_the_same_epochs():
    for case, runs in on_any_machine("batch-norm"):
        plain, normed = runs["without batch norm"], runs["with batch norm"]
        # Measured: without 0.692-0.694, with 0.036-0.119 (test accuracy 1.0).
        assert plain.trainer.metrics["train_cost"] > 0.68, case  # stuck at chance
        assert normed.trainer.metrics["train_cost"] < 0.2, case
        assert normed.trainer.metrics["test_accuracy"] > 0.95, case


def test_deep_narrow_beats_shallow_wide_on_the_spiral():
    for case, runs in on_any_machine("depth-versus-width"):
        deep, wide = runs["4 × 6 units"], runs["1 × 24 units"]
        count = {label: sum(p.size for p in run.net.parameters.values())
                 for label, run in runs.items()}
        assert count == {"4 × 6 units": 151, "1 × 24 units": 97}, case
        assert deep.trainer.metrics["train_cost"] < wide.trainer.metrics["train_cost"] - 0.1, case
        assert deep.trainer.metrics["test_accuracy"] > wide.trainer.metrics["test_accuracy"], case


def test_parity_one_hidden_layer_of_n_relu_units_and_a_log_depth_tree_are_exact():
    for n in range(2, 9):
        X = demos.all_bit_strings(n)
        assert X.shape == (n, 2**n) and len({tuple(c) for c in X.T}) == 2**n
        one, tree = demos.parity_one_layer(n), demos.parity_tree(n)
        assert np.array_equal(one.forward(X), demos.parity(X))
        assert np.array_equal(tree.forward(X), demos.parity(X))
        assert one.L == 2 and one.spec["layers"][0]["units"] == n  # not 2^n
        hidden_layers = tree.L - 1
        assert hidden_layers == math.ceil(math.log2(n))
        # Hand-set small integers: exact whatever the kernel (no seed). Nudged by 1e-12
        # relative, both still give parity to within 1e-9 (the last bits only move).
        for net in (one, tree):
            compare.nudge(net, 1e-12)
            assert np.abs(net.forward(X) - demos.parity(X)).max() < 1e-9, n
    assert demos.parity(np.array([[1.0, 1, 0], [1, 0, 0], [1, 0, 0]])).tolist() == [[1, 1, 0]]
    rows = demos.parity_table()
    assert all(row["exact on all 2^N inputs"] for row in rows)
    assert [row["AND/OR circuit, one layer: AND gates"] for row in rows][-1] == 128
    # the lesson's set-up is the playground's XOR: 2-bit parity
    run = single("parity", 0)
    x1, x2 = run.dataset.points_train
    positive = run.dataset.labels_train == 1
    assert np.all((x1 * x2 > 0) == positive)  # same sign: an even number of "negative" bits


# ------------------------------------------------------------------------ week 4


def step_noise(run: Run, last: int = 200) -> float:
    """Spread of the per-step cost over the last steps (mean absolute step-to-step change)."""
    _, cost = run.net.history.series("cost")
    return float(np.mean(np.abs(np.diff(cost[-last:])))) if len(cost) > 1 else 0.0


def test_unnormalized_coffee_saturates_normalized_coffee_trains():
    # The data set is the lesson's data seed's (no network involved): its figures are exact.
    raw = single("input-normalization", 0)
    T, t = raw.dataset.X_train
    assert T.min() >= 150 and T.max() <= 285, (T.min(), T.max())  # real units: °C
    assert t.min() >= 11.5 and t.max() <= 15.5, (t.min(), t.max())  # and minutes
    assert T.max() - T.min() > 100 and t.max() - t.min() > 3  # the whole ranges
    assert np.std(T) / np.std(t) == pytest.approx(34, abs=2)
    bad_share = 1 - raw.dataset.Y_train.mean()
    assert bad_share == pytest.approx(0.80, abs=0.01)
    # Measured over seeds x nudges: |z| of the raw net's first layer at the start, 5th
    # percentile 15-75 and 95th 171-383; every |tanh z| > 0.99; after 50 epochs the raw net's
    # largest output 0.15-0.21 (every roast called bad) and the normalized net's train
    # accuracy 0.968-0.988.
    for case, runs in on_any_machine("input-normalization", 0):
        raw = runs["raw inputs"]
        Z = raw.net.parameters["W1"] @ raw.dataset.X_train + raw.net.parameters["b1"]
        assert np.percentile(np.abs(Z), 5) > 10 and np.percentile(np.abs(Z), 95) > 100, case
        assert np.all(np.abs(np.tanh(Z)) > 0.99), case  # every unit, every example
        normalized = runs["normalized"].dataset
        assert np.allclose(normalized.X_train.mean(axis=1), 0, atol=1e-9), case
        assert np.allclose(normalized.X_train.std(axis=1), 1), case
    for case, runs in on_any_machine("input-normalization"):
        raw, normalized = runs["raw inputs"], runs["normalized"]
        assert np.all(raw.net.forward(raw.dataset.X_train) < 0.4), case  # every roast bad
        assert raw.trainer.metrics["train_accuracy"] == pytest.approx(bad_share), case
        assert raw.net.latest.layers[0].saturation > 0.9, case
        assert normalized.trainer.metrics["train_accuracy"] > 0.95, case


def test_mini_batch_size_orders_the_noise():
    for case, runs in on_any_machine("mini-batch-size"):
        full, one, mini = runs["full batch"], runs["size 1"], runs["size 32"]
        m = full.dataset.m_train
        # Size 1's noise over its last epoch: 19 single examples may all be easy ones (seed 1).
        # Measured: full 0.001-0.016, size 32 0.022-0.049, size 1 0.09-0.17.
        noise = step_noise(full, 19), step_noise(mini, 19), step_noise(one, m)
        assert 2 * noise[0] < noise[1] and 2 * noise[1] < noise[2], (case, noise)
        # and the steps per epoch are 1, m and ceil(m / 32)
        assert (full.net.steps_done, one.net.steps_done, mini.net.steps_done) == (
            20, 20 * m, 20 * math.ceil(m / 32)), case


def test_rmsprop_and_adam_beat_gradient_descent():
    for case, runs in on_any_machine("optimizers"):
        cost = {label: run.trainer.metrics["train_cost"] for label, run in runs.items()}
        # Measured: GD 0.666-0.674, RMSprop 0.24-0.45, Adam 0.50-0.57.
        assert cost["gradient descent"] == pytest.approx(0.67, abs=0.02), case
        assert cost["RMSprop"] < cost["gradient descent"] - 0.15, case
        assert cost["Adam"] < cost["gradient descent"] - 0.05, case
        assert cost["Adam"] > cost["RMSprop"], case  # the text says Adam gains less here
        # The course's momentum is an average of dW: on this slope it moves like plain GD.
        assert cost["momentum"] == pytest.approx(cost["gradient descent"], abs=0.02), case


def test_learning_rate_decay_settles_the_end():
    # The curve the lesson shows: the training-set cost after each epoch. (One step's cost is
    # one example's loss: its scatter is the examples', with or without decay.)
    def late_epochs(run):
        _, cost = run.trainer.history.series("train_cost")
        return cost[-10:]

    for case, runs in on_any_machine("learning-rate-decay"):
        fixed, decayed = (late_epochs(runs[label]) for label in ("fixed α", "α0 / (1 + epoch)"))
        # Measured, mean |change| per epoch over the last 10: fixed 0.025-0.065, decayed
        # 0.0005-0.0042 (8-100 times less); mean of the last 5: 0.156-0.205 against 0.124-0.155.
        assert np.mean(np.abs(np.diff(decayed))) < np.mean(np.abs(np.diff(fixed))) / 4, case
        assert np.mean(decayed[-5:]) < np.mean(fixed[-5:]) - 0.01, case
        assert runs["α0 / (1 + epoch)"].net.learning_rate == pytest.approx(0.3 / (1 + 20)), case


def test_l2_and_dropout_close_the_train_test_gap():
    for case, runs in on_any_machine("overfitting"):

        def gap(run):
            return run.trainer.metrics["test_cost"] - run.trainer.metrics["train_cost"]

        plain = runs["no regularization"]
        assert plain.trainer.metrics["train_cost"] < 0.01 and gap(plain) > 0.5, case
        assert gap(runs["L2 λ = 0.3"]) < gap(plain) / 2, case
        assert gap(runs["dropout keep 0.5"]) < gap(plain) / 2, case


# ------------------------------------------------------------------------ the page (AppTest)


APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def lessons_page():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("playground/pages/lessons.py").run()
    assert not at.exception and not at.error
    return at


def test_lessons_page_lists_every_lesson_by_week(lessons_page):
    at = lessons_page
    headers = [h.value for h in at.subheader]
    assert headers == [f"Week {w} · {title}" for w, title in lessons.WEEKS.items()]
    shown = [m.value for m in at.markdown if m.value.startswith("**")]
    # two columns per week: the order on screen is column by column
    assert sorted(shown) == sorted(f"**{lesson.title}**" for lesson in lessons.LESSONS)


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_one_click_opens_each_lesson_in_the_playground(lessons_page, lesson_id):
    at = lessons_page
    at.switch_page("playground/pages/lessons.py").run()
    at.button(key=f"open-{lesson_id}").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    session = at.session_state["session"]
    lesson = lessons.BY_ID[lesson_id]
    assert session.lesson == lesson_id
    expected = settings.validate(lesson.setup)[0]
    assert settings.changed(session.values, expected) == []
    banner = [m.value for m in at.markdown if m.value.startswith("**Lesson · ")]
    assert banner and lesson.title in banner[0] and lesson.panel in banner[0]
    # The table's own mapping: a dense layer as is, a conv layer's f as [f, f] (or [1, f]);
    # an autoencoder's encoder, then its code and mirrored decoder (settings.network_spec).
    hidden = settings.engine_spec(expected)["layers"]
    if expected["problem"] == settings.AUTOENCODER:
        hidden = settings.autoencoder_layers(hidden, session.dataset.n_x)[:-1]
    assert session.net.spec["layers"][:-1] == hidden


def test_the_planted_bug_demonstration_fails_the_check_then_passes():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.session_state["session"].open_lesson("gradient-check-bug")
    at.run()
    at.toggle(key="demo.plant").set_value(True).run()
    at.button(key="demo.check").click().run()
    assert [e.value for e in at.error] and "very likely a bug" in at.error[0].value
    assert "Bug planted" in at.error[0].value
    at.toggle(key="demo.plant").set_value(False).run()
    at.button(key="demo.check").click().run()
    assert not at.error and "backpropagation is correct" in at.success[0].value
    assert not at.exception


def test_a_lesson_link_opens_the_lesson_and_carries_what_the_teacher_changed():
    """?lesson=<id> opens the lesson (its text and set-up); the link's other parameters change
    it, and the address keeps the lesson until it is closed."""
    from streamlit.testing.v1 import AppTest

    lesson = lessons.BY_ID["dying-relu"]
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lesson": lesson.id, "dataset": "xor"})
    at.run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    session = at.session_state["session"]
    assert session.lesson == lesson.id and session.values["dataset"] == "xor"
    assert session.values["learning_rate"] == 1.0  # the lesson's, not the default 0.03
    assert [layer["activation"] for layer in session.values["layers"]] == ["relu", "relu"]
    banner = [m.value for m in at.markdown if m.value.startswith("**Lesson · ")]
    assert banner and lesson.title in banner[0]
    assert session.link_params() == {"lesson": lesson.id, "dataset": "xor"}
    at.button(key="lesson-close").click().run()
    assert session.lesson == "" and "lesson" not in session.link_params()
    assert session.link_params()["learning_rate"] == "1.0"  # the set-up stays, as a plain link
