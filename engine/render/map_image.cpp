// Map pictures on the CPU: cell colours, the plot, its end values, a legend or colour bar, text from the
// embedded DejaVu Sans through Font's atlas (see map_image.hpp).
#include "render/map_image.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/color_scale.hpp"
#include "core/number_format.hpp"
#include "render/text.hpp"

namespace gradscape::resources {
std::string_view renderResource(std::string_view name);
}

namespace gradscape::render {
namespace {

using core::Rgb;

constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kWhite{255, 255, 255};
constexpr Rgb kDiverged = kBlack;
constexpr Rgb kTolerance{44, 160, 44};    // tab:green
constexpr Rgb kIterations{31, 119, 180};  // tab:blue
constexpr float kFontPixels = 13;
constexpr int kMarginLeft = 70, kMarginTop = 50, kMarginBottom = 40, kPanelWidth = 190;
constexpr int kLegendRows = 12;  // attractors listed before "+ N more"

double cellValue(const core::MapCell& cell, MapColoring coloring) {
  return coloring == MapColoring::steps ? double(cell.end.steps) : cell.end.loss;
}

double normalised(const core::ColorScale& scale, double value) { return std::clamp(scale.normalize(value), 0.0, 1.0); }

std::string scaleName(const core::ColorScale& scale) {
  std::string name(core::colorScaleName(scale.kind()));
  if (scale.kind() == core::ColorScaleKind::symlog)
    name += ", linear within " + core::formatSignificant(scale.symlogThreshold(), 2) + " of 0";
  return name;
}

Rgb statusColor(core::StopReason status) {
  switch (status) {
    case core::StopReason::tolerance: return kTolerance;
    case core::StopReason::iterations: return kIterations;
    case core::StopReason::diverged: return kDiverged;
  }
  return kDiverged;
}

class Canvas {
 public:
  Canvas(int width, int height) : width_(width), height_(height), rgba_(std::size_t(width) * height * 4, 255) {}

  void fill(int x0, int y0, int x1, int y1, Rgb c) {
    x0 = std::clamp(x0, 0, width_), x1 = std::clamp(x1, 0, width_);
    y0 = std::clamp(y0, 0, height_), y1 = std::clamp(y1, 0, height_);
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) set(x, y, c);
  }
  void frame(int x0, int y0, int x1, int y1, Rgb c) {
    fill(x0 - 1, y0 - 1, x1 + 1, y0, c);
    fill(x0 - 1, y1, x1 + 1, y1 + 1, c);
    fill(x0 - 1, y0, x0, y1, c);
    fill(x1, y0, x1 + 1, y1, c);
  }
  void set(int x, int y, Rgb c) {
    std::uint8_t* p = &rgba_[(std::size_t(y) * width_ + x) * 4];
    p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = 255;
  }
  // Text in black, blended by the glyphs' coverage. The atlas may hold a glyph wider than it lands
  // (horizontal oversampling): each pixel averages the atlas texels it covers.
  void text(const Font& font, const std::string& utf8, float x, float y, HAlign h, VAlign v) {
    const TextLayout layout = font.layout(utf8, {x, y}, h, v);
    const auto atlas = font.atlasPixels();
    const int atlasWidth = font.atlasWidth(), atlasHeight = font.atlasHeight();
    for (const GlyphQuad& q : layout.quads) {
      const int left = int(std::lround(q.x0)), top = int(std::lround(q.y0));
      const int w = int(std::lround(q.x1 - q.x0)), h2 = int(std::lround(q.y1 - q.y0));
      const double u0 = q.u0 * atlasWidth, v0 = q.v0 * atlasHeight;
      const double du = (q.u1 - q.u0) * atlasWidth / std::max(w, 1), dv = (q.v1 - q.v0) * atlasHeight / std::max(h2, 1);
      for (int dy = 0; dy < h2; ++dy)
        for (int dx = 0; dx < w; ++dx) {
          const int px = left + dx, py = top + dy;
          if (px < 0 || py < 0 || px >= width_ || py >= height_) continue;
          const int sx0 = int(u0 + dx * du), sx1 = std::max(sx0 + 1, int(u0 + (dx + 1) * du));
          const int sy = std::min(int(v0 + (dy + 0.5) * dv), atlasHeight - 1);
          int sum = 0;
          for (int sx = sx0; sx < sx1; ++sx) sum += atlas[std::size_t(sy) * atlasWidth + std::min(sx, atlasWidth - 1)];
          const int coverage = sum / (sx1 - sx0);
          std::uint8_t* p = &rgba_[(std::size_t(py) * width_ + px) * 4];
          for (int k = 0; k < 3; ++k) p[k] = std::uint8_t((p[k] * (255 - coverage) + 127) / 255);
        }
    }
  }
  MapPicture take() && {
    MapPicture picture;
    picture.width = width_;
    picture.height = height_;
    picture.rgba = std::move(rgba_);
    return picture;
  }

