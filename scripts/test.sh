#!/usr/bin/env bash
# README command 2: install what is needed, build everything, and run every test
# (core, encode, render via EGL surfaceless on Mesa, app via Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRADSCAPE_TESTS=ON >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure -j2
