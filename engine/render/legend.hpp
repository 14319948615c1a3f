// The legend of the article's figure: a title line and one line per run, "<marker glyph>: <label>", drawn
// in screen space at the top-left of matplotlib's axes square (the article's ax.text2D(0.05, 0.95, ...,
// fontsize=8) in DejaVu Sans, whose ■ and ● glyphs are the markers). Optionally inside a frame like
// matplotlib's legend (white, alpha 0.8, light grey edge, rounded corners).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <glm/glm.hpp>

#include "core/scene.hpp"
#include "render/camera.hpp"
#include "render/sweep_legend.hpp"
#include "render/text.hpp"

namespace gradscape::render {

struct LegendEntry {
  core::Marker marker = core::Marker::circle;
  std::string label;  // e.g. core::defaultLabel(run): "x = 1, y = 0.25"
  std::optional<SweepKey> sweep = std::nullopt;  // a sweep's row: a viridis bar of its values goes below the legend
};

struct LegendStyle {
  std::string title = "Initialization";  // empty = no title line
  double fontSize = 8;                    // points (the article's fontsize=8)
  glm::vec4 textColor{0, 0, 0, 1};
  // Axes fraction of the anchor, as text2D's transAxes position. The block's top sits where the article's
  // 3-line text has its top, so the article's legend lands on the same pixels; more runs extend downward.
  glm::dvec2 axesFraction{0.05, 0.95};
  bool frame = false;                             // the article has none
  glm::vec4 frameFace{1, 1, 1, 0.8f};             // legend.facecolor white, legend.framealpha 0.8
  glm::vec4 frameEdge{0.8f, 0.8f, 0.8f, 0.8f};    // legend.edgecolor '0.8'
  double frameLineWidth = 1.0;                    // patch.linewidth, points
  double framePad = 0.4;                          // legend.borderpad, in font sizes
  double cornerRadius = 0.2;                      // FancyBboxPatch 'round' rounding, in font sizes
};

// The marker's glyph in DejaVu Sans: circle ●, square ■, triangle ▲, diamond ◆, cross ✕ (UTF-8).
std::string_view markerGlyph(core::Marker marker);

// The legend's text, one line per row: the title, then "■: x = 1, y = 0.25" per entry.
std::string legendText(std::span<const LegendEntry> entries, const LegendStyle& style);

struct LegendLayout {
  std::string text;
  glm::vec2 anchor;       // top-left of the text block (pixels, top-left origin)
  float fontPixels = 0;
  TextBox textBox;        // where the text lands
  TextBox frameBox;       // the frame around it (when style.frame)
  std::vector<float> rowBaselines;  // one per line (title first)
};

// Where the legend goes for this view and entries; `font` must be at layout.fontPixels
// (view.pointsToPixels(style.fontSize)).
LegendLayout layoutLegend(const ViewProjection& view, std::span<const LegendEntry> entries, const LegendStyle& style,
                          const Font& font);

// Draws the legend (frame, then text) on top of whatever is in the framebuffer. Needs a GL 3.3 context.
class Legend {
 public:
  Legend();
  ~Legend();
  Legend(const Legend&) = delete;
  Legend& operator=(const Legend&) = delete;

  // Does nothing when there is nothing to show (no entries and no title). Returns the layout drawn.
  LegendLayout draw(const ViewProjection& view, std::span<const LegendEntry> entries, const LegendStyle& style,
                    TextRenderer& text);

 private:
  // The bars of the sweep rows, below the legend (its text, or its frame when framed).
  void drawSweepBars(const ViewProjection& view, std::span<const LegendEntry> entries, const LegendLayout& layout,
                     float legendBottom, TextRenderer& text);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradscape::render
