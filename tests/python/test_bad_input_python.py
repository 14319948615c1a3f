"""docs/bad-input.md rows P*: each is run here and must say exactly what the table says (and every row is tested)."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

import gradscape
from conftest import SCENES, bad_input_rows, run_cli

ARTICLE = str(SCENES / "article.json")


ROWS = bad_input_rows(r"P\d+")


def scene_on_stdin(run):
    return json.dumps({"surface": "saddle", "runs": [run]})


def cli_row(stdin):
    result = run_cli("trace", "-", stdin=stdin)
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1
    return result.stderr[:-1], str(result.returncode)


def python_row(call):
    try:
        call()
    except (ValueError, OSError, RuntimeError) as error:
        return str(error), type(error).__name__
    pytest.fail("no exception")


def in_child(code, env=None):
    """Runs `code` in a fresh python (a GL context or PATH of its own); it prints the exception's type and message."""
    script = "import gradscape\ntry:\n" + textwrap.indent(code, "    ") + \
             "\nexcept Exception as error:\n    print(type(error).__name__)\n    print(error)\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **(env or {})})
    kind, message = result.stdout.splitlines()[:2]
    return message, kind


def make_sgd(params):
    import torch
    return torch.optim.SGD(params, lr=0.1)


def row_cases(tmp):
    scene = gradscape.load(ARTICLE)
    big_runs = [{"start": [1, 0], "label": "a" * 900} for _ in range(1000)]
    big = gradscape.Scene(json.dumps({"surface": "saddle", "runs": big_runs}, separators=(",", ":")))
    no_ffmpeg = tmp / "bin"
    no_ffmpeg.mkdir()
    many = ",".join(["[0,0]"] * 600_000)
    return {
        "P1": lambda: cli_row(scene_on_stdin({"points": [[0, 0]], "start": [1, 1]})),
        "P2": lambda: cli_row(scene_on_stdin({"points": []})),
        "P3": lambda: cli_row(scene_on_stdin({"points": [[0, 0], [1]]})),
        "P4": lambda: cli_row(scene_on_stdin({"points": [[0, "a"]]})),
        "P5": lambda: cli_row('{"surface": "saddle", "runs": [{"points": [%s]}, {"points": [%s]}]}' % (many, many)),
        "P6": lambda: cli_row(scene_on_stdin({"points": "[[0, 0]]"})),
        "P10": lambda: python_row(lambda: gradscape.load(tmp / "missing.json")),
        "P11": lambda: python_row(lambda: gradscape.Scene({"surface": "saddle", "runs": [{"start": [1, "0"]}]})),
        "P12": lambda: python_row(lambda: gradscape.Scene("{,")),
        "P13": lambda: python_row(lambda: gradscape.surface("sin(x + y")),
        "P14": lambda: python_row(lambda: gradscape.render(scene, size=(0, 900))),
        "P15": lambda: python_row(lambda: gradscape.render(scene, frame=201)),
        "P16": lambda: python_row(lambda: gradscape.export(scene, tmp / "out.bmp")),
        "P17": lambda: python_row(lambda: gradscape.export(scene, tmp / "missing" / "out.png")),
        "P18": lambda: python_row(lambda: gradscape.export(scene, tmp / "out.gif", colour=1)),
        "P19": lambda: python_row(lambda: gradscape.export(scene, tmp / "out.gif", frame=3)),
        "P20": lambda: in_child(f"gradscape.export(gradscape.load({ARTICLE!r}), {str(tmp / 'out.mp4')!r})",
                                {"PATH": str(no_ffmpeg)}),
        "P21": lambda: in_child(f"gradscape.render(gradscape.load({ARTICLE!r}))",
                                {"__EGL_VENDOR_LIBRARY_FILENAMES": str(tmp / "no-such-vendor.json")}),
        "P22": lambda: python_row(lambda: gradscape.Run(points=[[0, 0], [float("nan"), 1]])),
        "P23": lambda: python_row(lambda: scene.add_run({"points": [[0, 0]], "start": [1, 1]})),
        "P24": lambda: python_row(lambda: big.save(tmp / "big.json")),
        "P25": lambda: python_row(lambda: gradscape.torch.record(make_sgd, gradscape.surface("saddle"), (0, 0), -1)),
        # Ctrl+C: test_render.py's test_ctrl_c_interrupts_an_export_and_leaves_no_file sends the signal.
        "P26": lambda: ("", "KeyboardInterrupt"),
        "P27": lambda: python_row(lambda: gradscape.render(scene, view="4d")),
        "P28": lambda: python_row(lambda: gradscape.export(scene, tmp / "out.gif", view="2d", orbit=90)),
    }


def test_every_row_is_tested_and_says_what_the_program_says(tmp_path):
    cases = row_cases(tmp_path)
    assert set(cases) == set(ROWS), "rows without a test, or tests without a row"
    for row, case in cases.items():
        message, kind = case()
        documented, documented_kind = ROWS[row]
        assert (message, kind) == (documented.replace("$DIR", str(tmp_path)), documented_kind), row
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]  # no row left a file behind
