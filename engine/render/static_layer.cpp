// Axes box, surface and legend (see static_layer.hpp).
#include "render/static_layer.hpp"

namespace gradscape::render {

namespace {

constexpr float kPolygonOffsetFactor = 1.0f, kPolygonOffsetUnits = 1.0f;

}  // namespace

StaticLayer::StaticLayer() = default;

bool StaticLayer::setSurface(const core::SurfaceSpec& surface, const core::RenderSpec& render) {
  const std::optional<core::SurfaceSpec>& shown = placement_.surface;
  const bool sameSurface = shown && shown->surface.text() == surface.surface.text() &&
                           shown->surface.isCatalog() == surface.surface.isCatalog() &&
                           shown->domain() == surface.domain() && renderSpec_ == render;
  if (sameSurface) return false;

  const SurfaceGeometry geometry = buildSurfaceGeometry(surface, render);
  mesh_.upload(geometry);
  placement_.box = geometry.box;
  // Once per surface, not per path point (it was two thirds of appending a point).
  placement_.worldPerData =
      glm::dvec3(dataToWorld(geometry.box, {1, 1, 1})) - glm::dvec3(dataToWorld(geometry.box, {0, 0, 0}));
  placement_.chordGapWorld = geometry.chordGapWorld;
  placement_.surface = surface;
  renderSpec_ = render;
  return true;
}

bool StaticLayer::setLegendTitle(const std::string& title) {
  if (legendStyle_.title == title) return false;
  legendStyle_.title = title;
  return true;
}

void StaticLayer::draw(const ViewProjection& view, const FrameOptions& options,
                       std::span<const LegendEntry> legendEntries) {
  if (options.axes) axesBox_.draw(view, layoutAxes(view, axesStyle_), text_);
  if (placement_.surface && !mesh_.empty()) drawSurface(view);
  // The legend belongs to the static layer and paths are drawn over it, as in the article, where the
  // paths' transparent axes lies above the surface axes and its text.
  if (options.legend && !legendEntries.empty()) legend_.draw(view, legendEntries, legendStyle_, text_);
}

void StaticLayer::drawSurface(const ViewProjection& view) {
  glDisable(GL_BLEND);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glDepthMask(GL_TRUE);
  // Push the fill back so border edge lines and paths on it never z-fight it.
  glEnable(GL_POLYGON_OFFSET_FILL);
  glPolygonOffset(kPolygonOffsetFactor, kPolygonOffsetUnits);
  const glm::vec4 edgeColor(0, 0, 0, 1);
  surfaceProgram_.use();
  surfaceProgram_.setUniform("clipFromWorld", clipFromWorld(view));
  surfaceProgram_.setUniform("lineColor", edgeColor);
  surfaceProgram_.setUniform("edgeStride", mesh_.edgeStride());
  surfaceProgram_.setUniform("lastGridLine", mesh_.lastGridLine());
  surfaceProgram_.setUniform("borderLines", 0);
  const bool showMap = map_ && !map_->empty();
  surfaceProgram_.setUniform("showMap", showMap ? 1 : 0);
  if (showMap) {
    surfaceProgram_.setUniform("mapGrid", float(map_->grid()));
    surfaceProgram_.setUniform("mapTexture", 0);
    map_->bind(0);
  }
  mesh_.drawFaces();
  glDisable(GL_POLYGON_OFFSET_FILL);

  glDepthFunc(GL_LEQUAL);
  glDepthMask(GL_FALSE);
  glLineWidth(1.0f);
  surfaceProgram_.setUniform("borderLines", 1);
  // Aliased even in a multisampled target: matplotlib draws these edges with antialiased=False, crisp
  // one-pixel black lines; multisampled they turn into a grey two-pixel blur. (The face shader's edge
  // lines are crisp too: it runs once per pixel.)
  glDisable(GL_MULTISAMPLE);
  mesh_.drawBorderEdges();
  glEnable(GL_MULTISAMPLE);
  glDepthMask(GL_TRUE);
}

}  // namespace gradscape::render
