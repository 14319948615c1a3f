#!/usr/bin/env python3
"""The Python module's speed budget (issue 17), side by side with the CLI; prints the figures.

    PYTHONPATH=build/python nice /usr/bin/python3 tests/bench/python_vs_cli.py [build/gradscape]

1. gradscape.trace of 100 runs x 10,000 iterations against `gradscape trace` of the same scene file
   (to /dev/null; process start, load and CSV included, as a user pays them): budget 2x the CLI.
2. gradscape.render of a 1200x900 frame of the article's scene: the first call (it makes the GL context),
   then the median of later calls, each a different frame (as when stepping through an animation) and
   the same frame again; budget 50 ms. Exits 1 when a budget is missed.
"""

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gradscape

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "gradscape"
REPEATS = 5


def median_seconds(action, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    runs = [{"start": [-2 + 4 * (i % 10) / 9, -1 + 4 * (i // 10) / 9],
             "optimizer": {"name": "adam", "lr": 0.001} if i % 2 else {"name": "sgd", "lr": 0.0001, "momentum": 0.9},
             "iterations": 10_000} for i in range(100)]
    document = {"surface": "rosenbrock", "runs": runs}
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "hundred.json"
        path.write_text(json.dumps(document))
        scene = gradscape.load(path)
        points = sum(len(p) for p in gradscape.trace(scene))
        with open("/dev/null", "w") as null:
            cli = median_seconds(lambda: subprocess.run([str(BINARY), "trace", str(path)], stdout=null, check=True))
        python = median_seconds(lambda: gradscape.trace(scene))
    print(f"trace, 100 runs x 10,000 iterations ({points} points): CLI {cli * 1000:.1f} ms, "
          f"gradscape.trace {python * 1000:.1f} ms ({python / cli:.2f}x the CLI; budget 2x), median of {REPEATS}")

    article = gradscape.load(ROOT / "assets" / "scenes" / "article.json")
    start = time.perf_counter()
    gradscape.render(article, frame=0)
    first = time.perf_counter() - start
    frames = iter(range(1, 201))
    stepping = median_seconds(lambda: gradscape.render(article, frame=next(frames)), repeats=40)
    same = median_seconds(lambda: gradscape.render(article, frame=100), repeats=20)
    print(f"render 1200x900: first call {first * 1000:.0f} ms (makes the GL context); then {stepping * 1000:.1f} ms "
          f"per frame stepping through frames 1..40, {same * 1000:.1f} ms for one frame again (median; budget 50 ms)")
    # The other views draw every layer each call (the static-layer cache keeps 3-D only); view= must not
    # re-trace the scene per call.
    views = {}
    for view in ("2d", "split"):
        frames = iter(range(1, 201))
        gradscape.render(article, frame=0, view=view)
        views[view] = median_seconds(lambda: gradscape.render(article, frame=next(frames), view=view), repeats=20)
    print("render 1200x900 view=" + ", view=".join(f"{v}: {t * 1000:.1f} ms" for v, t in views.items()) +
          " per frame stepping (median)")
    return 0 if python <= 2 * cli and max(stepping, same) <= 0.050 else 1


if __name__ == "__main__":
    sys.exit(main())
