// Many runs that differ only in their start and noise stream (an ensemble's particles after an edit), traced
// together by the batch core: every run's points and outcome are traceRun's, bit for bit, at any thread
// count and SIMD path (the batch core repeats traceRun's IEEE operations in torch's order).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/batch_descent.hpp"
#include "core/scene.hpp"
#include "core/surface.hpp"
#include "core/trace.hpp"

namespace gradscape::core {

// Whether a and b can share one batch: the same optimizer, iterations, tolerance, schedule and noise sigma
// and seed (start and noise.stream may differ), and neither carries its points.
bool batchCompatible(const RunSpec& a, const RunSpec& b);

struct BatchTraced {
  RunOutcome outcome;  // traceRun's
  double bestLoss = 0;  // the lowest f among the points (0 when there are none)
};

// Traces runs[i] into points[i] (resized to its points, row 0 the start) and returns what traceRun returns
// and the lowest f on the way. Every run must be batchCompatible with runs[0]. Throws gradscape::Error when
// the spans differ in length.
std::vector<BatchTraced> traceBatch(const Surface& surface, std::span<const RunSpec* const> runs,
                                   std::span<std::vector<TracePoint>* const> points, const BatchOptions& options = {});

}  // namespace gradscape::core
