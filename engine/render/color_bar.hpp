// The colour bar (render.colorbar): the colour map over the scale's range with ticks labelled in real
// values of f, as matplotlib's fig.colorbar draws it beside an axes. Banded (one colour a contour band,
// ticks at the levels: the 2-D view) or smooth (the 3-D faces' continuous colours).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "core/color_scale.hpp"
#include "core/scene.hpp"
#include "render/camera.hpp"
#include "render/flat_mesh.hpp"

namespace gradscape::render {

// The scale the faces, the 2-D fill and the bar share: render.color_range, or the box's z range.
core::ColorScale colorScaleFor(const core::RenderSpec& render, const DataBox& box);

// The bar beside the 3-D view's axes square (render.colorbar true in 3-D): 0.6 of its height, centred,
// 1/20 as wide as tall, left of the square (the z labels are right of it): the 3-D picture stays put.
std::array<double, 4> colorBarBesideCube(const ViewProjection& view);

// Draws a bar and its ticks and labels over the bound framebuffer's viewport (view.viewport()).
class ColorBarPainter {
 public:
  void draw(const ViewProjection& view, const std::array<double, 4>& bar, const core::ColorScale& scale,
            std::span<const double> levels);

 private:
  FlatMesh mesh_;
  FlatPainter painter_;
  TextRenderer text_;
};

// The colour of the contour band between `low` and `high`: the colour map at the middle of the band in
// the scale's normalised space (matplotlib's contourf colours a layer by its midpoint, geometric under log).
std::array<std::uint8_t, 4> bandColor(const core::ColorScale& scale, double low, double high);

// Where matplotlib's fig.colorbar(mappable, ax=ax) puts the bar for an axes spanning `axes` (pane pixels,
// top-left origin: x, y, width, height) in a pane `paneWidth` wide: the axes gives up 20 % of its width
// (fraction 0.15, pad 0.05) and the bar, as tall as the axes, is 1/20 as wide as tall.
inline constexpr double kColorBarFraction = 0.15, kColorBarPad = 0.05, kColorBarAspect = 20;
struct ColorBarPlacement {
  std::array<double, 4> axes;  // the shrunk axes
  std::array<double, 4> bar;   // the bar
};
ColorBarPlacement placeColorBar(const std::array<double, 4>& axes);

// A bar's number as its labels write it: a short %g with matplotlib's minus sign ("1e−5").
std::string colorBarNumber(double value);

// The label of tick `value` of a banded bar at `levels` (linear: matplotlib's ScalarFormatter over the
// levels; log and symlog: a short %g).
std::string colorBarLabel(const core::ColorScale& scale, std::span<const double> levels, double value);

// Adds the bar's colours, outline, ticks and tick labels to `mesh`. `levels`
// (ascending, at least two): bands between them, ticks at them; empty: a smooth ramp over [vmin, vmax]
// with the scale's own ticks. Sizes in points through `view` (pointsToPixels).
void addColorBar(const std::array<double, 4>& bar, const core::ColorScale& scale, std::span<const double> levels,
                 const ViewProjection& view, FlatMesh& mesh);

}  // namespace gradscape::render
