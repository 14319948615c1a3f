// traceBatch: the batch core writing every lane's points, and traceRun's outcome rebuilt from each lane's end.
#include "core/batch_trace.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/schedule.hpp"

namespace gradscape::core {

bool batchCompatible(const RunSpec& a, const RunSpec& b) {
  return !a.points && !b.points && a.optimizer == b.optimizer && a.iterations == b.iterations &&
         a.tolerance == b.tolerance && a.schedule == b.schedule && a.noise.sigma == b.noise.sigma &&
         a.noise.seed == b.noise.seed;
}

// The lr each step used (lrs[k - 1] for step k) and the lr before any step, as trace's steps record them:
// the scheduler's lr does not depend on the path.
struct StepLrs {
  double initial = 0;
  std::vector<double> used;
};

static StepLrs stepLrs(const RunSpec& run) {
  StepLrs lrs;
  OptimizerConfig group = run.optimizer;
  if (!run.schedule) {
    lrs.initial = group.lr;
    return lrs;
  }
  LrScheduler scheduler(*run.schedule, group);
  lrs.initial = group.lr;
  lrs.used.reserve(std::size_t(std::max<std::int64_t>(run.iterations, 0)));
  for (std::int64_t k = 1; k <= run.iterations; ++k) {
    lrs.used.push_back(group.lr);
    scheduler.step(group);
  }
  return lrs;
}

std::vector<BatchTraced> traceBatch(const Surface& surface, std::span<const RunSpec* const> runs,
                                   std::span<std::vector<TracePoint>* const> points, const BatchOptions& options,
                                   TraceColumns* columns) {
  const bool writePoints = !columns || !points.empty();
  if (writePoints && runs.size() != points.size())
    throw Error("batch: " + std::to_string(points.size()) + " point lists for " + std::to_string(runs.size()) + " runs");
  std::vector<BatchTraced> outcomes(runs.size());
  if (columns) columns->runs = columns->rows = 0;
  if (runs.empty()) return outcomes;
  const RunSpec& shared = *runs[0];
  BatchJob job;
  job.surface = surface;
  job.run = shared;
  const std::size_t rows = std::size_t(std::max<std::int64_t>(shared.iterations, 0)) + 1;
  std::vector<TracePoint*> paths(writePoints ? runs.size() : 0);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    job.startX.push_back(runs[i]->start[0]);
    job.startY.push_back(runs[i]->start[1]);
    job.noiseStreams.push_back(runs[i]->noise.stream);
    if (!writePoints) continue;
    // Resized, not cleared: a list that keeps its length from the last trace is not written twice.
    points[i]->resize(rows);
    (*points[i])[0].iteration = -1;  // stays -1 when the start is not finite (no point written)
    paths[i] = points[i]->data();
  }
  LaneColumns laneColumns;
  if (columns) {
    columns->runs = runs.size();
    columns->rows = rows;
    for (std::vector<double>* column : {&columns->x, &columns->y, &columns->loss})
      column->resize(columnTiles(runs.size()) * rows * kColumnTile);
    laneColumns = {columns->x.data(), columns->y.data(), columns->loss.data()};
  }
  const std::vector<LaneEnd> ends = runBatch(job, options, paths, columns ? &laneColumns : nullptr);
  const StepLrs lrs = stepLrs(shared);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const LaneEnd& end = ends[i];
    RunOutcome& outcome = outcomes[i].outcome;
    // Row 0 of the columns is NaN exactly when no point was written (LaneColumns).
    const bool started = writePoints ? (*points[i])[0].iteration == 0 : !std::isnan(columns->x[columns->at(0, i)]);
    outcomes[i].bestLoss = started ? end.bestLoss : 0;
    outcomes[i].points = started ? std::size_t(end.steps) + 1 : 0;
    outcome.reason = end.status;
    outcome.lastIteration = started ? end.steps : -1;
    if (writePoints) points[i]->resize(outcomes[i].points);
    // A diverged run took the step that left the finite numbers.
    const std::int64_t taken = outcome.lastIteration + (end.status == StopReason::diverged ? 1 : 0);
    outcome.lastLr = taken >= 1 && !lrs.used.empty() ? lrs.used[std::size_t(taken - 1)] : lrs.initial;
  }
  return outcomes;
}

}  // namespace gradscape::core
