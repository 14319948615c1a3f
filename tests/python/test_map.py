"""gradscape.map against `gradscape map`: the same cells bit for bit, the same picture, the GIL released,
and docs/bad-input.md's rows PM (every row tested, each saying what the module says)."""

import textwrap
import threading
import time

import numpy as np
import pytest

import gradscape
from conftest import SOURCE_DIR, bad_input_rows, interrupt_child, read_png, run_cli

COLUMNS = ("i", "j", "x", "y", "end_x", "end_y", "end_loss", "steps", "status", "attractor")

HIMMELBLAU = {"surface": "himmelblau", "runs": [{"start": [0, 0], "optimizer": {"name": "adam", "lr": 0.1},
                                                  "iterations": 150, "tolerance": 1e-6}]}
SGD_ROSENBROCK = {"surface": "rosenbrock", "runs": [{"start": [-1.5, 2], "optimizer": {"name": "sgd", "lr": 1e-3},
                                                      "iterations": 300}]}


def cli_map(tmp_path, scene, *args):
    """`gradscape map` of `scene` to a CSV: {column: (grid, grid) array} parsed as the CSV's text says."""
    scene_path = tmp_path / "scene.json"
    scene_path.write_text(scene.to_json())
    csv = tmp_path / "map.csv"
    result = run_cli("map", scene_path, "-o", csv, "--quiet", *args)
    assert result.returncode == 0, result.stderr
    lines = csv.read_text().splitlines()
    assert lines[0] == ",".join(COLUMNS)
    rows = [line.split(",") for line in lines[1:]]
    grid = int(round(len(rows) ** 0.5))
    assert grid * grid == len(rows)
    table = {}
    for k, name in enumerate(COLUMNS):
        cells = [row[k] for row in rows]
        if name == "status":
            table[name] = np.array(cells, dtype="U10")
        elif name == "attractor" and cells[0] == "":
            assert set(cells) == {""}
            table[name] = None
        elif name in ("i", "j", "steps", "attractor"):
            table[name] = np.array([int(c) for c in cells], dtype=np.int64)
        else:
            # float() reads the CSV's shortest round-trip text back to the very same double.
            table[name] = np.array([float(c) for c in cells], dtype=np.float64)
        if table[name] is not None:
            table[name] = table[name].reshape(grid, grid)
    return table


def assert_same_cells(python, cli):
    for name in COLUMNS:
        if cli[name] is None:
            assert python[name] is None, name
            continue
        assert python[name].shape == cli[name].shape, name
        assert python[name].dtype == cli[name].dtype, name
        # Bits, not closeness: the CSV holds the doubles exactly.
        assert python[name].tobytes() == cli[name].tobytes(), name


@pytest.mark.parametrize("kind", ["basin", "loss", "steps"])
def test_start_maps_equal_the_cli_csv(tmp_path, kind):
    scene = gradscape.Scene(HIMMELBLAU)
    python = gradscape.map(scene, kind=kind, grid=19, picture=False)
    cli = cli_map(tmp_path, scene, "--kind", kind, "--grid", "19")
    assert_same_cells(python, cli)
    if kind == "basin":
        # Himmelblau's four minima are reached from this grid: the map says something.
        assert python["attractors"].shape[0] >= 4
        assert set(np.unique(python["attractor"])) >= {0, 1, 2, 3}
    assert (python["j"][:, 0] == np.arange(19)).all() and (python["i"][0] == np.arange(19)).all()


def test_phase_map_equals_the_cli_csv(tmp_path):
    scene = gradscape.Scene(SGD_ROSENBROCK)
    python = gradscape.map(scene, kind="phase", grid=16, x="lr:1e-5:1e-2:log", y=("momentum", 0, 0.95, "linear"),
                           picture=False)
    cli = cli_map(tmp_path, scene, "--kind", "phase", "--grid", "16", "--x", "lr:1e-5:1e-2:log",
                  "--y", "momentum:0:0.95:linear")
    assert_same_cells(python, cli)
    # Large lr with large momentum diverges, small lr does not: both kinds of cell are present.
    statuses = set(np.unique(python["status"]))
    assert "diverged" in statuses and "iterations" in statuses
    assert python["x"][0, 0] == 1e-5 and python["x"][0, -1] == 1e-2 and python["y"][-1, 0] == 0.95


