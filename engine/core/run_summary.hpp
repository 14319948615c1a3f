// One run reduced to the numbers people compare runs by: where it ended, the best loss on the way, how
// many steps, why it stopped, the lr its last step used (`gradscape trace --summary`, the viewer's table).
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "core/trace.hpp"

namespace gradscape::core {

struct RunSummary {
  bool hasPoint = false;  // false when even the start is not finite
  double endX = 0, endY = 0, endLoss = 0;  // the last finite point
  double bestLoss = std::numeric_limits<double>::infinity();
  std::int64_t steps = 0;  // optimizer steps to the end point (its iteration)
  StopReason status = StopReason::iterations;
  double lastLr = 0;
};

// "iterations", "tolerance", "diverged"
std::string_view stopReasonName(StopReason reason);

inline RunSummary summarizeRun(const Surface& surface, const RunSpec& run) {
  RunSummary summary;
  const RunOutcome outcome = traceRun(surface, run, [&](const TracePoint& point) {
    summary.hasPoint = true;
    summary.endX = point.x;
    summary.endY = point.y;
    summary.endLoss = point.z;
    if (point.z < summary.bestLoss) summary.bestLoss = point.z;
    summary.steps = point.iteration;
  });
  summary.status = outcome.reason;
  summary.lastLr = outcome.lastLr;
  return summary;
}

}  // namespace gradscape::core
