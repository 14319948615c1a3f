// Replays a run through trace.hpp's own loop with an observer on the one step asked for.
#include "core/step_internals.hpp"

#include <algorithm>
#include <cmath>

#include "core/trace.hpp"

namespace gradscape::core {

namespace {

// What the optimizer held around step `target`: the config it stepped with, its state before and after.
struct Observation {
  bool taken = false;
  std::array<double, 2> gradient{0, 0}, usedGradient{0, 0};
  OptimizerConfig config;
  Optimizer::State before, after;
  double lr = 0;
};

// trace.hpp's VariedSteps (which with no noise and no schedule steps exactly as PlainSteps does), watched:
// descend() calls gradient(k, g), then optimizer.step, then afterStep for each step k.
struct ObservedSteps {
  ObservedSteps(const RunSpec& run, std::int64_t target, Observation& out) : inner(run), target(target), out(&out) {
    previous = Optimizer(inner.initialConfig(run)).state();
  }
  OptimizerConfig initialConfig(const RunSpec& run) const { return inner.initialConfig(run); }
  std::array<double, 2> gradient(std::int64_t k, const std::array<double, 2>& g) {
    current = k;
    const std::array<double, 2> used = inner.gradient(k, g);
    if (k == target) {
      out->gradient = g;
      out->usedGradient = used;
    }
    return used;
  }
  void afterStep(Optimizer& optimizer) {
    const Optimizer::State state = optimizer.state();
    if (current == target) {
      out->taken = true;
      out->config = optimizer.config();  // before the scheduler moves it: what this step used
      out->before = previous;
      out->after = state;
    }
    previous = state;
    inner.afterStep(optimizer);
    if (current == target) out->lr = inner.lastLr();
  }
  double lastLr() const { return inner.lastLr(); }

