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
# binary runs under the same options. Reports exit with status 86 (never a status gradscape uses).
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:exitcode=86:strict_init_order=1:detect_stack_use_after_return=1:check_initialization_order=1"
export LSAN_OPTIONS="print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86"

ctest --test-dir "$build" --output-on-failure -j2 "$@"
echo "sanitize: every test passed under ASan + UBSan"
