"""gradscape in Python: load, trace, render and export descent scenes, and draw any optimizer's path.

The same scene format, validation, messages, descent and renderer as the ``gradscape`` program::

    import gradscape
    scene = gradscape.load("assets/scenes/article.json")
    paths = gradscape.trace(scene)             # one (points, 3) array per run: x, y, z
    image = gradscape.render(scene, frame=50)  # H x W x 4 uint8, the pixels `gradscape export` writes
    gradscape.export(scene, "article.gif", fps=30)
    gradscape.show(scene)                      # an inline animation in a notebook
    cells = gradscape.map(scene, kind="basin")  # `gradscape map`'s CSV columns as (grid, grid) arrays

Errors are ValueError (bad scenes, expressions, arguments), OSError (files) and RuntimeError (no GL
context, no ffmpeg), with the command line's one-line message. See docs/python.md.
"""

import json
import math
import os
import numbers

import numpy as np

from . import _gradscape
from ._notebook import Animation, Image, show

__all__ = ["Scene", "Run", "Surface", "load", "trace", "surface", "render", "export", "map", "show", "Animation", "Image"]

_MAX_SIDE = 8192
_MARKERS = ("circle", "square", "triangle", "diamond", "cross")


def _json_default(value):
    # numpy scalars and arrays inside a scene dict (np.int64 is not a Python int).
    if hasattr(value, "tolist"):
        return value.tolist()
    raise ValueError(f"cannot put {type(value).__name__} in a scene (expected numbers, strings, lists, dicts)")


def _scene_json(value):
    try:
        return json.dumps(value, default=_json_default, allow_nan=False)
    except ValueError as error:
        raise ValueError(f"<dict>: {error}") from None


class Run:
    """A run that carries its own path: ``Run(points=array, label=None, color=None, marker=None)``.

    ``points`` is an (n, 2) array of x, y (an (n, 3) array's z column is ignored: z comes from the
    surface). Its first point is its start. Add it to a scene with ``scene.add_run(run)``; it is
    drawn, exported, traced and plotted like any other run. ``color`` is "#rrggbb"; ``marker`` one of
    circle, square, triangle, diamond, cross.
    """

    def __init__(self, points, label=None, color=None, marker=None):
        array = np.array(points, dtype=np.float64, copy=True)
        if array.ndim != 2 or array.shape[1] not in (2, 3) or array.shape[0] < 1:
            raise ValueError(f"Run: points: expected an array of shape (n, 2) or (n, 3) with n >= 1, got shape {array.shape}")
        array = array[:, :2]
        bad = np.argwhere(~np.isfinite(array))
        if len(bad):
            i, c = bad[0]
            raise ValueError(f"Run: points[{i}][{c}]: expected a finite number, got {array[i, c]!r}")
        array.setflags(write=False)
        self.points = array
        self.label = label
        self.color = color
        self.marker = marker

    def to_dict(self):
        """The run as a scene-format dict: {"points": [[x, y], ...], "label": ..., ...}."""
        out = {}
        if self.label is not None:
            out["label"] = self.label
        out["points"] = self.points.tolist()
        if self.color is not None:
            out["color"] = self.color
        if self.marker is not None:
            out["marker"] = self.marker
        return out

    def __repr__(self):
        return f"Run(points=<{len(self.points)} points>, label={self.label!r}, color={self.color!r}, marker={self.marker!r})"


class Scene:
    """A scene: ``Scene(dict_or_json_text)``, validated as ``gradscape`` validates scene files.

    Raises ValueError with the command line's message and JSON path, e.g.
    ``<dict>: runs[0].optimizer.lr: expected a number, got a string``. Shows itself inline in a
    notebook (its last frame, as a PNG).
    """

    def __init__(self, dict_or_json_text):
        if isinstance(dict_or_json_text, Scene):
            self._native = dict_or_json_text._native
        elif isinstance(dict_or_json_text, _gradscape._Scene):
            self._native = dict_or_json_text
        elif isinstance(dict_or_json_text, (str, bytes)):
            text = dict_or_json_text.decode() if isinstance(dict_or_json_text, bytes) else dict_or_json_text
            self._native = _gradscape._Scene(text, "<text>")
        elif isinstance(dict_or_json_text, dict):
            self._native = _gradscape._Scene(_scene_json(dict_or_json_text), "<dict>")
        else:
            raise ValueError(f"Scene: expected a dict or JSON text, got {type(dict_or_json_text).__name__}")

    def to_dict(self):
        """The scene in canonical form (defaults made explicit where the file format writes them)."""
        return json.loads(self._native.to_json())

    def to_json(self):
        """The canonical JSON text ``save`` writes."""
        return self._native.to_json()

    def save(self, path):
        """Writes the canonical JSON to ``path`` (whole or not at all). ``load(path)`` reads it back."""
        _gradscape.save(self._native, os.fspath(path))

    def add_run(self, run):
        """Appends a run (a ``Run`` or a scene-format run dict) and re-validates the scene.

        Raises ValueError naming the new run's JSON path (``<dict>: runs[2].points[0][1]: ...``); the
        scene is unchanged then.
        """
        if isinstance(run, Run):
            run = run.to_dict()
        elif not isinstance(run, dict):
            raise ValueError(f"add_run: expected a gradscape.Run or a dict, got {type(run).__name__}")
        document = self.to_dict()
        document["runs"].append(run)
        self._native = _gradscape._Scene(_scene_json(document), "<dict>")
        return self

    @property
    def runs(self):
        """The runs as scene-format dicts."""
        return self.to_dict()["runs"]

    def _repr_png_(self):
        return _notebook_png(self)

    def __repr__(self):
        surface = self.to_dict()["surface"]
        name = surface if isinstance(surface, str) else surface.get("name", surface.get("expression"))
        return f"<gradscape.Scene {name!r}, {self._native.run_count} runs>"


