// The batch core's kernel, written once over a vector of doubles and compiled once per instruction set
// (batch_kernel_sse2.cpp: 2 lanes, batch_kernel_avx2.cpp: 4, batch_kernel_avx512.cpp: 8). Each optimizer's
// update repeats Optimizer's (optimizer.hpp/.cpp), which repeats torch 1.13's _single_tensor_* operation
// for operation: lane by lane the same IEEE operations in the same order, so every lane ends on the bits
// traceRun ends on. A hyperparameter test that is an `if` there (weight_decay != 0, momentum != 0) is a
// per-lane select here, because phase maps give every lane its own value. The updates themselves are in
// batch_kernel_optimizers.hpp; this file holds the slab: its descent, its outputs and its ends.
//
// The including file defines, before including this, a struct `Isa` with `using V = <vector of doubles>`,
// `static V sqrt(V)` (the correctly rounded vector square root) and what noise_lanes.hpp asks of it, and
// GRADSCAPE_BATCH_KERNEL_NAMESPACE (batch_sse2, batch_avx2 or batch_avx512), and includes it inside an
// anonymous namespace-free context: everything here has internal linkage but that namespace's runSlab and
// normalPairs (batch_kernel.hpp).
#pragma once

#include <emmintrin.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "core/batch_kernel.hpp"

namespace {

using gradscape::core::LaneEnd;
using gradscape::core::NumericHyperparameter;
using gradscape::core::OptimizerKind;
using gradscape::core::StopReason;
using gradscape::core::TracePoint;
using gradscape::core::ValueAndGradientOf;
using gradscape::core::batch_detail::KernelJob;
using gradscape::core::batch_detail::kSlabLanes;
using gradscape::core::batch_detail::ScheduledStep;
using gradscape::core::batch_detail::StepTerms;

using V = Isa::V;
constexpr int kWidth = int(sizeof(V) / sizeof(double));
constexpr int kVectors = int(kSlabLanes) / kWidth;
using Mask = decltype(V{} < V{});

V splat(double value) {
  V v{};
  for (int lane = 0; lane < kWidth; ++lane) v[lane] = value;
  return v;
}

double squareRoot(double v) { return std::sqrt(v); }
V squareRoot(V v) { return Isa::sqrt(v); }

// x ? a : b for one double (x a bool) or lane by lane (x a mask).
double choose(bool condition, double a, double b) { return condition ? a : b; }
V choose(Mask condition, V a, V b) { return condition ? a : b; }

V lanePow(V base, double exponent) {
  V result{};
  for (int lane = 0; lane < kWidth; ++lane) result[lane] = std::pow(base[lane], exponent);
  return result;
}
double lanePow(double base, double exponent) { return std::pow(base, exponent); }
V lanePow(double base, V exponent) {
  V result{};
  for (int lane = 0; lane < kWidth; ++lane) result[lane] = std::pow(base, exponent[lane]);
  return result;
}

V absolute(V v) {
  V result{};
  for (int lane = 0; lane < kWidth; ++lane) result[lane] = std::fabs(v[lane]);
  return result;
}

Mask isFinite(V v) { return (v - v) == 0; }
Mask isNan(V v) { return v != v; }
bool anyLane(Mask m) {
  for (int lane = 0; lane < kWidth; ++lane)
    if (m[lane]) return true;
  return false;
}

// torch.maximum: NaN on either side wins.
V maximum(V a, V b) { return choose(isNan(a) | isNan(b), splat(NAN), choose(a < b, b, a)); }

}  // namespace

#include "core/noise_lanes.hpp"
#include "core/batch_kernel_optimizers.hpp"

