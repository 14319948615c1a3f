#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for SECONDS (default 60), one after the
# other; fails on any crash, leak, timeout, out-of-memory or UBSan report.
#
#   scripts/fuzz.sh [SECONDS]        build dir: build-fuzz (or $GRADSCAPE_FUZZ_BUILD_DIR)
#
# The committed seeds (fuzz/corpus/<target>, tests/data/fuzz-regressions/<target>, assets/scenes) are only
# read; what the fuzzer learns goes to <build>/fuzz/work-corpus/<target>, and any input that finds a fault
# to <build>/fuzz/findings/<target>/<date>/. To keep a finding: copy it to tests/data/fuzz-regressions/<target>/,
# fix the fault, and the core test BadInputFuzzRegressions replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
build="${GRADSCAPE_FUZZ_BUILD_DIR:-build-fuzz}"

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGRADSCAPE_FUZZ=ON -DGRADSCAPE_TESTS=OFF >/dev/null
cmake --build "$build" --target fuzz_expression fuzz_scene

# Any report ends the run with a non-zero status; leaks are checked after every input (libFuzzer's default).
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=1:allocator_may_return_null=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

failed=0
for target in expression scene; do
  work="$build/fuzz/work-corpus/$target"
  findings="$build/fuzz/findings/$target/$(date +%Y%m%d-%H%M%S)"  # this run's only: older ones stay beside it
  mkdir -p "$work" "$findings" "tests/data/fuzz-regressions/$target"
  seeds=("fuzz/corpus/$target" "tests/data/fuzz-regressions/$target")
  max_len=4200  # just past the 4096-character expression limit
  if [ "$target" = scene ]; then
    seeds+=("assets/scenes")
    max_len=16384
  fi
  # -timeout is wall time: an input takes milliseconds (fuzz_checks.hpp caps the work), but on a machine
  # shared with builds a starved process can stall for seconds, so only a real hang exceeds 30 s.
  log="$build/fuzz/$target.log"
  echo "fuzz: $target for ${seconds}s (log: $log)"
  status=0
  "$build/fuzz/fuzz_$target" "$work" "${seeds[@]}" \
    -dict="fuzz/$target.dict" -max_total_time="$seconds" -max_len="$max_len" \
    -timeout=30 -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^#[0-9]+[[:space:]]+DONE" "$log" \
    | sed "s/^/fuzz: $target: /" || true
  found=$(find "$findings" -type f | wc -l)
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    echo "fuzz: $target FAILED (exit $status, $found finding(s) in $findings):" >&2
    grep -E "ERROR: |SUMMARY: |runtime error|fuzz_$target: " "$log" | head -20 >&2 || tail -30 "$log" >&2
    failed=1
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED (reproduce with: $build/fuzz/fuzz_<target> <finding>)" >&2
  exit 1
fi
echo "fuzz: every target ran ${seconds}s with no findings"
