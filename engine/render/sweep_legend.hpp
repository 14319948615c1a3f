// Sweeps and ensembles in the legend: one row a group instead of one a run, and for a sweep a colour bar
// of the swept parameter (its name, and its values on a linear or log axis) in the viridis colours its
// runs are drawn in (core/run_expansion.hpp), placed below the legend's text.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/scene.hpp"

namespace gradscape::render {

struct FlatMesh;
class ViewProjection;

// What a sweep's bar shows.
struct SweepKey {
  std::string param;
  double from = 0, to = 0;
  bool log = false;
  std::int64_t count = 2;
  friend bool operator==(const SweepKey&, const SweepKey&) = default;
};

// The sweep of `group`, if it is one.
std::optional<SweepKey> sweepKeyOf(const core::RunGroup& group);
// A group's legend row: "<label>, lr sweep (9 runs)" / "<label> (1000 particles)"; the label is the run's
// own or the scene format's default for its start.
std::string groupLegendLabel(const core::RunGroup& group);

// 0 at `from`, 1 at `to` (log: in log of the values), as member m sits at m / (K - 1).
double sweepPosition(const SweepKey& key, double value);
// Tick values inside [from, to]: linear ticks as the axes choose them; log: the decades (the ends
// when no decade falls inside).
std::vector<double> sweepTicks(const SweepKey& key, int bins);

// The bar of the `index`-th sweep row (pixels, top-left origin: x, y, width, height) for a legend whose
// text ends at `textLeft`, `textBottom`, at `fontPixels`: a column 0.9 em wide and 7 em tall starting
// 1.6 em below the text (room for the parameter's name), bars of further sweeps side by side.
std::array<double, 4> sweepBarRect(double textLeft, double textBottom, float fontPixels, std::size_t index);

// Adds a white backing, the bar (one band a member, member 0 at the bottom, in its run's colour), its outline, ticks,
// tick labels and the parameter's name above it to `mesh`.
void addSweepBar(const std::array<double, 4>& bar, const SweepKey& key, float fontPixels, const ViewProjection& view,
                 FlatMesh& mesh);

}  // namespace gradscape::render