namespace {

constexpr double kStatusIterations = 0, kStatusTolerance = 1, kStatusDiverged = 2;

// Every lane of one slab: hyperparameters, optimizer state, where each lane is and where it ended.
struct Slab {
  std::size_t first = 0, count = 0;
  LaneHyper hyper[kVectors];
  LaneState state[kVectors];
  V px[kVectors], py[kVectors], gx[kVectors], gy[kVectors];
  V endX[kVectors], endY[kVectors], endLoss[kVectors], endStep[kVectors], status[kVectors], bestLoss[kVectors];
  Mask active[kVectors];
  // Each lane's noise stream and sigma (noise_lanes.hpp).
  U noiseStream[kVectors];
  V noiseSigma[kVectors];
  // Lanes past the last real one repeat it; their results are dropped.
  std::size_t laneIndex(int lane) const { return first + (std::size_t(lane) < count ? std::size_t(lane) : count - 1); }
};

// Lane by lane, the point a lane has reached at iteration k (traceRun's sink), for the lanes in `written`.
void writePoints(const KernelJob& job, const Slab& slab, int v, std::int64_t k, Mask written, V x, V y, V value) {
  for (int lane = 0; lane < kWidth; ++lane) {
    if (!written[lane] || std::size_t(v * kWidth + lane) >= slab.count) continue;
    job.paths[slab.first + std::size_t(v * kWidth + lane)][k] = {k, x[lane], y[lane], value[lane]};
  }
}

// Row k of the columns (LaneColumns) for the lanes of vector v, from their ends so far: after the step's
// end updates, a lane still going ended at its new point, a stopped one holds its last, a diverged one is NaN.
// A slab is one tile (kSlabLanes == kColumnTile); lanes past its count write the tile's padding.
inline __attribute__((always_inline)) void writeColumns(const KernelJob& job, const Slab& slab, int v, std::int64_t k) {
  const Mask gone = slab.status[v] == splat(kStatusDiverged);
  const V none = splat(NAN);
  const std::size_t at = ((slab.first / kSlabLanes) * std::size_t(job.iterations + 1) + std::size_t(k)) * kSlabLanes +
                         std::size_t(v * kWidth);
  const V x = choose(gone, none, slab.endX[v]), y = choose(gone, none, slab.endY[v]), loss = choose(gone, none, slab.endLoss[v]);
  std::memcpy(job.columns.x + at, &x, sizeof(V));
  std::memcpy(job.columns.y + at, &y, sizeof(V));
  std::memcpy(job.columns.loss + at, &loss, sizeof(V));
}

// The slab's descent for one optimizer kind and one surface. Each step runs in two passes over the slab's
// vectors: every optimizer update (the divisions and square roots), then every evaluation and end check.
// Within a pass the vectors are independent, so the out-of-order core overlaps them and the divider never
// idles; one vector's step after another's would be bound by the latency of its chain of divisions.
template <OptimizerKind kKind, class Evaluate>
void descendSlab(const KernelJob& job, Slab& slab, const Evaluate& evaluate) {
  using H = NumericHyperparameter;
  for (int v = 0; v < kVectors; ++v) {
    const auto start = evaluateLanes(evaluate, slab.px[v], slab.py[v]);
    slab.gx[v] = start.dx;
    slab.gy[v] = start.dy;
    slab.active[v] = isFinite(slab.px[v]) & isFinite(slab.py[v]) & isFinite(start.value);
    slab.endX[v] = slab.px[v];
    slab.endY[v] = slab.py[v];
    slab.endLoss[v] = slab.bestLoss[v] = start.value;
    slab.endStep[v] = splat(0);
    slab.status[v] = choose(slab.active[v], splat(kStatusIterations), splat(kStatusDiverged));
    if (job.paths && !job.columns.x) writePoints(job, slab, v, 0, slab.active[v], slab.px[v], slab.py[v], start.value);
    if (job.columns.x) writeColumns(job, slab, v, 0);
  }
  std::int64_t rowsWritten = 1;  // of the columns
  const bool checkTolerance = job.tolerance > 0;
  // sqrt(d) < tolerance, exactly, without the square root (batch_descent.cpp).
  const V toleranceThreshold = splat(job.toleranceThreshold);
  const bool noisy = job.noiseSigma != 0 || job.noiseSigmaPerLane;
  // stepRate once a step for every lane when they share what it depends on.
  const bool uniformRate = !job.perLane[int(H::lr)] && !job.perLane[int(H::lrDecay)] && job.uniformTerms;
  // Without a schedule a lane with momentum has its buffer from step 1 on; with one, every lane shares the
  // momentum, and the buffer starts at the first step whose momentum is not 0 (Optimizer::stepSgd).
  bool hasMomentumBuffer = false;
  bool live[kVectors];
  V nextX[kVectors], nextY[kVectors];
  V noiseX[kVectors], noiseY[kVectors];
  for (std::int64_t k = 1; k <= job.iterations; ++k) {
    const double step = double(k);
    bool firstMomentumStep = k == 1;
    if (job.scheduled) {
      const ScheduledStep& scheduled = job.scheduled[k - 1];
      for (int v = 0; v < kVectors; ++v) applySchedule(job, slab.hyper[v], scheduled);
      firstMomentumStep = !hasMomentumBuffer;
      hasMomentumBuffer = hasMomentumBuffer || scheduled.momentum != 0;
    }
    StepTerms uniform{};
    TermsOf<V> uniformV{};
    if (job.uniformTerms) {
      uniform = k <= job.tableSteps ? job.table[k - 1] : uniformTerms(job, k);
      uniformV = broadcast(uniform);
    }
    V rate{};
    if (uniformRate)
      rate = splat(stepRate<kKind>(job.scheduled ? job.scheduled[k - 1].lr : job.uniform[int(H::lr)],
                                   job.uniform[int(H::lrDecay)], uniform.biasCorrection1, step));
    bool anyLive = false;
    for (int v = 0; v < kVectors; ++v) anyLive = (live[v] = anyLane(slab.active[v])) || anyLive;
    if (!anyLive) break;
    // Every lane's deviates for this step at once (noise_lanes.hpp), stopped lanes' included; or the ones an
    // earlier batch drew for the same seed, streams and step (they do not depend on anything an edit changes
    // but the seed: an lr drag draws them once).
    if (noisy) {
      if (!job.noiseKept) {
        normalPairVectors(job.noiseSeed, slab.noiseStream, static_cast<std::uint32_t>(k), kVectors, noiseX, noiseY);
      } else {
        const std::size_t slabIndex = slab.first / kSlabLanes;
        double* const kept = job.noiseKept + (slabIndex * std::size_t(job.iterations) + std::size_t(k - 1)) * 2 * kSlabLanes;
        std::int64_t& keptSteps = job.noiseKeptSteps[slabIndex];
        if (k <= keptSteps) {
          std::memcpy(noiseX, kept, sizeof noiseX);
          std::memcpy(noiseY, kept + kSlabLanes, sizeof noiseY);
        } else {
          normalPairVectors(job.noiseSeed, slab.noiseStream, static_cast<std::uint32_t>(k), kVectors, noiseX, noiseY);
          std::memcpy(kept, noiseX, sizeof noiseX);
          std::memcpy(kept + kSlabLanes, noiseY, sizeof noiseY);
          keptSteps = k;
        }
      }
    }

    for (int v = 0; v < kVectors; ++v) {
      if (!live[v]) continue;
      const LaneHyper& h = slab.hyper[v];
      const TermsOf<V> terms =
          job.uniformTerms ? uniformV : stepTerms<V>(job.kind, h[H::beta1], h[H::beta2], h[H::momentumDecay], step);
      V g[2] = {slab.gx[v], slab.gy[v]};
      if (noisy) {
        // traceRun's noisyGradient: g + sigma * z; a lane whose sigma is 0 keeps its gradient's bits (even -0).
        const Mask noisyLane = slab.noiseSigma[v] != 0;
        g[0] = choose(noisyLane, g[0] + slab.noiseSigma[v] * noiseX[v], g[0]);
        g[1] = choose(noisyLane, g[1] + slab.noiseSigma[v] * noiseY[v], g[1]);
      }
      V p[2] = {slab.px[v], slab.py[v]};
      const V laneRate = uniformRate ? rate : stepRate<kKind>(h[H::lr], h[H::lrDecay], terms.biasCorrection1, step);
      optimizerStep<kKind>(job, h, slab.state[v], terms, laneRate, firstMomentumStep, p, g);
      nextX[v] = p[0];
      nextY[v] = p[1];
    }

    for (int v = 0; v < kVectors; ++v) {
      if (!live[v]) {
        if (job.columns.x) writeColumns(job, slab, v, k);
        continue;
      }
      const V x = nextX[v], y = nextY[v];
      const auto current = evaluateLanes(evaluate, x, y);
      const Mask active = slab.active[v];
      const Mask finite = active & isFinite(x) & isFinite(y) & isFinite(current.value);
      slab.status[v] = choose(active & ~finite, splat(kStatusDiverged), slab.status[v]);
      slab.endX[v] = choose(finite, x, slab.endX[v]);
      slab.endY[v] = choose(finite, y, slab.endY[v]);
      slab.endLoss[v] = choose(finite, current.value, slab.endLoss[v]);
      // std::min(best, f): the earlier of equals stays (-0 after +0 does not replace it).
      slab.bestLoss[v] = choose(finite & (current.value < slab.bestLoss[v]), current.value, slab.bestLoss[v]);
      slab.endStep[v] = choose(finite, splat(step), slab.endStep[v]);
      if (job.paths && !job.columns.x) writePoints(job, slab, v, k, finite, x, y, current.value);
      Mask stillActive = finite;
      if (checkTolerance) {
        const V ddx = x - slab.px[v], ddy = y - slab.py[v];
        const Mask converged = finite & (ddx * ddx + ddy * ddy < toleranceThreshold);
        slab.status[v] = choose(converged, splat(kStatusTolerance), slab.status[v]);
        stillActive = stillActive & ~converged;
      }
      slab.active[v] = stillActive;
      slab.px[v] = x;
      slab.py[v] = y;
      slab.gx[v] = current.dx;
      slab.gy[v] = current.dy;
      if (job.columns.x) writeColumns(job, slab, v, k);
    }
    rowsWritten = k + 1;
  }
  // Every lane stopped before the last iteration: the rows after hold where they ended.
  for (std::int64_t k = rowsWritten; job.columns.x && k <= job.iterations; ++k)
    for (int v = 0; v < kVectors; ++v) writeColumns(job, slab, v, k);
}

// With columns, the lanes' points come from the slab's tile of them once its descent is done (the tile,
// 24 bytes a lane a step, is still in the cache): each lane's points are written one after another. Written
// as the steps went, the points of 64 lanes were 64 streams of half cache lines beside the columns' three,
// and the two outputs together took three times what the columns alone take. A lane wrote points 0..its
// end step, each its column's row; one whose start (or f there) is not finite wrote none (row 0 is NaN).
void pointsFromColumns(const KernelJob& job, const Slab& slab) {
  const std::size_t rows = std::size_t(job.iterations + 1);
  const std::size_t tile = (slab.first / kSlabLanes) * rows * kSlabLanes;
  for (std::size_t lane = 0; lane < slab.count; ++lane) {
    const double* const x = job.columns.x + tile + lane;
    const double* const y = job.columns.y + tile + lane;
    const double* const loss = job.columns.loss + tile + lane;
    if (!std::isfinite(x[0])) continue;
    const auto steps = std::int64_t(slab.endStep[lane / kWidth][lane % kWidth]);
    TracePoint* const out = job.paths[slab.first + lane];
    if (reinterpret_cast<std::uintptr_t>(out) % 16 != 0) {
      for (std::int64_t k = 0; k <= steps; ++k) {
        const std::size_t at = std::size_t(k) * kSlabLanes;
        out[k] = {k, x[at], y[at], loss[at]};
      }
      continue;
    }
    // Streaming stores: each point's two halves go to memory without the cache first reading the lines they
    // fill (10,000 particles x 200 steps are 64 MB of points, far more than any cache holds).
    for (std::int64_t k = 0; k <= steps; ++k) {
      const std::size_t at = std::size_t(k) * kSlabLanes;
      std::int64_t xBits;
      std::memcpy(&xBits, &x[at], sizeof xBits);
      auto* const point = reinterpret_cast<char*>(out + k);
      static_assert(offsetof(TracePoint, iteration) == 0 && offsetof(TracePoint, x) == 8 &&
                    offsetof(TracePoint, y) == 16 && offsetof(TracePoint, z) == 24 && sizeof(TracePoint) == 32);
      _mm_stream_si128(reinterpret_cast<__m128i*>(point), _mm_set_epi64x(xBits, k));
      _mm_stream_pd(reinterpret_cast<double*>(point + 16), _mm_set_pd(loss[at], y[at]));
    }
  }
  _mm_sfence();  // the streamed points are in memory before this thread reports its slab done
}

void runSlabImpl(const KernelJob& job, std::size_t first) {
  using H = NumericHyperparameter;
  Slab slab;
  slab.first = first;
  slab.count = job.laneCount - first < kSlabLanes ? job.laneCount - first : kSlabLanes;
  for (int v = 0; v < kVectors; ++v) {
    LaneHyper& h = slab.hyper[v];
    for (int k = 0; k < gradscape::core::kNumericHyperparameterCount; ++k)
      for (int lane = 0; lane < kWidth; ++lane)
        h.value[k][lane] = job.perLane[k] ? job.perLane[k][slab.laneIndex(v * kWidth + lane)] : job.uniform[k];
    for (int lane = 0; lane < kWidth; ++lane) {
      const std::size_t index = slab.laneIndex(v * kWidth + lane);
      slab.px[v][lane] = job.startX[index];
      slab.py[v][lane] = job.startY[index];
      slab.noiseStream[v][lane] = job.noiseStreamPerLane ? job.noiseStreamPerLane[index] : job.noiseStreamBase + index;
      slab.noiseSigma[v][lane] = job.noiseSigmaPerLane ? job.noiseSigmaPerLane[index] : job.noiseSigma;
    }
    // Optimizer's constructor.
    h.negativeLr = -h[H::lr];
    h.oneMinusDampening = 1 - h[H::dampening];
    const V firstDecay = job.kind == OptimizerKind::rmsprop    ? h[H::alpha]
                         : job.kind == OptimizerKind::adadelta ? h[H::rho]
                                                               : h[H::beta1];
    h.oneMinusBeta1 = 1 - firstDecay;
    h.oneMinusBeta2 = 1 - h[H::beta2];
    h.decoupledDecayFactor = 1 - h[H::lr] * h[H::weightDecay];
    h.weightDecayNonzero = h[H::weightDecay] != 0;
    h.momentumNonzero = h[H::momentum] != 0;
    h.momentumPositive = h[H::momentum] > 0;
    LaneState& s = slab.state[v];
    const V zero = splat(0);
    const V initialSum = job.kind == OptimizerKind::adagrad ? h[H::initialAccumulatorValue] : zero;
    for (int i = 0; i < 2; ++i) {
      s.buf1[i] = initialSum;
      s.buf2[i] = s.buf3[i] = zero;
    }
    s.muProduct = splat(1);
  }

  job.surface->visit([&](auto evaluate) {
    switch (job.kind) {
      case OptimizerKind::sgd: return descendSlab<OptimizerKind::sgd>(job, slab, evaluate);
      case OptimizerKind::adam: return descendSlab<OptimizerKind::adam>(job, slab, evaluate);
      case OptimizerKind::adamw: return descendSlab<OptimizerKind::adamw>(job, slab, evaluate);
      case OptimizerKind::adagrad: return descendSlab<OptimizerKind::adagrad>(job, slab, evaluate);
      case OptimizerKind::rmsprop: return descendSlab<OptimizerKind::rmsprop>(job, slab, evaluate);
      case OptimizerKind::adadelta: return descendSlab<OptimizerKind::adadelta>(job, slab, evaluate);
      case OptimizerKind::adamax: return descendSlab<OptimizerKind::adamax>(job, slab, evaluate);
      case OptimizerKind::nadam: return descendSlab<OptimizerKind::nadam>(job, slab, evaluate);
      case OptimizerKind::radam: return descendSlab<OptimizerKind::radam>(job, slab, evaluate);
    }
  });

  if (job.paths && job.columns.x) pointsFromColumns(job, slab);
  for (std::size_t lane = 0; lane < slab.count; ++lane) {
    const int v = int(lane) / kWidth, l = int(lane) % kWidth;
    LaneEnd& end = job.ends[first + lane];
    end.x = slab.endX[v][l];
    end.y = slab.endY[v][l];
    end.loss = slab.endLoss[v][l];
    end.bestLoss = slab.bestLoss[v][l];
    end.steps = std::int64_t(slab.endStep[v][l]);
    end.status = slab.status[v][l] == kStatusDiverged    ? StopReason::diverged
                 : slab.status[v][l] == kStatusTolerance ? StopReason::tolerance
                                                         : StopReason::iterations;
  }
}

// Each instruction set's normalPairs (batch_kernel.hpp): lanes past count repeat the last stream.
void normalPairsImpl(std::uint64_t seed, const std::uint64_t* streams, std::uint32_t iteration, std::size_t count,
                     double* out) {
  for (std::size_t first = 0; first < count; first += kSlabLanes) {
    U stream[kVectors];
    for (std::size_t lane = 0; lane < kSlabLanes; ++lane) stream[lane / kWidth][lane % kWidth] = streams[std::min(first + lane, count - 1)];
    V zx[kVectors], zy[kVectors];
    normalPairVectors(seed, stream, iteration, kVectors, zx, zy);
    for (std::size_t lane = 0; lane < kSlabLanes && first + lane < count; ++lane) {
      out[2 * (first + lane)] = zx[lane / kWidth][lane % kWidth];
      out[2 * (first + lane) + 1] = zy[lane / kWidth][lane % kWidth];
    }
  }
}

}  // namespace

namespace gradscape::core::GRADSCAPE_BATCH_KERNEL_NAMESPACE {

void runSlab(const batch_detail::KernelJob& job, std::size_t first) { runSlabImpl(job, first); }

void normalPairs(std::uint64_t seed, const std::uint64_t* streams, std::uint32_t iteration, std::size_t count,
                 double* out) {
  normalPairsImpl(seed, streams, iteration, count, out);
}

}  // namespace gradscape::core::GRADSCAPE_BATCH_KERNEL_NAMESPACE
