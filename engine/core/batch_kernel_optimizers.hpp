// The batch kernel's optimizer updates: torch 1.13's _single_tensor_* steps (as Optimizer repeats them)
// over a vector of lanes, the per-step bias-correction terms, the schedule's values and the surface's
// evaluation lane by lane. A part of batch_kernel_impl.hpp, which includes it after its vector helpers
// (V, Mask, splat, choose, squareRoot, lanePow, ...) and noise_lanes.hpp, in the same context: everything
// here has internal linkage.
#pragma once

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

}  // namespace
