#!/usr/bin/env bash
# gradscape map vs the same basin map in numpy, side by side on this machine: whole processes, each writing the
# CSV of 256x256 starts x 200 adam steps on Rosenbrock (tests/bench/map_numpy.py is the numpy program, vectorised
# over all starts). Runs them alternately, REPEATS times each after one warm-up, prints the medians and the ratio,
# then checks the two CSVs hold the same cells: every number equal bit for bit (Python's repr and C++'s to_chars
# spell a few differently, 0.0001 and 1e-04), the same steps, status and attractor.
#
# usage: tests/bench/vs_numpy.sh [-b GRADSCAPE] [-n REPEATS] [-g GRID] [-o OUTDIR]
# Needs python3-numpy (scripts/setup.sh). The host is shared: read the ratio of one run; run it under `nice`.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${GRADSCAPE_BINARY:-$repo/build/gradscape}
repeats=5
grid=256
outdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    -b) binary=$2; shift 2 ;;
    -n) repeats=$2; shift 2 ;;
    -g) grid=$2; shift 2 ;;
    -o) outdir=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "vs_numpy.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$binary" ] || { echo "vs_numpy.sh: no gradscape binary at $binary (build it, or pass -b)" >&2; exit 2; }
/usr/bin/python3 -c "import numpy" 2>/dev/null || { echo "vs_numpy.sh: needs python3-numpy" >&2; exit 2; }
[ -z "$outdir" ] && outdir=$(mktemp -d /tmp/vs_numpy.XXXXXX)
mkdir -p "$outdir"
iterations=200
lr=0.01
scene=$outdir/scene.json
cat >"$scene" <<JSON
{"surface": "rosenbrock", "runs": [{"start": [-1.5, 2], "optimizer": {"name": "adam", "lr": $lr}, "iterations": $iterations}]}
JSON

seconds() {  # runs a command, prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

run_gradscape() { "$binary" map "$scene" -o "$outdir/gradscape.csv" --grid "$grid" --quiet; }
run_numpy() { /usr/bin/python3 "$repo/tests/bench/map_numpy.py" "$outdir/numpy.csv" "$grid" "$iterations" "$lr"; }

run_gradscape
run_numpy
g_times=() n_times=()
for _ in $(seq "$repeats"); do
  g_times+=("$(seconds run_gradscape)")
  n_times+=("$(seconds run_numpy)")
done
g=$(printf '%s\n' "${g_times[@]}" | median)
n=$(printf '%s\n' "${n_times[@]}" | median)
echo "basin map, ${grid}x${grid} starts x $iterations adam steps on rosenbrock, whole process writing the CSV"
echo "  numpy (map_numpy.py)   median ${n} s   runs: ${n_times[*]}"
echo "  gradscape map          median ${g} s   runs: ${g_times[*]}"
awk -v a="$n" -v b="$g" 'BEGIN { printf "  gradscape is %.1fx faster (goal: 10x)\n", a / b }'

/usr/bin/python3 - "$outdir/gradscape.csv" "$outdir/numpy.csv" <<'PY'
import sys
a, b = (open(p).read().splitlines() for p in sys.argv[1:3])
assert a[0] == b[0], (a[0], b[0])
assert len(a) == len(b), (len(a), len(b))
for ra, rb in zip(a[1:], b[1:]):
    ca, cb = ra.split(","), rb.split(",")
    same = ca[:2] == cb[:2] and all(float(x) == float(y) for x, y in zip(ca[2:7], cb[2:7])) and ca[7:] == cb[7:]
    if not same:
        sys.exit(f"vs_numpy.sh: the CSVs differ:\n  gradscape {ra}\n  numpy     {rb}")
print(f"  the two CSVs hold the same {len(a) - 1} cells (numbers equal bit for bit)")
PY
