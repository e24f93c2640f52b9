"""The course's experiments as lessons: one click sets the playground up, a short text says what
to watch and why, and `panel` names where it shows.

A lesson is a dict of values for the settings table (so it is also a share link), validated by
`settings.validate` without any repair (tests/test_lessons.py checks it), plus, for the lessons
that compare, the runs side by side: [(label, changes)] over the lesson's values.
Every lesson's claim is checked against the engine in tests/test_lessons.py.
"""

from __future__ import annotations

from dataclasses import dataclass


def layers(*units: tuple[int, str]) -> list[dict]:
    """Hidden layers from (units, activation) pairs."""
    return [{"units": n, "activation": activation} for n, activation in units]


@dataclass(frozen=True)
class Lesson:
    id: str  # the address part: ?lesson=<id>
    week: int
    title: str
    values: dict  # settings-table names -> values
    text: str  # Markdown: what to watch and why
    panel: str  # where on the playground it shows
    runs: tuple = ()  # ((label, changes), ...) for runs side by side
    epochs: int = 50  # how long the comparison trains by default
    demo: str = ""  # a demonstration beside the text (playground/panels/lesson_demos.py)
    metric: str = "train_cost"  # the curve its comparison opens on ("gap": test − train)
    # The panels (playground/session/panel_table.py names) the lesson's screen shows beside the
    # boundary; by default its demonstration, or else the cost curve.
    watch: tuple[str, ...] = ()

    @property
    def watched(self) -> tuple[str, ...]:
        return self.watch or (("demo",) if self.demo else ("cost",))

    @property
    def setup(self) -> dict:
        """The settings it opens with: its values, played at a pace a class can follow."""
        return {"speed": PACE, **self.values}

    @property
    def lead(self) -> str:
        """Its text's first sentence: the lesson screen shows it, the rest under "more"."""
        return lead(self.text)


PACE = "paced"  # the speed a lesson plays at unless it says otherwise (settings.SPEEDS)
LEAD_CHARS = 170  # a lead longer than this is cut at a word: two lines at 1280 px


