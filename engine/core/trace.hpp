// Descent: runs a scene's optimizer on its surface and streams the points (spec: "trace").
#pragma once

#include <cmath>
#include <cstdint>

#include "core/optimizer.hpp"
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
};

// Row 0 is the start; each iteration evaluates f and its gradient at the current point, takes one
// optimizer step and emits the new point with f there. A non-finite x, y or z ends the run unwritten;
// with tolerance t > 0 a step shorter than t is emitted and ends the run. sink(const TracePoint&).
template <class Sink>
RunOutcome traceRun(const Surface& surface, const RunSpec& run, Sink&& sink) {
  return surface.visit([&](auto evaluate) {
    Optimizer optimizer(run.optimizer);
    std::array<double, 2> p = run.start;
    auto current = evaluate(p[0], p[1]);
    if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(current.value))
      return RunOutcome{StopReason::diverged, -1};
    sink(TracePoint{0, p[0], p[1], current.value});
    for (std::int64_t k = 1; k <= run.iterations; ++k) {
      const std::array<double, 2> previous = p;
      optimizer.step(p, {current.dx, current.dy});
      current = evaluate(p[0], p[1]);
      if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(current.value))
        return RunOutcome{StopReason::diverged, k - 1};
      sink(TracePoint{k, p[0], p[1], current.value});
      if (run.tolerance > 0) {
        // The spec's Euclidean step length, spelled as the torch oracle spells it.
        const double ddx = p[0] - previous[0], ddy = p[1] - previous[1];
        if (std::sqrt(ddx * ddx + ddy * ddy) < run.tolerance) return RunOutcome{StopReason::tolerance, k};
      }
    }
    return RunOutcome{StopReason::iterations, run.iterations};
  });
}

}  // namespace gradscape::core
