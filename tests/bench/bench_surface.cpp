// Value+gradient evaluations per second: catalog surfaces (hand-written) and expressions (compiled program).
#include <benchmark/benchmark.h>

#include <array>
#include <string>

#include "core/surface.hpp"

namespace gradscape::core {
namespace {

// Points spread over [-3, 3]^2 (libm's cost depends on the argument), visited in a chain: each point is
// nudged by the previous gradient, as in descent, so this measures the latency a descent step pays rather
// than the throughput of independent evaluations.
void evaluateInChain(benchmark::State& state, const Surface& surface) {
  constexpr int kPoints = 64;
  std::array<std::array<double, 2>, kPoints> points;
  for (int i = 0; i < kPoints; ++i) points[i] = {-3 + 6 * ((i * 37) % kPoints) / double(kPoints), -3 + 6 * i / double(kPoints)};
  surface.visit([&](auto evaluate) {
    ValueAndGradient result{};
    int k = 0;
    for (auto _ : state) {
      const auto& point = points[k];
      k = (k + 1) % kPoints;
      result = evaluate(point[0] + 1e-12 * result.dx, point[1] + 1e-12 * result.dy + 1e-15 * result.value);
    }
    benchmark::DoNotOptimize(result);
  });
  state.SetItemsProcessed(state.iterations());
}

void Catalog(benchmark::State& state, const char* name) { evaluateInChain(state, Surface::fromCatalog(name)); }

void Expression(benchmark::State& state, const char* source) {
  evaluateInChain(state, Surface::fromExpression(source));
}

// The same formulas as the catalog, through the expression compiler, for comparison.
void CatalogFormulaAsExpression(benchmark::State& state, const char* name) {
  evaluateInChain(state, Surface::fromExpression(findCatalogEntry(name)->formula));
}

BENCHMARK_CAPTURE(Catalog, saddle, "saddle");
BENCHMARK_CAPTURE(Catalog, rosenbrock, "rosenbrock");
BENCHMARK_CAPTURE(Catalog, beale, "beale");
BENCHMARK_CAPTURE(Catalog, rastrigin, "rastrigin");
BENCHMARK_CAPTURE(Catalog, ackley, "ackley");
BENCHMARK_CAPTURE(Catalog, goldstein_price, "goldstein_price");
BENCHMARK_CAPTURE(Catalog, styblinski_tang, "styblinski_tang");

BENCHMARK_CAPTURE(Expression, sin_cos_plus_square, "sin(x)*cos(y)+x^2");
BENCHMARK_CAPTURE(Expression, product, "x*y");
BENCHMARK_CAPTURE(Expression, gaussian_ripple, "exp(-(x^2 + y^2)) * sin(3*x)");
BENCHMARK_CAPTURE(Expression, powers_and_roots, "sqrt(x^2 + y^2 + 1) + abs(x)^1.5 - 2^y");

BENCHMARK_CAPTURE(CatalogFormulaAsExpression, saddle, "saddle");
BENCHMARK_CAPTURE(CatalogFormulaAsExpression, rosenbrock, "rosenbrock");
BENCHMARK_CAPTURE(CatalogFormulaAsExpression, ackley, "ackley");
BENCHMARK_CAPTURE(CatalogFormulaAsExpression, goldstein_price, "goldstein_price");

}  // namespace
}  // namespace gradscape::core
