#!/usr/bin/python3
"""Writes tests/data/surfaces/torch_hessians.tsv: torch.autograd.functional.hessian of every catalog surface
and of expressions that use every function of the grammar, at points chosen here.

Run with Debian's Python and torch (apt-get install python3-torch; PyTorch 1.13):
    /usr/bin/python3 tests/oracle/gen_torch_hessians.py
Not run by CI: the file is committed, so tests/core/test_hessian_torch.cpp needs no torch.

f is built as the trace oracle builds it (gen_torch_traces.py's translator: float64, x = p[0], y = p[1]).
gradscape's exact Hessian (second-order forward-mode AD) must agree to rounding; the operation order
differs from torch's double backward, so the test compares with a relative tolerance, not bit for bit.
Columns (tab-separated): kind (catalog | expression), the name or the expression, x, y, f, d2f/dx2,
d2f/dxdy, d2f/dy2; numbers in Python's repr.
"""
import os
import random
import sys

os.environ["ATEN_CPU_CAPABILITY"] = "default"  # before torch loads: the trace oracle's kernels

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_torch_surfaces as surfaces  # noqa: E402
import gen_torch_traces as oracle  # noqa: E402
import torch  # noqa: E402

OUT = os.path.normpath(os.path.join(HERE, "..", "data", "surfaces", "torch_hessians.tsv"))

# Expressions covering every function and operator whose second derivative exists where sampled
# (abs, min and max are piecewise linear: their second derivative is that of the chosen side).
EXPRESSIONS = surfaces.EXPRESSIONS[:8] + [  # the smooth ones of the value/gradient fixtures, then these
    "log(x^2+y^2+1) + sqrt(x^2+y^2+0.5)",
    "abs(x*y-0.3)*x + max(x*y, x-y)^2 + min(x, y^2)^3",
    "pow(x^2+1, y) + (y^2+2)^x",
    "atan2(y + 3, x + 4) + atan2(x*y, x - y - 5)",
    "3/(x+2*y+7) - 1/(x^2+1)",
    "2^(x*y) + pi^-y + e^x",
    "(x^2 + 1)^0.5 + (x^2 + 1)^-0.5 + (y^2+1)^-1 + (x^2+y^2+1)^2.5",
    "x^3 - y^4 + x*y^2",
]


def hessian(surface, x, y):
    function = oracle.surface_function(surface)
    p = torch.tensor([x, y], dtype=torch.float64)
    h = torch.autograd.functional.hessian(lambda q: function(q[0], q[1]), p)
    value = function(p[0], p[1])
    return float(value), h[0, 0].item(), h[0, 1].item(), h[1, 1].item()


def main():
    random.seed(20261205)
    rows = []
    for name, (x0, x1, y0, y1) in surfaces.DOMAINS.items():
        points = [(random.uniform(x0, x1), random.uniform(y0, y1)) for _ in range(12)]
        for x, y in points + [(0.5, 0.25), (1.0, 1.0)]:
            rows.append(("catalog", name, x, y) + hessian(name, x, y))
    for source in EXPRESSIONS:
        for x, y in [(random.uniform(-1.5, 1.5), random.uniform(-1.5, 1.5)) for _ in range(12)]:
            rows.append(("expression", source, x, y) + hessian({"expression": source}, x, y))
    surfaces.write_rows(OUT, rows)


if __name__ == "__main__":
    main()
