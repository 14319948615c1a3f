#!/usr/bin/env bash
# The figures issue 16 ("many runs") sets goals for, in one command: the viewer's frame times for 100 runs
# (orbit, every run's lr edited each frame), 10,000 particles (orbit, playing) and the 10,000 x 200
# ensemble edit frame, each script run RUNS times back to back (this VM drifts by +-20 % within minutes:
# quote every run), then the ensemble recompute and bands, and the basin and phase map kernels.
# docs/performance.md says which line is which goal.
#
# usage: tests/bench/many_runs_figures.sh [-d BUILD_DIR] [-n RUNS]
# BUILD_DIR: a Release build with tests (default build-release:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGRADSCAPE_TESTS=ON
#   cmake --build build-release --target gradscape bench_viewer bench_map)
# Needs xvfb-run (scripts/setup.sh). Run it with nothing else busy: the load average is printed before and after.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$repo/build-release
runs=2
while [ $# -gt 0 ]; do
  case "$1" in
    -d) build=$(cd "$2" && pwd); shift 2 ;;
    -n) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "many_runs_figures.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for program in gradscape tests/bench_viewer tests/bench_map; do
  [ -x "$build/$program" ] || { echo "many_runs_figures.sh: no $build/$program (build it, or pass -d)" >&2; exit 2; }
done
command -v xvfb-run >/dev/null || { echo "many_runs_figures.sh: needs xvfb-run (scripts/setup.sh)" >&2; exit 2; }

bench=$repo/tests/bench
view() {  # SCENE SCRIPT: the script's `bench` lines
  local config
  config=$(mktemp -d)
  XDG_CONFIG_HOME=$config xvfb-run -a -s "-screen 0 1600x1000x24" "$build/gradscape" view "$bench/$1" \
    --script "$bench/$2" --size 1200x900 2>&1 | grep '^bench' | sed "s|^|$1: |"
  rm -rf "$config"
}

echo "start $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  echo "== run $run"
  view hundred_runs.json viewer_hundred_runs.script
  view ensemble_10k.json viewer_ensemble_10k.script
  view ensemble_10k_200.json viewer_ensemble_edit.script
done
echo "== kernels (medians of 3)"
"$build/tests/bench_viewer" --benchmark_filter='RecomputeEnsemble10k|EnsembleBands10k' --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true 2>/dev/null | grep median
"$build/tests/bench_map" --benchmark_filter='BasinAdamRosenbrock256/threads:2|PhaseSgd' --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true 2>/dev/null | grep median
echo "end $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
