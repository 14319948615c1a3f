// traceBatch against traceRun: every run's points and outcome, bit for bit, with noise on each run's own
// stream, schedules, tolerance, divergence and starts where f is not finite, on every SIMD path and thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <memory>
#include <new>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "core/batch_trace.hpp"
#include "core/error.hpp"

namespace gradscape::core {
namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// `count` runs of `shared` from random starts (a few not finite), each with its own noise stream.
std::vector<RunSpec> particles(const RunSpec& shared, const Domain& d, std::size_t count, unsigned seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> x(d.xMin, d.xMax), y(d.yMin, d.yMax);
  std::vector<RunSpec> runs(count, shared);
  for (std::size_t i = 0; i < count; ++i) {
    runs[i].start = {x(random), y(random)};
    runs[i].noise.stream = 1000 + 3 * i;  // not consecutive: each run's own
  }
  runs[5].start = {NAN, 0};
  runs[count - 1].start = {INFINITY, 1};
  return runs;
}

// Returns how many points were compared.
std::size_t expectSameAsTraceRun(const Surface& surface, const std::vector<RunSpec>& runs, const BatchOptions& options,
                                 const std::string& where) {
  std::vector<std::vector<TracePoint>> got(runs.size());
  std::vector<const RunSpec*> specs;
  std::vector<std::vector<TracePoint>*> lists;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    specs.push_back(&runs[i]);
    lists.push_back(&got[i]);
  }
  TraceColumns columns;
  columns.x.assign(7, 1.0);  // stale storage: traceBatch sizes it
  const std::vector<BatchTraced> traced = traceBatch(surface, specs, lists, options, &columns);
  const std::size_t rows = std::size_t(runs[0].iterations) + 1;
  EXPECT_EQ(columns.runs, runs.size()) << where;
  EXPECT_EQ(columns.rows, rows) << where;
  const std::size_t size = columnTiles(runs.size()) * rows * kColumnTile;
  if (columns.x.size() != size || columns.y.size() != size || columns.loss.size() != size) {
    ADD_FAILURE() << where << ": columns of " << columns.x.size() << " values";
    return 0;
  }
  std::size_t compared = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::vector<TracePoint> expected;
    const RunOutcome outcome = traceRun(surface, runs[i], [&](const TracePoint& p) { expected.push_back(p); });
    const std::string run = where + ", run " + std::to_string(i);
    const RunOutcome& got_outcome = traced[i].outcome;
    double best = expected.empty() ? 0 : expected[0].z;
    for (const TracePoint& p : expected) best = std::min(best, p.z);
    EXPECT_TRUE(sameBits(traced[i].bestLoss, best)) << run << ": best loss " << traced[i].bestLoss << " vs " << best;
    EXPECT_EQ(int(got_outcome.reason), int(outcome.reason)) << run;
    EXPECT_EQ(got_outcome.lastIteration, outcome.lastIteration) << run;
    EXPECT_TRUE(sameBits(got_outcome.lastLr, outcome.lastLr)) << run << ": " << got_outcome.lastLr << " vs " << outcome.lastLr;
    if (got[i].size() != expected.size()) {
      ADD_FAILURE() << run << ": " << got[i].size() << " points, traceRun " << expected.size();
      continue;
    }
    for (std::size_t k = 0; k < expected.size(); ++k) {
      const TracePoint &a = got[i][k], &b = expected[k];
      if (a.iteration != b.iteration || !sameBits(a.x, b.x) || !sameBits(a.y, b.y) || !sameBits(a.z, b.z)) {
        ADD_FAILURE() << run << ", point " << k << ": (" << a.x << ", " << a.y << ", " << a.z << ") vs (" << b.x << ", "
                      << b.y << ", " << b.z << ")";
        break;
      }
      ++compared;
    }
    // The columns: row k is point k; after a run's last point, that point again (stopped early) or NaN
    // (diverged, or a start that is not finite).
    const bool gone = outcome.reason == StopReason::diverged;
    for (std::size_t k = 0; k < rows; ++k) {
      const std::size_t at = columns.at(k, i);
      const double got3[3] = {columns.x[at], columns.y[at], columns.loss[at]};
      double want[3] = {NAN, NAN, NAN};
      if (k < expected.size() || (!gone && !expected.empty())) {
        const TracePoint& p = expected[std::min(k, expected.size() - 1)];
        want[0] = p.x, want[1] = p.y, want[2] = p.z;
      }
      bool same = true;
      for (int q = 0; q < 3; ++q) same = same && (std::isnan(want[q]) ? std::isnan(got3[q]) : sameBits(got3[q], want[q]));
      if (!same) {
        ADD_FAILURE() << run << ", column row " << k << ": (" << got3[0] << ", " << got3[1] << ", " << got3[2] << ") vs ("
                      << want[0] << ", " << want[1] << ", " << want[2] << ")";
        break;
      }
    }
  }
  return compared;
}

