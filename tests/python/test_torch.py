"""gradscape.torch.record: torch optimizers on gradscape surfaces, against gradscape's own optimizers."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import gradscape

torch = pytest.importorskip("torch")


def own_points(surface, optimizer, start, steps):
    described = surface if gradscape.surface(surface).is_catalog else {"expression": surface}
    scene = gradscape.Scene({"surface": described, "runs": [{"start": list(start), "optimizer": optimizer, "iterations": steps}]})
    return gradscape.trace(scene)[0][:, :2]


@pytest.mark.parametrize("surface, start", [("rosenbrock", (-1.5, 2.0)), ("himmelblau", (0.5, -3.0)),
                                            ("sin(3*x) * cos(2*y) + 0.1*(x^2 + y^2)", (0.7, -0.4))])
def test_recording_torch_adam_gives_gradscape_adam_bit_for_bit(surface, start):
    recorded = gradscape.torch.record(lambda params: torch.optim.Adam(params, lr=0.02), gradscape.surface(surface), start, 500)
    assert isinstance(recorded, gradscape.Run) and recorded.points.shape == (501, 2)
    own = own_points(surface, {"name": "adam", "lr": 0.02}, start, 500)
    # Bit for bit: the forward and backward are gradscape's own f and exact gradient, and gradscape's adam
    # is torch's float64 update operation for operation without FMA contraction, as torch's portable
    # kernels compute it (conftest.py sets ATEN_CPU_CAPABILITY=default), so nothing can differ.
    assert os.environ["ATEN_CPU_CAPABILITY"] == "default"
    assert recorded.points.tobytes() == own.tobytes()


def test_with_torchs_avx2_kernels_the_points_agree_within_1e_12():
    # torch's AVX2 kernels fuse p + alpha * g into one FMA (one rounding instead of two): the last bit may
    # differ after some steps, and the difference stays at the rounding level.
    script = textwrap.dedent("""
        import gradscape, torch, numpy as np
        recorded = gradscape.torch.record(lambda p: torch.optim.Adam(p, lr=0.02), gradscape.surface("rosenbrock"), (-1.5, 2.0), 500)
        own = gradscape.trace(gradscape.Scene({"surface": "rosenbrock", "runs": [
            {"start": [-1.5, 2.0], "optimizer": {"name": "adam", "lr": 0.02}, "iterations": 500}]}))[0][:, :2]
        print(torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else "?", np.abs(recorded.points - own).max())
    """)
    env = {key: value for key, value in os.environ.items() if key != "ATEN_CPU_CAPABILITY"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    difference = float(result.stdout.split()[-1])
    assert difference <= 1e-12, result.stdout


def test_a_users_own_optimizer_subclass():
    class SignDescent(torch.optim.Optimizer):
        def __init__(self, params, lr):
            super().__init__(params, {"lr": lr})

        @torch.no_grad()
        def step(self):
            for group in self.param_groups:
                for p in group["params"]:
                    p.add_(torch.sign(p.grad), alpha=-group["lr"])

    run = gradscape.torch.record(lambda params: SignDescent(params, 0.125), gradscape.surface("saddle"), (1.0, 0.5), 4)
    # sign steps of 1/8 on x^2 - y^2: x goes down, y goes up (away from the saddle), exactly.
    np.testing.assert_array_equal(run.points, [[1, 0.5], [0.875, 0.625], [0.75, 0.75], [0.625, 0.875], [0.5, 1]])


def test_a_recorded_run_is_drawn_and_traced_like_any_run():
    surface = gradscape.surface("booth")
    run = gradscape.torch.record(lambda params: torch.optim.SGD(params, lr=0.01, momentum=0.9), surface, (-5, 5), 120,
                                 label="torch SGD", color="#00aa00")
    own = gradscape.Scene({"surface": "booth", "runs": [{"start": [-5, 5], "optimizer": {"name": "sgd", "lr": 0.01, "momentum": 0.9}, "iterations": 120}]})
    recorded = gradscape.Scene({"surface": "booth", "runs": [run.to_dict()]})
    assert gradscape.trace(recorded)[0].tobytes() == gradscape.trace(own)[0].tobytes()

    def green(image):
        rgb = image[:, :, :3].astype(int)
        return ((rgb[:, :, 1] - rgb[:, :, 0] > 100) & (rgb[:, :, 1] - rgb[:, :, 2] > 100)).sum()

    # The same path in its own colour: green pixels where the optimizer's run (default blue) has none.
    assert green(gradscape.render(recorded, size=(400, 300))) > 30
    assert green(gradscape.render(own, size=(400, 300))) < 5


def test_record_argument_errors():
    with pytest.raises(ValueError, match=r"^record: surface: expected a gradscape.surface"):
        gradscape.torch.record(lambda p: torch.optim.SGD(p, lr=0.1), "saddle", (0, 0), 3)
    with pytest.raises(ValueError, match=r"^record: steps=-1: expected a whole number 0..10000000$"):
        gradscape.torch.record(lambda p: torch.optim.SGD(p, lr=0.1), gradscape.surface("saddle"), (0, 0), -1)


def test_gradscape_works_without_torch():
    # sys.modules["torch"] = None makes `import torch` fail, as on a machine without python3-torch.
    script = textwrap.dedent("""
        import sys
        sys.modules["torch"] = None
        import gradscape
        scene = gradscape.Scene({"surface": "saddle", "runs": [{"points": [[1, 0], [0.5, 0]]}]})
        print(gradscape.trace(scene)[0][:, 2].tolist())
        try:
            gradscape.torch
        except ImportError as error:
            print("ImportError")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout == "[1.0, 0.25]\nImportError\n", result.stderr
