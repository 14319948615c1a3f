// matplotlib's 3-D axes box: the layout ported from mplot3d/axis3d.py (3.6) and its GL pass.
#include "render/axes_box.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "render/gl_objects.hpp"

namespace gradscape::render {

namespace {

// Axes3D.unit_cube corner order and Axis._PLANES: the two planes of each axis (min side, max side).
constexpr int kPlanes[6][4] = {{0, 3, 7, 4}, {1, 2, 6, 5}, {0, 1, 5, 4}, {3, 2, 6, 7}, {0, 1, 2, 3}, {4, 5, 6, 7}};

// Axis._AXINFO with the z axis vertical: which coordinates an axis line moves along, and the coordinate
// its ticks point along (Axis._get_tickdir for vertical axis 2).
constexpr int kJuggled[3][3] = {{1, 0, 2}, {0, 1, 2}, {0, 2, 1}};
constexpr int kTickDirection[3] = {1, 0, 0};

constexpr double kTickOutward = 0.1, kTickInward = 0.2;  // _axinfo['tick'] outward/inward factors
constexpr double kTickLabelOffset = 8;                    // axis3d's default_label_offset (points)
constexpr double kAxisLabelOffset = 21;                   // axis3d's default_offset (points)

std::array<glm::dvec3, 8> unitCube(const glm::dvec3& mins, const glm::dvec3& maxs) {
  return {glm::dvec3(mins.x, mins.y, mins.z), glm::dvec3(maxs.x, mins.y, mins.z), glm::dvec3(maxs.x, maxs.y, mins.z),
          glm::dvec3(mins.x, maxs.y, mins.z), glm::dvec3(mins.x, mins.y, maxs.z), glm::dvec3(maxs.x, mins.y, maxs.z),
          glm::dvec3(maxs.x, maxs.y, maxs.z), glm::dvec3(mins.x, maxs.y, maxs.z)};
}

// axis3d._move_from_center: push `coord` away from `centers` by `deltas` along the masked coordinates.
glm::dvec3 moveFromCenter(glm::dvec3 coord, const glm::dvec3& centers, const glm::dvec3& deltas, int skipAxis) {
  for (int i = 0; i < 3; ++i)
    if (i != skipAxis) coord[i] += std::copysign(1.0, coord[i] - centers[i]) * deltas[i];
  return coord;
}

// matplotlib's projected coordinates: x right, y UP, z growing away from the eye.
glm::dvec3 projectLikeMatplotlib(const ViewProjection& view, const glm::dvec3& data) {
  const glm::dvec4 clip = view.clipFromData() * glm::dvec4(data, 1);
  const glm::dvec3 ndc = glm::dvec3(clip) / clip.w;
  return ndc;  // NDC is an affine image of proj3d's projection in x, y and z: orderings and means agree
}

glm::dvec2 toPixel(const ViewProjection& view, const glm::dvec3& data) {
  const auto pixel = view.dataToPixel(data);
  return pixel ? glm::dvec2(pixel->x, pixel->y) : glm::dvec2(NAN, NAN);
}

}  // namespace

AxesStyle AxesStyle::article() {
  AxesStyle style;
  for (glm::vec4& color : style.paneColors) color = glm::vec4(1, 1, 1, 0);
  return style;
}

AxesLayout layoutAxes(const ViewProjection& view, const AxesStyle& style) {
  AxesLayout layout;
  const DataBox& box = view.box();
  const std::array<std::array<double, 2>, 3> limits{box.x, box.y, box.z};

  // Axis._get_coord_info: bounds padded by a 48th of the range, projected cube, which planes are high.
  glm::dvec3 mins, maxs;
  for (int i = 0; i < 3; ++i) {
    mins[i] = std::min(limits[i][0], limits[i][1]);
    maxs[i] = std::max(limits[i][0], limits[i][1]);
  }
  const glm::dvec3 centers = 0.5 * (mins + maxs);
  const glm::dvec3 deltas = (maxs - mins) / 12.0;
  const glm::dvec3 paddedMins = mins - 0.25 * deltas;
  const glm::dvec3 paddedMaxs = maxs + 0.25 * deltas;
  const std::array<glm::dvec3, 8> cube = unitCube(paddedMins, paddedMaxs);
  std::array<double, 8> depth;
  for (int k = 0; k < 8; ++k) depth[k] = projectLikeMatplotlib(view, cube[k]).z;

  std::array<bool, 3> highs{}, equals{};
  for (int i = 0; i < 3; ++i) {
    double low = 0, high = 0;
    for (int k : kPlanes[2 * i]) low += depth[k] / 4;
    for (int k : kPlanes[2 * i + 1]) high += depth[k] / 4;
    highs[i] = low < high;
    equals[i] = std::abs(low - high) <= 1e-12;  // matplotlib's eps, on NDC depth's scale
  }
  if (std::count(equals.begin(), equals.end(), true) == 2) {  // edge-on views
    const int vertical = static_cast<int>(std::find(equals.begin(), equals.end(), false) - equals.begin());
    if (vertical == 2) highs = {true, true, highs[2]};
    if (vertical == 1) highs = {true, highs[1], false};
    if (vertical == 0) highs = {highs[0], false, false};
  }
  layout.highs = highs;

  glm::dvec3 minmax, maxmin;  // per coordinate: the high side / the other side
  for (int i = 0; i < 3; ++i) {
    minmax[i] = highs[i] ? paddedMaxs[i] : paddedMins[i];
    maxmin[i] = highs[i] ? paddedMins[i] : paddedMaxs[i];
  }

  const double pixelsPerPoint = view.pointsToPixels(1);
  const auto axesRect = view.axesRect();
  // "A rough estimate; points are ambiguous since 3D plots rotate" (axis3d.draw).
  const double axesPointsEstimate = (axesRect[2] + axesRect[3]) / pixelsPerPoint;
  const double deltasPerPoint = 48 / axesPointsEstimate;
  const int bins = core::autoTickBins(axesRect[2] / pixelsPerPoint, style.tickLabelSize, style.ticks);

  const float paneEdgeWidth = static_cast<float>(style.paneEdgeWidth * pixelsPerPoint);
  const float gridWidth = static_cast<float>(style.gridWidth * pixelsPerPoint);
  const float axisWidth = static_cast<float>(style.axisLineWidth * pixelsPerPoint);
  const float tickWidth = static_cast<float>(style.tickWidth * pixelsPerPoint);
  const float tickLabelPixels = static_cast<float>(style.tickLabelSize * pixelsPerPoint);
  const float axisLabelPixels = static_cast<float>(style.axisLabelSize * pixelsPerPoint);
  const glm::dvec3 centerProjected = projectLikeMatplotlib(view, centers);

  for (int axis = 0; axis < 3; ++axis) {
    const int plane = highs[axis] ? 2 * axis + 1 : 2 * axis;
    for (int k = 0; k < 4; ++k) layout.panes[axis].corners[k] = cube[kPlanes[plane][k]];
    layout.panes[axis].color = style.paneColors[axis];
    // The pane is an open Polygon (closed=False): its edge runs 0-1-2-3 and does not return to 0.
    if (style.paneColors[axis].a > 0)
      for (int k = 0; k < 3; ++k)
        layout.paneEdges.push_back({layout.panes[axis].corners[k], layout.panes[axis].corners[k + 1],
                                    style.paneColors[axis], paneEdgeWidth, false});
  }

  for (int axis = 0; axis < 3; ++axis) {
    const int* juggled = kJuggled[axis];
    // _get_axis_line_edge_points with the z axis vertical.
    glm::dvec3 edge1 = minmax;
    edge1[juggled[0]] = maxmin[juggled[0]];
    glm::dvec3 edge2 = edge1;
    edge2[juggled[1]] = maxmin[juggled[1]];
    layout.axisLines.push_back({edge1, edge2, style.lineColor, axisWidth, true});

    const glm::dvec3 labelDeltas = (style.labelPad + kAxisLabelOffset) * deltasPerPoint * deltas;
    if (!style.axisLabels[axis].empty()) {
      const glm::dvec3 at = moveFromCenter(0.5 * (edge1 + edge2), centers, labelDeltas, axis);
      layout.labels.push_back({AxesLayout::LabelKind::axis, axis, 0, at, toPixel(view, at), style.axisLabels[axis],
                               HAlign::center, VAlign::center, axisLabelPixels, style.textColor});
    }

    const core::AxisTicks ticks = core::autoTicks(limits[axis][0], limits[axis][1], bins, style.ticks);
    layout.ticks[axis] = ticks;

    // Offset text ("1e6", "+1e3"): at the outer end of the axis, aligned by matplotlib's trial-and-error rules.
    if (!ticks.offsetText.empty() && style.tickLabels) {
      const int outerIndex = juggled[2] == 2 ? 0 : 1;
      const glm::dvec3 outerEdge = outerIndex == 0 ? edge1 : edge2;
      const glm::dvec3 at = moveFromCenter(outerEdge, centers, labelDeltas, axis);
      const glm::dvec3 outerProjected = projectLikeMatplotlib(view, outerEdge);
      const int tickdir = kTickDirection[axis];
      const int highCount = static_cast<int>(std::count(highs.begin(), highs.end(), true));
      HAlign align;
      if (centerProjected[tickdir] > outerProjected[tickdir]) {
        if (centerProjected[axis] <= outerProjected[axis] && highCount % 2 == 0)
          align = (highs == std::array<bool, 3>{false, true, true} && (axis == 1 || axis == 2)) ? HAlign::left
                                                                                                  : HAlign::right;
        else
          align = HAlign::left;
      } else {
        if (centerProjected[axis] > outerProjected[axis] && highCount % 2 == 0)
          align = axis == 2 ? HAlign::right : HAlign::left;
        else
          align = HAlign::right;
      }
      layout.labels.push_back({AxesLayout::LabelKind::offset, axis, 0, at, toPixel(view, at), ticks.offsetText, align,
                               VAlign::center, tickLabelPixels, style.textColor});
    }

    // Grid lines: from the end of one back plane through the planes' meeting edge to the end of the other.
    if (style.grid) {
      const int before = (axis + 1) % 3;  // numpy's index - 2
      const int after = (axis + 2) % 3;   // numpy's index - 1
      for (double value : ticks.values) {
        glm::dvec3 corner = minmax;
        corner[axis] = value;
        glm::dvec3 start = corner, end = corner;
        start[before] = maxmin[before];
        end[after] = maxmin[after];
        layout.gridLines.push_back({start, corner, style.gridColor, gridWidth, false});
        layout.gridLines.push_back({corner, end, style.gridColor, gridWidth, false});
      }
    }

    // Tick marks across the axis line, labels pushed away from the box centre.
    const int tickdir = kTickDirection[axis];
    const double tickDelta = highs[tickdir] ? deltas[tickdir] : -deltas[tickdir];
    const double outward = edge1[tickdir] + kTickOutward * tickDelta;
    const double inward = edge1[tickdir] - kTickInward * tickDelta;
    const glm::dvec3 tickLabelDeltas = (style.tickPad + kTickLabelOffset) * deltasPerPoint * deltas;
    for (std::size_t t = 0; t < ticks.values.size(); ++t) {
      glm::dvec3 position = edge1;
      position[axis] = ticks.values[t];
      glm::dvec3 outer = position, inner = position;
      outer[tickdir] = outward;
      inner[tickdir] = inward;
      layout.tickMarks.push_back({outer, inner, style.lineColor, tickWidth, true});
      if (style.tickLabels) {
        const glm::dvec3 at = moveFromCenter(position, centers, tickLabelDeltas, axis);
        layout.labels.push_back({AxesLayout::LabelKind::tick, axis, ticks.values[t], at, toPixel(view, at),
                                 ticks.labels[t], HAlign::center, VAlign::top, tickLabelPixels, style.textColor});
      }
    }
  }
  return layout;
}

// ------------------------------------------------------------------------------------------------ AxesBox

namespace {

struct PaneVertex {
  float x, y, z;
  float r, g, b, a;
};

// One corner of a segment's quad. Each segment is six of these (two triangles) rather than one instance of
// a 4-vertex strip: llvmpipe runs its whole draw pipeline once per instance, which made ~60 axes lines cost
// more than the 13,000-triangle surface.
struct LineVertex {
  float ax, ay, az;
  float bx, by, bz;
  float r, g, b, a;
  float width, cap;
  float corner;  // 0 = A left, 1 = A right, 2 = B left, 3 = B right
};

constexpr std::array<float, 6> kSegmentCorners{0, 1, 2, 2, 1, 3};

}  // namespace

struct AxesBox::Impl {
  gl::Program paneProgram = gl::Program::fromFiles("axes_pane.vert", "axes_pane.frag");
  gl::Program lineProgram = gl::Program::fromFiles("axes_lines.vert", "axes_lines.frag");
  gl::Buffer paneVertices{GL_ARRAY_BUFFER};
  gl::Buffer lineVertices{GL_ARRAY_BUFFER};
  gl::VertexArray paneArray;
  gl::VertexArray lineArray;
  std::vector<PaneVertex> paneScratch;
  std::vector<LineVertex> lineScratch;

