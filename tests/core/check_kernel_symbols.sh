#!/bin/sh
# The batch core's SIMD kernels (engine/core/batch_kernel_avx2.cpp, batch_kernel_avx512.cpp) are compiled for
# instruction sets the CPU may lack and only called after a CPU check. An inline function they emitted out
# of line is a weak symbol, and the linker may keep that copy for the whole program: other code calling it
# would then run AVX2 or AVX-512 instructions unasked. Fails when either kernel object in the library
# defines weak code.
#
#   check_kernel_symbols.sh path/to/libgradscape_core.a
set -eu
nm --defined-only "$1" | awk '
  /:$/ { member = $0; kernel = (member ~ /batch_kernel_avx(2|512)\.cpp\.o:$/); if (kernel) seen++; next }
  kernel && ($2 == "W" || $2 == "w") { print "weak code in " member " " $3; bad = 1 }
  END {
    if (seen != 2) { print "expected the AVX2 and AVX-512 kernel objects in the library, found " seen + 0; exit 1 }
    exit bad
  }'
