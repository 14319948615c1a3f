// Descent speed: optimizer steps per second through core::traceRun (surface, gradient, step, finite checks, sink).
#include <benchmark/benchmark.h>

#include <string>

#include "core/optimizer.hpp"
#include "core/scene.hpp"
#include "core/surface.hpp"
#include "core/trace.hpp"

namespace {

using gradscape::core::OptimizerConfig;
using gradscape::core::OptimizerKind;
using gradscape::core::RunSpec;
using gradscape::core::Surface;
using gradscape::core::TracePoint;

// Starts and step sizes that stay finite and away from subnormals for a million steps
// (tests/bench/torch_descent_speed.py times torch on the same runs).
RunSpec makeRun(OptimizerKind kind, std::int64_t iterations) {
  RunSpec run;
  run.start = {-1.5, 2};
  run.optimizer = OptimizerConfig::defaultsFor(kind);
  run.optimizer.lr = kind == OptimizerKind::sgd ? 1e-4 : 1e-3;
  run.iterations = iterations;
  return run;
}

// What a caller does with each point, reduced to what cannot be optimised away.
struct AccumulatingSink {
  double sum = 0;
  void operator()(const TracePoint& point) { sum += point.x + point.y + point.z; }
};

void descendRun(benchmark::State& state, const Surface& surface, const RunSpec& run) {
  std::int64_t steps = 0;
  for (auto _ : state) {
    AccumulatingSink sink;
    const auto outcome = gradscape::core::traceRun(surface, run, sink);
    benchmark::DoNotOptimize(sink.sum);
    steps += outcome.lastIteration;
    if (outcome.reason != gradscape::core::StopReason::iterations) state.SkipWithError("the run did not finish");
  }
  state.SetItemsProcessed(steps);
  state.counters["ns_per_step"] = benchmark::Counter(
      double(steps), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void descend(benchmark::State& state, const Surface& surface, OptimizerKind kind, std::int64_t iterations) {
  descendRun(state, surface, makeRun(kind, iterations));
}

constexpr const char* kRosenbrockExpression = "(1-x)^2 + 100*(y-x^2)^2";
constexpr std::int64_t kLongRun = 1'000'000;
constexpr std::int64_t kArticleRun = 200;  // the article's runs: Adam still computes its bias corrections

void BM_SgdRosenbrockCatalog(benchmark::State& state) {
  descend(state, Surface::fromCatalog("rosenbrock"), OptimizerKind::sgd, kLongRun);
}
void BM_AdamRosenbrockCatalog(benchmark::State& state) {
  descend(state, Surface::fromCatalog("rosenbrock"), OptimizerKind::adam, kLongRun);
}
void BM_SgdRosenbrockExpression(benchmark::State& state) {
  descend(state, Surface::fromExpression(kRosenbrockExpression), OptimizerKind::sgd, kLongRun);
}
void BM_AdamRosenbrockExpression(benchmark::State& state) {
  descend(state, Surface::fromExpression(kRosenbrockExpression), OptimizerKind::adam, kLongRun);
}
void BM_SgdSinCosExpression(benchmark::State& state) {
  descend(state, Surface::fromExpression("sin(x)*cos(y) + 0.1*x^2"), OptimizerKind::sgd, kLongRun);
}
void BM_AdamSinCosExpression(benchmark::State& state) {
  descend(state, Surface::fromExpression("sin(x)*cos(y) + 0.1*x^2"), OptimizerKind::adam, kLongRun);
}
void BM_SgdSaddleArticleRuns(benchmark::State& state) {
  descend(state, Surface::fromCatalog("saddle"), OptimizerKind::sgd, kArticleRun);
}
void BM_AdamRosenbrockArticleRuns(benchmark::State& state) {
  descend(state, Surface::fromCatalog("rosenbrock"), OptimizerKind::adam, kArticleRun);
}

// Noise (a Philox draw and a polar deviate per step) and a schedule (a scheduler step per step).
void BM_SgdRosenbrockNoise(benchmark::State& state) {
  RunSpec run = makeRun(OptimizerKind::sgd, kLongRun);
  run.noise = {0.01, 1, 0};
  descendRun(state, Surface::fromCatalog("rosenbrock"), run);
}
void BM_AdamRosenbrockOneCycle(benchmark::State& state) {
  RunSpec run = makeRun(OptimizerKind::adam, kLongRun);
  run.schedule = gradscape::core::ScheduleSpec::defaultsFor(gradscape::core::ScheduleKind::OneCycleLR);
  run.schedule->maxLr = 1e-3;
  run.schedule->totalSteps = kLongRun;
  descendRun(state, Surface::fromCatalog("rosenbrock"), run);
}

BENCHMARK(BM_SgdRosenbrockCatalog)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AdamRosenbrockCatalog)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SgdRosenbrockExpression)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AdamRosenbrockExpression)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SgdSinCosExpression)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AdamSinCosExpression)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SgdSaddleArticleRuns)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AdamRosenbrockArticleRuns)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SgdRosenbrockNoise)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AdamRosenbrockOneCycle)->Unit(benchmark::kMillisecond);

}  // namespace
