// The batch core against the scalar core: every lane's end must be traceRun's end for that start and those
// hyperparameters, bit for bit, on every optimizer, surface kind and SIMD path, whatever the thread count.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/batch_descent.hpp"
#include "core/error.hpp"
#include "core/trace.hpp"

namespace gradscape::core {
namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The scalar core's end of one run, as LaneEnd spells it.
LaneEnd scalarEnd(const Surface& surface, const RunSpec& run) {
  TracePoint last{};
  bool any = false;
  const RunOutcome outcome = traceRun(surface, run, [&](const TracePoint& point) {
    last = point;
    any = true;
  });
  LaneEnd end;
  if (!any) {  // the start itself is not finite
    end.x = run.start[0];
    end.y = run.start[1];
    end.loss = surface.value(run.start[0], run.start[1]);
    end.steps = 0;
  } else {
    end.x = last.x;
    end.y = last.y;
    end.loss = last.z;
    end.steps = last.iteration;
  }
  end.status = outcome.reason;
  return end;
}

void expectSameEnd(const LaneEnd& batch, const LaneEnd& scalar, const std::string& where) {
  EXPECT_TRUE(sameBits(batch.x, scalar.x)) << where << ": x " << batch.x << " vs " << scalar.x;
  EXPECT_TRUE(sameBits(batch.y, scalar.y)) << where << ": y " << batch.y << " vs " << scalar.y;
  EXPECT_TRUE(sameBits(batch.loss, scalar.loss) || (std::isnan(batch.loss) && std::isnan(scalar.loss)))
      << where << ": loss " << batch.loss << " vs " << scalar.loss;
  EXPECT_EQ(batch.steps, scalar.steps) << where;
  EXPECT_EQ(int(batch.status), int(scalar.status)) << where;
}

// A config of `kind` with its optional features switched on in some variants, so every branch of every
// update runs: momentum, nesterov, dampening, weight decay, amsgrad, centered, lr_decay.
OptimizerConfig variant(OptimizerKind kind, int which) {
  OptimizerConfig c = OptimizerConfig::defaultsFor(kind);
  const bool extras = which % 2 == 1;
  switch (kind) {
    case OptimizerKind::sgd:
      c.lr = 1e-3;
      if (extras) {
        c.momentum = 0.9;
        c.nesterov = which == 1;
        c.weightDecay = 0.01;
      } else if (which == 2) {
        c.momentum = 0.5;
        c.dampening = 0.25;
      }
      break;
    case OptimizerKind::adam: c.lr = 0.05; c.amsgrad = extras; c.weightDecay = extras ? 0.1 : 0; break;
    case OptimizerKind::adamw: c.lr = 0.05; c.amsgrad = extras; break;
    case OptimizerKind::adagrad: c.lr = 0.3; c.lrDecay = extras ? 0.01 : 0; c.initialAccumulatorValue = extras ? 0.1 : 0; break;
    case OptimizerKind::rmsprop: c.lr = 0.01; c.centered = extras; c.momentum = which >= 2 ? 0.8 : 0; break;
    case OptimizerKind::adadelta: c.lr = 1; c.weightDecay = extras ? 0.05 : 0; break;
    case OptimizerKind::adamax: c.lr = 0.05; c.weightDecay = extras ? 0.01 : 0; break;
    case OptimizerKind::nadam: c.lr = 0.05; c.momentumDecay = extras ? 0.01 : 0.004; break;
    case OptimizerKind::radam: c.lr = 0.05; c.weightDecay = extras ? 0.01 : 0; break;
  }
  return c;
}

constexpr OptimizerKind kAllKinds[] = {OptimizerKind::sgd,     OptimizerKind::adam,     OptimizerKind::adamw,
                                       OptimizerKind::adagrad, OptimizerKind::rmsprop,  OptimizerKind::adadelta,
                                       OptimizerKind::adamax,  OptimizerKind::nadam,    OptimizerKind::radam};

// Random starts over the domain; `lanes` is not a multiple of the slab so the padded tail runs too.
BatchJob randomJob(const Surface& surface, const Domain& domain, const RunSpec& run, std::size_t lanes, unsigned seed) {
  BatchJob job;
  job.surface = surface;
  job.run = run;
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> x(domain.xMin, domain.xMax), y(domain.yMin, domain.yMax);
  for (std::size_t i = 0; i < lanes; ++i) {
    job.startX.push_back(x(random));
    job.startY.push_back(y(random));
  }
  return job;
}

void expectBatchMatchesTrace(const BatchJob& job, const BatchOptions& options, const std::string& where, std::size_t checks) {
  const std::vector<LaneEnd> ends = runBatch(job, options);
  ASSERT_EQ(ends.size(), job.startX.size());
  std::mt19937 pick(7);
  for (std::size_t n = 0; n < checks; ++n) {
    const std::size_t lane = n < 3 ? ends.size() - 1 - n : pick() % ends.size();  // the tail and random cells
    RunSpec run = job.run;
    run.start = {job.startX[lane], job.startY[lane]};
    run.noise.stream = job.noiseStreamBase + lane;
    for (const LaneHyperparameter& axis : job.perLane) setHyperparameter(run.optimizer, axis.which, axis.values[lane]);
    expectSameEnd(ends[lane], scalarEnd(job.surface, run), where + ", lane " + std::to_string(lane));
  }
}

// With noise each lane draws from its own stream (base + lane), as traceRun draws from the run's stream.
TEST(BatchDescent, NoisyLanesMatchTheScalarCoreWithTheirStreams) {
  const Surface surfaces[] = {Surface::fromCatalog("rosenbrock"), Surface::fromCatalog("himmelblau"),
                              Surface::fromExpression("x^2 + 3*y^2 + sin(x*y)")};
  for (const Surface& surface : surfaces)
    for (OptimizerKind kind : kAllKinds)
      for (int which = 0; which < 2; ++which) {
        RunSpec run;
        run.optimizer = variant(kind, which);
        run.iterations = 80;
        run.tolerance = which == 1 ? 1e-4 : 0;
        run.noise = {which == 0 ? 0.5 : 3.0, 12345 + std::uint64_t(which), 0};
        BatchJob job = randomJob(surface, surface.defaultDomain(), run, 203, 11 + unsigned(kind));
        job.noiseStreamBase = which == 0 ? 0 : 1000;
        for (SimdPath path : supportedSimdPaths())
          expectBatchMatchesTrace(job, {2, path}, surface.text() + " " + std::string(optimizerName(kind)) + " noisy " +
                                                      std::to_string(which) + " " + std::string(simdPathName(path)), 25);
      }
}

// Schedules of every class on every optimizer (momentum cycling where torch allows it), with noise on half:
// every lane steps its scheduler's lr (and momentum or beta1) as traceRun does.
TEST(BatchDescent, ScheduledLanesMatchTheScalarCore) {
  const Surface surface = Surface::fromCatalog("himmelblau");
  constexpr std::int64_t kIterations = 60;
  std::vector<ScheduleSpec> schedules;
  auto add = [&](ScheduleKind kind, auto&& set) {
    ScheduleSpec spec = ScheduleSpec::defaultsFor(kind);
    set(spec);
    schedules.push_back(spec);
  };
  add(ScheduleKind::StepLR, [](ScheduleSpec& s) { s.stepSize = 7; s.gamma = 0.5; });
  add(ScheduleKind::MultiStepLR, [](ScheduleSpec& s) { s.milestones = {5, 20}; });
  add(ScheduleKind::ExponentialLR, [](ScheduleSpec& s) { s.gamma = 0.97; });
  add(ScheduleKind::CosineAnnealingLR, [](ScheduleSpec& s) { s.tMax = 25; s.etaMin = 1e-4; });
  add(ScheduleKind::LinearLR, [](ScheduleSpec&) {});
  add(ScheduleKind::CyclicLR, [](ScheduleSpec& s) { s.baseLr = 1e-3; s.maxLr = 0.05; s.stepSizeUp = 10; });
  add(ScheduleKind::CyclicLR, [](ScheduleSpec& s) {
    s.baseLr = 1e-3; s.maxLr = 0.05; s.stepSizeUp = 10; s.cycleMomentum = false; s.mode = CyclicMode::triangular2;
  });
  add(ScheduleKind::OneCycleLR, [&](ScheduleSpec& s) { s.maxLr = 0.05; s.totalSteps = kIterations; });
  add(ScheduleKind::OneCycleLR, [&](ScheduleSpec& s) {
    s.maxLr = 0.05; s.totalSteps = kIterations + 5; s.cycleMomentum = false; s.annealStrategy = AnnealStrategy::linear;
  });
  int checked = 0;
  for (const ScheduleSpec& schedule : schedules)
    for (OptimizerKind kind : kAllKinds)
      for (int which = 0; which < 2; ++which) {
        RunSpec run;
        run.optimizer = variant(kind, which);
        if (kind == OptimizerKind::sgd && which == 0) run.optimizer.momentum = 0.5;  // something to cycle
        try {
          validate(schedule, kind, kIterations);
        } catch (const Error&) {
          continue;  // torch refuses it (momentum cycling without momentum): so does the map
        }
        run.schedule = schedule;
        run.iterations = kIterations;
        if (which == 1) run.noise = {0.7, 99, 0};
        const BatchJob job = randomJob(surface, surface.defaultDomain(), run, 131, 3 + unsigned(kind));
        for (SimdPath path : supportedSimdPaths())
          expectBatchMatchesTrace(job, {2, path}, std::string(scheduleName(schedule.kind)) + " " +
                                                      std::string(optimizerName(kind)) + " " + std::to_string(which) +
                                                      " " + std::string(simdPathName(path)), 12);
        ++checked;
      }
  EXPECT_GT(checked, 100);
}

// Noise moves the ends: the lanes' streams are not all the same one, and sigma 0 is the plain map.
TEST(BatchDescent, NoiseChangesEndsAndSigmaZeroDoesNot) {
  const Surface surface = Surface::fromCatalog("himmelblau");
  RunSpec run;
  run.optimizer = variant(OptimizerKind::adam, 0);
  run.iterations = 100;
  BatchJob job = randomJob(surface, surface.defaultDomain(), run, 64, 5);
  job.startX.assign(64, 0.5);
  job.startY.assign(64, -0.5);
  const std::vector<LaneEnd> plain = runBatch(job);
  job.run.noise = {0.0, 9, 0};
  const std::vector<LaneEnd> zero = runBatch(job);
  job.run.noise = {1.0, 9, 0};
  const std::vector<LaneEnd> noisy = runBatch(job);
  int moved = 0;
  for (std::size_t lane = 0; lane < 64; ++lane) {
    expectSameEnd(zero[lane], plain[lane], "sigma 0 lane " + std::to_string(lane));
    moved += !sameBits(noisy[lane].x, noisy[0].x);
  }
  EXPECT_GT(moved, 50) << "every lane has the same start; only their streams differ";
}

TEST(BatchDescent, EveryOptimizerMatchesTheScalarCoreBitForBit) {
  const Surface rosenbrock = Surface::fromCatalog("rosenbrock");
  for (OptimizerKind kind : kAllKinds)
    for (int which = 0; which < 3; ++which) {
      RunSpec run;
      run.optimizer = variant(kind, which);
      run.iterations = 150;
      const BatchJob job = randomJob(rosenbrock, rosenbrock.defaultDomain(), run, 203, unsigned(which) + 1);
      for (SimdPath path : supportedSimdPaths())
        expectBatchMatchesTrace(job, {2, path}, std::string(optimizerName(kind)) + " variant " + std::to_string(which) +
                                                    " " + std::string(simdPathName(path)), 40);
    }
}

TEST(BatchDescent, EverySurfaceKindMatchesIncludingLibmAndExpressions) {
  std::vector<Surface> surfaces;
  for (const CatalogEntry& entry : catalog()) surfaces.push_back(Surface::fromCatalog(entry.name));
  surfaces.push_back(Surface::fromExpression("sin(x)*cos(y) + 0.1*x^2 + log(1 + y^2)"));
  for (const Surface& surface : surfaces)
    for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::adam, OptimizerKind::radam}) {
      RunSpec run;
      run.optimizer = variant(kind, 1);
      run.iterations = 60;
      const BatchJob job = randomJob(surface, surface.defaultDomain(), run, 130, 3);
      for (SimdPath path : supportedSimdPaths())
        expectBatchMatchesTrace(job, {1, path}, surface.text() + " " + std::string(optimizerName(kind)), 12);
    }
}

