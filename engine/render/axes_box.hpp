// matplotlib's 3-D axes box (mplot3d axis3d.Axis.draw / draw_pane): the back panes, grid lines at the
// ticks, the axis lines, tick marks and tick labels on the edges the view chooses, optional axis labels.
// layoutAxes() is pure CPU (testable without GL); AxesBox draws a layout with depth, before the surface.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "core/ticks.hpp"
#include "render/camera.hpp"
#include "render/text.hpp"

namespace gradscape::render {

// Colours are straight (not premultiplied) RGBA in [0, 1]; sizes are in points (1/72 in of matplotlib's
// 4x3 in figure) and scale with the image through ViewProjection::pointsToPixels.
struct AxesStyle {
  // Axis._AXINFO colours (x, y, z). The article sets them to (1, 1, 1, 0): see article().
  std::array<glm::vec4, 3> paneColors{glm::vec4(0.95f, 0.95f, 0.95f, 0.5f), glm::vec4(0.90f, 0.90f, 0.90f, 0.5f),
                                      glm::vec4(0.925f, 0.925f, 0.925f, 0.5f)};
  glm::vec4 gridColor{0xb0 / 255.0f, 0xb0 / 255.0f, 0xb0 / 255.0f, 1.0f};  // grid.color
  glm::vec4 lineColor{0, 0, 0, 1};                                         // axes.edgecolor, ticks
  glm::vec4 textColor{0, 0, 0, 1};
  double paneEdgeWidth = 1.0;  // patch.linewidth
  double gridWidth = 0.8;      // grid.linewidth
  double axisLineWidth = 0.8;  // axes.linewidth
  double tickWidth = 0.8;      // xtick.major.width
  double tickPad = 3.5;        // xtick.major.pad
  double labelPad = 4.0;       // axes.labelpad
  double tickLabelSize = 10;   // xtick.labelsize 'medium'
  double axisLabelSize = 10;   // axes.labelsize 'medium'
  bool grid = true;
  bool tickLabels = true;
  std::array<std::string, 3> axisLabels;  // "x", "y", "z"; empty = none
  core::TickOptions ticks;

  static AxesStyle matplotlibDefault() { return {}; }
  // The article's figure: panes set to (1, 1, 1, 0), i.e. invisible, everything else default.
  static AxesStyle article();
};

// Everything the box draws for one view, in DATA coordinates; drawn back to front in this order.
struct AxesLayout {
  struct Pane {
    std::array<glm::dvec3, 4> corners;
    glm::vec4 color;
  };
  struct Segment {
    glm::dvec3 a, b;
    glm::vec4 color;
    float widthPixels;
    bool projectingCap;  // matplotlib's Line2D 'projecting' cap (axis lines, ticks); grid lines are 'butt'
  };
  enum class LabelKind { tick, axis, offset };
  struct Label {
    LabelKind kind;
    int axis;                // 0 x, 1 y, 2 z
    double value;            // the tick's location (ticks only)
    glm::dvec3 anchorData;   // where matplotlib anchors the text, in data coordinates
    glm::dvec2 anchorPixel;  // ... projected: viewport pixels, top-left origin
    std::string text;
    HAlign h;
    VAlign v;
    float sizePixels;
    glm::vec4 color;
  };

  std::array<bool, 3> highs{};  // per axis: the pane at the axis maximum is the back one (matplotlib's highs)
  std::array<Pane, 3> panes;    // x, y, z
  std::vector<Segment> paneEdges;  // matplotlib strokes each pane's open outline (corners 0-1-2-3) in its colour
  std::vector<Segment> gridLines;
  std::vector<Segment> axisLines;  // one per axis
  std::vector<Segment> tickMarks;
  std::vector<Label> labels;
  std::array<core::AxisTicks, 3> ticks;  // what each axis shows
};

// matplotlib's layout for the box of `view` (its data box are the axis limits).
AxesLayout layoutAxes(const ViewProjection& view, const AxesStyle& style);

// The GL side: programs and buffers for panes and lines. Needs a current GL 3.3 core context.
class AxesBox {
 public:
  AxesBox();
  ~AxesBox();
  AxesBox(const AxesBox&) = delete;
  AxesBox& operator=(const AxesBox&) = delete;

  // Draws the panes, then grid, axis lines and ticks (all blended, depth-tested, without depth writes),
  // then the labels through `text` (no depth test). Drawn BEFORE the surface, everything is covered by it
  // as in matplotlib (the box lies on the data limits, so only its front edges could overlap the surface,
  // and there matplotlib draws the surface on top too); drawn after, the depth test hides what is
  // behind the surface. Call with the framebuffer and viewport bound; leaves depth test on, depth
  // writes on, blending off.
  void draw(const ViewProjection& view, const AxesLayout& layout, TextRenderer& text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradscape::render
