// The batch kernel on AVX2 (4 lanes a vector). Compiled with -mavx2 (engine/core/CMakeLists.txt) and
// called only after __builtin_cpu_supports("avx2") said yes (batch_descent.cpp). No FMA: -mavx2 does
// not enable it and -ffp-contract=off forbids fusing anyway, so the lanes round as the scalar core does.
#include <immintrin.h>

#include <cstdint>

namespace {
struct Isa {
  // A plain GCC vector (the intrinsics' type carries may_alias, which templates drop).
  using V = double __attribute__((vector_size(32)));
  using U = std::uint64_t __attribute__((vector_size(32)));
  static U multiplyLow32(U a, U b) { return U(_mm256_mul_epu32(__m256i(a), __m256i(b))); }
  static V sqrt(V v) { return V(_mm256_sqrt_pd(__m256d(v))); }
};
}  // namespace

#define GRADSCAPE_BATCH_KERNEL_NAMESPACE batch_avx2
#include "core/batch_kernel_impl.hpp"
