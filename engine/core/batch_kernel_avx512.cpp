// The batch kernel on AVX-512 (8 lanes a vector). Compiled with -mavx512f (engine/core/CMakeLists.txt) and
// called only after __builtin_cpu_supports("avx512f") said yes (batch_descent.cpp). Its square root and
// division are correctly rounded like every other path's, and -ffp-contract=off keeps GCC from fusing the
// FMAs AVX-512 has, so the lanes round as the scalar core does.
#include <cstdint>

// GCC 12's avx512fintrin.h makes its "undefined" source operands by initialising a variable with itself,
// which -Wuninitialized reports wherever one of its intrinsics is inlined (here: into the whole kernel).
// The kernel's own code is checked by the SSE2 and AVX2 files, which compile the same source with the
// warning on. (Clang, which builds the fuzzers, has neither the complaint nor the warning's name.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

namespace {
struct Isa {
  // A plain GCC vector (the intrinsics' type carries may_alias, which templates drop).
  using V = double __attribute__((vector_size(64)));
  using U = std::uint64_t __attribute__((vector_size(64)));
  static U multiplyLow32(U a, U b) { return U(_mm512_mul_epu32(__m512i(a), __m512i(b))); }
  static V sqrt(V v) { return V(_mm512_sqrt_pd(__m512d(v))); }
};
}  // namespace

#define GRADSCAPE_BATCH_KERNEL_NAMESPACE batch_avx512
#include "core/batch_kernel_impl.hpp"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
