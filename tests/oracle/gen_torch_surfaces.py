#!/usr/bin/python3
"""Writes tests/data/surfaces/torch_values.tsv: torch's value and gradient of every catalog surface and of
expressions that use every function and operator of the grammar, at points chosen here.

Run with Debian's Python and torch (apt-get install python3-torch; PyTorch 1.13):
    /usr/bin/python3 tests/oracle/gen_torch_surfaces.py
Not run by CI: the file is committed, so tests/core/test_surface_torch.cpp needs no torch.

f is built exactly as the trace oracle builds it (gen_torch_traces.py's translator and kernels: portable
CPU kernels, float64, x = p[0] and y = p[1] of one tensor, gradient by autograd), so gradscape's surfaces
must reproduce these numbers bit for bit.
Columns (tab-separated): kind (catalog | expression), the name or the expression, x, y, f, df/dx, df/dy;
numbers in Python's repr (shortest round trip; nan, inf).
"""
import math
import os
import random
import sys

os.environ["ATEN_CPU_CAPABILITY"] = "default"  # before torch loads: the trace oracle's kernels

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_torch_traces as oracle  # noqa: E402
import torch  # noqa: E402

OUT = os.path.normpath(os.path.join(HERE, "..", "data", "surfaces", "torch_values.tsv"))

# Domains as in the spec; points are drawn from each, with a margin.
DOMAINS = {
    "saddle": (-1, 1, -1, 1), "monkey_saddle": (-1, 1, -1, 1), "quadratic": (-1, 1, -1, 1),
    "rosenbrock": (-2, 2, -1, 3), "beale": (-4.5, 4.5, -4.5, 4.5), "himmelblau": (-5, 5, -5, 5),
    "booth": (-10, 10, -10, 10), "matyas": (-10, 10, -10, 10), "rastrigin": (-5.12, 5.12, -5.12, 5.12),
    "ackley": (-5, 5, -5, 5), "goldstein_price": (-2, 2, -2, 2), "six_hump_camel": (-3, 3, -2, 2),
    "styblinski_tang": (-5, 5, -5, 5),
}

# Every function and operator, constants on either side, ties for min/max, NaN and inf cases.
EXPRESSIONS = [
    "sin(x)*cos(y)+x^2",
    "tan(0.3*x + 0.2*y)",
    "asin(0.4*x*y)",
    "acos(0.3*x+0.2*y)",
    "atan(x*y) - atan(3*x)",
    "sinh(x-y) + cosh(x*y)",
    "tanh(x+2*y)",
    "exp(x*y) * exp(-x^2)",
    "log(x^2+y^2) + log(abs(x))",
    "sqrt(x^2+y^2)",
    "abs(x*y-0.3) + abs(x)",
    "min(x, y^2) + max(x*y, x-y)",
    "min(x, y) * max(x, y)",
    "max(x^2, 0.5*y^2) + 0.3*min(x + 1, y + 2)^2 + 0.2*atan2(y + 3, x + 4)",
    "pow(x^2+1, y) + x^y",
    "atan2(y, x) + atan2(x*y, x - y)",
    "3/(x+2*y) - 1/x^2",
    "2^(x*y) + pi^-y + e^x",
    "(x^2 + 1)^0.5 + (x^2 + 1)^-0.5 + (y^2+1)^-1 + (y^2+1)^-2 + (x^2+y^2+1)^2.5",
    "x^3 - y^4 + x^1 + y^0",
    "-x^2 + 2^-y - -y",
    "x/y - y/x + (x - y)/(x + y)",
    "exp(-(x^2 + y^2)) * sin(3*x)",
    "1 - x*y + 2*x - y/3 + 0.5*(x + y)^2",
    "2^-x^2 * -y^2 + pow(x, 2)/4 + y^4/8 + abs(x + 2)^1.5/10 + cosh(y/3)",
    "sqrt(x) + y^2",
    "x*x*x - y*x*y + x*(y - x)*y",
    "sin(2) * x + 3^2^0.5 * y",
]
SPECIAL_POINTS = [(0.0, 0.0), (1.0, 1.0), (0.5, 0.5), (-1.0, 1.0), (2.0, -2.0), (1.0, 0.0)]


def evaluate(surface, x, y):
    p = torch.tensor([x, y], dtype=torch.float64, requires_grad=True)
    f = oracle.surface_function(surface)(p[0], p[1])
    if not torch.is_tensor(f):  # a constant expression
        return float(f), 0.0, 0.0
    f.backward()
    grad = p.grad if p.grad is not None else torch.zeros(2, dtype=torch.float64)
    return f.item(), grad[0].item(), grad[1].item()


def write_rows(path, rows):
    """Rows of (kind, surface, numbers...) as tab-separated text, numbers in repr; replaced atomically."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as out:
        for row in rows:
            out.write("\t".join(row[:2]) + "\t" + "\t".join(repr(float(v)) for v in row[2:]) + "\n")
    os.replace(path + ".tmp", path)
    print(f"{path}: {len(rows)} rows")


def main():
    random.seed(20240607)
    rows = []
    for name, (x0, x1, y0, y1) in DOMAINS.items():
        points = [(random.uniform(x0 - 1, x1 + 1), random.uniform(y0 - 1, y1 + 1)) for _ in range(40)]
        for x, y in points + SPECIAL_POINTS:
            rows.append(("catalog", name, x, y) + evaluate(name, x, y))
    for source in EXPRESSIONS:
        points = [(random.uniform(-2, 2), random.uniform(-2, 2)) for _ in range(30)]
        for x, y in points + SPECIAL_POINTS:
            rows.append(("expression", source, x, y) + evaluate({"expression": source}, x, y))
    write_rows(OUT, rows)


if __name__ == "__main__":
    main()
