// Sweep and ensemble rows of the legend and the sweep's viridis bar.
#include "render/sweep_legend.hpp"

#include <algorithm>
#include <cmath>

#include "core/run_expansion.hpp"
#include "core/ticks.hpp"
#include "render/camera.hpp"
#include "render/color_bar.hpp"
#include "render/flat_mesh.hpp"

namespace gradscape::render {

std::optional<SweepKey> sweepKeyOf(const core::RunGroup& group) {
  if (!group.sweep) return std::nullopt;
  const core::SweepSpec& sweep = *group.sweep;
  return SweepKey{sweep.param, sweep.from, sweep.to, sweep.logScale, sweep.count};
}

std::string groupLegendLabel(const core::RunGroup& group) {
  const core::RunSpec& source = group.source;
  if (group.sweep)
    return (source.label ? *source.label + ", " : std::string()) + group.sweep->param + " sweep (" +
           std::to_string(group.sweep->count) + " runs)";
  const std::int64_t count = group.ensemble ? group.ensemble->count : 1;
  return (source.label ? *source.label : core::defaultLabel(source)) + " (" + std::to_string(count) + " particles)";
}

double sweepPosition(const SweepKey& key, double value) {
  if (key.from == key.to) return 0;
  if (key.log) return std::log(value / key.from) / std::log(key.to / key.from);
  return (value - key.from) / (key.to - key.from);
}

std::vector<double> sweepTicks(const SweepKey& key, int bins) {
  const double low = std::min(key.from, key.to), high = std::max(key.from, key.to);
  std::vector<double> ticks;
  if (key.log) {
    for (int k = static_cast<int>(std::ceil(std::log10(low) - 1e-9)); k <= static_cast<int>(std::floor(std::log10(high) + 1e-9)); ++k)
      ticks.push_back(std::pow(10.0, k));
    if (ticks.empty()) ticks = {low, high};
  } else {
    for (const double tick : core::autoTicks(low, high, bins).values)
      if (tick >= low - 1e-12 * (high - low) && tick <= high + 1e-12 * (high - low)) ticks.push_back(tick);
  }
  return ticks;
}

std::array<double, 4> sweepBarRect(double textLeft, double textBottom, float fontPixels, std::size_t index) {
  const double em = fontPixels;
  // Each further bar sits right of the previous one's labels (about six characters).
  return {textLeft + 0.3 * em + static_cast<double>(index) * 6 * em, textBottom + 1.6 * em, 0.9 * em, 7 * em};
}

void addSweepBar(const std::array<double, 4>& bar, const SweepKey& key, float fontPixels, const ViewProjection& view,
                 FlatMesh& mesh) {
  const auto [left, top, width, height] = bar;
  const double right = left + width, bottom = top + height;
  const auto yOf = [&](double position) { return bottom - position * height; };
  // A white backing (alpha 0.8, as the legend's frame) keeps the labels readable over the surface.
  const double em = fontPixels;
  mesh.addRect(left - 0.3 * em, top - 1.5 * em, right + 4.6 * em, bottom + 0.6 * em, {255, 255, 255, 204});
  // One band a member, centred on its value's position: the colours the runs are drawn in.
  const std::int64_t count = std::max<std::int64_t>(1, key.count);
  for (std::int64_t m = 0; m < count; ++m) {
    const double t = count == 1 ? 0.0 : static_cast<double>(m) / static_cast<double>(count - 1);
    const double half = count == 1 ? 0.5 : 0.5 / static_cast<double>(count - 1);
    const core::Rgb rgb = core::viridis(t);
    mesh.addRect(left, yOf(std::min(1.0, t + half)), right, yOf(std::max(0.0, t - half)), {rgb.r, rgb.g, rgb.b, 255});
  }
  const std::array<std::uint8_t, 4> black{0, 0, 0, 255};
  const double line = std::max(1.0, view.pointsToPixels(0.8));
  mesh.addLine({left, top}, {right, top}, line, black, line / 2);
  mesh.addLine({left, bottom}, {right, bottom}, line, black, line / 2);
  mesh.addLine({left, top}, {left, bottom}, line, black, line / 2);
  mesh.addLine({right, top}, {right, bottom}, line, black, line / 2);
  const double tick = 0.3 * fontPixels;
  for (const double value : sweepTicks(key, 4)) {
    const double y = yOf(sweepPosition(key, value));
    if (!(y >= top - 0.5 && y <= bottom + 0.5)) continue;
    mesh.addLine({right, y}, {right + tick, y}, line, black);
    mesh.labels.push_back({colorBarNumber(value), glm::vec2(static_cast<float>(right + 1.6 * tick), static_cast<float>(y)),
                           fontPixels, HAlign::left, VAlign::center});
  }
  mesh.labels.push_back({key.param + (key.log ? " (log)" : ""),
                         glm::vec2(static_cast<float>(left), static_cast<float>(top - 0.35 * fontPixels)), fontPixels,
                         HAlign::left, VAlign::bottom});
}

}  // namespace gradscape::render
