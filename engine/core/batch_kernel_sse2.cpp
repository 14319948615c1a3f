// The batch kernel on SSE2 (2 lanes a vector): the baseline every x86-64 CPU runs, and the step-terms table.
#include <emmintrin.h>

namespace {
struct Isa {
  // A plain GCC vector (the intrinsics' type carries may_alias, which templates drop).
  using V = double __attribute__((vector_size(16)));
  static V sqrt(V v) { return V(_mm_sqrt_pd(__m128d(v))); }
};
}  // namespace

#include "core/batch_kernel_impl.hpp"

namespace gradscape::core::batch_sse2 {

void runSlab(const batch_detail::KernelJob& job, std::size_t first) { runSlabImpl(job, first); }

void fillStepTerms(const batch_detail::KernelJob& job, batch_detail::StepTerms* out, std::int64_t steps) {
  for (std::int64_t k = 1; k <= steps; ++k) out[k - 1] = uniformTerms(job, k);
}

}  // namespace gradscape::core::batch_sse2