def test_a_noisy_scheduled_map_is_its_cells_traces_with_the_documented_streams():
    # Cell c = j * N + i draws from stream c; in a scene, run c draws from stream c. So a scene whose run c
    # starts at cell c's start, with the same noise, traces every cell's path.
    grid = 6
    noise = {"sigma": 2.0, "seed": 77}
    run = {"optimizer": {"name": "sgd", "lr": 0.01, "momentum": 0.5}, "iterations": 60, "noise": noise,
           "schedule": {"name": "OneCycleLR", "max_lr": 0.02, "total_steps": 60}}
    scene = gradscape.Scene({"surface": "himmelblau", "runs": [dict(run, start=[0, 0])]})
    cells = gradscape.map(scene, grid=grid, picture=False)
    starts = list(zip(cells["x"].ravel(), cells["y"].ravel()))
    per_cell = gradscape.Scene({"surface": "himmelblau", "runs": [dict(run, start=[x, y]) for x, y in starts]})
    traces = gradscape.trace(per_cell)
    ends = np.array([trace[-1] for trace in traces])
    assert cells["end_x"].ravel().tobytes() == ends[:, 0].tobytes()
    assert cells["end_y"].ravel().tobytes() == ends[:, 1].tobytes()
    assert cells["end_loss"].ravel().tobytes() == ends[:, 2].tobytes()
    assert (cells["steps"].ravel() == [len(trace) - 1 for trace in traces]).all()
    # The noise did something: the noiseless map ends elsewhere.
    quiet = gradscape.map(gradscape.Scene({"surface": "himmelblau", "runs": [dict(run, start=[0, 0], noise={"sigma": 0})]}),
                          grid=grid, picture=False)
    assert (quiet["end_x"] != cells["end_x"]).sum() > grid * grid // 2


def test_a_noise_sigma_phase_map_is_its_cells_traces():
    # Cell c runs with that cell's sigma and lr and draws from stream c: run c of a scene with those values.
    grid = 5
    base = {"start": [-1, 1.5], "optimizer": {"name": "adam", "lr": 0.05}, "iterations": 40, "noise": {"sigma": 0, "seed": 5}}
    cells = gradscape.map(gradscape.Scene({"surface": "himmelblau", "runs": [base]}), kind="phase", grid=grid,
                          x="noise.sigma:0:4:linear", y="lr:0.01:0.2:log", picture=False)
    runs = [dict(base, optimizer={"name": "adam", "lr": lr}, noise={"sigma": sigma, "seed": 5})
            for sigma, lr in zip(cells["x"].ravel(), cells["y"].ravel())]
    ends = np.array([trace[-1] for trace in gradscape.trace(gradscape.Scene({"surface": "himmelblau", "runs": runs}))])
    assert cells["end_x"].ravel().tobytes() == ends[:, 0].tobytes()
    assert cells["end_y"].ravel().tobytes() == ends[:, 1].tobytes()
    # Column 0 (sigma 0) is noiseless, the others are not: the same lr ends elsewhere.
    assert (cells["end_x"][:, 0] != cells["end_x"][:, -1]).all()


def test_other_run_and_thread_counts_give_the_same_bits():
    scene = gradscape.load(SOURCE_DIR / "assets" / "scenes" / "rosenbrock-optimizers.json")
    one = gradscape.map(scene, run=2, grid=33, threads=1, picture=False)
    two = gradscape.map(scene, run=2, grid=33, threads=2, picture=False)
    for name in COLUMNS:
        assert one[name].tobytes() == two[name].tobytes(), name
    zero = gradscape.map(scene, run=0, grid=33, picture=False)
    assert zero["end_x"].tobytes() != one["end_x"].tobytes()


@pytest.mark.parametrize("kind,extra", [("basin", ()), ("loss", ()),
                                        ("phase", ("--x", "lr:1e-5:1e-2:log", "--y", "momentum:0:0.95:linear",
                                                   "--color", "diverged"))])
def test_picture_is_the_cli_png(tmp_path, kind, extra):
    scene = gradscape.Scene(HIMMELBLAU if kind != "phase" else SGD_ROSENBROCK)
    options = dict(kind=kind, grid=24, size=240)
    if kind == "phase":
        options.update(x="lr:1e-5:1e-2:log", y="momentum:0:0.95:linear", color="diverged")
    image = gradscape.map(scene, **options)["image"]
    scene_path = tmp_path / "scene.json"
    scene_path.write_text(scene.to_json())
    result = run_cli("map", scene_path, "-o", tmp_path / "map.png", "--quiet", "--kind", kind, "--grid", "24",
                     "--size", "240", *extra)
    assert result.returncode == 0, result.stderr
    expected = read_png(tmp_path / "map.png")
    assert image.dtype == np.uint8 and image.shape == expected.shape
    np.testing.assert_array_equal(image, expected)
    # Not a blank picture: the plot has many colours.
    assert len(np.unique(image.reshape(-1, 4), axis=0)) > 8


