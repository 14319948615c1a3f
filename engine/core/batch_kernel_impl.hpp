// The batch core's kernel, written once over a vector of doubles and compiled once per instruction set
// (batch_kernel_sse2.cpp: 2 lanes, batch_kernel_avx2.cpp: 4, batch_kernel_avx512.cpp: 8). Each optimizer's
// update repeats Optimizer's (optimizer.hpp/.cpp), which repeats torch 1.13's _single_tensor_* operation
// for operation: lane by lane the same IEEE operations in the same order, so every lane ends on the bits
// traceRun ends on. A hyperparameter test that is an `if` there (weight_decay != 0, momentum != 0) is a
// per-lane select here, because phase maps give every lane its own value.
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

namespace {

// Step k's pow() terms (StepTerms) for T = double (every lane alike) or T = V (a lane's own betas).
template <class T>
struct TermsOf {
  T biasCorrection1, biasCorrection2, biasCorrection2Sqrt, mu, muNext, rect, rectified;
};

template <class T>
TermsOf<T> stepTerms(OptimizerKind kind, T beta1, T beta2, T momentumDecay, double step) {
  TermsOf<T> t{};
  const T one = beta1 * 0 + 1;
  t.biasCorrection1 = t.biasCorrection2 = t.biasCorrection2Sqrt = one;
  switch (kind) {
    case OptimizerKind::adam:
    case OptimizerKind::adamw:  // Optimizer::updateAdamBiasCorrections
      t.biasCorrection1 = 1 - lanePow(beta1, step);
      t.biasCorrection2 = 1 - lanePow(beta2, step);
      t.biasCorrection2Sqrt = squareRoot(t.biasCorrection2);
      break;
    case OptimizerKind::adamax: t.biasCorrection1 = 1 - lanePow(beta1, step); break;
    case OptimizerKind::nadam:
      t.biasCorrection2 = 1 - lanePow(beta2, step);
      t.mu = beta1 * (1. - 0.5 * lanePow(0.96, step * momentumDecay));
      t.muNext = beta1 * (1. - 0.5 * lanePow(0.96, (step + 1) * momentumDecay));
      break;
    case OptimizerKind::radam: {
      const T beta2Power = lanePow(beta2, step);
      t.biasCorrection1 = 1 - lanePow(beta1, step);
      t.biasCorrection2 = 1 - beta2Power;
      const T rhoInf = 2 / (1 - beta2) - 1;
      const T rhoT = rhoInf - 2 * step * beta2Power / t.biasCorrection2;
      const auto rectified = rhoT > 5.;
      const T rect = squareRoot((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      t.rect = choose(rectified, rect, one * 0);
      t.rectified = choose(rectified, one, one * 0);
      t.biasCorrection2Sqrt = squareRoot(t.biasCorrection2);
      break;
    }
    default: break;
  }
  return t;
}

TermsOf<V> broadcast(const StepTerms& s) {
  return {splat(s.biasCorrection1), splat(s.biasCorrection2), splat(s.biasCorrection2Sqrt), splat(s.mu),
          splat(s.muNext), splat(s.rect), splat(s.rectified)};
}

StepTerms narrow(const TermsOf<double>& t) {
  return {t.biasCorrection1, t.biasCorrection2, t.biasCorrection2Sqrt, t.mu, t.muNext, t.rect, t.rectified};
}

// Step k's terms when every lane shares the betas; a schedule that cycles beta1 has set it before step k
// (applySchedule), as Optimizer::setScheduledHyperparameters does before the bias corrections.
StepTerms uniformTerms(const KernelJob& job, std::int64_t k) {
  const auto& u = job.uniform;
  const double beta1 = job.scheduled ? job.scheduled[k - 1].beta1 : u[int(NumericHyperparameter::beta1)];
  return narrow(stepTerms<double>(job.kind, beta1, u[int(NumericHyperparameter::beta2)],
                                  u[int(NumericHyperparameter::momentumDecay)], double(k)));
}

// The one division of a step that depends on no coordinate: adam's -step_size, adagrad's and adamax's clr
// (T = double when every lane shares lr and the bias corrections: computed once a step, the same bits).
template <OptimizerKind kKind, class T>
T stepRate(T lr, T lrDecay, T biasCorrection1, double step) {
  if constexpr (kKind == OptimizerKind::adam || kKind == OptimizerKind::adamw) return -(lr / biasCorrection1);
  else if constexpr (kKind == OptimizerKind::adagrad) return lr / (1 + (step - 1) * lrDecay);
  else if constexpr (kKind == OptimizerKind::adamax) return lr / biasCorrection1;
  else return lr;
}

// One vector of lanes' hyperparameters and the constants Optimizer's constructor derives from them.
struct LaneHyper {
  V value[gradscape::core::kNumericHyperparameterCount];
  V negativeLr, oneMinusDampening, oneMinusBeta1, oneMinusBeta2, decoupledDecayFactor;
  Mask weightDecayNonzero, momentumNonzero, momentumPositive;
  V operator[](NumericHyperparameter which) const { return value[int(which)]; }
};

// Optimizer's per-coordinate state (buf1_, buf2_, buf3_) and nadam's mu product, for one vector of lanes.
struct LaneState {
  V buf1[2], buf2[2], buf3[2];
  V muProduct;
};

// What Optimizer::setScheduledHyperparameters does: the scheduler's lr, momentum and (Adam family) beta1,
// and what the constructor derived from them.
void applySchedule(const KernelJob& job, LaneHyper& h, const ScheduledStep& scheduled) {
  using H = NumericHyperparameter;
  h.value[int(H::lr)] = splat(scheduled.lr);
  h.value[int(H::momentum)] = splat(scheduled.momentum);
  h.negativeLr = -h[H::lr];
  h.decoupledDecayFactor = 1 - h[H::lr] * h[H::weightDecay];
  h.momentumNonzero = h[H::momentum] != 0;
  h.momentumPositive = h[H::momentum] > 0;
  if (job.kind != OptimizerKind::rmsprop && job.kind != OptimizerKind::adadelta) {
    h.value[int(H::beta1)] = splat(scheduled.beta1);
    h.oneMinusBeta1 = 1 - h[H::beta1];
  }
}

// One torch optimizer.step() on a vector of lanes: p is updated in place from gradient g. `rate` is
// stepRate<kKind>'s value for these lanes. `firstMomentumStep` says SGD has no momentum buffer yet (torch
// clones the first direction into it).
// Always inlined into the slab's loop over vectors, so the independent vectors' divisions and square roots
// follow each other through the pipeline instead of waiting on one vector's chain.
template <OptimizerKind kKind>
[[gnu::always_inline]] inline void optimizerStep(const KernelJob& job, const LaneHyper& h, LaneState& s,
                                                 const TermsOf<V>& t, V rate, bool firstMomentumStep,
                                                 V p[2], const V g[2]) {
  using H = NumericHyperparameter;
  const V lr = h[H::lr], weightDecay = h[H::weightDecay], beta1 = h[H::beta1], beta2 = h[H::beta2], eps = h[H::eps];
  // grad.add(param, alpha=weight_decay) where weight_decay != 0
  auto decayed = [&](V grad, V param) { return choose(h.weightDecayNonzero, grad + weightDecay * param, grad); };
  switch (kKind) {
    case OptimizerKind::sgd: {
      const V momentum = h[H::momentum];
      for (int i = 0; i < 2; ++i) {
        V direction = decayed(g[i], p[i]);
        const V buffer = firstMomentumStep ? direction : s.buf1[i] * momentum + h.oneMinusDampening * direction;
        s.buf1[i] = choose(h.momentumNonzero, buffer, s.buf1[i]);
        const V withMomentum = job.nesterov ? direction + momentum * buffer : buffer;
        direction = choose(h.momentumNonzero, withMomentum, direction);
        p[i] = p[i] + h.negativeLr * direction;
      }
      return;
    }
    case OptimizerKind::adam:
    case OptimizerKind::adamw: {
      const V negativeStepSize = rate;
      for (int i = 0; i < 2; ++i) {
        V param = p[i], grad = g[i];
        if (kKind == OptimizerKind::adamw) param = param * h.decoupledDecayFactor;
        else grad = decayed(grad, param);
        const V expAvg = s.buf1[i] = s.buf1[i] * beta1 + h.oneMinusBeta1 * grad;
        V expAvgSq = s.buf2[i] = s.buf2[i] * beta2 + h.oneMinusBeta2 * grad * grad;
        if (job.amsgrad) expAvgSq = s.buf3[i] = maximum(s.buf3[i], expAvgSq);
        const V denominator = squareRoot(expAvgSq) / t.biasCorrection2Sqrt + eps;
        p[i] = param + negativeStepSize * expAvg / denominator;
      }
      return;
    }
    case OptimizerKind::adagrad: {
      const V clr = rate;
      for (int i = 0; i < 2; ++i) {
        const V grad = decayed(g[i], p[i]);
        s.buf1[i] = s.buf1[i] + 1 * grad * grad;
        const V root = squareRoot(s.buf1[i]) + eps;
        p[i] = p[i] + -clr * grad / root;
      }
      return;
    }
    case OptimizerKind::rmsprop: {
      const V alpha = h[H::alpha], momentum = h[H::momentum], oneMinusAlpha = h.oneMinusBeta1;
      for (int i = 0; i < 2; ++i) {
        const V grad = decayed(g[i], p[i]);
        s.buf1[i] = s.buf1[i] * alpha + oneMinusAlpha * grad * grad;
        V average;
        if (job.centered) {
          s.buf2[i] = s.buf2[i] * alpha + oneMinusAlpha * grad;
          average = squareRoot(s.buf1[i] + -1 * s.buf2[i] * s.buf2[i]);
        } else {
          average = squareRoot(s.buf1[i]);
        }
        average = average + eps;
        const V buffer = s.buf3[i] * momentum + 1 * grad / average;
        s.buf3[i] = choose(h.momentumPositive, buffer, s.buf3[i]);
        p[i] = choose(h.momentumPositive, p[i] + h.negativeLr * buffer, p[i] + h.negativeLr * grad / average);
      }
      return;
    }
    case OptimizerKind::adadelta: {
      const V rho = h[H::rho], oneMinusRho = h.oneMinusBeta1;
      for (int i = 0; i < 2; ++i) {
        const V grad = decayed(g[i], p[i]);
        s.buf1[i] = s.buf1[i] * rho + oneMinusRho * grad * grad;
        const V root = squareRoot(s.buf1[i] + eps);
        const V delta = squareRoot(s.buf2[i] + eps) / root * grad;
        s.buf2[i] = s.buf2[i] * rho + oneMinusRho * delta * delta;
        p[i] = p[i] + h.negativeLr * delta;
      }
      return;
    }
    case OptimizerKind::adamax: {
      const V clr = rate;
      for (int i = 0; i < 2; ++i) {
        const V grad = decayed(g[i], p[i]);
        s.buf1[i] = s.buf1[i] * beta1 + h.oneMinusBeta1 * grad;
        s.buf2[i] = maximum(s.buf2[i] * beta2, absolute(grad) + eps);
        p[i] = p[i] + -clr * s.buf1[i] / s.buf2[i];
      }
      return;
    }
    case OptimizerKind::nadam: {
      s.muProduct = s.muProduct * t.mu;
      const V muProductNext = s.muProduct * t.muNext;
      const V gradWeight = -lr * (1. - t.mu) / (1. - s.muProduct);
      const V momentumWeight = -lr * t.muNext / (1. - muProductNext);
      for (int i = 0; i < 2; ++i) {
        const V grad = decayed(g[i], p[i]);
        s.buf1[i] = s.buf1[i] * beta1 + h.oneMinusBeta1 * grad;
        s.buf2[i] = s.buf2[i] * beta2 + h.oneMinusBeta2 * grad * grad;
        const V denominator = squareRoot(s.buf2[i] / t.biasCorrection2) + eps;
        p[i] = p[i] + gradWeight * grad / denominator;
        p[i] = p[i] + momentumWeight * s.buf1[i] / denominator;
      }
      return;
    }
    case OptimizerKind::radam: {
      const Mask rectified = t.rectified != 0;
      for (int i = 0; i < 2; ++i) {
        const V grad = decayed(g[i], p[i]);
        s.buf1[i] = s.buf1[i] * beta1 + h.oneMinusBeta1 * grad;
        s.buf2[i] = s.buf2[i] * beta2 + h.oneMinusBeta2 * grad * grad;
        const V biasCorrectedExpAvg = s.buf1[i] / t.biasCorrection1;
        const V adaptiveLr = (1.0 / (squareRoot(s.buf2[i]) + eps)) * t.biasCorrection2Sqrt;
        p[i] = choose(rectified, p[i] + -1.0 * (biasCorrectedExpAvg * lr * adaptiveLr * t.rect),
                      p[i] + -1.0 * (biasCorrectedExpAvg * lr));
      }
      return;
    }
  }
}

// f and its gradient for a vector of lanes: the catalog's functors take the vector whole; an expression
// runs the evaluator lane by lane.
template <class Evaluate>
[[gnu::always_inline]] inline ValueAndGradientOf<V> evaluateLanes(const Evaluate& evaluate, V x, V y) {
  if constexpr (std::is_invocable_r_v<ValueAndGradientOf<V>, const Evaluate&, V, V>) {
    return evaluate(x, y);
  } else {
    ValueAndGradientOf<V> result;
    for (int lane = 0; lane < kWidth; ++lane) {
      const auto one = evaluate(x[lane], y[lane]);
      result.value[lane] = one.value;
      result.dx[lane] = one.dx;
      result.dy[lane] = one.dy;
    }
    return result;
  }
}

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
  std::memcpy(job.columnX + at, &x, sizeof(V));
  std::memcpy(job.columnY + at, &y, sizeof(V));
  std::memcpy(job.columnLoss + at, &loss, sizeof(V));
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
    if (job.paths && !job.columnX) writePoints(job, slab, v, 0, slab.active[v], slab.px[v], slab.py[v], start.value);
    if (job.columnX) writeColumns(job, slab, v, 0);
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
        if (job.columnX) writeColumns(job, slab, v, k);
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
      if (job.paths && !job.columnX) writePoints(job, slab, v, k, finite, x, y, current.value);
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
      if (job.columnX) writeColumns(job, slab, v, k);
    }
    rowsWritten = k + 1;
  }
  // Every lane stopped before the last iteration: the rows after hold where they ended.
  for (std::int64_t k = rowsWritten; job.columnX && k <= job.iterations; ++k)
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
    const double* const x = job.columnX + tile + lane;
    const double* const y = job.columnY + tile + lane;
    const double* const loss = job.columnLoss + tile + lane;
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

  if (job.paths && job.columnX) pointsFromColumns(job, slab);
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
