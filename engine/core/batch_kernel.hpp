// What the batch core's SIMD kernels (batch_kernel_sse2.cpp, batch_kernel_avx2.cpp, batch_kernel_avx512.cpp)
// share with batch_descent.cpp: the job in plain arrays. Plain C arrays and pointers only: the AVX2 and
// AVX-512 files are compiled with -mavx2 and -mavx512f, and an inline function of a library type
// instantiated there could be the copy the linker keeps (tests/core/check_kernel_symbols.sh checks).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/batch_descent.hpp"

namespace gradscape::core::batch_detail {

// Lanes one task runs from start to end: its state stays in the L1 cache (about 20 KB).
inline constexpr std::size_t kSlabLanes = 64;
static_assert(kSlabLanes == kColumnTile, "a slab writes one tile of the columns");
// Steps whose bias corrections are tabulated once per batch when every lane shares the betas (and a
// schedule's beta1, which is every lane's alike).
inline constexpr std::int64_t kTableSteps = 1 << 16;

// The terms of one step that need pow() and depend only on the betas, momentum_decay and the step
// (torch recomputes them every step from the same expressions, so computing them once gives the same bits).
struct StepTerms {
  double biasCorrection1 = 1, biasCorrection2 = 1, biasCorrection2Sqrt = 1;  // adam*, adamax, nadam, radam
  double mu = 0, muNext = 0;             // nadam's momentum cache at this step and the next
  double rect = 0, rectified = 0;        // radam's variance rectification (rectified: 1 or 0)
};

// What a learning-rate scheduler has set torch's param_group to for one step: every lane alike.
struct ScheduledStep {
  double lr = 0, momentum = 0, beta1 = 0;
};

struct KernelJob {
  const Surface* surface = nullptr;
  OptimizerKind kind = OptimizerKind::sgd;
  bool nesterov = false, amsgrad = false, centered = false;
  std::int64_t iterations = 0;
  double tolerance = 0;
  // The least d with sqrt(d) >= tolerance: sqrt is correctly rounded, hence monotonic, so for the squared
  // step length d, sqrt(d) < tolerance exactly when d < toleranceThreshold (NaN: false either way).
  double toleranceThreshold = 0;
  std::size_t laneCount = 0;
  const double* startX = nullptr;
  const double* startY = nullptr;
  // A hyperparameter's lane values, or nullptr when every lane has uniform[i].
  const double* perLane[kNumericHyperparameterCount] = {};
  double uniform[kNumericHyperparameterCount] = {};
  // Set when the betas and momentum_decay are the same in every lane: table[k - 1] holds step k's terms
  // for k <= tableSteps.
  bool uniformTerms = false;
  const StepTerms* table = nullptr;
  std::int64_t tableSteps = 0;
  LaneEnd* ends = nullptr;
  // The run's schedule: scheduled[k - 1] holds step k's values; nullptr without one.
  const ScheduledStep* scheduled = nullptr;
  // The run's gradient noise (sigma 0: none); lane L's stream is streamBase + L (a map cell's index).
  double noiseSigma = 0;
  const double* noiseSigmaPerLane = nullptr;  // or each lane's own
  std::uint64_t noiseSeed = 0, noiseStreamBase = 0;
  const std::uint64_t* noiseStreamPerLane = nullptr;  // or each lane's own stream
  // Deviates kept from an earlier batch with the same seed, streams and iterations (NoiseCache), or nullptr:
  // slab s's step k (1-based) has its lanes' x deviates at noiseKept[(s * iterations + k - 1) * 2 * kSlabLanes]
  // and their y deviates right after; noiseKeptSteps[s] says how many of its steps are there.
  double* noiseKept = nullptr;
  std::int64_t* noiseKeptSteps = nullptr;
  // When set, lane L writes traceRun's points to paths[L][0..steps] (nothing when its start is not finite).
  TracePoint* const* paths = nullptr;
  // When columns.x is set, every lane fills its column of each (LaneColumns).
  LaneColumns columns;
};

}  // namespace gradscape::core::batch_detail

namespace gradscape::core::batch_sse2 {
// Runs lanes [first, first + kSlabLanes) (fewer at the end) and writes their ends.
void runSlab(const batch_detail::KernelJob& job, std::size_t first);
// The uniform terms of steps 1..steps into out[0..steps).
void fillStepTerms(const batch_detail::KernelJob& job, batch_detail::StepTerms* out, std::int64_t steps);
// normalPair(seed, streams[i], iteration) into out[2i], out[2i + 1] for i < count, drawn as the kernel
// draws them (for the tests: the SIMD deviates against the scalar generator).
void normalPairs(std::uint64_t seed, const std::uint64_t* streams, std::uint32_t iteration, std::size_t count,
                 double* out);
}  // namespace gradscape::core::batch_sse2

namespace gradscape::core::batch_avx2 {
void runSlab(const batch_detail::KernelJob& job, std::size_t first);
void normalPairs(std::uint64_t seed, const std::uint64_t* streams, std::uint32_t iteration, std::size_t count,
                 double* out);
}  // namespace gradscape::core::batch_avx2

namespace gradscape::core::batch_avx512 {
void runSlab(const batch_detail::KernelJob& job, std::size_t first);
void normalPairs(std::uint64_t seed, const std::uint64_t* streams, std::uint32_t iteration, std::size_t count,
                 double* out);
}  // namespace gradscape::core::batch_avx512

namespace gradscape::core::batch_detail {
// One instruction set's kernel functions (above).
struct Kernel {
  void (*runSlab)(const KernelJob& job, std::size_t first);
  void (*normalPairs)(std::uint64_t seed, const std::uint64_t* streams, std::uint32_t iteration, std::size_t count,
                      double* out);
};
// The kernel of `path` (automatic: bestSimdPath()'s); throws core::Error when this CPU cannot run it.
Kernel kernelOf(SimdPath path);
}  // namespace gradscape::core::batch_detail
