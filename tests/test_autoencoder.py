"""The autoencoder: target = input, a 2-unit code, and the linear one's link to PCA."""

import numpy as np
import pytest
from scipy.linalg import subspace_angles
from sklearn.decomposition import PCA

import engine
from engine.autoencoder import (
    autoencoder_data,
    autoencoder_spec,
    code_layer,
    codes,
    reconstructions,
)


def six_d_cloud(seed, m=500):
    """m points in 6-D: standard deviations 3, 2, 0.8, 0.6, 0.4, 0.2 along a random rotation
    of the axes, off the origin (the biases must find the mean, as PCA subtracts it)."""
    rng = np.random.default_rng(seed)
    rotation, _ = np.linalg.qr(rng.normal(size=(6, 6)))
    spread = np.diag([3.0, 2.0, 0.8, 0.6, 0.4, 0.2])
    return rotation @ spread @ rng.normal(size=(6, m)) + rng.normal(size=(6, 1))


def largest_angle_degrees(A, B):
    return float(np.degrees(subspace_angles(A, B)).max())


def test_spec_mirrors_the_encoder_around_a_two_unit_code():
    spec = autoencoder_spec(64, hidden=(16, 8), activation="tanh", seed=3)
    assert [layer["units"] for layer in spec["layers"]] == [16, 8, 2, 8, 16, 64]
    assert spec["layers"][-1]["activation"] == "linear"
    assert spec["loss"] == "mean_squared_error" and spec["seed"] == 3
    net = engine.Network.from_spec(spec)
    assert code_layer(net) == 3
    X = np.random.default_rng(0).normal(size=(64, 5))
    assert codes(net, X).shape == (2, 5)
    assert reconstructions(net, X).shape == (64, 5)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "2"])
def test_spec_refuses_bad_sizes(bad):
    with pytest.raises(ValueError, match="whole number"):
        autoencoder_spec(4, code_units=bad)
    with pytest.raises(ValueError, match="whole number"):
        autoencoder_spec(4, hidden=(bad,))


def test_targets_other_than_the_inputs_are_refused():
    net = engine.Network.from_spec(autoencoder_spec(3))
    X = np.zeros((3, 4))
    with pytest.raises(ValueError, match="Y must equal X"):
        engine.Trainer(net, engine.ArrayData(X, X + 1, "autoencoder"))
    with pytest.raises(ValueError, match="Y must equal X"):
        net.fit(X, X, problem="autoencoder", X_test=X, Y_test=X + 1)


def test_an_autoencoder_reports_no_accuracy_and_learns():
    X = six_d_cloud(0, m=200)
    net = engine.Network.from_spec(autoencoder_spec(6, hidden=(8,), activation="tanh", seed=0,
                                                    optimizer={"name": "adam",
                                                               "learning_rate": 0.01}))
    trainer = engine.Trainer(net, autoencoder_data(X[:, :150], X[:, 150:]))
    before = trainer.metrics["test_cost"]
    trainer.run_epochs(200)
    assert trainer.metrics["train_accuracy"] is None and trainer.metrics["test_accuracy"] is None
    assert trainer.metrics["test_cost"] < 0.5 * before


def test_a_network_without_a_hidden_layer_has_no_code():
    net = engine.Network.from_spec({"n_x": 2, "layers": [{"units": 2, "activation": "linear"}]})
    with pytest.raises(ValueError, match="hidden layer"):
        codes(net, np.zeros((2, 3)))


@pytest.mark.parametrize("seed", range(5))
def test_linear_autoencoder_code_spans_pcas_first_two_components(seed):
    """6-2-6, linear, Xavier init (seed), adam α = 0.01, 1,500 full-batch epochs on the 6-D
    cloud above: the decoder's two columns span PCA's first two components, and the (centred)
    codes the same plane in R^m as PCA's scores, within 5°. (Measured: under 1° by 1,000
    epochs on seeds 0-4; at 200 epochs up to 85°, so the test sees the training.) Not the
    components themselves: any invertible mix of them reconstructs as well."""
    X = six_d_cloud(seed)
    net = engine.Network.from_spec(autoencoder_spec(6, seed=seed, optimizer={
        "name": "adam", "learning_rate": 0.01}))
    pca = PCA(n_components=2).fit(X.T)
    decoder = net.parameters[f"W{net.L}"]
    assert largest_angle_degrees(decoder, pca.components_.T) > 5  # not there by chance
    net.fit(X, X, epochs=1500, problem="autoencoder")
    assert largest_angle_degrees(decoder, pca.components_.T) < 5
    code = codes(net, X)
    centred = code - code.mean(axis=1, keepdims=True)
    assert largest_angle_degrees(centred.T, pca.transform(X.T)) < 5