TEST(BatchDescent, ToleranceAndDivergenceEndWhereTheTraceEnds) {
  // sgd with lr 0.1 on booth converges (tolerance); with lr 0.6 some starts blow up (diverged).
  const Surface booth = Surface::fromCatalog("booth");
  for (double lr : {0.1, 0.6}) {
    RunSpec run;
    run.optimizer = OptimizerConfig::defaultsFor(OptimizerKind::sgd);
    run.optimizer.lr = lr;
    run.iterations = 2000;
    run.tolerance = 1e-6;
    const BatchJob job = randomJob(booth, booth.defaultDomain(), run, 100, 11);
    const std::vector<LaneEnd> ends = runBatch(job, {});
    int tolerance = 0, diverged = 0;
    for (const LaneEnd& end : ends) {
      tolerance += end.status == StopReason::tolerance;
      diverged += end.status == StopReason::diverged;
    }
    if (lr == 0.1) EXPECT_EQ(tolerance, 100);
    else EXPECT_GT(diverged, 0);
    for (SimdPath path : supportedSimdPaths()) expectBatchMatchesTrace(job, {2, path}, "booth lr " + std::to_string(lr), 30);
  }
  // A start where f is not finite: diverged at once, as the scalar trace says.
  BatchJob job;
  job.surface = Surface::fromExpression("log(x)");
  job.run.iterations = 10;
  job.startX = {0, 1};
  job.startY = {0, 0};
  const std::vector<LaneEnd> ends = runBatch(job, {});
  EXPECT_EQ(int(ends[0].status), int(StopReason::diverged));
  EXPECT_EQ(ends[0].steps, 0);
  expectBatchMatchesTrace(job, {}, "log(x)", 2);
}

