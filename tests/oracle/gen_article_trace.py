#!/usr/bin/python3
"""Writes tests/data/reference/article_gd_trace.csv: the article's two gradient-descent runs as the article's
own program computes them, an independent reference for `gradscape trace assets/scenes/article.json`.

Run with Debian's Python and numpy (apt-get install python3-numpy):
    /usr/bin/python3 tests/oracle/gen_article_trace.py
Not run by CI: the file is committed, so tests/core/test_cli_trace.cpp needs no Python.

The article ("Creating a Gradient Descent Animation in Python") descends the saddle f = x^2 - y^2 with
step 0.01 from (1, 0) and (1, 0.25) in a numpy routine: the points in a tiled array, each update
theta[k] = theta[k-1] - eta * grad(theta[k-1]) with grad = (2x, -2y), z = f(theta[k]). It is repeated here
with 200 updates (201 points, as gradscape's scene asks), the starts given as floats (the article's integer
start (1, 0) would make numpy truncate every update to an integer). Columns are gradscape's:
run,iter,x,y,z, numbers in Python's repr (shortest round trip).

x and y are exact products and differences, so they equal gradscape's bit for bit. z is the article's
theta[0]**2 - theta[1]**2: numpy's scalar power rounds one square in a few hundred an ulp away from x*x
(row 1,168 here), so the test allows z one ulp.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "reference", "article_gd_trace.csv")


def f(theta):
    return theta[0] ** 2 - theta[1] ** 2


def grad_f(theta):
    return np.array([2 * theta[0], -2 * theta[1]])


def gradient_descent(x_init, y_init, step_size, points):
    theta = np.tile([x_init, y_init], (points, 1)).astype(np.float64)
    z = np.tile([f(theta[0])], points)
    for k in range(1, points):
        theta[k] = theta[k - 1] - step_size * grad_f(theta[k - 1])
        z[k] = f(theta[k])
    return np.stack((theta[:, 0], theta[:, 1], z), 1)


def main():
    runs = [gradient_descent(1.0, 0.0, 0.01, 201), gradient_descent(1.0, 0.25, 0.01, 201)]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as out:
        out.write("run,iter,x,y,z\n")
        for run, data in enumerate(runs):
            for k, (x, y, z) in enumerate(data):
                out.write(f"{run},{k},{float(x)!r},{float(y)!r},{float(z)!r}\n")


if __name__ == "__main__":
    main()