 private:
  int width_, height_;
  std::vector<std::uint8_t> rgba_;
};

std::string label(double v) { return core::formatSignificant(v, 3); }

}  // namespace

// (map_image.hpp) Losses: log from the smallest positive loss unless some loss is negative, then symlog
// (core::ColorScale's default threshold, 1e-3 of the largest magnitude). A loss of exactly 0 (a cell that
// reached the minimum of x^2 + y^2) is the bottom colour, as anything below vmin is: one zero must not turn the
// whole map into symlog's linear band, where every other cell looks the same. Steps: linear from 0. Diverged
// cells take no part.
core::ColorScale mapColorScale(const core::DescentMap& map, MapColoring coloring) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double low = kInf, high = -kInf, lowestPositive = kInf;
  for (const core::MapCell& cell : map.cells) {
    if (cell.end.status == core::StopReason::diverged) continue;
    const double v = cellValue(cell, coloring);
    if (!std::isfinite(v)) continue;
    low = std::min(low, v);
    high = std::max(high, v);
    if (v > 0) lowestPositive = std::min(lowestPositive, v);
  }
  if (!(low <= high)) low = high = 0;
  if (coloring == MapColoring::steps) return core::ColorScale(core::ColorScaleKind::linear, 0, std::max(high, 1.0));
  if (low < 0) return core::ColorScale(core::ColorScaleKind::symlog, low, high);
  if (lowestPositive < kInf) return core::ColorScale(core::ColorScaleKind::log, lowestPositive, high);
  return core::ColorScale(core::ColorScaleKind::linear, low, high);  // every loss 0 (or no finite loss)
}

std::optional<MapColoring> parsePhaseColoring(std::string_view name) {
  if (name == "loss") return MapColoring::loss;
  if (name == "steps") return MapColoring::steps;
  if (name == "diverged") return MapColoring::status;
  return std::nullopt;
}

MapColoring coloringFor(core::MapKind kind, std::optional<MapColoring> phaseColoring) {
  switch (kind) {
    case core::MapKind::basin: return MapColoring::attractor;
    case core::MapKind::loss: return MapColoring::loss;
    case core::MapKind::steps: return MapColoring::steps;
    case core::MapKind::phase: return phaseColoring.value_or(MapColoring::loss);
  }
  return MapColoring::loss;
}

std::string mapTitle(const core::Scene& scene, const core::MapSpec& spec) {
  const core::RunSpec& run = scene.runs[spec.runIndex];
  return std::string(core::mapKindName(spec.kind)) + " map: " + std::string(core::optimizerName(run.optimizer.kind)) +
         ", lr " + core::formatShortest(run.optimizer.lr) + ", " + std::to_string(run.iterations) + " iterations on " +
         scene.surface.surface.text();
}

Rgb attractorColor(int attractor) {
  static constexpr Rgb kPalette[] = {
      {31, 119, 180},  {255, 127, 14},  {44, 160, 44},   {214, 39, 40},   {148, 103, 189}, {140, 86, 75},
      {227, 119, 194}, {127, 127, 127}, {188, 189, 34},  {23, 190, 207},  {174, 199, 232}, {255, 187, 120},
      {152, 223, 138}, {255, 152, 150}, {197, 176, 213}, {196, 156, 148}, {247, 182, 210}, {199, 199, 199},
      {219, 219, 141}, {158, 218, 229}};
  if (attractor < 0) return kDiverged;
  return kPalette[attractor % int(std::size(kPalette))];
}

