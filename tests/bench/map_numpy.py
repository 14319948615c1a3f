"""The basin map of tests/bench/vs_numpy.sh written the way a Python user would: numpy, vectorised over all
starts, torch.optim.Adam's update spelled out (the order of operations of torch's single-tensor path, so the
numbers are gradscape's bit for bit), attractors grouped as docs/scene-format.md says, the same CSV.

usage: map_numpy.py OUT.csv GRID ITERATIONS LR
"""
import math
import sys

import numpy as np


def rosenbrock(x, y):
    # f = (1-x)^2 + 100*(y-x^2)^2 and its gradient in torch autograd's order (engine/core/surface_visit.hpp)
    u = 1 - x
    w = y - x * x
    grad_w = 100 * (2 * w)
    return u * u + w * w * 100, -(2 * u) + -grad_w * (2 * x), grad_w


def main():
    out, grid, iterations, lr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    x0, x1, y0, y1 = -2.0, 2.0, -1.0, 3.0
    i = np.arange(grid, dtype=np.float64)
    xs = x0 + i * (x1 - x0) / (grid - 1)
    ys = y0 + i * (y1 - y0) / (grid - 1)
    x, y = (a.ravel().copy() for a in np.meshgrid(xs, ys))  # row-major: j outer, i inner
    start_x, start_y = x.copy(), y.copy()
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    m_x, m_y, v_x, v_y = (np.zeros_like(x) for _ in range(4))
    value, gx, gy = rosenbrock(x, y)
    active = np.isfinite(x) & np.isfinite(y) & np.isfinite(value)
    end_x, end_y, end_loss = x.copy(), y.copy(), value.copy()
    steps = np.zeros(x.shape, dtype=np.int64)
    diverged = ~active
    with np.errstate(all="ignore"):
        for k in range(1, iterations + 1):
            bias1 = 1 - beta1 ** k
            bias2 = 1 - beta2 ** k
            step_size = -(lr / bias1)
            bias2_sqrt = math.sqrt(bias2)
            m_x = m_x * beta1 + (1 - beta1) * gx
            m_y = m_y * beta1 + (1 - beta1) * gy
            v_x = v_x * beta2 + (1 - beta2) * gx * gx
            v_y = v_y * beta2 + (1 - beta2) * gy * gy
            x = x + step_size * m_x / (np.sqrt(v_x) / bias2_sqrt + eps)
            y = y + step_size * m_y / (np.sqrt(v_y) / bias2_sqrt + eps)
            value, gx, gy = rosenbrock(x, y)
            finite = active & np.isfinite(x) & np.isfinite(y) & np.isfinite(value)
            diverged |= active & ~finite
            end_x = np.where(finite, x, end_x)
            end_y = np.where(finite, y, end_y)
            end_loss = np.where(finite, value, end_loss)
            steps = np.where(finite, k, steps)
            active = finite

    # Attractors: an end point within 1e-3 of the domain's diagonal of an attractor's first end point joins
    # the first such attractor; attractors are numbered in order of first appearance.
    tolerance = 1e-3 * math.hypot(x1 - x0, y1 - y0)
    buckets, firsts = {}, []
    attractor = []
    for ex, ey, gone in zip(end_x.tolist(), end_y.tolist(), diverged.tolist()):
        if gone:
            attractor.append(-1)
            continue
        bx, by = math.floor(ex / tolerance), math.floor(ey / tolerance)
        found = -1
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for index in buckets.get((bx + dx, by + dy), ()):
                    fx, fy = firsts[index]
                    if math.hypot(fx - ex, fy - ey) < tolerance and (found < 0 or index < found):
                        found = index
        if found < 0:
            found = len(firsts)
            firsts.append((ex, ey))
            buckets.setdefault((bx, by), []).append(found)
        attractor.append(found)

    status = np.where(diverged, "diverged", "iterations")
    with open(out, "w") as f:
        f.write("i,j,x,y,end_x,end_y,end_loss,steps,status,attractor\n")
        n = grid
        rows = zip(range(n * n), start_x.tolist(), start_y.tolist(), end_x.tolist(), end_y.tolist(),
                   end_loss.tolist(), steps.tolist(), status.tolist(), attractor)
        f.writelines(f"{c % n},{c // n},{sx!r},{sy!r},{ex!r},{ey!r},{el!r},{st},{s},{a}\n"
                     for c, sx, sy, ex, ey, el, st, s, a in rows)


if __name__ == "__main__":
    main()
