#!/usr/bin/env bash
# Installs every Debian 12 package gradscape needs to build, run and test. Idempotent.
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang llvm libclang-rt-14-dev
  # libraries
  libglfw3-dev libglm-dev libimgui-dev libstb-dev python3-glad nlohmann-json3-dev libgif-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  # OpenGL / EGL through Mesa (llvmpipe when there is no GPU)
  libegl-dev libgl-dev libopengl-dev libegl-mesa0 libgl1-mesa-dri libgles-dev mesa-utils
  # fonts used for text in the picture
  fonts-dejavu-core
  # window tests, screenshots, video export and its checks (libx11-dev: the XDND drop source in tests/app;
  # libglfw3-dev only recommends it)
  xvfb xauth x11-utils libx11-dev ffmpeg gifsicle
  xdotool openbox  # the resize and window-manager tests (tests/app/test_viewer_resize.cpp)
  # tests/bench/vs_matplotlib.sh: the article's matplotlib pipeline and GNU time
  python3-matplotlib python3-numpy python3-pil time
  # the Python module (python/) for Debian's python3, its tests and example notebook, gradscape.torch
  python3-dev python3-pybind11 python3-pytest python3-nbclient python3-nbformat python3-ipykernel python3-torch
)

if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
