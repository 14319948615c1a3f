"""gradscape.trace against `gradscape trace`, bit for bit; surfaces' values and exact gradients."""

import numpy as np
import pytest

import gradscape
from conftest import SCENES, parse_trace_csv, run_cli


@pytest.mark.parametrize("name", sorted(p.name for p in SCENES.glob("*.json")))
def test_trace_is_bit_identical_to_the_cli(name):
    result = run_cli("trace", SCENES / name)
    assert result.returncode == 0, result.stderr
    expected = parse_trace_csv(result.stdout)
    traces = gradscape.trace(gradscape.load(SCENES / name))
    assert len(traces) == len(expected)
    for run, points in enumerate(traces):
        assert points.dtype == np.float64 and points.shape[1] == 3
        # Equal as bits: no tolerance (the CSV's shortest round-trip text reads back exactly).
        assert points.tobytes() == expected[run].tobytes(), f"{name} run {run}"


def test_trace_of_a_diverging_run_ends_at_its_last_finite_point():
    scene = gradscape.Scene({"surface": "saddle", "runs": [{"start": [0, 1], "optimizer": {"name": "sgd", "lr": 100}, "iterations": 500}]})
    points = gradscape.trace(scene)[0]
    assert 1 < len(points) < 501
    assert np.isfinite(points).all()
    cli = parse_trace_csv(run_cli("trace", "-", stdin=scene.to_json()).stdout)[0]
    assert points.tobytes() == cli.tobytes()


def test_surface_value_and_exact_gradient_vectorised():
    saddle = gradscape.surface("saddle")
    x = np.linspace(-1, 1, 7)[:, None]
    y = np.linspace(-1, 1, 5)[None, :]
    np.testing.assert_array_equal(saddle.value(x, y), x ** 2 - y ** 2)
    dx, dy = saddle.grad(x, y)
    assert dx.shape == dy.shape == (7, 5)
    np.testing.assert_array_equal(dx, np.broadcast_to(2 * x, (7, 5)))
    np.testing.assert_array_equal(dy, np.broadcast_to(-2 * y, (7, 5)))
    assert saddle.value(1.0, 0.5) == 0.75
    assert saddle.grad(1.0, 0.5) == (2.0, -1.0)


def test_expression_gradient_equals_the_catalog_formula():
    rosenbrock = gradscape.surface("rosenbrock")
    same = gradscape.surface("(1 - x)^2 + 100*(y - x^2)^2")
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-2, 2, 1000), rng.uniform(-1, 3, 1000)
    np.testing.assert_allclose(same.value(x, y), rosenbrock.value(x, y), rtol=1e-13)
    for a, b in zip(same.grad(x, y), rosenbrock.grad(x, y)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-9)
    # The analytic derivative, against which both are exact to rounding.
    np.testing.assert_allclose(same.grad(x, y)[1], 200 * (y - x ** 2), rtol=1e-12, atol=1e-9)


def test_bad_surfaces_are_value_errors_with_the_column():
    with pytest.raises(ValueError, match=r"^expected '\)' at column 10$"):
        gradscape.surface("sin(x + y")
    with pytest.raises(ValueError, match=r"^unknown name 'z' at column 1$"):
        gradscape.surface("z * 2")


def test_exact_hessian_vectorised():
    saddle = gradscape.surface("saddle")
    np.testing.assert_array_equal(saddle.hessian(0.3, -0.7), [[2, 0], [0, -2]])
    rosenbrock = gradscape.surface("rosenbrock")
    rng = np.random.default_rng(5)
    x, y = rng.uniform(-2, 2, (4, 25)), rng.uniform(-1, 3, (4, 25))
    h = rosenbrock.hessian(x, y)
    assert h.shape == (4, 25, 2, 2)
    np.testing.assert_allclose(h[..., 0, 0], 2 - 400 * (y - x ** 2) + 800 * x ** 2, rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(h[..., 0, 1], -400 * x)
    np.testing.assert_array_equal(h[..., 0, 1], h[..., 1, 0])
    np.testing.assert_array_equal(h[..., 1, 1], np.full_like(x, 200))
    expression = gradscape.surface("sin(x) * y^3")
    np.testing.assert_allclose(expression.hessian(0.5, 2.0), [[-np.sin(0.5) * 8, np.cos(0.5) * 12],
                                                              [np.cos(0.5) * 12, np.sin(0.5) * 12]], rtol=1e-14)