def load(path):
    """Loads a scene file (``"-"``: standard input). OSError if it cannot be read, ValueError if it is bad."""
    return Scene(_gradscape.load(os.fspath(path)))


def _scene(scene, caller):
    if isinstance(scene, Scene):
        return scene._native
    if isinstance(scene, (dict, str)):
        return Scene(scene)._native
    raise ValueError(f"{caller}: expected a gradscape.Scene, got {type(scene).__name__}")


def trace(scene):
    """Runs every run of the scene: a list with one float64 array per run, shape (points, 3), columns x, y, z.

    Bit for bit the numbers ``gradscape trace`` prints (row 0 is the start; a run that leaves the finite
    numbers ends at its last finite point).
    """
    return _gradscape.trace(_scene(scene, "trace"))


class Surface:
    """f(x, y) of the catalog or an expression, with exact derivatives (``gradscape.surface(...)``)."""

    def __init__(self, name_or_expression):
        if not isinstance(name_or_expression, str):
            raise ValueError(f"surface: expected a catalog name or an expression, got {type(name_or_expression).__name__}")
        self._native = _gradscape._Surface(name_or_expression)

    @property
    def text(self):
        """The catalog name or the expression's source."""
        return self._native.text

    @property
    def is_catalog(self):
        """True for a catalog surface, False for an expression."""
        return self._native.is_catalog

    @property
    def domain(self):
        """The default ((xmin, xmax), (ymin, ymax))."""
        return self._native.domain

    def _evaluate(self, x, y, gradient):
        xa, ya = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
        shape = xa.shape
        results = self._native.evaluate(xa.ravel(), ya.ravel(), gradient)
        if shape == ():
            return tuple(float(r[0]) for r in results)
        return tuple(r.reshape(shape) for r in results)

    def value(self, x, y):
        """f at x, y (numbers or arrays, broadcast together): a float or a float64 array."""
        return self._evaluate(x, y, False)[0]

    def grad(self, x, y):
        """The exact gradient (df/dx, df/dy) at x, y: two floats or two arrays of the broadcast shape."""
        _, dx, dy = self._evaluate(x, y, True)
        return dx, dy

    def hessian(self, x, y):
        """The exact Hessian [[f_xx, f_xy], [f_xy, f_yy]] at x, y (second-order automatic differentiation, the
        core's own, no finite differences): a 2 x 2 array, or an array of shape broadcast shape + (2, 2)."""
        xa, ya = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
        return self._native.hessian(xa.ravel(), ya.ravel()).reshape(xa.shape + (2, 2))

    def value_and_grad(self, x, y):
        """(f, df/dx, df/dy) in one evaluation."""
        return self._evaluate(x, y, True)

    def __repr__(self):
        return f"gradscape.surface({self.text!r})"


def surface(name_or_expression):
    """A surface: a catalog name ("rosenbrock") or an expression in x and y ("x^2 - y^2").

    ``.value(x, y)``, ``.grad(x, y)`` and ``.hessian(x, y)`` take numbers or numpy arrays. ValueError for an unknown name or
    a bad expression, with its column: ``expected ')' at column 14``.
    """
    return Surface(name_or_expression)


def _size(size, caller):
    try:
        width, height = size
    except (TypeError, ValueError):
        raise ValueError(f"{caller}: size={size!r}: expected (width, height), like (1200, 900)") from None
    if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in (width, height)):
        raise ValueError(f"{caller}: size={size!r}: expected whole numbers (width, height)")
    if not (1 <= width <= _MAX_SIDE and 1 <= height <= _MAX_SIDE):
        raise ValueError(f"{caller}: size={size!r}: width and height must be 1..{_MAX_SIDE}")
    return int(width), int(height)


def _real(value, name, caller):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{caller}: {name}={value!r}: expected a finite number")
    return float(value)