TEST(BatchTrace, EveryRunsPointsAndOutcomeAreTraceRuns) {
  struct Case {
    const char* surface;
    OptimizerKind kind;
    double lr, sigma, tolerance;
    bool schedule;
  };
  const Case cases[] = {
      {"rosenbrock", OptimizerKind::adam, 0.01, 0, 0, false},
      {"rastrigin", OptimizerKind::adam, 0.05, 2, 0, true},         // libm surface, noise, StepLR
      {"himmelblau", OptimizerKind::sgd, 0.01, 0.5, 1e-3, false},   // tolerance ends some runs early
      {"booth", OptimizerKind::sgd, 0.6, 0, 0, false},              // too large: runs diverge
      {"beale", OptimizerKind::nadam, 0.05, 1, 1e-4, true},
      {"rosenbrock", OptimizerKind::adagrad, 0.3, 0, 0, true},
      {"himmelblau", OptimizerKind::sgd, 0.01, 0, 0.5, false},      // every run stops long before the end
  };
  std::size_t compared = 0;
  for (const Case& c : cases) {
    const Surface surface = Surface::fromCatalog(c.surface);
    RunSpec shared;
    shared.optimizer = OptimizerConfig::defaultsFor(c.kind);
    shared.optimizer.lr = c.lr;
    shared.iterations = 120;
    shared.tolerance = c.tolerance;
    shared.noise = {c.sigma, 77, 0};
    if (c.schedule) {
      ScheduleSpec schedule = ScheduleSpec::defaultsFor(ScheduleKind::StepLR);
      schedule.stepSize = 30;
      schedule.gamma = 0.5;
      shared.schedule = schedule;
    }
    const std::vector<RunSpec> runs = particles(shared, surface.defaultDomain(), 203, 17);
    for (SimdPath path : supportedSimdPaths())
      for (unsigned threads : {1u, 2u, 3u})
        compared += expectSameAsTraceRun(surface, runs, {threads, path},
                                         std::string(c.surface) + " " + std::string(optimizerName(c.kind)) + " " +
                                             std::string(simdPathName(path)) + " " + std::to_string(threads) + " threads");
  }
  EXPECT_GT(compared, 6u * 200 * 50);
}

