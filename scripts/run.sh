#!/usr/bin/env bash
# README command 1: install what is needed, build, and run the main job.
# With a display: the viewer on the article's scene (extra arguments go to gradscape).
# Without one: a headless export of the article's animation, saying where it wrote it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGRADSCAPE_TESTS=OFF >/dev/null
# The program and the Python module (build/python/gradscape: PYTHONPATH=build/python /usr/bin/python3).
cmake --build build --target gradscape gradscape_python

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/gradscape "$@"
fi
mkdir -p out
echo "run: no display here, so rendering the article's animation headless instead of opening the viewer"
build/gradscape export assets/scenes/article.json -o out/article.gif
echo "run: the animation is in $(pwd)/out/article.gif (open the viewer with build/gradscape on a machine with a display)"