def _whole(value, name, caller, low, high):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{caller}: {name}={value!r}: expected a whole number")
    if not low <= value <= high:
        raise ValueError(f"{caller}: {name}={value!r}: must be {low}..{high}")
    return int(value)


_VIEWS = ("3d", "2d", "split")


def _checked_view(view, caller, camera_options):
    """``view`` as the native calls take it: None (the scene's own view.mode), "3d", "2d" or "split".

    As ``gradscape export --view``: the camera options move the 3-D view, so they are an error with "2d".
    """
    if view is None:
        return None
    if view not in _VIEWS:
        raise ValueError(f"{caller}: view={view!r}: expected None (the scene's), '3d', '2d' or 'split'")
    if view == "2d":
        for name in camera_options:
            raise ValueError(f"{caller}: {name} moves the 3-D view: it does not apply to view='2d'")
    return view


_MAX_ITERATIONS = 10_000_000


def render(scene, frame=None, size=(1200, 900), view=None, azimuth=None, elevation=None):
    """One frame as an H x W x 4 uint8 array (size is (width, height)), rendered headless through EGL.

    The same pixels as ``gradscape export SCENE -o out.png --frame K --size WxH`` with the same options.
    ``frame`` is the iteration shown (None: the last); ``azimuth``/``elevation`` override the scene's
    camera. The GL context lives on after the first call, so later frames are fast. RuntimeError when no
    OpenGL 3.3 context can be made.
    """
    native = _scene(scene, "render")
    width, height = _size(size, "render")
    camera = [name for name, value in (("azimuth", azimuth), ("elevation", elevation)) if value is not None]
    view = _checked_view(view, "render", camera)
    if frame is not None:
        frame = _whole(frame, "frame", "render", 0, _MAX_ITERATIONS)
    return _gradscape.render(native, frame, width, height, _real(azimuth, "azimuth", "render"),
                             _real(elevation, "elevation", "render"), view)


_EXPORT_OPTIONS = ("size", "frame", "every", "fps", "hold", "loop", "azimuth", "elevation", "orbit", "view",
                   "msaa", "dither")


_FORMAT_NAMES = {"png": "PNG", "gif": "GIF", "mp4": "MP4", "webm": "WebM", "png-sequence": "PNG sequence"}


def _format(path):
    lower = path.lower()
    if lower.endswith(".png"):
        return "png-sequence" if "%" in os.path.basename(path) else "png"
    for extension in (".gif", ".mp4", ".webm"):
        if lower.endswith(extension):
            return extension[1:]
    return None


def export(scene, path, **options):
    """Writes a PNG still, GIF, MP4, WebM or PNG sequence; ``path``'s extension picks the format.

    Options, as ``gradscape export``'s: ``size=(w, h)``, ``frame`` (PNG still; default the last),
    ``every``, ``fps`` (default 20), ``hold`` (seconds), ``loop`` (GIF), ``azimuth``, ``elevation``,
    ``orbit`` (degrees), ``view``, ``msaa=True``, ``dither=False`` (GIF). Returns
    {"frames", "width", "height", "bytes"}. The file appears whole or not at all; Ctrl+C stops the
    export between frames and leaves nothing at ``path``. RuntimeError for a missing ffmpeg (.mp4,
    .webm) or GL context, OSError when ``path`` cannot be written.
    """
    native = _scene(scene, "export")
    path = os.fspath(path)
    for name in options:
        if name not in _EXPORT_OPTIONS:
            raise ValueError(f"export: unknown option '{name}' (expected one of: {', '.join(_EXPORT_OPTIONS)})")
    fmt = _format(path)
    width, height = _size(options.get("size", (1200, 900)), "export")
    camera = [name for name in ("azimuth", "elevation", "orbit") if name in options]
    view = _checked_view(options.get("view"), "export", camera)
    animation = fmt != "png"
    timed = fmt in ("gif", "mp4", "webm")

    def reject(name, applies, to):
        if name in options and not applies:
            raise ValueError(f"export: {name} does not apply to {_FORMAT_NAMES[fmt]} output ({to})")

    if fmt is not None:
        reject("frame", not animation, "a .png still")
        reject("every", animation, "animations")
        reject("orbit", animation, "animations")
        reject("fps", timed, ".gif, .mp4, .webm")
        reject("hold", timed, ".gif, .mp4, .webm")
        reject("loop", fmt == "gif", ".gif")
        if options.get("dither"):
            reject("dither", fmt == "gif", ".gif")
    frame = options.get("frame")
    if frame is not None:
        frame = _whole(frame, "frame", "export", 0, _MAX_ITERATIONS)
    every = _whole(options.get("every", 1), "every", "export", 1, _MAX_ITERATIONS)
    fps = _real(options.get("fps", 20), "fps", "export")
    if not 0 < fps <= 120:
        raise ValueError(f"export: fps={fps!r}: must be above 0 and at most 120")
    if fmt == "gif" and fps > 50:
        raise ValueError("export: fps: a GIF plays frames shorter than 2/100 s as 1/10 s in browsers; "
                         "use fps=50 or less (or every to skip iterations)")
    hold = _real(options.get("hold", 0), "hold", "export")
    if not 0 <= hold <= 600:
        raise ValueError(f"export: hold={hold!r}: must be 0..600 seconds")
    if fmt == "gif" and hold + 1 / fps > 655.35:
        raise ValueError("export: hold: a GIF frame lasts at most 655 s")
    loop = _whole(options.get("loop", 0), "loop", "export", 0, 65536)
    orbit = _real(options.get("orbit", 0), "orbit", "export")
    if abs(orbit) > 36000:
        raise ValueError(f"export: orbit={orbit!r}: at most 36000 degrees")
    flags = {}
    for name, default in (("msaa", True), ("dither", False)):
        value = options.get(name, default)
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"export: {name}={value!r}: expected True or False")
        flags[name] = bool(value)
    return _gradscape.export(native, path, width, height, frame, every, fps, hold, loop,
                             _real(options.get("azimuth"), "azimuth", "export"),
                             _real(options.get("elevation"), "elevation", "export"), orbit,
                             flags["msaa"], flags["dither"], view)


