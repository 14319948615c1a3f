"""Any torch optimizer on a gradscape surface: ``gradscape.torch.record(make_optimizer, surface, start, steps)``.

torch is imported here only: the rest of gradscape works without it.
"""

import math

import numpy as np
import torch

from . import Run, Surface

__all__ = ["SurfaceFunction", "record"]


class SurfaceFunction(torch.autograd.Function):
    """f(p) for a 2-element float64 tensor p = (x, y): forward is gradscape's value, backward its exact gradient."""

    @staticmethod
    def forward(ctx, p, surface):
        x, y = (float(v) for v in p.detach().cpu())
        value, dx, dy = surface.value_and_grad(x, y)
        ctx.save_for_backward(torch.tensor([dx, dy], dtype=p.dtype, device=p.device))
        return torch.tensor(value, dtype=p.dtype, device=p.device)

    @staticmethod
    def backward(ctx, grad_output):
        (gradient,) = ctx.saved_tensors
        return grad_output * gradient, None


def record(make_optimizer, surface, start, steps, label=None, color=None, marker=None):
    """Runs a torch optimizer on a gradscape surface and returns its path as a ``gradscape.Run``.

    ``make_optimizer`` takes the parameter list, e.g. ``lambda params: torch.optim.Adam(params, lr=0.02)``
    (any ``torch.optim.Optimizer``, the user's own subclasses too); ``surface`` is a
    ``gradscape.surface(...)``; ``start`` is (x, y). Each of the ``steps`` steps evaluates f and its exact
    gradient at the current point (float64) and calls ``optimizer.step()``, as ``gradscape trace`` does:
    ``.points`` is a (steps + 1) x 2 array, row 0 the start. A path that leaves the finite numbers ends at
    its last finite point, as a trace does.
    """
    if not isinstance(surface, Surface):
        raise ValueError(f"record: surface: expected a gradscape.surface(...), got {type(surface).__name__}")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= 10_000_000:
        raise ValueError(f"record: steps={steps!r}: expected a whole number 0..10000000")
    try:
        x0, y0 = (float(v) for v in start)
    except (TypeError, ValueError):
        raise ValueError(f"record: start={start!r}: expected (x, y)") from None
    if not (math.isfinite(x0) and math.isfinite(y0)):
        raise ValueError(f"record: start={start!r}: expected finite numbers")
    p = torch.tensor([x0, y0], dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer([p])
    points = np.empty((steps + 1, 2))
    points[0] = (x0, y0)
    count = 1
    for k in range(1, steps + 1):
        optimizer.zero_grad()
        loss = SurfaceFunction.apply(p, surface)
        if not math.isfinite(loss.item()):
            break
        loss.backward()
        optimizer.step()
        x, y = p.detach().tolist()
        if not (math.isfinite(x) and math.isfinite(y)) or not math.isfinite(surface.value(x, y)):
            break
        points[k] = (x, y)
        count = k + 1
    return Run(points=points[:count], label=label, color=color, marker=marker)
