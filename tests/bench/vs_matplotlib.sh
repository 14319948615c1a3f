#!/usr/bin/env bash
# gradscape export vs the article's matplotlib pipeline, side by side on this machine: wall time, peak RSS
# and file size of the 201-frame 1200x900 GIF and MP4 (both measured with /usr/bin/time -v), plus gradscape's
# --orbit GIF and MP4 (every frame a full redraw), with the ratios and the issue's goals.
#
# usage: tests/bench/vs_matplotlib.sh [-b GRADSCAPE] [-s PIPELINE] [-o OUTDIR] [-n REPEATS] [--skip-matplotlib]
#   -b  the gradscape binary (default: $GRADSCAPE_BINARY, else build/gradscape beside this repo)
#   -s  the matplotlib pipeline, run as PIPELINE --out FILE.gif|FILE.mp4 (default: matplotlib_article.py
#       beside this script, the article's program)
#   -n  gradscape runs per job after a first one, the median is reported (default 5; matplotlib runs once:
#       ~1 min each). The first run is shown apart: after the VM idles, fresh memory costs it ~2 ms per MB
#       to fault in (~0.1 s of an export; docs/performance.md), which a run seconds later does not pay.
# Needs: python3-matplotlib python3-numpy python3-pil ffmpeg (scripts/setup.sh), GNU time (/usr/bin/time).
# The host is noisy: read the ratios of one run, not absolute numbers across runs.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${GRADSCAPE_BINARY:-$repo/build/gradscape}
pipeline=$repo/tests/bench/matplotlib_article.py
outdir=""
repeats=5
skip_matplotlib=0
while [ $# -gt 0 ]; do
  case "$1" in
    -b) binary=$2; shift 2 ;;
    -s) pipeline=$2; shift 2 ;;
    -o) outdir=$2; shift 2 ;;
    -n) repeats=$2; shift 2 ;;
    --skip-matplotlib) skip_matplotlib=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "vs_matplotlib.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$binary" ] || { echo "vs_matplotlib.sh: no gradscape binary at $binary (build it, or pass -b)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "vs_matplotlib.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ $skip_matplotlib = 0 ]; then
  [ -f "$pipeline" ] || { echo "vs_matplotlib.sh: no $pipeline (pass -s)" >&2; exit 2; }
  /usr/bin/python3 -c "import matplotlib, numpy, PIL" 2>/dev/null ||
    { echo "vs_matplotlib.sh: needs python3-matplotlib python3-numpy python3-pil (scripts/setup.sh)" >&2; exit 2; }
fi
command -v ffmpeg >/dev/null || { echo "vs_matplotlib.sh: needs ffmpeg on PATH" >&2; exit 2; }
scene=$repo/assets/scenes/article.json
[ -z "$outdir" ] && outdir=$(mktemp -d /tmp/vs_matplotlib.XXXXXX)
mkdir -p "$outdir"

# Runs a command under /usr/bin/time -v; prints "wall_seconds max_rss_kib".
measure() {
  local log=$outdir/time.log
  if ! /usr/bin/time -v -o "$log" "$@" >"$outdir/stdout.log" 2>"$outdir/stderr.log"; then
    echo "vs_matplotlib.sh: failed: $*" >&2
    cat "$outdir/stderr.log" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %d\n", wall, rss }' "$log"
}

# A first run, then the median (by wall time) of `repeats` runs; prints "wall rss first_wall".
measure_median() {
  local first results=()
  first=$(measure "$@")
  for _ in $(seq "$repeats"); do results+=("$(measure "$@")"); done
  printf '%s\n' "${results[@]}" | sort -n | awk -v n="${#results[@]}" -v first="${first% *}" 'NR == int((n + 1) / 2) { print $0, first }'
}

bytes_of() { stat -c %s "$1"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }

declare -A wall rss size
run_job() {  # name, output file, command...
  local name=$1 out=$2; shift 2
  local result
  local first=""
  if [[ $name == matplotlib* ]]; then
    result=$(measure "$@")
  else
    result=$(measure_median "$@")
    first=$(printf '   (first run %.2f s)' "${result##* }")
    result=${result% *}
  fi
  wall[$name]=${result% *}
  rss[$name]=${result#* }
  size[$name]=$(bytes_of "$out")
  printf '  %-18s %8.2f s %7s MiB %10s bytes%s\n' "$name" "${wall[$name]}" "$(mib "${rss[$name]}")" "${size[$name]}" "$first"
}

echo "gradscape: $binary"
echo "scene:     $scene (201 frames, 1200x900, 4x MSAA)"
echo "machine:   $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "outputs:   $outdir"
echo
echo "job                   wall       peak RSS   file"
gs=("$binary" export "$scene" --quiet)
run_job gradscape-gif "$outdir/gradscape.gif" "${gs[@]}" -o "$outdir/gradscape.gif"
run_job gradscape-mp4 "$outdir/gradscape.mp4" "${gs[@]}" -o "$outdir/gradscape.mp4"
run_job gradscape-orbit-gif "$outdir/orbit.gif" "${gs[@]}" --orbit 90 -o "$outdir/orbit.gif"
run_job gradscape-orbit-mp4 "$outdir/orbit.mp4" "${gs[@]}" --orbit 90 -o "$outdir/orbit.mp4"
if [ $skip_matplotlib = 1 ]; then exit 0; fi
run_job matplotlib-gif "$outdir/matplotlib.gif" /usr/bin/python3 "$pipeline" --out "$outdir/matplotlib.gif"
run_job matplotlib-mp4 "$outdir/matplotlib.mp4" /usr/bin/python3 "$pipeline" --out "$outdir/matplotlib.mp4"

echo
echo "ratios (matplotlib / gradscape; higher is better for gradscape)"
verdict() { awk -v v="$1" -v goal="$2" -v dir="$3" 'BEGIN { ok = dir == "min" ? v >= goal : v <= goal; print ok ? "goal met" : "goal MISSED" }'; }
gif_speed=$(ratio "${wall[matplotlib-gif]}" "${wall[gradscape-gif]}")
mp4_speed=$(ratio "${wall[matplotlib-mp4]}" "${wall[gradscape-mp4]}")
printf '  GIF wall time   %6sx   (goal >= 100x: %s)\n' "$gif_speed" "$(verdict "$gif_speed" 100 min)"
printf '  GIF peak RSS    %6sx   (gradscape %s MiB, goal <= 200 MiB: %s)\n' "$(ratio "${rss[matplotlib-gif]}" "${rss[gradscape-gif]}")" \
  "$(mib "${rss[gradscape-gif]}")" "$(verdict "$(mib "${rss[gradscape-gif]}")" 200 max)"
printf '  GIF bytes       %6sx   (gradscape %s bytes, goal <= 500000: %s)\n' "$(ratio "${size[matplotlib-gif]}" "${size[gradscape-gif]}")" \
  "${size[gradscape-gif]}" "$(verdict "${size[gradscape-gif]}" 500000 max)"
printf '  MP4 wall time   %6sx   (goal >= 40x: %s)\n' "$mp4_speed" "$(verdict "$mp4_speed" 40 min)"
printf '  MP4 peak RSS    %6sx\n' "$(ratio "${rss[matplotlib-mp4]}" "${rss[gradscape-mp4]}")"
printf '  MP4 bytes       %6sx\n' "$(ratio "${size[matplotlib-mp4]}" "${size[gradscape-mp4]}")"
printf '  orbit GIF wall  %6sx   (every frame a full redraw; matplotlib has no orbit, compared with its fixed-camera GIF)\n' \
  "$(ratio "${wall[matplotlib-gif]}" "${wall[gradscape-orbit-gif]}")"
printf '  orbit MP4 wall  %6sx   (compared with matplotlib'"'"'s fixed-camera MP4)\n' \
  "$(ratio "${wall[matplotlib-mp4]}" "${wall[gradscape-orbit-mp4]}")"
