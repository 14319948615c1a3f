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
#include "core/trace_points_view.hpp"

namespace gradscape::core {

// Whether a and b can share one batch: the same optimizer, iterations, tolerance, schedule and noise sigma
// and seed (start and noise.stream may differ), and neither carries its points.
bool batchCompatible(const RunSpec& a, const RunSpec& b);

struct BatchTraced {
  RunOutcome outcome;  // traceRun's
  double bestLoss = 0;  // the lowest f among the points (0 when there are none)
  std::size_t points = 0;  // how many points traceRun writes: 0 when the start (or f there) is not finite
};

// The traced runs' points by iteration, in tiles of runs (LaneColumns). Kept by whoever reads one iteration
// of every run at a time (an ensemble's bands).
struct TraceColumns {
  std::size_t runs = 0, rows = 0;  // rows: iterations + 1
  std::vector<double> x, y, loss;  // each columnTiles(runs) * rows * kColumnTile
  // Run r at iteration k (k < rows): x[at(k, r)], ...
  std::size_t at(std::size_t k, std::size_t r) const { return columnIndex(rows, k, r); }
};

// Run r's first `count` points (BatchTraced::points) as they are in the columns.
inline TracePointsView columnPoints(const TraceColumns& columns, std::size_t run, std::size_t count) {
  const std::size_t at = columns.at(0, run);
  return TracePointsView::strided(columns.x.data() + at, columns.y.data() + at, columns.loss.data() + at, kColumnTile, count);
}

// Traces runs[i] into points[i] (resized to its points, row 0 the start) and returns what traceRun returns
// and the lowest f on the way. Every run must be batchCompatible with runs[0]. Throws gradscape::Error when
// the spans differ in length. With `columns`, also fills them (their storage is reused from call to call);
// then `points` may be empty, and the runs' points are only in the columns (columnPoints).
std::vector<BatchTraced> traceBatch(const Surface& surface, std::span<const RunSpec* const> runs,
                                   std::span<std::vector<TracePoint>* const> points, const BatchOptions& options = {},
                                   TraceColumns* columns = nullptr);

}  // namespace gradscape::core