  // A fresh store each frame (glBufferData): llvmpipe would otherwise wait for the previous frame's draw
  // to finish before overwriting a buffer it still reads.
  template <class T>
  static void upload(gl::Buffer& buffer, const std::vector<T>& items) {
    buffer.setData(std::span<const T>(items), GL_STREAM_DRAW);
  }
};

AxesBox::AxesBox() : impl_(std::make_unique<Impl>()) {
  Impl& b = *impl_;
  b.paneVertices.allocate(sizeof(PaneVertex) * 18, GL_STREAM_DRAW);
  b.lineVertices.allocate(sizeof(LineVertex) * 6 * 128, GL_STREAM_DRAW);
  const GLsizei paneStride = sizeof(PaneVertex);
  b.paneArray.setAttribute(0, b.paneVertices, 3, GL_FLOAT, false, paneStride, offsetof(PaneVertex, x));
  b.paneArray.setAttribute(1, b.paneVertices, 4, GL_FLOAT, false, paneStride, offsetof(PaneVertex, r));
  const GLsizei lineStride = sizeof(LineVertex);
  b.lineArray.setAttribute(0, b.lineVertices, 3, GL_FLOAT, false, lineStride, offsetof(LineVertex, ax));
  b.lineArray.setAttribute(1, b.lineVertices, 3, GL_FLOAT, false, lineStride, offsetof(LineVertex, bx));
  b.lineArray.setAttribute(2, b.lineVertices, 4, GL_FLOAT, false, lineStride, offsetof(LineVertex, r));
  b.lineArray.setAttribute(3, b.lineVertices, 2, GL_FLOAT, false, lineStride, offsetof(LineVertex, width));
  b.lineArray.setAttribute(4, b.lineVertices, 1, GL_FLOAT, false, lineStride, offsetof(LineVertex, corner));
}

AxesBox::~AxesBox() = default;

void AxesBox::draw(const ViewProjection& view, const AxesLayout& layout, TextRenderer& text) {
  Impl& b = *impl_;
  // World-box coordinates are O(1) whatever the data range, so float keeps its precision there.
  const glm::dmat4& worldFromData = view.worldFromData();
  auto toWorld = [&](const glm::dvec3& data) { return glm::vec3(worldFromData * glm::dvec4(data, 1)); };
  const glm::mat4 clipFromWorld(view.projection() * view.view());
  const Viewport& viewport = view.viewport();
  const glm::vec2 viewportSize(static_cast<float>(viewport.width), static_cast<float>(viewport.height));

  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);
  glDepthMask(GL_FALSE);  // matplotlib draws the box under everything: let whatever comes later cover it
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

