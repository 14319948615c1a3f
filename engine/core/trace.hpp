// Descent: runs a scene's optimizer on its surface and streams the points (spec: "trace").
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

#include "core/noise.hpp"
#include "core/optimizer.hpp"
#include "core/schedule.hpp"
#include "core/scene.hpp"
#include "core/surface.hpp"

namespace gradscape::core {

struct TracePoint {
  std::int64_t iteration = 0;
  double x = 0, y = 0, z = 0;
};

enum class StopReason { iterations, tolerance, diverged };

struct RunOutcome {
  StopReason reason = StopReason::iterations;
  // The last written iteration; for `diverged`, the iteration whose point was not finite is lastIteration + 1.
  std::int64_t lastIteration = 0;
  // The learning rate the last step used (a schedule changes it; before any step, the first step's).
  double lastLr = 0;
};

namespace trace_detail {

// A run with neither noise nor schedule: the hot loop, with nothing added to it.
struct PlainSteps {
  explicit PlainSteps(const RunSpec& run) : lr(run.optimizer.lr) {}
  OptimizerConfig initialConfig(const RunSpec& run) const { return run.optimizer; }
  std::array<double, 2> gradient(std::int64_t, const std::array<double, 2>& g) const { return g; }
  void afterStep(Optimizer&) {}
  double lastLr() const { return lr; }
  double lr;
};

// Noise added to the gradient before each step (noise.hpp), and the scheduler stepped after it.
struct VariedSteps {
  explicit VariedSteps(const RunSpec& run) : noise(run.noise), group(run.optimizer) {
    if (run.schedule) scheduler.emplace(*run.schedule, group);
    lr = group.lr;
  }
  OptimizerConfig initialConfig(const RunSpec&) const { return group; }
  std::array<double, 2> gradient(std::int64_t k, const std::array<double, 2>& g) const {
    return noise.active() ? noisyGradient(noise, static_cast<std::uint32_t>(k), g) : g;
  }
  void afterStep(Optimizer& optimizer) {
    lr = group.lr;
    if (!scheduler) return;
    scheduler->step(group);
    optimizer.setScheduledHyperparameters(group.lr, group.momentum, group.betas[0]);
  }
  double lastLr() const { return lr; }

  NoiseSpec noise;
  OptimizerConfig group;  // torch's param_group: what the scheduler reads and writes
  std::optional<LrScheduler> scheduler;
  double lr;              // used by the last step taken (before any, by the first)
};

// A run that carries its path: each given point with f there, ended like a divergence where f is not finite.
template <class Sink>
RunOutcome followPoints(const Surface& surface, const std::vector<std::array<double, 2>>& points, Sink& sink) {
  return surface.visit([&](auto evaluate) {
    for (std::size_t k = 0; k < points.size(); ++k) {
      const auto current = evaluate(points[k][0], points[k][1]);
      if (!std::isfinite(current.value)) return RunOutcome{StopReason::diverged, static_cast<std::int64_t>(k) - 1};
      sink(TracePoint{static_cast<std::int64_t>(k), points[k][0], points[k][1], current.value});
    }
    return RunOutcome{StopReason::iterations, static_cast<std::int64_t>(points.size()) - 1};
  });
}

template <class Steps, class Sink>
RunOutcome descend(const Surface& surface, const RunSpec& run, Steps steps, Sink& sink) {
  return surface.visit([&](auto evaluate) {
    Optimizer optimizer(steps.initialConfig(run));
    std::array<double, 2> p = run.start;
    auto current = evaluate(p[0], p[1]);
    if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(current.value))
      return RunOutcome{StopReason::diverged, -1, steps.lastLr()};
    sink(TracePoint{0, p[0], p[1], current.value});
    for (std::int64_t k = 1; k <= run.iterations; ++k) {
      const std::array<double, 2> previous = p;
      optimizer.step(p, steps.gradient(k, {current.dx, current.dy}));
      steps.afterStep(optimizer);
      current = evaluate(p[0], p[1]);
      if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(current.value))
        return RunOutcome{StopReason::diverged, k - 1, steps.lastLr()};
      sink(TracePoint{k, p[0], p[1], current.value});
      if (run.tolerance > 0) {
        // The spec's Euclidean step length, spelled as the torch oracle spells it.
        const double ddx = p[0] - previous[0], ddy = p[1] - previous[1];
        if (std::sqrt(ddx * ddx + ddy * ddy) < run.tolerance) return RunOutcome{StopReason::tolerance, k, steps.lastLr()};
      }
    }
    return RunOutcome{StopReason::iterations, run.iterations, steps.lastLr()};
  });
}

}  // namespace trace_detail

// Row 0 is the start (a run with points: row k is points[k], z = f there); each iteration evaluates f and its gradient at the current point, adds the run's
// noise to the gradient (step k uses iteration k's deviates), takes one optimizer step, steps the run's
// lr scheduler, and emits the new point with f there. A non-finite x, y or z ends the run unwritten;
// with tolerance t > 0 a step shorter than t is emitted and ends the run. sink(const TracePoint&).
template <class Sink>
RunOutcome traceRun(const Surface& surface, const RunSpec& run, Sink&& sink) {
  if (run.points) return trace_detail::followPoints(surface, *run.points, sink);
  if (!run.noise.active() && !run.schedule) return trace_detail::descend(surface, run, trace_detail::PlainSteps(run), sink);
  return trace_detail::descend(surface, run, trace_detail::VariedSteps(run), sink);
}

}  // namespace gradscape::core
