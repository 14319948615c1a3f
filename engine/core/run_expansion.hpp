// Sweeps and ensembles: one run of a scene file that stands for many (spec: docs/scene-format.md,
// "Sweeps", "Ensembles"). Scene loading expands them; the expanded runs are what trace, export and the
// viewer see, numbered in file order (a run's members, then the next run's).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/scene.hpp"

namespace gradscape::core {

// "sweep": {"param": ..., "from": a, "to": b, "count": K, "scale": "linear" | "log"}
struct SweepSpec {
  std::string param;  // a numeric hyperparameter ("lr", "beta1", ...), "start.x", "start.y" or "noise.sigma"
  double from = 0, to = 0;
  std::int64_t count = 2;
  bool logScale = false;
  friend bool operator==(const SweepSpec&, const SweepSpec&) = default;
};

// "ensemble": {"count": N, "spread": r, "seed": n} or {"count": N, "grid": true}
struct EnsembleSpec {
  std::int64_t count = 1;
  double spread = 0;
  std::uint64_t seed = 0;
  bool grid = false;
  friend bool operator==(const EnsembleSpec&, const EnsembleSpec&) = default;
};

// One run as written in the file, with the sweep or ensemble that expands it.
struct RunGroup {
  RunSpec source;
  std::optional<SweepSpec> sweep;
  std::optional<EnsembleSpec> ensemble;
};

// Limits (docs/scene-format.md, "Limits"): runs and sweep members count toward kMaxRuns together;
// ensemble particles have their own budget.
inline constexpr std::int64_t kMaxSweepCount = static_cast<std::int64_t>(kMaxRuns);
inline constexpr std::int64_t kMaxParticles = 100'000;

// The names a sweep's "param" accepts for this optimizer, comma separated, for messages.
std::string sweepParameterNames(OptimizerKind kind);
// Throws Error("...") when `param` is not one `kind` has.
void checkSweepParameter(std::string_view param, OptimizerKind kind);
// Member m of K: linear from + (to - from) * m / (K - 1); log from * (to / from)^(m / (K - 1));
// exactly `from` and `to` at the ends.
double sweepValue(const SweepSpec& sweep, std::int64_t member);
void setSweptValue(RunSpec& run, std::string_view param, double value);

// Particle starts: Gaussian around the start (particle m: start + spread * normalPair(seed, m, 0)), or
// the first N vertices, row-major, of a ceil(sqrt(N))-per-side grid over the domain
// (x_i = x0 + i (x1 - x0) / (n - 1); one vertex is the domain's centre).
std::array<double, 2> particleStart(const EnsembleSpec& ensemble, const std::array<double, 2>& start, const Domain& domain,
                                    std::int64_t particle);

// The expanded runs of a group; `sourceIndex` is the run's index in the file (its default colour and marker).
// Throws Error("...") naming the member when one is invalid (e.g. "lr = -1: lr: must be >= 0").
std::vector<RunSpec> expandRunGroup(const std::shared_ptr<const RunGroup>& group, std::size_t sourceIndex, const Domain& domain);

// matplotlib's viridis at t in [0, 1] (33 samples, linear in between: within 3/255 of matplotlib's table).
Rgb viridis(double t);

}  // namespace gradscape::core