_MAP_SIZE = (16, 8192)
_MAX_THREADS = 256


def _map_axis(value, name):
    # "lr:1e-4:1:log", or the same as a tuple: ("lr", 1e-4, 1, "log").
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)) and len(value) == 4 and isinstance(value[0], str) and \
            isinstance(value[3], str) and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value[1:3]):
        # repr() is the shortest text that reads back to the same double, so the axis ends stay exact.
        return f"{value[0]}:{float(value[1])!r}:{float(value[2])!r}:{value[3]}"
    raise ValueError(f"map: {name}={value!r}: expected 'NAME:FROM:TO:linear|log' or (NAME, FROM, TO, 'linear'|'log'), "
                     f"like 'lr:1e-4:1:log'")


def map(scene, kind="basin", grid=256, run=0, x=None, y=None, color=None, size=800, threads=None, picture=True):
    """``gradscape map``: one run of the scene from every vertex of a grid over the domain, or with every pair
    of two hyperparameters' values, as a dict of numpy arrays named as the map CSV's columns.

    ``kind`` is "basin" (default), "loss", "steps" or "phase"; ``grid`` the vertices per side (2..1024);
    ``run`` which run (its optimizer, iterations and tolerance). Phase maps take ``x`` and ``y`` as the CLI's
    ``--x``/``--y`` ("lr:1e-4:1:log") or as tuples (("lr", 1e-4, 1, "log")), and ``color`` ("loss",
    "steps" or "diverged") for the picture.

    Returns {"i", "j", "x", "y", "end_x", "end_y", "end_loss", "steps", "status", "attractor"}: (grid, grid)
    arrays indexed [j, i] (``.ravel()`` is the CSV's row order), bit for bit the CSV's numbers; "status" holds
    "tolerance", "iterations" or "diverged"; "attractor" is None except for basin maps, which also have
    "attractors", each attractor's first end point (k, 2). With ``picture`` (default) also "image": the
    PNG ``gradscape map -o map.png --size SIZE`` writes, as an H x W x 4 uint8 array. ``threads``: None for
    every core. Runs with the GIL released; Ctrl+C stops it with KeyboardInterrupt.
    """
    native = _scene(scene, "map")
    if not isinstance(kind, str):
        raise ValueError(f"map: kind={kind!r}: expected basin, loss, steps or phase")
    grid = _whole(grid, "grid", "map", 2, _gradscape.MAX_MAP_GRID)
    run = _whole(run, "run", "map", 0, _gradscape.MAX_RUNS - 1)
    size = _whole(size, "size", "map", *_MAP_SIZE)
    threads = 0 if threads is None else _whole(threads, "threads", "map", 1, _MAX_THREADS)
    if color is not None and not isinstance(color, str):
        raise ValueError(f"map: color={color!r}: expected loss, steps or diverged")
    if not isinstance(picture, (bool, np.bool_)):
        raise ValueError(f"map: picture={picture!r}: expected True or False")
    return _gradscape.map(native, kind, grid, run, _map_axis(x, "x"), _map_axis(y, "y"), color, size, threads,
                          bool(picture))


def _notebook_png(scene):
    from ._notebook import png_bytes
    return png_bytes(render(scene, size=(800, 600)))


def __getattr__(name):
    # gradscape.torch is imported on first use: torch is optional.
    if name == "torch":
        import importlib
        return importlib.import_module(".torch", __name__)
    raise AttributeError(f"module 'gradscape' has no attribute '{name}'")
