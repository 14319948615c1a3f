// The colour bar (see color_bar.hpp).
#include "render/color_bar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "core/ticks.hpp"
#include "render/colormap.hpp"

namespace gradscape::render {

namespace {

// matplotlib's rcParams for a colour bar's axis (the ytick.* defaults) and its outline (axes.linewidth).
constexpr double kTickLengthPoints = 3.5, kTickWidthPoints = 0.8, kTickPadPoints = 3.5;
constexpr double kLabelPoints = 10, kOutlinePoints = 0.8;
constexpr int kSmoothSteps = 256;  // one rectangle per colour map entry

std::array<std::uint8_t, 4> mapColor(double normalised) {
  const core::Rgb rgb = coolwarmRgb8(normalised);
  return {rgb.r, rgb.g, rgb.b, 255};
}

// "1e−05" rather than "1e-05": a short %g with matplotlib's minus sign and no padded exponent.
std::string compactLabel(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  std::string text = buffer;
  for (const char* padded : {"e-0", "e+0"}) {
    const auto at = text.find(padded);
    if (at != std::string::npos) text.replace(at, 3, padded[1] == '-' ? "e-" : "e");
  }
  const auto plus = text.find("e+");
  if (plus != std::string::npos) text.erase(plus + 1, 1);
  std::string out;
  for (char c : text) out += c == '-' ? std::string("\u2212") : std::string(1, c);
  return out;
}

std::vector<std::string> tickLabels(const core::ColorScale& scale, std::span<const double> ticks) {
  if (scale.kind() == core::ColorScaleKind::linear && ticks.size() >= 2) {
    const core::AxisTicks formatted = core::formatTicks(std::vector<double>(ticks.begin(), ticks.end()), ticks.front(), ticks.back());
    if (formatted.labels.size() == ticks.size() && formatted.offsetText.empty()) return formatted.labels;
  }
  std::vector<std::string> labels;
  for (double tick : ticks) labels.push_back(compactLabel(tick));
  return labels;
}

}  // namespace

core::ColorScale colorScaleFor(const core::RenderSpec& render, const DataBox& box) {
  const std::array<double, 2> range = render.colorRange ? *render.colorRange : box.z;
  return core::ColorScale(render.display.colorScale, range[0], range[1], render.display.symlogThreshold);
}

std::array<double, 4> colorBarBesideCube(const ViewProjection& view) {
  const auto [left, top, side, unused] = view.axesRect();
  const double height = 0.6 * side, width = height / kColorBarAspect;
  // Left of the square: its right holds the z axis's tick labels (outside the square), its left only the
  // legend, above the bar. Room for labels of about four digits of 10 pt between bar and square.
  const double labels = view.pointsToPixels(kTickLengthPoints + kTickPadPoints) + 2.6 * view.pointsToPixels(kLabelPoints);
  const double x = std::max(view.pointsToPixels(8), left - view.pointsToPixels(8) - labels - width);
  return {x, top + 0.2 * side, width, height};
}

void ColorBarPainter::draw(const ViewProjection& view, const std::array<double, 4>& bar, const core::ColorScale& scale,
                           std::span<const double> levels) {
  mesh_.clear();
  addColorBar(bar, scale, levels, view, mesh_);
  painter_.upload(mesh_);
  glDisable(GL_DEPTH_TEST);
  glDepthMask(GL_FALSE);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  const glm::vec2 size(view.viewport().width, view.viewport().height);
  painter_.draw(size);
  mesh_.queueLabels(text_);
  text_.draw(size);
  glDepthMask(GL_TRUE);
}

std::string colorBarNumber(double value) { return compactLabel(value); }

std::string colorBarLabel(const core::ColorScale& scale, std::span<const double> levels, double value) {
  const std::vector<std::string> labels = tickLabels(scale, levels);
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i] == value) return labels[i];
  return compactLabel(value);
}

std::array<std::uint8_t, 4> bandColor(const core::ColorScale& scale, double low, double high) {
  return mapColor(0.5 * (scale.normalize(low) + scale.normalize(high)));
}