Rgb viridis(double t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
  static constexpr double c[7][3] = {
      {0.2777273272234177, 0.005407344544966578, 0.3340998053353061}, {0.1050930431085774, 1.404613529898575, 1.384590162594685},
      {-0.3308618287255563, 0.214847559468213, 0.09509516302823659}, {-4.634230498983486, -5.799100973351585, -19.33244095627987},
      {6.228269936347081, 14.17993336680509, 56.69055260068105},     {4.776384997670288, -13.74514537774601, -65.35303263337234},
      {-5.435455855934631, 4.645852612178535, 26.3124352495832}};
  std::uint8_t out[3];
  for (int k = 0; k < 3; ++k) {
    double v = c[6][k];
    for (int n = 5; n >= 0; --n) v = v * t + c[n][k];
    out[k] = std::uint8_t(std::lround(std::clamp(v, 0.0, 1.0) * 255));
  }
  return {out[0], out[1], out[2]};
}

std::vector<Rgb> mapCellColors(const core::DescentMap& map, MapColoring coloring) {
  std::vector<Rgb> colors(map.cells.size());
  const core::ColorScale scale = mapColorScale(map, coloring);
  for (std::size_t c = 0; c < map.cells.size(); ++c) {
    const core::MapCell& cell = map.cells[c];
    if (coloring == MapColoring::status) colors[c] = statusColor(cell.end.status);
    else if (cell.end.status == core::StopReason::diverged) colors[c] = kDiverged;
    else if (coloring == MapColoring::attractor) colors[c] = attractorColor(cell.attractor);
    else colors[c] = viridis(normalised(scale, cellValue(cell, coloring)));
  }
  return colors;
}

