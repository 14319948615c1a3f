"""examples/gradscape.ipynb, executed headless (nbclient + ipykernel): its pictures are decoded and checked."""

import base64
import io
import re

import numpy as np
import pytest

from conftest import SOURCE_DIR, read_png

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
from PIL import Image  # noqa: E402


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.read(SOURCE_DIR / "examples" / "gradscape.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(SOURCE_DIR / "examples")}}).execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def outputs(cell, mimetype):
    return [out["data"][mimetype] for out in cell.get("outputs", []) if mimetype in out.get("data", {})]


def coloured(rgb, channel, margin=100):
    """Pixels where `channel` (0 red, 1 green, 2 blue) exceeds both others by `margin`."""
    rgb = rgb[:, :, :3].astype(int)
    others = [c for c in range(3) if c != channel]
    return (rgb[:, :, channel] - rgb[:, :, others[0]] > margin) & (rgb[:, :, channel] - rgb[:, :, others[1]] > margin)


def test_no_cell_failed(executed):
    for cell in executed:
        assert not [out for out in cell.get("outputs", []) if out["output_type"] == "error"], cell.source


def test_the_scene_shows_itself_as_the_article_picture(executed):
    (png,) = outputs(executed[0], "image/png")
    image = read_png(base64.b64decode(png))
    assert image.shape == (600, 800, 4)
    assert (image[0, 0, :3] == 255).all()                 # white background
    assert coloured(image, 2, 60).sum() > 5_000          # coolwarm's blue half of the saddle
    assert coloured(image, 0, 60).sum() > 5_000          # and its red half


def test_the_trace_cell_prints_both_runs(executed):
    (text,) = outputs(executed[1], "text/plain")
    assert "'Symmetry', (201, 3)" in text and "'Offset', (201, 3)" in text


def test_the_recorded_torch_path_is_drawn_in_its_colour(executed):
    (png,) = outputs(executed[2], "image/png")
    image = read_png(base64.b64decode(png))
    assert image.shape == (480, 640, 4)
    assert coloured(image, 1).sum() > 50   # torch Adam, green
    rgb = image[:, :, :3].astype(int)
    magenta = (rgb[:, :, 0] > 180) & (rgb[:, :, 2] > 180) & (rgb[:, :, 1] < 100)  # no colour of coolwarm's
    assert magenta.sum() > 15              # gradscape SGD: its short path and its head


def test_the_inline_animation_is_a_gif_whose_paths_grow(executed):
    (html,) = outputs(executed[3], "text/html")
    match = re.search(r'src="data:image/gif;base64,([A-Za-z0-9+/=]+)"', html)
    assert match, html[:200]
    gif = Image.open(io.BytesIO(base64.b64decode(match.group(1))))
    assert gif.size == (480, 360) and gif.n_frames == 31
    gif.seek(0)
    first = np.array(gif.convert("RGB"))
    gif.seek(gif.n_frames - 1)
    last = np.array(gif.convert("RGB"))
    assert coloured(last, 1).sum() > coloured(first, 1).sum() + 30  # the green path grew


def test_the_split_view_shows_the_race_in_both_panes(executed):
    (png,) = outputs(executed[4], "image/png")
    image = read_png(base64.b64decode(png))
    assert image.shape == (400, 960, 4)
    left, right = image[:, :480], image[:, 480:]
    for pane in (left, right):
        assert coloured(pane, 1).sum() > 30          # torch Adam's green path in 3-D and in 2-D
    # The 2-D pane under a log scale: the valley's blue bands and the walls' red ones both show.
    assert coloured(right, 2, 60).sum() > 2_000 and coloured(right, 0, 60).sum() > 2_000
