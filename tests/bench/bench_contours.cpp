// Contours of a 1024^2 grid rebuilt after an edit (issue 15: <= 20 ms for a catalog surface): sampling the
// grid, the core's lines and polygon bands at the colour scale's levels, apart and together, and what the
// 2-D pane builds after an edit (render::buildPlanContours: lines refined onto f == level for catalog
// surfaces, the GPU fill's float grid; the bands are drawn by the GPU, not built).
#include <benchmark/benchmark.h>

#include <algorithm>

#include "core/color_scale.hpp"
#include "core/contours.hpp"
#include "process_tuning.hpp"
#include "render/plan_view.hpp"

namespace gradscape::core {
namespace {

constexpr int kSide = 1024;

std::vector<double> levelsOf(const ScalarGrid& grid, ColorScaleKind kind) {
  const auto [low, high] = std::minmax_element(grid.values.begin(), grid.values.end());
  return ColorScale(kind, *low, *high).contourLevels();
}

void SampleGrid(benchmark::State& state, const char* name, int threads) {
  const Surface surface = Surface::fromCatalog(name);
  for (auto _ : state) benchmark::DoNotOptimize(sampleGrid(surface, surface.defaultDomain(), kSide, kSide, threads));
}

void BuildContours(benchmark::State& state, const char* name, ColorScaleKind kind, bool refine) {
  const Surface surface = Surface::fromCatalog(name);
  const ScalarGrid grid = sampleGrid(surface, surface.defaultDomain(), kSide, kSide, 2);
  const std::vector<double> levels = levelsOf(grid, kind);
  for (auto _ : state) benchmark::DoNotOptimize(buildContours(grid, levels, refine ? &surface : nullptr));
}

// What an edit costs end to end: sample, choose levels, build the lines (vertices by linear interpolation).
void RebuildAfterEdit(benchmark::State& state, const char* name, ColorScaleKind kind) {
  const Surface surface = Surface::fromCatalog(name);
  for (auto _ : state) {
    const ScalarGrid grid = sampleGrid(surface, surface.defaultDomain(), kSide, kSide, 2);
    benchmark::DoNotOptimize(buildContours(grid, levelsOf(grid, kind), nullptr));
  }
}

// What the viewer's 2-D pane computes in the background after an edit, with render.grid 1024, in a process
// tuned as `gradscape view` is (app::keepFreedMemoryForReuse).
void PlanPaneAfterEdit(benchmark::State& state, const char* name, ColorScaleKind kind) {
  static const bool tuned = (app::keepFreedMemoryForReuse(), true);
  (void)tuned;
  SurfaceSpec spec;
  spec.surface = Surface::fromCatalog(name);
  RenderSpec render;
  render.gridResolution = kSide;
  render.display.colorScale = kind;
  const ScalarGrid grid = sampleGrid(spec.surface, spec.domain(), kSide, kSide, 2);
  const auto [low, high] = std::minmax_element(grid.values.begin(), grid.values.end());
  const Domain domain = spec.domain();
  const render::DataBox box{{domain.xMin, domain.xMax}, {domain.yMin, domain.yMax}, {*low, *high}};
  for (auto _ : state) benchmark::DoNotOptimize(render::buildPlanContours(spec, render, box, domain));
}

BENCHMARK_CAPTURE(SampleGrid, rosenbrock_1thread, "rosenbrock", 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SampleGrid, rosenbrock_2threads, "rosenbrock", 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SampleGrid, rastrigin_2threads, "rastrigin", 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BuildContours, rosenbrock_log_linear_vertices, "rosenbrock", ColorScaleKind::log, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BuildContours, rosenbrock_log_refined, "rosenbrock", ColorScaleKind::log, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BuildContours, rastrigin_linear_linear_vertices, "rastrigin", ColorScaleKind::linear, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BuildContours, rastrigin_linear_refined, "rastrigin", ColorScaleKind::linear, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(RebuildAfterEdit, rosenbrock_log, "rosenbrock", ColorScaleKind::log)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(RebuildAfterEdit, rastrigin_linear, "rastrigin", ColorScaleKind::linear)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(RebuildAfterEdit, himmelblau_linear, "himmelblau", ColorScaleKind::linear)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(PlanPaneAfterEdit, rosenbrock_log, "rosenbrock", ColorScaleKind::log)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(PlanPaneAfterEdit, rastrigin_linear, "rastrigin", ColorScaleKind::linear)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(PlanPaneAfterEdit, himmelblau_linear, "himmelblau", ColorScaleKind::linear)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gradscape::core
