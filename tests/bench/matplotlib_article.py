#!/usr/bin/python3
"""The article's matplotlib pipeline, the yardstick of tests/bench/vs_matplotlib.sh: a gradient-descent
animation on the saddle, drawn and saved the way "Creating a Gradient Descent Animation in Python" does it.

    /usr/bin/python3 tests/bench/matplotlib_article.py --out article.gif     # PillowWriter
    /usr/bin/python3 tests/bench/matplotlib_article.py --out article.mp4     # FFMpegWriter (ffmpeg)

What it draws is what assets/scenes/article.json asks gradscape for: f(x, y) = x^2 - y^2 on an 81x81
np.mgrid over [-1, 1]^2, plot_surface with the coolwarm colormap (z from -1 to 1), every second row and
column (rstride = cstride = 2) with black edges, seen from azimuth 120 and elevation 37; gradient descent
with step 0.01 for 200 iterations from (1, 0) and from (1, 0.25); the two trajectories on a second,
transparent 3-D axes laid over the first (matplotlib cannot hide a line behind a surface, so the article
draws the paths on top); a FuncAnimation of 201 frames (frame k shows iterations 0..k) at 20 frames per
second, 4x3 inches at 300 dpi = 1200x900 pixels. Starts are floats: true gradient descent, as gradscape's.
Needs python3-matplotlib python3-numpy python3-pil (and ffmpeg for .mp4).
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")  # no display: render straight to the writer

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import animation  # noqa: E402

STEP = 0.01
ITERATIONS = 200
STARTS = ((1.0, 0.0, "blue", "o"), (1.0, 0.25, "red", "s"))
AZIMUTH, ELEVATION = 120, 37
FPS = 20
WIDTH_IN, HEIGHT_IN, DPI = 4, 3, 300  # 1200 x 900 pixels


def saddle(x, y):
    return x ** 2 - y ** 2


def descend(x, y):
    """Rows (x, y, z) of gradient descent on the saddle: the start, then one row per step."""
    rows = [(x, y, saddle(x, y))]
    for _ in range(ITERATIONS):
        x, y = x - STEP * (2 * x), y - STEP * (-2 * y)
        rows.append((x, y, saddle(x, y)))
    return np.array(rows)


def limits(axes):
    axes.set_xlim3d([-1, 1])
    axes.set_ylim3d([-1, 1])
    axes.set_zlim3d([-1, 1])
    axes.view_init(azim=AZIMUTH, elev=ELEVATION)


def build(frames):
    paths = [(descend(x, y), color, marker) for x, y, color, marker in STARTS]
    figure = plt.figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    surface_axes = figure.add_subplot(111, projection="3d")
    x, y = np.mgrid[-1:1:81j, -1:1:81j]
    surface_axes.plot_surface(x, y, saddle(x, y), rstride=2, cstride=2, cmap="coolwarm", vmin=-1, vmax=1,
                              linewidth=0.01, edgecolors="k", antialiased=False)
    limits(surface_axes)
    for axis in (surface_axes.xaxis, surface_axes.yaxis, surface_axes.zaxis):
        axis.set_pane_color((1.0, 1.0, 1.0, 0.0))
    label = "Initialization\n" + "\n".join(f"{'■' if m == 's' else '●'}: x = {x:g}, y = {y:g}" for x, y, _, m in STARTS[::-1])
    surface_axes.text2D(0.05, 0.95, label, transform=surface_axes.transAxes, fontsize=8)
    # The paths' own axes: same box and view, no background, drawn above the surface's.
    path_axes = figure.add_axes(surface_axes.get_position(), projection="3d", facecolor="none")
    surface_axes.set_zorder(0)

    def draw_frame(k):
        path_axes.clear()
        path_axes.set_zorder(1)
        path_axes.set_axis_off()
        for rows, color, marker in paths:
            shown = rows[: k + 1]
            path_axes.plot3D(shown[:, 0], shown[:, 1], shown[:, 2], c=color, alpha=0.7)
            path_axes.scatter(*rows[k], s=10, c=color, marker="o", edgecolor="k", linewidth=0.5)
            path_axes.plot3D(*[[value] for value in rows[0]], ms=2.5, c="black", marker=marker)
        limits(path_axes)

    return figure, animation.FuncAnimation(figure, draw_frame, frames=frames, interval=1000 / FPS)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the animation to write: .gif (PillowWriter) or .mp4 (FFMpegWriter)")
    parser.add_argument("--frames", type=int, default=ITERATIONS + 1, help="frames to write (default all 201)")
    args = parser.parse_args(argv)
    if not 1 <= args.frames <= ITERATIONS + 1:
        parser.error(f"--frames must be 1..{ITERATIONS + 1}")
    extension = os.path.splitext(args.out)[1].lower()
    if extension == ".gif":
        writer = animation.PillowWriter(fps=FPS)
    elif extension == ".mp4":
        writer = animation.FFMpegWriter(fps=FPS)
    else:
        parser.error("--out must end in .gif or .mp4")
    _, movie = build(args.frames)
    movie.save(args.out, writer=writer, dpi=DPI)
    return 0


if __name__ == "__main__":
    sys.exit(main())