TEST(BatchDescent, PerLaneHyperparametersMatchTheirOwnTraces) {
  // A phase map's lanes: lr and a beta (or momentum) differ per lane, so the pow() terms do too.
  const Surface surface = Surface::fromCatalog("himmelblau");
  struct Axis {
    OptimizerKind kind;
    NumericHyperparameter first, second;
    double firstFrom, firstTo, secondFrom, secondTo;
  };
  const Axis axes[] = {
      {OptimizerKind::sgd, NumericHyperparameter::lr, NumericHyperparameter::momentum, 1e-4, 0.02, 0, 0.99},
      {OptimizerKind::adam, NumericHyperparameter::lr, NumericHyperparameter::beta1, 1e-3, 0.5, 0, 0.99},
      {OptimizerKind::nadam, NumericHyperparameter::beta2, NumericHyperparameter::momentumDecay, 0.9, 0.9999, 0, 0.01},
      {OptimizerKind::radam, NumericHyperparameter::beta2, NumericHyperparameter::weightDecay, 0.5, 0.999, 0, 0.1},
      {OptimizerKind::rmsprop, NumericHyperparameter::alpha, NumericHyperparameter::momentum, 0.5, 0.99, 0, 0.9},
      {OptimizerKind::adagrad, NumericHyperparameter::lrDecay, NumericHyperparameter::initialAccumulatorValue, 0, 0.1, 0, 1},
      {OptimizerKind::adadelta, NumericHyperparameter::rho, NumericHyperparameter::eps, 0.5, 0.95, 1e-8, 1e-3},
      {OptimizerKind::adamax, NumericHyperparameter::beta1, NumericHyperparameter::beta2, 0, 0.95, 0.5, 0.999},
      {OptimizerKind::adamw, NumericHyperparameter::weightDecay, NumericHyperparameter::beta2, 0, 0.5, 0.9, 0.999},
  };
  for (const Axis& axis : axes) {
    RunSpec run;
    run.optimizer = OptimizerConfig::defaultsFor(axis.kind);
    run.optimizer.lr = axis.kind == OptimizerKind::sgd ? 1e-3 : 0.05;
    run.iterations = 120;
    BatchJob job;
    job.surface = surface;
    job.run = run;
    LaneHyperparameter first{axis.first, {}}, second{axis.second, {}};
    constexpr int kSide = 11;
    for (int j = 0; j < kSide; ++j)
      for (int i = 0; i < kSide; ++i) {
        job.startX.push_back(-1 + 0.3 * i);
        job.startY.push_back(2 - 0.2 * j);
        first.values.push_back(axis.firstFrom + (axis.firstTo - axis.firstFrom) * i / (kSide - 1));
        second.values.push_back(axis.secondFrom + (axis.secondTo - axis.secondFrom) * j / (kSide - 1));
      }
    job.perLane = {first, second};
    for (SimdPath path : supportedSimdPaths())
      expectBatchMatchesTrace(job, {2, path}, std::string(optimizerName(axis.kind)) + " " + std::string(simdPathName(path)), 40);
  }
}

TEST(BatchDescent, ThreadCountsAndPathsGiveTheSameBits) {
  const Surface surface = Surface::fromCatalog("rastrigin");
  RunSpec run;
  run.optimizer = OptimizerConfig::defaultsFor(OptimizerKind::adam);
  run.optimizer.lr = 0.05;
  run.iterations = 80;
  const BatchJob job = randomJob(surface, surface.defaultDomain(), run, 777, 5);
  const std::vector<LaneEnd> reference = runBatch(job, {1, SimdPath::sse2});
  for (unsigned threads : {2u, 3u, 8u})
    for (SimdPath path : supportedSimdPaths()) {
      const std::vector<LaneEnd> ends = runBatch(job, {threads, path});
      for (std::size_t lane = 0; lane < ends.size(); ++lane)
        expectSameEnd(ends[lane], reference[lane], std::to_string(threads) + " threads, lane " + std::to_string(lane));
    }
}

TEST(BatchDescent, RejectsArraysOfDifferentLengths) {
  BatchJob job;
  job.startX = {0, 1};
  job.startY = {0};
  EXPECT_THROW(runBatch(job), Error);
}

}  // namespace
}  // namespace gradscape::core
