#!/usr/bin/env bash
# Builds the whole project with AddressSanitizer + UndefinedBehaviorSanitizer (GRADSCAPE_SANITIZE) in its own
# build dir and runs the full ctest suite; any ASan, LSan or UBSan report fails the run.
#
#   scripts/sanitize.sh [ctest arguments, e.g. -L core]     build dir: build-asan (or $GRADSCAPE_ASAN_BUILD_DIR)
#
# Leaks are only suppressed inside the GL driver stack (tests/sanitizer.supp names driver libraries only).
set -euo pipefail
cd "$(dirname "$0")/.."

build="${GRADSCAPE_ASAN_BUILD_DIR:-build-asan}"

# In this build every executable also carries the sanitizer options it needs (LeakSanitizer suppressions for
# the GL drivers, a GCC 12 runtime workaround) and keeps Mesa's libraries loaded until exit, so LeakSanitizer
# can tell driver memory from ours (cmake/GradscapeTarget.cmake, tests/sanitizer_support.c).
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRADSCAPE_SANITIZE=ON -DGRADSCAPE_TESTS=ON >/dev/null
# The program and the test binaries only: benchmarks never run as tests, and skipping them saves CI minutes.
cmake --build "$build" --target gradscape
targets=$(ninja -C "$build" -t targets all | sed -n 's/^\(gradscape_[a-z]*_tests\): .*/\1/p' | sort -u)
cmake --build "$build" --target $targets

# The test binaries pass their environment on to the gradscape processes they start, so the built
# binary runs under the same options. A report makes the process exit with status 86 (never a status
# gradscape uses). ASan and LSan reports also go to a file of their own under $reports instead of standard
# error, so a test that captures a child's standard error, or expects the child to fail, cannot swallow one:
# any file there fails the run. (UBSan's runtime ignores log_path in this combined build; it aborts the
# process on the first report (-fno-sanitize-recover), with status 86 and the report on standard error.)
reports="$(cd "$build" && pwd)/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:exitcode=86:strict_init_order=1:detect_stack_use_after_return=1:check_initialization_order=1:log_path=$reports/asan"
export LSAN_OPTIONS="print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86"

status=0
ctest --test-dir "$build" --output-on-failure -j2 "$@" || status=$?
found=$(find "$reports" -type f | wc -l)
if [ "$found" -ne 0 ]; then
  echo "sanitize: $found sanitizer report(s) in $reports (the process id is the file's suffix):" >&2
  for report in "$reports"/*; do
    echo "== $report" >&2
    head -n 60 "$report" >&2
  done
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "sanitize: FAILED" >&2
  exit "$status"
fi
echo "sanitize: every test passed under ASan + UBSan, no sanitizer report"
