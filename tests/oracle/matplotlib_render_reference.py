#!/usr/bin/env python3
"""Prints the matplotlib 3.6.3 numbers the render tests compare against (Debian: python3-matplotlib).

  /usr/bin/python3 tests/oracle/matplotlib_render_reference.py

1. Pixel positions (top-left origin) of data points for view_init(azim, elev) in the article's 4x3 in figure
   at dpi 300 (1200x900), limits [-1, 1]^3, perspective and orthographic (tests/render/test_camera.cpp).
2. coolwarm colours, 8 bits, at normalised values (tests/render/test_colormap.cpp).
3. Face colours of the article's surface where matplotlib draws them, sampled from its own 1200x900 frame
   at face centres (tests/render/test_scene_images.cpp, SaddleFacesHaveMatplotlibsColours).
"""
import matplotlib
matplotlib.use("Agg")
import numpy as np
import matplotlib.pyplot as plt
from mpl_toolkits.mplot3d import proj3d

POINTS = [(-1, -1, -1), (1, -1, -1), (-1, 1, -1), (1, 1, 1), (0, 0, 0), (0.5, -0.25, 0.75), (1, 0.25, 0.9375)]


def figure(proj_type="persp"):
    fig = plt.figure(figsize=(4, 3), dpi=300)
    ax = fig.add_subplot(111, projection="3d", proj_type=proj_type)
    ax.set_xlim3d([-1, 1]); ax.set_ylim3d([-1, 1]); ax.set_zlim3d([-1, 1])
    return fig, ax


def pixel(fig, ax, p):
    x, y, _ = proj3d.proj_transform(*p, ax.get_proj())
    px = ax.transData.transform((x, y))
    return px[0], fig.bbox.height - px[1]


print("// 1. projections: azimuth, elevation, orthographic, x, y, z -> px, py")
for proj_type in ("persp", "ortho"):
    fig, ax = figure(proj_type)
    for azim, elev in [(120, 37), (-60, 30), (30, -20), (200, 80)]:
        ax.view_init(azim=azim, elev=elev)
        fig.canvas.draw()
        for p in POINTS:
            px, py = pixel(fig, ax, p)
            print("{%g, %g, %s, %g, %g, %g, %.9f, %.9f}," % (azim, elev, str(proj_type == "ortho").lower(), *p, px, py))
    plt.close(fig)

print("// 2. coolwarm: normalised value -> r, g, b")
cm = matplotlib.colormaps["coolwarm"]
for v in [0.0, 0.001, 0.1, 0.25, 0.4999, 0.5, 0.5001, 0.6, 0.75, 0.9, 0.999, 1.0]:
    r, g, b = (np.array(cm(v)[:3]) * 255).round().astype(int)
    print("{%r, %d, %d, %d}," % (v, r, g, b))

print("// 3. article frame face colours: x, y (face centre) -> r, g, b")
fig, ax = figure()
x, y = np.mgrid[-1:1:81j, -1:1:81j]
ax.plot_surface(x, y, x**2 - y**2, rstride=2, cstride=2, cmap="coolwarm", linewidth=0.01, antialiased=False,
                vmin=-1, vmax=1, edgecolors="k")
ax.view_init(azim=120, elev=37)
fig.canvas.draw()
image = np.asarray(fig.canvas.buffer_rgba())
g = np.linspace(-1, 1, 81)
# Blocks (2x2 cells) whose centre is grid point (i+1, j+1); sample a little off the centre vertex, where no
# edge line passes. z = -1 ... +1 faces: the saddle's lowest and highest visible blocks and its middle.
for i, j in [(38, 78), (78, 40), (40, 40), (76, 40), (38, 76), (20, 10), (70, 60), (40, 70), (60, 20)]:
    cx, cy = g[i + 1] + 0.006, g[j + 1] + 0.006
    px, py = pixel(fig, ax, (cx, cy, cx * cx - cy * cy))
    r, gg, b = image[int(py), int(px)][:3]
    per = [(g[i + a], g[j + c]) for a, c in [(0, 0), (1, 0), (2, 0), (2, 1), (2, 2), (1, 2), (0, 2), (0, 1)]]
    zmean = np.mean([u * u - v * v for u, v in per])
    print("{%.6f, %.6f, %d, %d, %d},  // mean z %.4f" % (cx, cy, r, gg, b, zmean))
