// The batch kernel on SSE2 (2 lanes a vector): the baseline every x86-64 CPU runs, and the step-terms table.
#include <emmintrin.h>

#include <cstdint>

namespace {
struct Isa {
  // A plain GCC vector (the intrinsics' type carries may_alias, which templates drop).
  using V = double __attribute__((vector_size(16)));
  using U = std::uint64_t __attribute__((vector_size(16)));
  static U multiplyLow32(U a, U b) { return U(_mm_mul_epu32(__m128i(a), __m128i(b))); }
  static V sqrt(V v) { return V(_mm_sqrt_pd(__m128d(v))); }
};
}  // namespace

#define GRADSCAPE_BATCH_KERNEL_NAMESPACE batch_sse2
#include "core/batch_kernel_impl.hpp"

namespace gradscape::core::batch_sse2 {

void fillStepTerms(const batch_detail::KernelJob& job, batch_detail::StepTerms* out, std::int64_t steps) {
  for (std::int64_t k = 1; k <= steps; ++k) out[k - 1] = uniformTerms(job, k);
}

}  // namespace gradscape::core::batch_sse2