def lead(text: str) -> str:
    """The first sentence of Markdown `text` (at most LEAD_CHARS, never inside **bold**)."""
    end = text.find(". ", 40)
    short = text if end < 0 else text[:end + 1]
    if len(short) > LEAD_CHARS:
        short = short[:LEAD_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    if short.count("**") % 2:  # a bold phrase cut in two
        short = short[:short.rfind("**")].rstrip() + " …"
    return short


WEEKS = {
    1: "Logistic regression and gradient descent",
    2: "Shallow networks",
    3: "Deep networks",
    4: "Training well: optimizers, mini-batches, regularization",
    5: "Convolutional networks",
}

# The notes' windows on a heartbeat (20 time steps, every 10), and the small conv net on the
# digits (8 filters 3×3 "same", then max pooling 2×2).
ECG_WINDOWS = [{"type": "conv", "filters": 4, "size": 20, "stride": 10, "padding": 0,
                "activation": "relu"}]
DIGIT_CONV = [{"type": "conv", "filters": 8, "size": 3, "stride": 1, "padding": "same",
               "activation": "relu"}, {"type": "pool", "mode": "max", "size": 2, "stride": 2}]

LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "logistic-regression", 1, "Logistic regression is a one-neuron network",
        {"dataset": "circle", "layers": [], "learning_rate": 0.1, "run_epochs": 100},
        "No hidden layer: the output is ŷ = σ(w·x + b), one neuron. Its boundary is where "
        "w·x + b = 0, a straight line, so on the circle it stays near chance **however long "
        "it trains** (train accuracy at most about 0.5). Add the features x1², x2² and the "
        "same single neuron draws a circle: the model is linear in its inputs, not in the plane.",
        "Decision boundary", watch=("network",)),
    Lesson(
        "computation-graph", 1, "The computation graph of one neuron",
        {"dataset": "gaussians", "layers": [], "learning_rate": 0.1, "run_epochs": 20},
        "Logistic regression is one neuron; the graph shows it for one example. Forward: "
        "z = w1·x1 + w2·x2 + b, a = σ(z), L = −(y ln a + (1 − y) ln(1 − a)). Backward, by "
        "the chain rule from L: da = −y/a + (1 − y)/(1 − a), dz = da·σ'(z) = da·a(1 − a) "
        "= **a − y**, then **dw_i = x_i·dz** and **db = dz** (the course writes dvar for "
        "∂L/∂var). Step through the slider, then press Step and look again: the parameters "
        "moved by −α times these derivatives averaged over the batch.",
        "The lesson's graph", demo="computation-graph"),
    Lesson(
        "cost-surface", 1, "The cost surface: convex or not",
        {"dataset": "gaussians", "layers": [], "learning_rate": 1.0, "run_epochs": 20},
        "A two-weight model, ŷ = σ(w·x + b), on ten 1-D points, from the same start "
        "(w, b) = (−4, 3) with α = 1. **Cross entropy** with a sigmoid is convex: its "
        "gradient is dz = a − y, large wherever the model is wrong, and descent reaches the "
        "bottom of the bowl (J ≈ 0.432 at w ≈ 1.08, b ≈ 0) within 50 steps. **Squared "
        "error** with a sigmoid is not convex: dz = (a − y)·a(1 − a) vanishes where the "
        "sigmoid saturates, so the start sits on a plateau and 100 steps only take J from "
        "0.351 to 0.343 (its minimum is about 0.07). That is why the course pairs the "
        "sigmoid with cross entropy.",
        "The lesson's contour maps", demo="cost-surface"),
    Lesson(
        "vectorization", 1, "Vectorization: np.dot against a for-loop",
        {"dataset": "gaussians", "layers": [], "learning_rate": 0.1, "run_epochs": 20},
        "One dot product of two random million-element vectors, by a Python for-loop and by "
        "np.dot, timed on this server. The loop (total += a[i]·b[i]) and np.dot give the "
        "**same result** (far below 1e-9 relative: only the order of the additions differs) "
        "and np.dot is **many times faster**. A vectorized step computes Z = W·X + b for "
        "every example at once the same way; press Run again to time it anew.",
        "The lesson's timing table", demo="vectorized-dot"),
    Lesson(
        "learning-rate", 1, "Learning rate: crawl, converge, oscillate, diverge",
        {"problem": "regression", "dataset": "plane", "layers": layers((1, "relu")),
         "batch_size": 0, "learning_rate": 0.3, "run_epochs": 100, "log_cost": True},
        "Each step moves W := W − α·dW. Full batch, so every rise of the cost is the step's "
        "own doing, not mini-batch noise. With α = 0.001 the cost **crawls** (0.116 → 0.114 "
        "in 100 steps; from any seed it keeps over 60 % of its start); α = 0.3 **converges** "
        "(below 0.002); α = 1 first falls, then **oscillates**: each step overshoots the "
        "valley's floor to the other side and the cost jumps between about 0.04 and 0.07, up "
        "one step and down the next, never settling; α = 3 **diverges**: the overshoots grow, "
        "the cost passes 10⁶ times its best within 16 steps and the divergence banner stops "
        "training. (Log scale: the costs span 10⁻³ to 10⁶.) One ReLU unit is fragile: from "
        "some other network seeds a large step kills it, as in the dying-ReLU lesson, and "
        "α = 0.3 or 1 stalls near 0.11 instead.",
        "Cost curve",
        runs=(("α = 0.001", {"learning_rate": 1e-3}), ("α = 0.3", {}),
              ("α = 1", {"learning_rate": 1.0}), ("α = 3", {"learning_rate": 3.0})),
        epochs=100),
    Lesson(
        "sanity-checks", 1, "Sanity checks before a long run",
        {"dataset": "spiral", "n_points": 100, "train_ratio": 10, "batch_size": 0,
         "layers": layers((16, "tanh")), "init": "random", "optimizer": "adam",
         "learning_rate": 0.01, "run_epochs": 500},
        "Three checks from the exercise sheet. (1) With small random weights (randn·0.01) "
        "every ŷ starts near 0.5, so the first binary cross-entropy is −ln 0.5 = **ln 2 ≈ "
        "0.693**: read it at epoch 0. (2) On a tiny training set (here 10 points) a network "
        "must be able to **overfit to near-zero cost** (below 0.01 after 500 epochs); if it "
        "cannot, look for a bug before tuning. (3) The **Gradient check** tab compares "
        "backpropagation with centred differences, ‖dθ − dθ_approx‖ / (‖dθ‖ + ‖dθ_approx‖): "
        "below 1e-7 is great. With weights as tiny as randn·0.01 both gradients are tiny and "
        "rounding alone lifts the ratio to between 1e-7 and 1e-6 (\"probably fine\"); switch "
        "the initialization to xavier and it reads about 1e-8.",
        "Cost curve, then the Gradient check tab"),
    Lesson(
        "non-linearity", 2, "Why non-linearity",
        {"dataset": "xor", "layers": layers((4, "linear")), "learning_rate": 0.1,
         "run_epochs": 50},
        "A hidden layer with g(z) = z computes W2(W1x + b1) + b2 = W'x + b': still one "
        "straight line, so on XOR it stays **near chance** (test accuracy at most about 0.5). "
        "Switch the hidden activation to tanh or ReLU and the same 4 units bend the boundary "
        "and solve XOR (test accuracy about 0.9 or better on most seeds).",
        "Decision boundary",
        runs=(("linear", {}), ("tanh", {"layers": layers((4, "tanh"))}),
              ("ReLU", {"layers": layers((4, "relu"))})), watch=("network",)),
    Lesson(
        "hidden-units", 2, "What hidden units learn",
        {"dataset": "circle", "layers": layers((3, "tanh")), "learning_rate": 0.3,
         "run_epochs": 100},
        "Each tile of the network diagram is one hidden unit's activation over the plane. "
        "A unit a[1]_j = tanh(w_j·x + b_j) is positive on one side of the line w_j·x + b_j = 0, "
        "a **half-plane**, and no single unit separates the classes (alone, each is right "
        "on at most 85 % of the points). The output unit adds the three maps with the "
        "weights W[2]: three lines cut out a triangle around the inner ring, and together "
        "they classify **above 95 %** of the test points. Watch the three lines turn into "
        "place as the network trains.",
        "Network diagram: each hidden unit's tile", watch=("network",)),
    Lesson(
        "zero-initialization", 2, "Zero initialization never breaks the symmetry",
        {"dataset": "circle", "layers": layers((4, "sigmoid")), "init": "zeros",
         "learning_rate": 1.0, "run_epochs": 50},
        "With W[1] = 0 every hidden unit computes the same a = g(0) and receives the same "
        "gradient, so after any number of steps **all rows of W[1] are equal**: four units do "
        "the work of one (open the Inspector and compare the rows of W[1]). Random "
        "initialization (xavier: randn·√(1/n[l−1])) gives each unit its own start and the "
        "network fits the circle.",
        "Network diagram: identical units (and the Inspector's W[1])",
        runs=(("zeros", {}), ("xavier", {"init": "xavier"})), watch=("network",)),
    Lesson(
        "large-initial-weights", 2, "Too-large initial weights saturate tanh",
        {"dataset": "circle", "layers": layers((8, "tanh"), (8, "tanh")), "init": "random",
         "init_scale": 10.0, "learning_rate": 0.3, "run_epochs": 50},
        "W = randn·10 makes z = W·a + b large, so most tanh units start at ±1 where "
        "g'(z) = 1 − a² ≈ 0 (|a| > 0.99 for over three quarters of layer 1's activations and "
        "over 90 % of layer 2's, on every seed), and the sigmoid output starts confidently "
        "wrong (a first cost above 3, not ln 2). "
        "dZ = dA·g'(z) is then nearly 0: after 50 epochs the cost is still far from fitted "
        "(above 0.15 on every seed; a run this saturated is chaotic, where it ends depends "
        "on the seed and even on the processor's rounding). Xavier (randn·√(1/n[l−1])) and He "
        "(randn·√(2/n[l−1])) keep Var(z) near 1 and fit the circle (cost below 0.02 on "
        "every seed). Too small fails too: with randn·0.01 "
        "the signal shrinks at each layer and this two-layer net stays at 0.69.",
        "Cost curve and the Gradient flow's saturation",
        runs=(("randn·10", {}), ("xavier", {"init": "xavier"}), ("he", {"init": "he"})),
        watch=("cost", "activations")),
    Lesson(
        "hidden-layer-size", 2, "Hidden-layer size on the flower",
        {"dataset": "flower", "noise": 20, "n_points": 200, "layers": layers((4, "tanh")),
         "learning_rate": 0.3, "run_epochs": 200},
        "One hidden tanh layer of 1, 2, 3, 4, 5, 20 and 50 units. With 1 or 2 units the "
        "boundary is too simple and **underfits** (train accuracy below 0.8 with 1 unit, a "
        "straight boundary; with 2 it depends on the seed but stays below the 4-unit net's); "
        "from about 4 units (train accuracy about 0.9 or more) the petals are found; the "
        "largest layers start to **overfit** "
        "the noisy points: their test cost is higher than the 4-unit network's.",
        "Boundaries side by side",
        runs=tuple((f"{n} unit" + ("" if n == 1 else "s"), {"layers": layers((n, "tanh"))})
                   for n in (1, 2, 3, 4, 5, 20, 50)),
        epochs=200, watch=("network",)),
    Lesson(
        "softmax", 2, "Softmax: one output per class",
        {"problem": "multiclass", "dataset": "blobs", "n_classes": 4,
         "layers": layers((8, "tanh")), "learning_rate": 0.1, "run_epochs": 20},
        "Four classes: the output layer has **one unit per class** and softmax turns the "
        "logits into probabilities, a_k = e^(z_k) / Σ_j e^(z_j), which are positive and **sum "
        "to 1** for every point. The loss is the categorical cross-entropy −Σ_k y_k ln a_k, "
        "and dZ[L] = A[L] − Y as for the sigmoid.",
        "Decision boundary and the Inspector's output layer", watch=("network",)),
    Lesson(
        "softmax-stability", 2, "Softmax stability",
        {"problem": "multiclass", "dataset": "blobs", "n_classes": 4,
         "layers": layers((8, "tanh")), "learning_rate": 0.1, "run_epochs": 20},
        "Adding a constant c to every logit changes nothing: e^(z_k + c) / Σ_j e^(z_j + c) "
        "= e^c·e^(z_k) / (e^c·Σ_j e^(z_j)). Computed as written, though, logits of 1001, "
        "1002, 1003 overflow (e^1001 = inf, and inf/inf is NaN) and −999, −998, −997 "
        "underflow (0/0). Subtracting max z first keeps every exponent ≤ 0 and gives 0.0900, "
        "0.2447, 0.6652 for all three, as for 1, 2, 3. The engine's softmax always does so.",
        "The lesson's table", demo="softmax-stability"),
    Lesson(
        "multi-label", 2, "Multi-label versus multi-class",
        {"problem": "multiclass", "dataset": "blobs", "n_classes": 3,
         "layers": layers((8, "tanh")), "learning_rate": 0.1, "run_epochs": 20},
        "Multi-class: one softmax, exactly one class per point, the outputs **sum to 1**. "
        "Multi-label: one sigmoid per class with binary cross entropy summed over the "
        "classes, each output a yes/no of its own, so they **need not sum to 1**. Trained "
        "on the same three clusters, halfway between clusters 1 and 2 the sigmoids say "
        "above 0.3 for both of them (both), at the origin all three are below 0.3 (none), and "
        "at the far corner they add up to more than 1; the softmax splits 1 between the "
        "classes everywhere (the table computes both for this page's run). "
        "The playground's data sets give each point exactly one class, so multi-label is "
        "shown in the lesson's table rather than as a problem type.",
        "The lesson's table", demo="multi-label"),
    Lesson(
        "vanishing-gradients", 3, "Vanishing gradients in a deep sigmoid network",
        {"dataset": "circle", "layers": layers(*[(8, "sigmoid")] * 6), "init": "xavier",
         "learning_rate": 0.1, "run_epochs": 20},
        "Backpropagation multiplies by W[l]ᵀ and by g'(z) at every layer, and σ'(z) ≤ 0.25. "
        "Six sigmoid layers shrink the gradient at each step back: the first layer's "
        "‖dW[1]‖ is **more than a hundred times smaller** than the last layer's, so the "
        "first layers hardly learn. ReLU (g' = 1 where active) with He initialization "
        "(randn·√(2/n[l−1])) keeps the norms comparable.",
        "Gradient flow",
        runs=(("sigmoid, xavier", {}),
              ("ReLU, He", {"layers": layers(*[(8, "relu")] * 6), "init": "he"})),
        watch=("gradient_flow", "gradient_norms")),
    Lesson(
        "identity-initialization", 3, "Identity initialization trains a deep ReLU net",
        {"dataset": "circle", "layers": layers(*[(8, "relu")] * 8), "init": "identity",
         "learning_rate": 0.1, "run_epochs": 20},
        "Eight hidden ReLU layers started from W[l] = I pass their input on unchanged, so "
        "the net trains where randn·0.01 stalls. The gradient reaches layer 1 as strong as "
        "it leaves the output. Identity initialization sets W[l] = I where a layer keeps its "
        "width (layers 2–8) and, where it does not (the first and the output layer), I on the "
        "shared top-left block with randn·0.01 elsewhere; b = 0. Measured on the whole "
        "training set, its first ‖dW[l]‖ agree **within 25 %** from layer 1 to layer 9 on "
        "every seed (press Step once: the Gradient flow bars stand level). **randn·0.01** "
        "shrinks the signal at every layer: its first gradients are **below 1e-13** in every "
        "layer and the cost stays at 0.69 (chance) for 20 epochs. **He** "
        "(randn·√(2/n[l−1])) keeps the gradient alive too, but unevenly: its first ‖dW[l]‖ "
        "differ by a factor of more than 5 between layers, and what follows depends on the "
        "seed. After 20 epochs identity is **below 0.05 on each of seeds 0–4**; He is often "
        "lower (below 0.03 on four of them) but not always: with network seed 2 it is still "
        "above 0.25.",
        "Gradient flow, then the cost curves",
        runs=(("identity", {}), ("randn·0.01", {"init": "random"}), ("He", {"init": "he"})),
        epochs=20, watch=("gradient_flow", "cost")),
    Lesson(
        "dying-relu", 3, "Dying ReLU; leaky ReLU keeps units alive",
        {"dataset": "moons", "layers": layers((8, "relu"), (8, "relu")), "init": "he",
         "learning_rate": 1.0, "run_epochs": 50},
        "A ReLU unit whose z = w·a + b is negative on **every** example outputs 0 everywhere "
        "and has g'(z) = 0 everywhere, so its dZ, dW and db are exactly 0: no step can move "
        "it again. Large steps cause it (here α = 1; a very negative bias does the same). "
        "From this seed the net reaches accuracy 1.0 by epoch 5, then big updates kill 3 of "
        "layer 1's 8 units: their rows of W[1] never change again and accuracy falls to about "
        "0.92 (the dead share is counted on the whole training set, so it only rises). "
        "Whether a unit dies depends on where the big steps land: from most other network "
        "seeds none does, but one that dies never comes back. "
        "Leaky ReLU, g(z) = max(0.01·z, z) with g' = 0.01 for z < 0, still passes a small "
        "gradient to an inactive unit, so it can come back: at the same α and seed no unit is "
        "lost and accuracy stays 1.0 (on every seed).",
        "Dead units and gradient flow",
        runs=(("ReLU", {}),
              ("leaky ReLU", {"layers": layers((8, "leaky_relu"), (8, "leaky_relu"))})),
        watch=("saturation", "gradient_flow")),
    Lesson(
        "gradient-check-bug", 3, "Gradient checking catches a bug",
        {"dataset": "circle", "layers": layers((4, "sigmoid")), "init": "xavier",
         "run_epochs": 20},
        "The check compares backpropagation's dθ with centred differences dθ_approx "
        "(ε = 1e-7): difference = ‖dθ − dθ_approx‖ / (‖dθ‖ + ‖dθ_approx‖). At the start "
        "it reads about 1e-8: below 1e-7, great. Now plant a classic slip, σ'(z) = g(z) "
        "without the factor (1 − g(z)), in the hidden layer: the forward pass and the cost "
        "are unchanged, training would still run, but the check reads several hundredths or "
        "more (above 0.03 on every seed), far above 1e-3: **very likely a bug**. Switch it "
        "off and the check passes again. The switch changes only this check's network, "
        "never the engine's code.",
        "The lesson's gradient check", demo="planted-bug"),
    Lesson(
        "batch-norm", 3, "Batch norm trains the same deep net faster",
        {"dataset": "circle", "layers": layers(*[(8, "sigmoid")] * 5), "init": "xavier",
         "learning_rate": 0.3, "run_epochs": 50},
        "Batch norm normalizes each layer's z over the mini-batch, z_norm = (z − μ)/√(σ² + ε), "
        "then scales and shifts it, z̃ = γ·z_norm + β (b[l] is dropped: β replaces it). Each "
        "layer then sees inputs of a steady scale: the five-layer sigmoid net that stays at "
        "chance for 50 epochs without it **fits the circle** with it (cost below 0.2 "
        "against 0.69). "
        "At test time μ and σ² are the running averages kept during training.",
        "Cost curve",
        runs=(("without batch norm", {}), ("with batch norm", {"batch_norm": True})),
        epochs=50),
    Lesson(
        "depth-versus-width", 3, "Depth versus width on the spiral",
        {"dataset": "spiral", "layers": layers(*[(6, "tanh")] * 4), "learning_rate": 0.01,
         "optimizer": "adam", "run_epochs": 100},
        "Four hidden layers of 6 units (151 parameters) against one layer of 24 (97): "
        "the deeper network composes simple bends into the spiral and reaches a **lower cost "
        "and higher accuracy** in the same 100 epochs. Depth lets a net reuse features; a "
        "shallow net must build every bend from scratch.",
        "Cost curve and boundaries side by side",
        runs=(("4 × 6 units", {}), ("1 × 24 units", {"layers": layers((24, "tanh"))})),
        epochs=100),
    Lesson(
        "parity", 3, "Depth versus width on N-bit parity",
        {"dataset": "xor", "layers": layers((4, "relu")), "learning_rate": 0.1,
         "run_epochs": 50},
        "XOR is 2-bit parity; N-bit parity is 1 when an odd number of bits are 1. The notes "
        "say a deep net needs about log2 N layers (a tree of XORs, pairs at each layer) and "
        "one hidden layer needs on the order of 2^N units. The tree is right; the count "
        "holds for circuits of AND/OR gates (one layer of ANDs needs 2^(N−1) of them, one per "
        "odd input pattern), **not for neurons**: a ReLU unit can count. With s = Σx, the "
        "units relu(s − k), k = 0…N−1, and the output s − 2·relu(s − 1) + 2·relu(s − 2) − … "
        "give parity exactly from N units in one hidden layer. The table builds both nets by "
        "hand and the engine checks them on all 2^N inputs.",
        "The lesson's table", demo="parity"),
    Lesson(
        "input-normalization", 4, "Input normalization",
        {"dataset": "coffee", "layers": layers((4, "tanh")), "normalize": False,
         "learning_rate": 1.0, "batch_size": 10, "run_epochs": 50},
        "The coffee roasts in real units: temperature 150–285 °C, duration 11.5–15.5 min. "
        "Raw, z = w1·T + w2·t + b runs from tens to hundreds, every tanh unit starts "
        "saturated (|a| > 0.99 on every example), and the "
        "temperature's spread is about 34 times the duration's, so the cost surface is a "
        "long narrow valley: an α small enough across it is too small along it. After 50 "
        "epochs the raw net still calls every roast bad (accuracy 0.80, the share of bad "
        "roasts). Normalized, x := (x − μ)/σ with the training set's μ and σ, both inputs "
        "have mean 0 and variance 1 and the same net reaches a train accuracy above 0.95.",
        "Cost curve",
        runs=(("raw inputs", {}), ("normalized", {"normalize": True})),
        epochs=50),
    Lesson(
        "mini-batch-size", 4, "Mini-batch size: smooth, noisy, in between",
        {"dataset": "gaussians", "noise": 20, "learning_rate": 0.03, "batch_size": 32,
         "run_epochs": 20, "step_cost": True},
        "Full batch takes one exact gradient step per epoch: a smooth but slow curve. Batch "
        "size 1 (stochastic gradient descent) takes m noisy steps per epoch: fast, but the "
        "per-step cost jumps around. A mini-batch (32) gets many steps per epoch with much "
        "less noise. Watch the step-by-step cost of each.",
        "Cost curve",
        runs=(("full batch", {"batch_size": 0}), ("size 1", {"batch_size": 1}),
              ("size 32", {})),
        epochs=20),
    Lesson(
        "optimizers", 4, "Momentum, RMSprop and Adam against gradient descent",
        {"dataset": "spiral", "layers": layers((8, "tanh"), (8, "tanh")),
         "learning_rate": 0.01, "optimizer": "adam", "run_epochs": 50},
        "Same net, same seed, same α = 0.01. Momentum keeps v = β1·v + (1 − β1)·dW and steps "
        "along v (the course's averaged form, so it moves as fast as gradient descent on a "
        "steady slope and mostly damps zig-zags); RMSprop divides by √(s) + ε with "
        "s = β2·s + (1 − β2)·dW², so every weight gets a step of about α; Adam does both, "
        "with bias correction v/(1 − β1^t), s/(1 − β2^t). Within 50 epochs **RMSprop reaches "
        "a clearly lower cost** than gradient descent's 0.67 (lower by more than 0.15 on "
        "every seed) and Adam a moderately lower one (by more than 0.05); momentum moves "
        "like plain gradient descent here.",
        "Cost curve",
        runs=tuple((name, {"optimizer": key}) for name, key in (
            ("gradient descent", "gd"), ("momentum", "momentum"), ("RMSprop", "rmsprop"),
            ("Adam", "adam")))),
    Lesson(
        "learning-rate-decay", 4, "Learning-rate decay settles a noisy end",
        {"dataset": "gaussians", "noise": 30, "batch_size": 1, "learning_rate": 0.3,
         "decay": "inverse_time", "decay_rate": 1.0, "run_epochs": 20},
        "With batch size 1 and a fixed α = 0.3 the cost never settles: every step follows "
        "one example. Inverse-time decay α = α0 / (1 + rate·epoch) takes big steps early and "
        "small ones late, so at the end the training cost **hardly moves from epoch to epoch** "
        "(at least 4 times less than with fixed α on every seed) and over the last epochs it "
        "is lower.",
        "Cost curve",
        runs=(("fixed α", {"decay": "none"}), ("α0 / (1 + epoch)", {})),
        epochs=20),
    Lesson(
        "overfitting", 4, "Overfitting, L2 and dropout",
        {"dataset": "circle", "noise": 40, "n_points": 100, "train_ratio": 30,
         "layers": layers((32, "relu"), (32, "relu")), "init": "he", "optimizer": "adam",
         "learning_rate": 0.03, "run_epochs": 200, "show_test": True},
        "A big net on 30 noisy points learns the noise: its train cost falls to almost 0 "
        "while the **test cost climbs** (the gap between the curves). L2 adds "
        "λ/(2m)·Σ‖W‖² to the cost (dW gains λ/m·W) and keeps the weights small; dropout "
        "keeps each hidden unit with probability keep_prob and divides by it (inverted "
        "dropout), so no unit can rely on another. Both **close the train/test gap**.",
        "Cost curve (train against test)",
        runs=(("no regularization", {}), ("L2 λ = 0.3", {"l2": 0.3}),
              ("dropout keep 0.5", {"keep_prob": 0.5})),
        epochs=200, metric="gap"),
    Lesson(
        "adversarial-examples", 4, "Adversarial examples: a tight fit is easy to fool",
        {"dataset": "gaussians", "noise": 20, "n_points": 100, "train_ratio": 30,
         "layers": layers((32, "relu"), (32, "relu")), "init": "he", "optimizer": "adam",
         "learning_rate": 0.03, "run_epochs": 200, "show_test": True, "adversarial": True,
         "adv_epsilon": 0.2},
        "A small step can fool a boundary that hugs its data. The fast gradient sign method "
        "moves every test point by ε in each coordinate, along sign(∇ₓL): the step that "
        "raises its own loss fastest. A big net on 30 points draws "
        "a boundary that **hugs the training points**, so a small step (ε = 0.2, where the "
        "data span about ±6) carries test points across it: of its 70 test points (65–68 "
        "right) it loses 2 to 6 on every seed. With **L2** (λ = 0.3) the boundary keeps its "
        "distance: it loses 0 to 3, and at least 2 fewer than the plain net on every seed (a "
        "margin of 0 beyond those 2). **Dropout** (keep 0.5), noise during training, loses 2 "
        "on every seed: never more than the plain net, but fewer on 3 seeds of 5 only, so "
        "here it does not reliably make the net more robust. On every run the test accuracy "
        "falls as ε grows (the Adversarial examples tab's curve).",
        "The arrows and the curve against ε",
        runs=(("no regularization", {}), ("L2 λ = 0.3", {"l2": 0.3}),
              ("dropout keep 0.5", {"keep_prob": 0.5})),
        epochs=200, watch=("adversarial",)),
    Lesson(
        "autoencoder-pca", 3, "An autoencoder: a linear one finds PCA's plane",
        {"problem": "autoencoder", "dataset": "digits", "n_points": 1000, "layers": [],
         "init": "random", "learning_rate": 0.003, "run_epochs": 200},
        "An autoencoder learns to give its input back through a **code of 2 units**: the "
        "target is the input itself, and the digits' labels are never shown to it (they only "
        "colour the code's scatter). With no hidden layer and linear units (64 → 2 → 64) the "
        "best it can do is PCA: after 200 epochs its decoder's two columns span the same "
        "plane as PCA's first two components (scikit-learn's PCA on the same training "
        "digits), within 5° on every seed (measured: about 1° at most). Any invertible mix "
        "of the two components reconstructs as well, so the code's axes are not the "
        "components themselves. (It starts from randn·0.01: from near zero every seed "
        "leaves the same saddle along PCA's directions; from Xavier some seeds stall.) A "
        "**tanh** encoder of 32 units (64 → 32 → 2 → 32 → 64) bends the plane: its codes "
        "separate the digits better, though they never saw a label: a 5-nearest-neighbour "
        "vote on the 2-D codes names at least 5 points more of the test digits right than "
        "on the linear codes, on every seed (about 57–63% against 50%).",
        "The codes' scatter, coloured by digit",
        runs=(("linear: 64 → 2 → 64", {}),
              ("tanh: 64 → 32 → 2 → 32 → 64", {"layers": layers((32, "tanh")),
                                               "init": "xavier"})),
        epochs=200),
    Lesson(
        "window-neuron", 5, "A neuron that looks at a window",
        {"dataset": "ecg", "noise": 20, "layers": ECG_WINDOWS, "init": "he",
         "learning_rate": 0.03, "run_epochs": 10},
        "A conv unit sees a **window**, not the whole input: with filters of 20 time steps "
        "moved 10 steps at a time (the notes' ECG example) each filter has "
        "⌊(100 − 20) / 10⌋ + 1 = 9 positions, and the unit at position w sees only steps "
        "10(w − 1) + 1 to 10(w − 1) + 20, its receptive field. The 9 positions share one "
        "filter: 4 filters cost 4·(20 + 1) = 84 parameters, where a dense layer of 8 units "
        "on the 100 steps costs 808. Within 10 epochs the conv net tells the abnormal beats "
        "from the normal ones in more than 90% of the test beats on every seed. The "
        "Inspector's layer 1 writes one window's 20 products out: their sum + b is Z.",
        "Feature maps and the Inspector's conv layer", watch=("feature_maps", "accuracy")),
    Lesson(
        "parameter-sharing", 5, "Parameter sharing: a conv net against a dense one",
        {"problem": "multiclass", "dataset": "digits", "n_points": 1000,
         "layers": DIGIT_CONV, "init": "he", "learning_rate": 0.03, "run_epochs": 10},
        "A conv layer uses **the same 3×3 filter at every position**: 8 filters cost "
        "3·3·1·8 + 8 = 80 parameters, where a dense layer of 32 units on the 64 pixels costs "
        "32·64 + 32 = 2,080. With max pooling and the softmax the conv net has 1,370 "
        "parameters against the dense net's 2,410, and after 10 epochs on 500 digits its "
        "test accuracy is **at least the dense net's** less one point on every seed (both "
        "about 92–94%): fewer parameters, as the notes say, for as much accuracy. The layer "
        "editor shows each layer's count.",
        "Test accuracy side by side",
        runs=(("conv 8 × 3×3, pool", {}), ("dense 32", {"layers": layers((32, "relu"))})),
        epochs=10, metric="test_accuracy", watch=("accuracy",)),
    Lesson(
        "less-data", 5, "Less data, less overfitting",
        {"problem": "multiclass", "dataset": "digits", "n_points": 1000, "train_ratio": 10,
         "layers": DIGIT_CONV, "init": "he", "learning_rate": 0.03, "run_epochs": 50},
        "Only **100 training digits** (10% of 1,000; the other 900 test). Both nets learn all "
        "100 by heart (train accuracy 100%), so the test accuracy is the whole story: after "
        "50 epochs the conv net's train − test gap is 0.14–0.17 and the dense net's 0.16–0.19. "
        "The conv net's gap is **smaller on every seed**, as the notes say (its 80 first-layer "
        "parameters cannot memorize pixels the way the dense layer's 2,080 can), but by 0.01 "
        "to 0.05 only: at this size both overfit, and sharing is a help, not a cure.",
        "Test accuracy side by side",
        runs=(("conv 8 × 3×3, pool", {}), ("dense 32", {"layers": layers((32, "relu"))})),
        epochs=50, metric="test_accuracy", watch=("accuracy",)),
    Lesson(
        "what-filters-learn", 5, "What the filters learn",
        {"problem": "multiclass", "dataset": "digits", "n_points": 1000,
         "layers": DIGIT_CONV, "init": "random", "init_scale": 0.1, "learning_rate": 0.03,
         "run_epochs": 50},
        "The 8 filters under A[1] start as small noise (randn × 0.1; Reset shows them again), "
        "so what they show after training is what they learned. Play 50 epochs: they **grow "
        "4–6 times larger** and **smooth**: neighbouring weights of a filter come to agree, "
        "because a digit's strokes are wider than one pixel (the correlation of adjacent "
        "weights, −0.23 to 0.16 at the start, ends between 0.35 and 0.48 on every seed). Each "
        "filter becomes a small blob or edge detector, and its feature map lights up where "
        "the digit has that stroke; test accuracy ends near 95%.",
        "Feature maps and their filters", watch=("feature_maps",)),
    Lesson(
        "family-trees", 3, "Family trees: feature vectors nobody asked for",
        {"problem": "multiclass", "dataset": "family_trees",
         "layers": layers((6, "sigmoid"), (12, "sigmoid")), "optimizer": "adam",
         "learning_rate": 0.03, "l2": 0.1, "batch_size": 0, "run_epochs": 1000},
        "Hinton's 1986 experiment: the network is given a person and a relationship as "
        "one-hot inputs (\"Colin\" + \"aunt\") and answers with a person (Jennifer or "
        "Margaret: both count). It is never told who is English or Italian, nor who belongs "
        "to which generation. Yet its first layer's weights from each person, a 6-number "
        "**feature vector** per person (here 6 sigmoid units, as Hinton's person encoding), "
        "come to encode both: on the map the two families part and the generations line up. "
        "Measured after 1,000 full-batch epochs (Adam α = 0.03, L2 λ = 0.1) on seeds 0–4 "
        "(network and data seed): every training fact is answered; a leave-one-out logistic "
        "regression on the vectors predicts the nationality of **all 24 people** on every "
        "seed and the generation of **at least 23 of 24**; and of the 4 questions held out, "
        "never trained on, it answers **at least 2 right on every seed, 15 of the 20 in "
        "all** (a guess would get 1 in 24). The two families' trees have the same shape, so "
        "what the net learns about one helps it answer the other. Without the L2 penalty "
        "nationality still separates, but generation and the held-out answers come out "
        "worse.",
        "The people's map and each unit's weights", watch=("person_units",)),
    Lesson(
        "recirculation", 2, "Recirculation: an autoencoder learns without backpropagation",
        {"problem": "multiclass", "dataset": "digits", "n_points": 500,
         "layers": layers((8, "sigmoid")), "learning_rate": 0.1, "run_epochs": 50},
        "Hinton and McClelland (1988) trained an autoencoder with no error sent backwards: "
        "the input goes round the loop visible → hidden → visible → hidden, the reconstruction "
        "held close to the input (x2 = λ·x0 + (1 − λ)·x̂, λ = 0.75), and each layer changes "
        "its weights by the difference between its own two passes: the decoder by "
        "(x0 − x2)·h1ᵀ, the encoder by (h1 − h3)·x2ᵀ. The demonstration trains one 64-8-64 "
        "autoencoder (8 sigmoid units, the same 8 as the classifier on the playground here) "
        "on 500 digits, twice from the same start: after 200 epochs recirculation's "
        "reconstruction error is **1.09–1.14 times backpropagation's** on seeds 0–4 (about "
        "0.87 against 0.78, from 15–20 at the start), after 50 epochs 1.31–1.42 times: close, "
        "and slowly closing, though it never computes a gradient of the error.",
        "Both reconstruction errors on one chart", demo="recirculation"),
)

BY_ID: dict[str, Lesson] = {lesson.id: lesson for lesson in LESSONS}


def by_week() -> dict[int, list[Lesson]]:
    """The lessons grouped by course week, in the table's order."""
    weeks: dict[int, list[Lesson]] = {week: [] for week in WEEKS}
    for lesson in LESSONS:
        weeks[lesson.week].append(lesson)
    return weeks