def test_the_gil_is_released_while_the_map_runs():
    scene = gradscape.Scene({"surface": "rastrigin", "runs": [{"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.01},
                                                               "iterations": 2000}]})
    done = threading.Event()
    result = {}

    def compute():
        result["began"] = time.monotonic()
        result["map"] = gradscape.map(scene, grid=64, threads=1, picture=False)
        result["ended"] = time.monotonic()
        done.set()

    worker = threading.Thread(target=compute)
    worker.start()
    samples = []
    while not done.is_set():
        samples.append(time.monotonic())  # runs only while the map does not hold the GIL
        time.sleep(0.001)
    worker.join()
    assert result["map"]["steps"].shape == (64, 64)
    # The main thread kept running through the middle half of the map (it could not if the map held the GIL).
    began, ended = result["began"], result["ended"]
    middle = [t for t in samples if began + (ended - began) / 4 < t < ended - (ended - began) / 4]
    assert ended - began > 0.2 and len(middle) >= 20, (ended - began, len(middle))


def test_ctrl_c_stops_a_long_map():
    # A map that would take minutes, in a child python; SIGINT once it runs; KeyboardInterrupt within a second.
    script = textwrap.dedent("""
        import sys, time, gradscape
        scene = gradscape.Scene({"surface": "rosenbrock", "runs": [{"start": [1, 1], "optimizer": {"name": "adam"},
                                                                     "iterations": 1000000}]})
        print("started", flush=True)
        try:
            gradscape.map(scene, grid=512, threads=2, picture=False)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(3)
        print("finished", flush=True)
    """)
    returncode, stdout, stderr, seconds = interrupt_child(script)
    assert returncode == 3, stderr
    assert stdout == "interrupted\n"
    # The slabs under way (64 lanes x 1e6 steps, a fraction of a second) finish; the other 4,000 do not start.
    assert seconds < 10


def map_row_cases():
    scene = gradscape.load(SOURCE_DIR / "assets" / "scenes" / "article.json")
    adam = gradscape.Scene({"surface": "rosenbrock", "runs": [{"start": [-1.5, 2], "optimizer": {"name": "adam"}}]})
    points = gradscape.Scene({"surface": "saddle", "runs": [{"start": [1, 0]}, {"points": [[0, 0], [1, 1]]}]})
    return {
        "PM1": lambda: gradscape.map(scene, kind="contour"),
        "PM2": lambda: gradscape.map(scene, grid=1),
        "PM3": lambda: gradscape.map(scene, grid=2.5),
        "PM4": lambda: gradscape.map(scene, run=3),
        "PM5": lambda: gradscape.map(scene, kind="phase", x="lr:1e-4:1:log"),
        "PM6": lambda: gradscape.map(scene, x="lr:1e-4:1:log"),
        "PM7": lambda: gradscape.map(scene, kind="phase", x="lr:0:1:log", y="momentum:0:0.9:linear"),
        "PM8": lambda: gradscape.map(scene, kind="phase", x="lr:1e-4:1:log", y=("betas", 0, 0.9, "linear")),
        "PM9": lambda: gradscape.map(scene, kind="phase", x=3, y="momentum:0:0.9:linear"),
        "PM10": lambda: gradscape.map(adam, kind="phase", x="lr:1e-4:1:log", y="momentum:0:0.9:linear"),
        "PM11": lambda: gradscape.map(adam, kind="phase", x="lr:1e-4:1:log", y="beta2:0.9:1:linear"),
        "PM12": lambda: gradscape.map(points, run=1),
        "PM13": lambda: gradscape.map(scene, color="steps"),
        "PM14": lambda: gradscape.map(scene, size=8),
        "PM15": lambda: gradscape.map(scene, kind="phase", x="lr:1e-4:1:log", y="lr:0.1:1:linear"),
        "PM16": lambda: gradscape.map(42),
    }


# PM17 (Ctrl+C) is test_ctrl_c_stops_a_long_map.
SIGNAL_ROWS = {"PM17": ("", "KeyboardInterrupt")}


def test_every_map_row_is_tested_and_says_what_the_module_says():
    rows = bad_input_rows(r"PM\d+")
    cases = map_row_cases()
    assert set(cases) | set(SIGNAL_ROWS) == set(rows), "rows without a test, or tests without a row"
    for row, documented in SIGNAL_ROWS.items():
        assert rows[row] == documented, row
    for row, call in cases.items():
        with pytest.raises((ValueError, OSError, RuntimeError)) as caught:
            call()
        assert (str(caught.value), type(caught.value).__name__) == rows[row], row