  trace_detail::VariedSteps inner;
  std::int64_t target;
  Observation* out;
  std::int64_t current = 0;
  Optimizer::State previous;
};

std::array<double, 2> scaled(double factor, const std::array<double, 2>& v) { return {factor * v[0], factor * v[1]}; }

// The gradient the update works on: torch adds weight decay to it first (adamw decays the parameter instead).
std::array<double, 2> decayedGradient(const OptimizerConfig& c, const std::array<double, 2>& g, const std::array<double, 2>& p) {
  if (c.weightDecay == 0 || c.kind == OptimizerKind::adamw) return g;
  return {torch_ops::add(g[0], p[0], c.weightDecay), torch_ops::add(g[1], p[1], c.weightDecay)};
}

// The state arrow and values of StepInternals (see step_internals.hpp for what each optimizer shows).
void describeState(const Observation& o, const std::array<double, 2>& point, StepInternals& out) {
  const OptimizerConfig& c = o.config;
  const Optimizer::State& s = o.after;
  const std::array<double, 2> g = decayedGradient(c, o.usedGradient, point);
  auto perCoordinate = [](auto fn) { return std::array<double, 2>{fn(0), fn(1)}; };
  auto adamHats = [&](const std::array<double, 2>& secondMoment) {
    const double corrected1 = 1 - std::pow(c.betas[0], s.step), corrected2 = 1 - std::pow(c.betas[1], s.step);
    out.stateValues = {{"m_hat", scaled(1 / corrected1, s.buffer1)},
                       {"v_hat", perCoordinate([&](int i) { return secondMoment[i] / corrected2; })}};
    return std::array<double, 2>{corrected1, corrected2};
  };
  out.hasState = true;
  switch (c.kind) {
    case OptimizerKind::sgd:
      if (c.momentum == 0) {
        out.hasState = false;
        return;
      }
      out.stateName = "velocity";
      out.stateStep = scaled(-o.config.lr, s.buffer1);
      out.stateValues = {{"momentum_buffer", s.buffer1}};
      return;
    case OptimizerKind::adam:
    case OptimizerKind::adamw: {
      const std::array<double, 2>& secondMoment = c.amsgrad ? s.buffer3 : s.buffer2;
      const auto corrections = adamHats(secondMoment);
      // torch: step_size = lr / bias_correction1; denom = sqrt(v) / sqrt(bias_correction2) + eps.
      const double stepSize = c.lr / corrections[0], correction2Sqrt = std::sqrt(corrections[1]);
      out.stateName = "effective step";
      out.stateStep = perCoordinate(
          [&](int i) { return -stepSize * s.buffer1[i] / (std::sqrt(secondMoment[i]) / correction2Sqrt + c.eps); });
      return;
    }
    case OptimizerKind::nadam:
    case OptimizerKind::radam: {
      adamHats(s.buffer2);
      const auto& mHat = out.stateValues[0].value;
      const auto& vHat = out.stateValues[1].value;
      out.stateName = "adam step";
      out.stateStep = perCoordinate([&](int i) { return -c.lr * mHat[i] / (std::sqrt(vHat[i]) + c.eps); });
      return;
    }
    case OptimizerKind::adamax: {
      const double clr = c.lr / (1 - std::pow(c.betas[0], s.step));
      out.stateName = "effective step";
      out.stateStep = perCoordinate([&](int i) { return -clr * s.buffer1[i] / s.buffer2[i]; });
      out.stateValues = {{"exp_avg", s.buffer1}, {"exp_inf", s.buffer2}};
      return;
    }
    case OptimizerKind::rmsprop:
      out.stateValues = {{"square_avg", s.buffer1}};
      if (c.centered) out.stateValues.push_back({"grad_avg", s.buffer2});
      if (c.momentum > 0) {
        out.stateValues.push_back({"momentum_buffer", s.buffer3});
        out.stateName = "velocity";
        out.stateStep = scaled(-c.lr, s.buffer3);
      } else {
        out.stateName = "scaled step";
        out.stateStep = perCoordinate([&](int i) {
          const double average = c.centered ? s.buffer1[i] - s.buffer2[i] * s.buffer2[i] : s.buffer1[i];
          return -c.lr * g[i] / (std::sqrt(average) + c.eps);
        });
      }
      return;
    case OptimizerKind::adagrad: {
      const double clr = c.lr / (1 + (s.step - 1) * c.lrDecay);
      out.stateName = "scaled step";
      out.stateStep = perCoordinate([&](int i) { return -clr * g[i] / (std::sqrt(s.buffer1[i]) + c.eps); });
      out.stateValues = {{"sum", s.buffer1}};
      return;
    }
    case OptimizerKind::adadelta:
      // delta uses acc_delta from before the step: sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g.
      out.stateName = "scaled step";
      out.stateStep = perCoordinate([&](int i) {
        return -c.lr * std::sqrt(o.before.buffer2[i] + c.eps) / std::sqrt(s.buffer1[i] + c.eps) * g[i];
      });
      out.stateValues = {{"square_avg", s.buffer1}, {"acc_delta", s.buffer2}};
      return;
  }
}

}  // namespace

StepInternals stepInternals(const Surface& surface, const RunSpec& run, std::int64_t k,
                            std::vector<std::array<double, 2>>* replayed) {
  k = std::max<std::int64_t>(k, 0);
  std::vector<std::array<double, 2>> points;
  auto sink = [&points](const TracePoint& point) { points.push_back({point.x, point.y}); };
  Observation observation;
  if (run.points) {
    trace_detail::followPoints(surface, *run.points, sink);
  } else {
    // Only as far as the step that leaves x_k: a long run's later steps change nothing here.
    RunSpec prefix = run;
    prefix.iterations = std::min(run.iterations, k + 1);
    trace_detail::descend(surface, prefix, ObservedSteps(run, k + 1, observation), sink);
  }
  StepInternals out;
  if (points.empty()) return out;  // the start itself is not finite: nothing to show
  k = std::min<std::int64_t>(k, static_cast<std::int64_t>(points.size()) - 1);
  const auto index = static_cast<std::size_t>(k);
  out.iteration = k;
  out.point = points[index];
  const ValueAndGradient here = surface.valueAndGradient(out.point[0], out.point[1]);
  out.value = here.value;
  out.gradient = out.usedGradient = {here.dx, here.dy};
  out.hasStep = index + 1 < points.size();
  if (out.hasStep) out.step = {points[index + 1][0] - points[index][0], points[index + 1][1] - points[index][1]};
  if (!run.points) {
    out.lr = observation.taken ? observation.lr : run.optimizer.lr;
    if (observation.taken && out.hasStep) {
      out.usedGradient = observation.usedGradient;
      describeState(observation, out.point, out);
    }
  }
  out.hessian = exactHessian(surface, out.point[0], out.point[1]);
  out.eigen = hessianEigen(out.hessian.dxx, out.hessian.dxy, out.hessian.dyy);
  if (replayed) *replayed = std::move(points);
  return out;
}

}  // namespace gradscape::core