ColorBarPlacement placeColorBar(const std::array<double, 4>& axes) {
  const auto [left, top, width, height] = axes;
  ColorBarPlacement placement;
  placement.axes = {left, top, width * (1 - kColorBarFraction - kColorBarPad), height};
  const double barWidth = std::min(kColorBarFraction * width, height / kColorBarAspect);
  placement.bar = {left + width * (1 - kColorBarFraction), top, barWidth, height};
  return placement;
}

void addColorBar(const std::array<double, 4>& bar, const core::ColorScale& scale, std::span<const double> levels,
                 const ViewProjection& view, FlatMesh& mesh) {
  const auto [left, top, width, height] = bar;
  const double right = left + width, bottom = top + height;
  // The bar's axis runs in the scale's normalised space, from the first level (or vmin) up.
  const bool banded = levels.size() >= 2;
  const double low = banded ? scale.normalize(levels.front()) : 0.0;
  const double high = banded ? scale.normalize(levels.back()) : 1.0;
  const double span = high > low ? high - low : 1.0;
  const auto yOf = [&](double normalised) { return bottom - (normalised - low) / span * height; };

  if (banded) {
    for (std::size_t k = 0; k + 1 < levels.size(); ++k)
      mesh.addRect(left, yOf(scale.normalize(levels[k + 1])), right, yOf(scale.normalize(levels[k])),
                   bandColor(scale, levels[k], levels[k + 1]));
  } else {
    for (int step = 0; step < kSmoothSteps; ++step) {
      const double from = static_cast<double>(step) / kSmoothSteps, to = static_cast<double>(step + 1) / kSmoothSteps;
      mesh.addRect(left, yOf(to), right, yOf(from), mapColor((step + 0.5) / kSmoothSteps));
    }
  }

  std::vector<double> ticks;
  if (banded) {
    ticks.assign(levels.begin(), levels.end());
  } else if (scale.kind() == core::ColorScaleKind::linear) {
    const int bins = core::autoTickBins(height / view.pointsToPixels(1), kLabelPoints * 2.0 / 3.0);
    ticks = core::autoTicks(scale.vmin(), scale.vmax(), bins).values;
  } else {
    for (double level : scale.contourLevels())
      if (level >= scale.vmin() && level <= scale.vmax()) ticks.push_back(level);
  }
  const std::vector<std::string> labels = tickLabels(scale, ticks);
  const std::array<std::uint8_t, 4> black{0, 0, 0, 255};
  const double tickLength = view.pointsToPixels(kTickLengthPoints), tickWidth = view.pointsToPixels(kTickWidthPoints);
  const float labelPixels = static_cast<float>(view.pointsToPixels(kLabelPoints));
  // Ticks go up from vmin; a label that would overlap the one below it is left out (its tick stays): a
  // shifted log scale puts its lowest level, the minimum, just under the next decade.
  double lastLabelY = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    const double y = yOf(scale.normalize(ticks[i]));
    if (!(y >= top - 0.5 && y <= bottom + 0.5)) continue;
    mesh.addLine({right, y}, {right + tickLength, y}, tickWidth, black);
    if (lastLabelY - y < 1.1 * labelPixels) continue;
    lastLabelY = y;
    mesh.labels.push_back({labels[i],
                           glm::vec2(static_cast<float>(right + tickLength + view.pointsToPixels(kTickPadPoints)),
                                     static_cast<float>(y)),
                           labelPixels, HAlign::left, VAlign::center});
  }
  const double outline = view.pointsToPixels(kOutlinePoints);
  mesh.addLine({left, top}, {right, top}, outline, black, outline / 2);
  mesh.addLine({left, bottom}, {right, bottom}, outline, black, outline / 2);
  mesh.addLine({left, top}, {left, bottom}, outline, black, outline / 2);
  mesh.addLine({right, top}, {right, bottom}, outline, black, outline / 2);
}

}  // namespace gradscape::render