// Edits that keep the seed and streams read the deviates an earlier batch drew: every edit still gives
// traceRun's bits. The first batch stops early (tolerance on sgd that stops every run long before the end),
// so later batches draw the steps it never reached; other streams, another seed or other iterations start
// the cache over.
TEST(BatchTrace, KeptNoiseDeviatesGiveTraceRunsBitsEditAfterEdit) {
  const Surface surface = Surface::fromCatalog("himmelblau");
  RunSpec shared;
  shared.optimizer = OptimizerConfig::defaultsFor(OptimizerKind::adam);
  shared.optimizer.lr = 0.05;
  // Every adam step is about lr long at first: tolerance 0.2 stops all within a few steps.
  std::tie(shared.iterations, shared.tolerance, shared.noise) = std::tuple(90, 0.2, NoiseSpec{0.3, 5, 0});
  for (SimdPath path : supportedSimdPaths()) {
    std::vector<RunSpec> runs = particles(shared, surface.defaultDomain(), 150, 23);
    NoiseCache cache;
    BatchOptions options{2, path};
    options.noiseCache = &cache;
    const std::string where = std::string(simdPathName(path));
    expectSameAsTraceRun(surface, runs, options, where + " first, stopping early");
    const std::int64_t keptEarly = *std::max_element(cache.keptSteps.begin(), cache.keptSteps.end());
    EXPECT_GT(keptEarly, 0) << where;
    EXPECT_LT(keptEarly, 30) << where;
    for (RunSpec& run : runs) run.tolerance = 0;
    const std::vector<double> before(cache.deviates.begin(), cache.deviates.begin() + 2 * 64);
    expectSameAsTraceRun(surface, runs, options, where + " no tolerance: the steps not kept yet");
    EXPECT_EQ(*std::min_element(cache.keptSteps.begin(), cache.keptSteps.end()), 90) << where;
    // Steps kept before were read, not drawn again over (the same bits in the same place).
    EXPECT_EQ(std::memcmp(before.data(), cache.deviates.data(), before.size() * sizeof(double)), 0) << where;
    for (RunSpec& run : runs) run.optimizer.lr = 0.08, run.noise.sigma = 0.7;
    expectSameAsTraceRun(surface, runs, options, where + " lr and sigma edited: all read back");
    // A kept deviate changed behind the cache's back shows in the next trace: edits do read them.
    cache.deviates[0] += 1;
    std::vector<std::vector<TracePoint>> got(runs.size());
    std::vector<const RunSpec*> specs;
    std::vector<std::vector<TracePoint>*> lists;
    for (std::size_t i = 0; i < runs.size(); ++i) specs.push_back(&runs[i]), lists.push_back(&got[i]);
    traceBatch(surface, specs, lists, options);
    std::vector<TracePoint> expected;
    traceRun(surface, runs[0], [&](const TracePoint& p) { expected.push_back(p); });
    ASSERT_GT(got[0].size(), 2u);
    EXPECT_FALSE(sameBits(got[0][1].x, expected[1].x)) << where;
    EXPECT_TRUE(sameBits(got[0][1].y, expected[1].y)) << where;
    cache.deviates[0] -= 1;
    for (RunSpec& run : runs) run.noise.seed = 6;
    expectSameAsTraceRun(surface, runs, options, where + " another seed");
    for (RunSpec& run : runs) run.iterations = 60;
    expectSameAsTraceRun(surface, runs, options, where + " other iterations");
    for (std::size_t i = 0; i < runs.size(); ++i) runs[i].noise.stream = 7 * i;
    expectSameAsTraceRun(surface, runs, options, where + " other streams");
  }
}

TEST(BatchTrace, ListsKeepNoStalePointsAcrossRetraces) {
  // A list longer than the new trace (a longer run before) ends at the new trace's last point.
  const Surface surface = Surface::fromCatalog("booth");
  RunSpec run;
  run.optimizer = OptimizerConfig::defaultsFor(OptimizerKind::sgd);
  run.optimizer.lr = 0.1;
  run.iterations = 500;
  run.tolerance = 1e-3;
  std::vector<TracePoint> points(900, TracePoint{7, 1, 2, 3});
  const RunSpec* specs[] = {&run};
  std::vector<TracePoint>* lists[] = {&points};
  const RunOutcome outcome = traceBatch(surface, specs, lists)[0].outcome;
  EXPECT_EQ(int(outcome.reason), int(StopReason::tolerance));
  ASSERT_EQ(points.size(), std::size_t(outcome.lastIteration) + 1);
  EXPECT_EQ(points.back().iteration, outcome.lastIteration);
}

