// Maps of many runs at once (`gradscape map`): basin, loss and steps maps over a grid of starts, and phase
// maps over a grid of two hyperparameters, computed by the batch core.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/batch_descent.hpp"
#include "core/scene.hpp"

namespace gradscape::core {

enum class MapKind { basin, loss, steps, phase };
// "basin", "loss", "steps", "phase"
std::string_view mapKindName(MapKind kind);
std::optional<MapKind> parseMapKind(std::string_view name);

// Grid vertices per side: 2..kMaxMapGrid (a million cells, about 100 MB of CSV at most).
inline constexpr int kDefaultMapGrid = 256;
inline constexpr int kMaxMapGrid = 1024;
// End points closer than this fraction of the domain's diagonal to an attractor's first end point belong to it.
inline constexpr double kAttractorTolerance = 1e-3;

enum class AxisScale { linear, log };

// A phase map axis: `lr:1e-4:1:log`. Values from..to over the grid's vertices, both ends included.
struct PhaseAxis {
  NumericHyperparameter which = NumericHyperparameter::lr;  // unless noiseSigma
  double from = 0, to = 1;
  AxisScale scale = AxisScale::linear;
  bool noiseSigma = false;  // the run's noise.sigma (each cell still draws from its own stream)
  // The i-th of `count` values: from + i·(to − from)/(count − 1) as the domain's vertices, or on a log axis
  // exp(log from + i·(log to − log from)/(count − 1)) with both ends exactly `from` and `to`.
  double value(int i, int count) const;
  // "lr", "beta1", "noise.sigma": as the command line names it.
  std::string name() const;
};

// A phase axis as the command line and Python spell it: NAME:FROM:TO:linear|log, like lr:1e-4:1:log. Throws
// gradscape::Error saying what is wrong, without naming the argument (the caller prefixes it): "expected
// NAME:FROM:TO:linear|log, like lr:1e-4:1:log", "unknown hyperparameter 'betas' (expected lr, ...)",
// "FROM and TO must be finite numbers", "the scale must be linear or log, not 'ln'", "a log axis needs positive ends".
PhaseAxis parsePhaseAxis(std::string_view text);

struct MapSpec {
  MapKind kind = MapKind::basin;
  int grid = kDefaultMapGrid;
  std::size_t runIndex = 0;
  std::optional<PhaseAxis> xAxis, yAxis;  // phase only
};

struct MapCell {
  double x = 0, y = 0;  // the start, or for phase maps the two hyperparameter values
  LaneEnd end;
  int attractor = -1;   // basin maps: the attractor index; -1 when diverged (and in other kinds)
};

struct DescentMap {
  MapSpec spec;
  Domain domain;                 // the scene's domain (basin, loss, steps)
  std::vector<MapCell> cells;    // grid × grid, row-major: j (y) outer, i (x) inner
  std::vector<std::array<double, 2>> attractors;  // basin maps: each attractor's first end point
  const MapCell& at(int i, int j) const { return cells[std::size_t(j) * std::size_t(spec.grid) + std::size_t(i)]; }
};

// How the caller spells the map's run and axes in messages: the command line's flags, or Python's keywords.
struct MapArgumentNames {
  std::string run = "--run", x = "--x", y = "--y";
};

// Throws gradscape::Error (exit status 1) naming the argument when the scene cannot make this map:
// "--run 3: the scene has 2 runs (0..1)", "--x momentum: adam has no hyperparameter 'momentum' (...)",
// "--x lr = 1e-04, --y beta2 = 1: betas[1]: must be in [0, 1) (got 1)".
void checkMapSpec(const Scene& scene, const MapSpec& spec, const MapArgumentNames& names = {});

// Checks, then runs every cell. Every cell's end is the end `gradscape trace` gives for that start
// (and hyperparameters), bit for bit. Throws BatchInterrupted when options.interrupted says so.
DescentMap computeMap(const Scene& scene, const MapSpec& spec, const BatchOptions& options = {},
                      const MapArgumentNames& names = {});

}  // namespace gradscape::core