  b.paneScratch.clear();
  for (const AxesLayout::Pane& pane : layout.panes) {
    if (pane.color.a <= 0) continue;
    for (int k : {0, 1, 2, 0, 2, 3}) {
      const glm::vec3 p = toWorld(pane.corners[k]);
      b.paneScratch.push_back({p.x, p.y, p.z, pane.color.r, pane.color.g, pane.color.b, pane.color.a});
    }
  }
  if (!b.paneScratch.empty()) {
    Impl::upload(b.paneVertices, b.paneScratch);
    b.paneProgram.use();
    b.paneProgram.setUniform("clipFromWorld", clipFromWorld);
    b.paneArray.bind();
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(b.paneScratch.size()));
  }

  b.lineScratch.clear();
  for (const auto* segments : {&layout.paneEdges, &layout.gridLines, &layout.axisLines, &layout.tickMarks}) {
    for (const AxesLayout::Segment& s : *segments) {
      const glm::vec3 a = toWorld(s.a), e = toWorld(s.b);
      for (float corner : kSegmentCorners)
        b.lineScratch.push_back({a.x, a.y, a.z, e.x, e.y, e.z, s.color.r, s.color.g, s.color.b, s.color.a,
                                 s.widthPixels, s.projectingCap ? s.widthPixels / 2 : 0.0f, corner});
    }
  }
  if (!b.lineScratch.empty()) {
    Impl::upload(b.lineVertices, b.lineScratch);
    b.lineProgram.use();
    b.lineProgram.setUniform("clipFromWorld", clipFromWorld);
    b.lineProgram.setUniform("viewportSize", viewportSize);
    b.lineArray.bind();
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(b.lineScratch.size()));
  }
  glBindVertexArray(0);

  for (const AxesLayout::Label& label : layout.labels) {
    if (!std::isfinite(label.anchorPixel.x) || !std::isfinite(label.anchorPixel.y)) continue;
    text.add(label.text, glm::vec2(label.anchorPixel), label.sizePixels, label.color, label.h, label.v);
  }
  text.draw(viewportSize);

  glEnable(GL_DEPTH_TEST);
  glDepthMask(GL_TRUE);
  glDisable(GL_BLEND);
}

}  // namespace gradscape::render
