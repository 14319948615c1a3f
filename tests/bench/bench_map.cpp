// Map speed: the batch core on the issue's workloads (256² starts × 200 adam steps on Rosenbrock; a 128²
// phase map × 500 steps), per SIMD path and thread count, and what libm surfaces and expressions cost.
#include <benchmark/benchmark.h>

#include <string>

#include "core/batch_descent.hpp"
#include "core/descent_map.hpp"

namespace {

using namespace gradscape::core;

Scene sceneOf(const std::string& json) { return parseScene(json, "bench"); }

// 256 x 256 starts over the domain, every lane 200 steps (no tolerance: nothing stops early).
BatchJob basinJob(const Scene& scene, int grid) {
  BatchJob job;
  job.surface = scene.surface.surface;
  job.run = scene.runs[0];
  const Domain d = scene.surface.domain();
  for (int j = 0; j < grid; ++j)
    for (int i = 0; i < grid; ++i) {
      job.startX.push_back(d.xMin + i * (d.xMax - d.xMin) / (grid - 1));
      job.startY.push_back(d.yMin + j * (d.yMax - d.yMin) / (grid - 1));
    }
  return job;
}

void runJob(benchmark::State& state, const BatchJob& job, const BatchOptions& options) {
  for (auto _ : state) {
    auto ends = runBatch(job, options);
    benchmark::DoNotOptimize(ends.data());
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(job.startX.size()) * job.run.iterations);
}

constexpr const char* kAdamRosenbrock =
    R"({"surface": "rosenbrock", "runs": [{"start": [-1.5, 2], "optimizer": {"name": "adam", "lr": 0.01}, "iterations": 200}]})";

// Arguments: threads, SIMD path (SimdPath's value: 1 sse2, 2 avx2, 3 avx512).
void BM_BasinAdamRosenbrock256(benchmark::State& state) {
  const BatchJob job = basinJob(sceneOf(kAdamRosenbrock), 256);
  const auto path = static_cast<SimdPath>(state.range(1));
  if (!simdPathSupported(path)) {
    state.SkipWithError("this CPU has no such SIMD path");
    return;
  }
  runJob(state, job, {unsigned(state.range(0)), path});
}
BENCHMARK(BM_BasinAdamRosenbrock256)->ArgsProduct({{1, 2}, {1, 2, 3}})->ArgNames({"threads", "simd"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole map as `gradscape map` computes it (grid, batch, attractors), automatic SIMD, every core.
void BM_BasinMapAdamRosenbrock256(benchmark::State& state) {
  const Scene scene = sceneOf(kAdamRosenbrock);
  MapSpec spec;
  spec.grid = 256;
  for (auto _ : state) benchmark::DoNotOptimize(computeMap(scene, spec).cells.data());
}
BENCHMARK(BM_BasinMapAdamRosenbrock256)->Unit(benchmark::kMillisecond)->UseRealTime();

// A 128 x 128 phase map of one 500-step run from (-1.5, 2) on Rosenbrock.
void runPhaseMap(benchmark::State& state, const char* optimizer, PhaseAxis x, PhaseAxis y) {
  const Scene scene = sceneOf(std::string(R"({"surface": "rosenbrock", "runs": [{"start": [-1.5, 2], "optimizer": {"name": ")") +
                              optimizer + R"("}, "iterations": 500}]})");
  MapSpec spec;
  spec.kind = MapKind::phase;
  spec.grid = 128;
  spec.xAxis = x;
  spec.yAxis = y;
  for (auto _ : state) benchmark::DoNotOptimize(computeMap(scene, spec).cells.data());
}

// The issue's phase map: lr 1e-4..1 (log) x momentum 0..0.99 for sgd.
void BM_PhaseSgdRosenbrock128(benchmark::State& state) {
  runPhaseMap(state, "sgd", {NumericHyperparameter::lr, 1e-4, 1, AxisScale::log},
              {NumericHyperparameter::momentum, 0, 0.99, AxisScale::linear});
}
BENCHMARK(BM_PhaseSgdRosenbrock128)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same size with beta1 x lr for adam: every lane has its own bias corrections (two pow() a step).
void BM_PhaseAdamBetaRosenbrock128(benchmark::State& state) {
  runPhaseMap(state, "adam", {NumericHyperparameter::beta1, 0, 0.99, AxisScale::linear},
              {NumericHyperparameter::lr, 1e-4, 1, AxisScale::log});
}
BENCHMARK(BM_PhaseAdamBetaRosenbrock128)->Unit(benchmark::kMillisecond)->UseRealTime();

// Surfaces with sin/cos/exp keep glibc's scalar functions lane by lane; expressions run the evaluator per lane.
void BM_BasinAdamRastrigin256(benchmark::State& state) {
  const BatchJob job = basinJob(sceneOf(
      R"({"surface": "rastrigin", "runs": [{"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.01}, "iterations": 200}]})"), 256);
  runJob(state, job, {});
}
BENCHMARK(BM_BasinAdamRastrigin256)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BasinAdamAckley256(benchmark::State& state) {
  const BatchJob job = basinJob(sceneOf(
      R"({"surface": "ackley", "runs": [{"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.01}, "iterations": 200}]})"), 256);
  runJob(state, job, {});
}
BENCHMARK(BM_BasinAdamAckley256)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BasinAdamRosenbrockExpression256(benchmark::State& state) {
  const BatchJob job = basinJob(sceneOf(
      R"({"surface": {"expression": "(1-x)^2 + 100*(y-x^2)^2", "x": [-2, 2], "y": [-1, 3]}, "runs": [{"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.01}, "iterations": 200}]})"), 256);
  runJob(state, job, {});
}
BENCHMARK(BM_BasinAdamRosenbrockExpression256)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
