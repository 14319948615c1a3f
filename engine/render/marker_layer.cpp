// Start and current-point markers as instanced sprites (see marker_layer.hpp).
#include "render/marker_layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>

#include "render/frame_pass.hpp"

namespace gradscape::render {

namespace {

// marker.vert's per-instance attributes, in location order; a layout change fails to compile here.
static_assert(offsetof(MarkerSprite, world) == 0);
static_assert(offsetof(MarkerSprite, fill) == 12);
static_assert(offsetof(MarkerSprite, edge) == 16);
static_assert(offsetof(MarkerSprite, sizeEdgeShape) == 20);
static_assert(offsetof(MarkerSprite, normal) == 32);
static_assert(sizeof(MarkerSprite) == 44, "tightly packed: the buffer holds the sprites as they are");

// marker.frag's shape ids.
enum class MarkerShape { circle = 0, square = 1, triangle = 2, diamond = 3, cross = 4, diverged = 5 };

MarkerShape shapeOf(core::Marker marker) {
  switch (marker) {
    case core::Marker::circle: return MarkerShape::circle;
    case core::Marker::square: return MarkerShape::square;
    case core::Marker::triangle: return MarkerShape::triangle;
    case core::Marker::diamond: return MarkerShape::diamond;
    case core::Marker::cross: return MarkerShape::cross;
  }
  return MarkerShape::circle;
}

// A diverged run's marker is larger than its current-point marker, so it reads as a different thing.
constexpr double kDivergedScale = 1.6;

// Pixels a sprite of this outline and edge can touch either side of its centre: the smoothed rim
// (marker.frag) and a margin for the sprite's depth-bias shift.
double extentOf(double sizePixels, double edgePixels) { return 0.5 * sizePixels + 0.5 * edgePixels + 1.5 + 2; }

// The last point of a diverged run inside the box: its last finite point is usually far outside the
// picture.
std::size_t lastPointInsideBox(std::span<const PathVertex> points) {
  const glm::vec3 high = glm::vec3(matplotlibBoxAspect()) * 1.02f, low = -0.02f * glm::vec3(matplotlibBoxAspect());
  for (std::size_t i = points.size(); i-- > 0;)
    if (glm::all(glm::greaterThanEqual(points[i].world, low)) && glm::all(glm::lessThanEqual(points[i].world, high)))
      return i;
  return points.size() - 1;
}

}  // namespace

MarkerLayer::MarkerLayer() {
  constexpr GLsizei stride = sizeof(MarkerSprite);
  array_.setAttribute(0, buffer_, 3, GL_FLOAT, false, stride, offsetof(MarkerSprite, world), 1);
  array_.setAttribute(1, buffer_, 4, GL_UNSIGNED_BYTE, true, stride, offsetof(MarkerSprite, fill), 1);
  array_.setAttribute(2, buffer_, 4, GL_UNSIGNED_BYTE, true, stride, offsetof(MarkerSprite, edge), 1);
  array_.setAttribute(3, buffer_, 3, GL_FLOAT, false, stride, offsetof(MarkerSprite, sizeEdgeShape), 1);
  array_.setAttribute(4, buffer_, 3, GL_FLOAT, false, stride, offsetof(MarkerSprite, normal), 1);
  glBindVertexArray(0);
}

std::vector<MarkerInstance> MarkerLayer::collect(const ViewProjection& view, const PathLayer& paths,
                                                 const FrameOptions& options) const {
  const std::size_t runs = paths.size();
  std::vector<MarkerInstance> markers(2 * runs);
  const float startSize = static_cast<float>(view.pointsToPixels(options.startMarkerSizePoints));
  const float startEdge = static_cast<float>(view.pointsToPixels(options.startMarkerEdgePoints));
  const float headSize = static_cast<float>(view.pointsToPixels(options.markerSizePoints));
  const float headEdge = static_cast<float>(view.pointsToPixels(options.markerEdgePoints));
  const std::array<std::uint8_t, 4> black{0, 0, 0, 255};
  for (const std::size_t r : paths.pathRuns()) {  // a particle has no path and no markers
    const RunState& state = paths.run(r);
    if (!state.style.visible || state.path.size() == 0) continue;
    const std::span<const PathVertex> points = state.path.points();
    const float shape = static_cast<float>(shapeOf(state.style.marker));

    MarkerInstance& start = markers[r];
    start.sprite = {points[0].world, black, black, {startSize, startEdge, shape}, points[0].normal};
    start.visible = true;

    MarkerInstance& head = markers[runs + r];
    const bool pastDivergence =
        state.diverged && (options.iteration < 0 || static_cast<std::size_t>(options.iteration) >= points.size());
    const std::size_t at = pastDivergence ? lastPointInsideBox(points) : lastShownPoint(points.size(), options.iteration);
    const glm::vec3 sizeEdgeShape = pastDivergence ? glm::vec3(static_cast<float>(kDivergedScale) * headSize, headEdge,
                                                               static_cast<float>(MarkerShape::diverged))
                                                   : glm::vec3(headSize, headEdge, shape);
    head.sprite = {points[at].world, {state.style.color.r, state.style.color.g, state.style.color.b, 255}, black,
                   sizeEdgeShape, points[at].normal};
    head.visible = true;
  }
  return markers;
}

PixelRect MarkerLayer::pixelsOf(const ViewProjection& view, const MarkerInstance& marker) {
  if (!marker.visible) return {};
  const glm::dvec4 clip = view.projection() * view.view() * glm::dvec4(glm::dvec3(marker.sprite.world), 1);
  const std::optional<glm::dvec3> pixel = view.clipToPixel(clip);
  if (!pixel) return {0, 0, view.viewport().width, view.viewport().height};
  return PixelRect::around(pixel->x, pixel->y, extentOf(marker.sprite.sizeEdgeShape.x, marker.sprite.sizeEdgeShape.y));
}

double MarkerLayer::largestExtent(const ViewProjection& view, const FrameOptions& options) {
  const double largest = std::max(view.pointsToPixels(options.startMarkerSizePoints),
                                  kDivergedScale * view.pointsToPixels(options.markerSizePoints));
  const double widestEdge = std::max(view.pointsToPixels(options.startMarkerEdgePoints),
                                     view.pointsToPixels(options.markerEdgePoints));
  return extentOf(largest, widestEdge);
}

void MarkerLayer::draw(const ViewProjection& view, std::span<const MarkerInstance> markers, bool antialias,
                       double chordGapWorld, const std::vector<bool>* only, double hiddenAlpha) {
  upload_.clear();
  for (std::size_t i = 0; i < markers.size(); ++i)
    if (markers[i].visible && (only == nullptr || (*only)[i])) upload_.push_back(markers[i].sprite);
  if (upload_.empty()) return;
  const std::span<const MarkerSprite> sprites(upload_);
  if (buffer_.size() < sprites.size_bytes())
    buffer_.allocate(std::max<std::size_t>(sprites.size_bytes(), 64 * sizeof(MarkerSprite)), GL_DYNAMIC_DRAW);
  buffer_.setSubData(0, sprites);

  beginSurfaceSprites(program_, view, chordGapWorld);
  program_.setUniform("smoothRim", antialias ? 1 : 0);
  program_.setUniform("alphaScale", 1.0f);
  array_.bind();
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(sprites.size()));
  if (hiddenAlpha > 0) {
    // Where the surface is nearer than the marker (the depth test's complement): faintly, on top.
    glDepthFunc(GL_GREATER);
    program_.setUniform("alphaScale", static_cast<float>(hiddenAlpha));
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(sprites.size()));
    glDepthFunc(GL_LEQUAL);
  }
}

}  // namespace gradscape::render