MapPicture drawMapPicture(const core::DescentMap& map, MapColoring coloring, int longerSide, const std::string& title) {
  const int n = map.spec.grid;
  const bool phase = map.spec.kind == core::MapKind::phase;
  double aspect = 1;  // height / width
  if (!phase) aspect = (map.domain.yMax - map.domain.yMin) / (map.domain.xMax - map.domain.xMin);
  int plotWidth = longerSide, plotHeight = int(std::lround(longerSide * aspect));
  if (aspect > 1) plotHeight = longerSide, plotWidth = int(std::lround(longerSide / aspect));
  plotWidth = std::max(plotWidth, 1), plotHeight = std::max(plotHeight, 1);
  const int width = kMarginLeft + plotWidth + kPanelWidth;
  const int height = kMarginTop + std::max(plotHeight, 260) + kMarginBottom;
  Canvas canvas(width, height);
  const int left = kMarginLeft, top = kMarginTop, right = left + plotWidth, bottom = top + plotHeight;

  const std::vector<Rgb> colors = mapCellColors(map, coloring);
  for (int py = 0; py < plotHeight; ++py) {
    const int j = n - 1 - int(std::int64_t(py) * n / plotHeight);  // y grows upwards
    for (int px = 0; px < plotWidth; ++px) {
      const int i = int(std::int64_t(px) * n / plotWidth);
      canvas.set(left + px, top + py, colors[std::size_t(j) * n + i]);
    }
  }
  canvas.frame(left, top, right, bottom, kBlack);

  const Font font(resources::renderResource("DejaVuSans.ttf"), kFontPixels);
  canvas.text(font, title, float(left), float(top - 30), HAlign::left, VAlign::baseline);
  // The axes: their end values and names.
  const core::MapCell& first = map.cells.front();
  const core::MapCell& last = map.cells.back();
  const std::string xName = phase ? map.spec.xAxis->name() +
                                        (map.spec.xAxis->scale == core::AxisScale::log ? " (log)" : "")
                                  : "x";
  const std::string yName = phase ? map.spec.yAxis->name() +
                                        (map.spec.yAxis->scale == core::AxisScale::log ? " (log)" : "")
                                  : "y";
  canvas.text(font, label(first.x), float(left), float(bottom + 16), HAlign::left, VAlign::baseline);
  canvas.text(font, label(last.x), float(right), float(bottom + 16), HAlign::right, VAlign::baseline);
  canvas.text(font, xName, float(left + right) / 2, float(bottom + 32), HAlign::center, VAlign::baseline);
  canvas.text(font, label(first.y), float(left - 6), float(bottom), HAlign::right, VAlign::baseline);
  canvas.text(font, label(last.y), float(left - 6), float(top), HAlign::right, VAlign::top);
  canvas.text(font, yName, float(left), float(top - 8), HAlign::left, VAlign::baseline);

  // The panel: an attractor legend, a status legend, or a colour bar.
  const int panelLeft = right + 16;
  auto swatchRow = [&](int row, Rgb color, const std::string& text) {
    const int y = top + 24 + row * 18;
    canvas.fill(panelLeft, y - 10, panelLeft + 12, y + 2, color);
    canvas.frame(panelLeft, y - 10, panelLeft + 12, y + 2, kBlack);
    canvas.text(font, text, float(panelLeft + 18), float(y), HAlign::left, VAlign::baseline);
  };
  std::size_t diverged = 0;
  for (const core::MapCell& cell : map.cells) diverged += cell.end.status == core::StopReason::diverged;
  if (coloring == MapColoring::attractor) {
    canvas.text(font, std::to_string(map.attractors.size()) + " attractor" + (map.attractors.size() == 1 ? "" : "s"),
                float(panelLeft), float(top + 6), HAlign::left, VAlign::baseline);
    int row = 0;
    for (std::size_t a = 0; a < map.attractors.size() && row < kLegendRows; ++a, ++row)
      swatchRow(row, attractorColor(int(a)), label(map.attractors[a][0]) + ", " + label(map.attractors[a][1]));
    if (map.attractors.size() > std::size_t(kLegendRows))
      canvas.text(font, "+ " + std::to_string(map.attractors.size() - kLegendRows) + " more", float(panelLeft + 18),
                  float(top + 24 + row++ * 18), HAlign::left, VAlign::baseline);
    if (diverged) swatchRow(row, kDiverged, "diverged");
  } else if (coloring == MapColoring::status) {
    canvas.text(font, "status", float(panelLeft), float(top + 6), HAlign::left, VAlign::baseline);
    swatchRow(0, kTolerance, "tolerance");
    swatchRow(1, kIterations, "iterations");
    swatchRow(2, kDiverged, "diverged");
  } else {
    const core::ColorScale scale = mapColorScale(map, coloring);
    const std::string what = coloring == MapColoring::steps ? "steps" : "final loss (" + scaleName(scale) + ")";
    canvas.text(font, what, float(panelLeft), float(top + 6), HAlign::left, VAlign::baseline);
    const int barTop = top + 18, barBottom = std::max(bottom, top + 200) - (diverged ? 30 : 0), barWidth = 18;
    for (int y = barTop; y < barBottom; ++y)
      canvas.fill(panelLeft, y, panelLeft + barWidth, y + 1, viridis(double(barBottom - 1 - y) / (barBottom - 1 - barTop)));
    canvas.frame(panelLeft, barTop, panelLeft + barWidth, barBottom, kBlack);
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
      const float y = float(barBottom - 1) - float(t) * float(barBottom - 1 - barTop);
      canvas.fill(panelLeft + barWidth, int(y), panelLeft + barWidth + 4, int(y) + 1, kBlack);
      canvas.text(font, label(scale.valueAt(t)), float(panelLeft + barWidth + 7), y, HAlign::left, VAlign::center);
    }
    if (diverged) {
      const int y = barBottom + 24;
      canvas.fill(panelLeft, y - 10, panelLeft + 12, y + 2, kDiverged);
      canvas.text(font, "diverged", float(panelLeft + 18), float(y), HAlign::left, VAlign::baseline);
    }
  }
  MapPicture picture = std::move(canvas).take();
  picture.plotLeft = left, picture.plotTop = top, picture.plotWidth = plotWidth, picture.plotHeight = plotHeight;
  return picture;
}

}  // namespace gradscape::render
