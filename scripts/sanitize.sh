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

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRADSCAPE_SANITIZE=ON -DGRADSCAPE_TESTS=ON >/dev/null
# The program and the test binaries only: benchmarks never run as tests, and skipping them saves CI minutes.
cmake --build "$build" --target gradscape
targets=$(ninja -C "$build" -t targets all | sed -n 's/^\(gradscape_[a-z]*_tests\): .*/\1/p' | sort -u)
cmake --build "$build" --target $targets

# The test binaries pass their environment on to the gradscape processes they start, so the built
# binary runs under the same options. Reports exit with status 86 (never a status gradscape uses).
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:exitcode=86:strict_init_order=1:detect_stack_use_after_return=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer.supp:print_suppressions=0"

# glvnd and Mesa dlclose() their vendor and driver libraries before exit, so LeakSanitizer, which runs at
# exit, sees the driver's allocations as leaks from "<unknown module>" that no suppression can name (and its
# stop-the-world tracer can crash on the unmapped code). Preloading them keeps them mapped: their memory stays
# reachable or attributable to a driver library. The preloaded libraries come before libasan in the search
# order, so ASan's link-order check is off; malloc is still ASan's (libasan precedes libc).
multiarch=$(gcc -print-multiarch)
preload=()
for library in "/usr/lib/$multiarch/dri/swrast_dri.so" "/usr/lib/$multiarch/libGLX_mesa.so.0" "/usr/lib/$multiarch/libEGL_mesa.so.0"; do
  if [ -e "$library" ]; then preload+=("$library"); fi
done
export LD_PRELOAD="${preload[*]}"
export ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86"

ctest --test-dir "$build" --output-on-failure -j2 "$@"
echo "sanitize: every test passed under ASan + UBSan"