// With columns the batch core copies each lane's points out of its tile with 16-byte streaming stores; a
// lane whose points do not start on 16 bytes (a TracePoint needs only 8) takes plain stores: the same points.
TEST(BatchTrace, PointsThatDoNotStartOnSixteenBytesAreWrittenAlike) {
  const Surface surface = Surface::fromCatalog("himmelblau");
  BatchJob job;
  job.surface = surface;
  job.run.optimizer = OptimizerConfig::defaultsFor(OptimizerKind::adam);
  job.run.optimizer.lr = 0.05;
  job.run.iterations = 40;
  const std::size_t lanes = 70, rows = 41;
  for (std::size_t lane = 0; lane < lanes; ++lane) {
    job.startX.push_back(-4 + 0.1 * double(lane));
    job.startY.push_back(3 - 0.07 * double(lane));
  }
  std::vector<double> x(columnTiles(lanes) * rows * kColumnTile), y(x.size()), loss(x.size());
  const LaneColumns columns{x.data(), y.data(), loss.data()};
  // Lane L's points at 8 bytes past a 16-byte boundary for odd L, on one for even L.
  std::vector<std::unique_ptr<std::byte[]>> storage;
  std::vector<TracePoint*> paths;
  for (std::size_t lane = 0; lane < lanes; ++lane) {
    storage.push_back(std::make_unique<std::byte[]>(rows * sizeof(TracePoint) + 32));
    auto address = reinterpret_cast<std::uintptr_t>(storage.back().get());
    address = (address + 15) / 16 * 16 + (lane % 2 == 1 ? 8 : 0);
    paths.push_back(new (reinterpret_cast<void*>(address)) TracePoint[rows]);
  }
  const std::vector<LaneEnd> ends = runBatch(job, {1, SimdPath::sse2}, paths, &columns);
  std::size_t compared = 0;
  for (std::size_t lane = 0; lane < lanes; ++lane) {
    RunSpec run = job.run;
    run.start = {job.startX[lane], job.startY[lane]};
    std::vector<TracePoint> expected;
    traceRun(surface, run, [&](const TracePoint& p) { expected.push_back(p); });
    ASSERT_EQ(std::size_t(ends[lane].steps) + 1, expected.size()) << "lane " << lane;
    for (std::size_t k = 0; k < expected.size(); ++k, ++compared) {
      const TracePoint& a = paths[lane][k];
      ASSERT_TRUE(a.iteration == expected[k].iteration && sameBits(a.x, expected[k].x) && sameBits(a.y, expected[k].y) &&
                  sameBits(a.z, expected[k].z))
          << "lane " << lane << " point " << k;
    }
  }
  EXPECT_EQ(compared, lanes * rows);
}

TEST(BatchTrace, BatchCompatibleIgnoresOnlyStartAndStream) {
  RunSpec a;
  a.noise = {0.5, 3, 1};
  RunSpec b = a;
  b.start = {0.25, -1};
  b.noise.stream = 9;
  EXPECT_TRUE(batchCompatible(a, b));
  b.optimizer.lr *= 2;
  EXPECT_FALSE(batchCompatible(a, b));
  b = a;
  b.noise.seed = 4;
  EXPECT_FALSE(batchCompatible(a, b));
  b = a;
  b.iterations += 1;
  EXPECT_FALSE(batchCompatible(a, b));
  b = a;
  b.points = std::make_shared<const std::vector<std::array<double, 2>>>(1, std::array<double, 2>{0, 0});
  EXPECT_FALSE(batchCompatible(a, b));
}

TEST(BatchTrace, RejectsListsOfAnotherLength) {
  const Surface surface = Surface::fromCatalog("booth");
  RunSpec run;
  const RunSpec* specs[] = {&run, &run};
  std::vector<TracePoint> one;
  std::vector<TracePoint>* lists[] = {&one};
  EXPECT_THROW(traceBatch(surface, specs, lists), Error);
}

}  // namespace
}  // namespace gradscape::core
