#!/usr/bin/python3
"""Times torch.optim's descent loop on bench_descent's runs and prints gradscape's speed-up over it.

    /usr/bin/python3 tests/bench/torch_descent_speed.py [--bench build/tests/bench_descent] [--steps 20000]

For each benchmark of tests/bench/bench_descent.cpp, torch runs the same surface, optimizer, start and
step size through the oracle generator's trace loop (tests/oracle/gen_torch_traces.py: forward, backward,
optimizer.step(), reading x, y, z back as the trace does), on one thread, with its normal CPU kernels.
gradscape's figure is items_per_second from the benchmark binary (--benchmark_format=json).
Both are steps per CPU-second of one thread (Google Benchmark's items_per_second uses CPU time; torch is
timed with time.process_time), so a busy machine skews them less; the printed ratio is gradscape / torch.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "oracle"))
import gen_torch_traces as oracle  # noqa: E402  (brings torch, float64 default dtype, the trace loop)

import torch  # noqa: E402

ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2"
SIN_COS = "sin(x)*cos(y) + 0.1*x^2"

# benchmark name -> (surface as in a scene, optimizer, lr, iterations per run or None for --steps);
# the same runs as bench_descent.cpp's makeRun (start (-1.5, 2)).
CASES = {
    "BM_SgdRosenbrockCatalog": ("rosenbrock", "sgd", 1e-4, None),
    "BM_AdamRosenbrockCatalog": ("rosenbrock", "adam", 1e-3, None),
    "BM_SgdRosenbrockExpression": ({"expression": ROSENBROCK}, "sgd", 1e-4, None),
    "BM_AdamRosenbrockExpression": ({"expression": ROSENBROCK}, "adam", 1e-3, None),
    "BM_SgdSinCosExpression": ({"expression": SIN_COS}, "sgd", 1e-4, None),
    "BM_AdamSinCosExpression": ({"expression": SIN_COS}, "adam", 1e-3, None),
    "BM_SgdSaddleArticleRuns": ("saddle", "sgd", 1e-4, 200),
    "BM_AdamRosenbrockArticleRuns": ("rosenbrock", "adam", 1e-3, 200),
}


def torch_steps_per_second(surface, optimizer, lr, run_length, steps, repeats):
    f = oracle.surface_function(surface)
    run_length = run_length or steps
    runs = max(1, steps // run_length)
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(runs):
            rows, outcome = oracle.trace_run(f, {"start": [-1.5, 2], "optimizer": {"name": optimizer, "lr": lr},
                                                 "iterations": run_length})
            if outcome != "iterations":
                raise RuntimeError(f"torch run stopped early: {outcome}")
        best = min(best, time.process_time() - start)
    return runs * run_length / best


def gradscape_steps_per_second(bench, names, min_time):
    result = subprocess.run(
        [bench, "--benchmark_format=json", f"--benchmark_min_time={min_time}",
         "--benchmark_filter=^(" + "|".join(names) + ")$"],
        check=True, capture_output=True, text=True)
    report = json.loads(result.stdout)
    return {b["name"]: b["items_per_second"] for b in report["benchmarks"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=os.path.join(ROOT, "build", "tests", "bench_descent"),
                        help="the bench_descent binary")
    parser.add_argument("--steps", type=int, default=20000, help="torch steps per timing")
    parser.add_argument("--repeats", type=int, default=3, help="torch timings per case (the best counts)")
    parser.add_argument("--min-time", type=float, default=0.5, help="Google Benchmark's --benchmark_min_time")
    parser.add_argument("--only", nargs="*", help="benchmark names")
    args = parser.parse_args()

    torch.set_num_threads(1)
    names = [n for n in CASES if not args.only or n in args.only]
    ours = gradscape_steps_per_second(args.bench, names, args.min_time)
    print(f"torch {torch.__version__} (1 thread) vs gradscape ({os.path.relpath(args.bench, ROOT)}), steps per second")
    print(f"{'benchmark':32} {'gradscape':>12} {'torch':>10} {'gradscape/torch':>16}")
    for name in names:
        surface, optimizer, lr, run_length = CASES[name]
        theirs = torch_steps_per_second(surface, optimizer, lr, run_length, args.steps, args.repeats)
        print(f"{name:32} {ours[name]:12.4g} {theirs:10.4g} {ours[name] / theirs:16.0f}")


if __name__ == "__main__":
    sys.exit(main())
