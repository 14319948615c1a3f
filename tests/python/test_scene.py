"""Scenes from Python: the core's validation and messages, canonical dicts, save/load, runs with points."""

import json

import numpy as np
import pytest

import gradscape
from conftest import SCENES, parse_trace_csv, run_cli


def test_load_matches_the_file_and_round_trips(tmp_path):
    scene = gradscape.load(SCENES / "article.json")
    document = scene.to_dict()
    assert document["surface"] == "saddle"
    assert [run["label"] for run in document["runs"]] == ["Symmetry", "Offset"]
    assert document["camera"] == {"azimuth": 120, "elevation": 37}
    again = gradscape.Scene(document)
    assert again.to_json() == scene.to_json()
    path = tmp_path / "saved.json"
    scene.save(path)
    assert gradscape.load(path).to_json() == path.read_text()


def test_scene_from_json_text_and_numpy_numbers():
    text = '{"surface": "booth", "runs": [{"start": [1, 2], "iterations": 5}]}'
    assert gradscape.Scene(text).to_dict()["runs"][0]["iterations"] == 5
    scene = gradscape.Scene({"surface": "booth", "runs": [{"start": np.array([1.5, 2.0]), "iterations": np.int64(7)}]})
    assert scene.to_dict()["runs"][0] == {"start": [1.5, 2], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 7}


def test_bad_scene_is_a_value_error_with_the_json_path():
    with pytest.raises(ValueError, match=r"^<dict>: runs\[0\]\.optimizer\.lr: expected a number, got a string$"):
        gradscape.Scene({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": {"name": "sgd", "lr": "fast"}}]})
    with pytest.raises(ValueError, match=r"^<text>: invalid JSON at line 1, column 2"):
        gradscape.Scene("{,")


def test_missing_file_is_an_os_error_with_the_cli_message(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(OSError) as error:
        gradscape.load(missing)
    assert str(error.value) == f"{missing}: cannot open: No such file or directory"
    assert run_cli("trace", missing).stderr == f"gradscape: {error.value}\n"


def test_add_run_with_points_draws_from_the_first_point():
    scene = gradscape.Scene({"surface": "saddle", "runs": [{"start": [1, 0]}]})
    run = gradscape.Run(points=[[0.5, 0.25], [0.25, 0.5], [0, 0]], label="mine", color="#123456", marker="diamond")
    scene.add_run(run)
    added = scene.to_dict()["runs"][1]
    assert added == {"label": "mine", "points": [[0.5, 0.25], [0.25, 0.5], [0, 0]], "color": "#123456", "marker": "diamond"}
    traced = gradscape.trace(scene)[1]
    np.testing.assert_array_equal(traced[:, :2], run.points)
    np.testing.assert_array_equal(traced[:, 2], run.points[:, 0] ** 2 - run.points[:, 1] ** 2)


def test_add_run_that_is_bad_leaves_the_scene_as_it_was():
    scene = gradscape.Scene({"surface": "saddle", "runs": [{"start": [1, 0]}]})
    before = scene.to_json()
    with pytest.raises(ValueError, match=r"^<dict>: runs\[1\]\.start: not allowed in a run with \"points\""):
        scene.add_run({"points": [[0, 0]], "start": [1, 1]})
    assert scene.to_json() == before


@pytest.mark.parametrize("points, message", [
    ([[0, 0, 1, 2]], r"^Run: points: expected an array of shape \(n, 2\) or \(n, 3\)"),
    (np.zeros((0, 2)), r"^Run: points: expected an array of shape"),
    ([[0, 0], [np.nan, 1]], r"^Run: points\[1\]\[0\]: expected a finite number, got nan$"),
])
def test_run_rejects_bad_points(points, message):
    with pytest.raises(ValueError, match=message):
        gradscape.Run(points=points)


def test_points_run_restrictions_in_the_scene_format():
    for key, value in [("optimizer", "adam"), ("iterations", 3), ("tolerance", 0.1), ("start", [0, 0])]:
        result = run_cli("trace", "-", stdin=json.dumps({"surface": "saddle", "runs": [{"points": [[0, 0]], key: value}]}))
        assert result.returncode == 1
        assert result.stderr == f'gradscape: <stdin>: runs[0].{key}: not allowed in a run with "points" ' \
                                f'(such a run takes only points, label, color and marker)\n'
        assert result.stdout == ""


def test_large_points_scene_saves_and_loads_back_past_one_mebibyte(tmp_path):
    rng = np.random.default_rng(7)
    points = rng.uniform(-1, 1, size=(40_000, 2))
    scene = gradscape.Scene({"surface": "saddle", "runs": [{"start": [1, 0]}]}).add_run(gradscape.Run(points=points))
    path = tmp_path / "big.json"
    scene.save(path)
    assert path.stat().st_size > 1 << 20
    loaded = gradscape.load(path)
    assert loaded.to_json() == path.read_text()
    np.testing.assert_array_equal(gradscape.trace(loaded)[1][:, :2], points)
    # The CLI reads it too, and traces the same numbers.
    result = run_cli("trace", path)
    assert result.returncode == 0, result.stderr
    np.testing.assert_array_equal(parse_trace_csv(result.stdout)[1], gradscape.trace(loaded)[1])


def test_a_big_file_without_points_keeps_the_one_mebibyte_limit(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"surface": "saddle", "runs": [{"start": [1, 0], "label": "a" * (1 << 20)}]}))
    with pytest.raises(ValueError, match=r"scene file too large \(\d+ bytes; the limit is 1048576\)$"):
        gradscape.load(path)
    # Under 1 MiB as given, over it in canonical form (which spells out every run's optimizer and iterations):
    # save refuses what load would refuse, and writes nothing.
    runs = [{"start": [1, 0], "label": "a" * 900} for _ in range(1000)]
    text = json.dumps({"surface": "saddle", "runs": runs}, separators=(",", ":"))
    assert len(text) < 1 << 20
    scene = gradscape.Scene(text)
    assert len(scene.to_json()) > 1 << 20
    target = tmp_path / "unsaveable.json"
    with pytest.raises(ValueError, match=r"unsaveable.json: cannot save: scene file too large \(\d+ bytes; the limit is 1048576\)$"):
        scene.save(target)
    assert list(tmp_path.iterdir()) == [path]
