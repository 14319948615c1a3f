// The renderer: frame passes (static layer, paths, markers), the incremental animation path and picking.
#include "render/renderer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "render/axes_box.hpp"
#include "render/gl_objects.hpp"
#include "render/legend.hpp"
#include "render/surface_mesh.hpp"
#include "render/text.hpp"
#include "render/trajectory_buffer.hpp"

namespace gradscape::render {

namespace {

// Depth of paths and markers lying on the surface (shaders/depth_bias.glsl). FACTS.md measured 3e-5 NDC
// toward the viewer as enough for lines on the 81x81 saddle and 1.5e-3 for sprites; here the sprite part
// follows the surface's depth slope and the chord part is a lift by the mesh's measured chord gap.
constexpr double kBaseDepthBias = 3e-5;  // NDC
constexpr double kMaxDepthBias = 1e-2;   // NDC toward the viewer: what a sprite seen edge-on may get
constexpr double kMaxAwayBias = 5e-2;    // NDC away from the viewer (it only hides what is underneath)
constexpr double kMinSurfaceLift = 1e-5;  // world-box units (the box is ~1.8 across)
constexpr float kPolygonOffsetFactor = 1.0f, kPolygonOffsetUnits = 1.0f;

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

// One marker sprite as marker.vert reads it.
struct MarkerInstance {
  glm::vec3 world{0};
  std::array<std::uint8_t, 4> fill{};
  std::array<std::uint8_t, 4> edge{};
  glm::vec3 sizeEdgeShape{0};  // outline diameter px, edge width px, shape id
  glm::vec3 normal{0};         // surface normal at the point; 0 off the surface
  bool visible = false;        // not uploaded: an empty slot (run without points)
  friend bool operator==(const MarkerInstance&, const MarkerInstance&) = default;
};
constexpr std::size_t kMarkerStride = 3 * sizeof(glm::vec3) + 8;

glm::vec4 toVec4(core::Rgb rgb, double alpha) {
  return {rgb.r / 255.0f, rgb.g / 255.0f, rgb.b / 255.0f, static_cast<float>(alpha)};
}

glm::mat4 toFloat(const glm::dmat4& m) { return glm::mat4(m); }

// A conservative pixel rectangle around a point with `extent` pixels either side.
PixelRect rectAround(const glm::dvec2& pixel, double extent) {
  const int x0 = static_cast<int>(std::floor(pixel.x - extent)), y0 = static_cast<int>(std::floor(pixel.y - extent));
  const int x1 = static_cast<int>(std::ceil(pixel.x + extent)), y1 = static_cast<int>(std::ceil(pixel.y + extent));
  return {x0, y0, x1 - x0, y1 - y0};
}

bool overlaps(const PixelRect& a, const PixelRect& b) { return !intersect(a, b).empty(); }

}  // namespace

struct RunState {
  RunStyle style;
  std::vector<glm::dvec3> data;  // the points as appended (data coordinates), to rebuild for a new surface
  TrajectoryBuffer path;
  bool diverged = false;
};

struct Renderer::Impl {
  // Surface
  bool hasSurface = false;
  std::optional<core::SurfaceSpec> surfaceSpec;
  core::RenderSpec renderSpec;
  DataBox box;
  glm::dvec3 worldPerData{1};  // world units per data unit, per axis (the box scales each axis on its own)
  double chordGapWorld = 0;
  SurfaceMesh mesh;

  std::vector<std::unique_ptr<RunState>> runs;

  // renderReusingStaticLayer: what the static layer shows, the key of the previous call, and the layer
  // kept once a key came twice in a row.
  struct StaticLayerKey {
    Camera camera;
    int width = 0, height = 0, samples = 0;
    bool axes = false, legend = false, antialias = false;
    core::Rgb background;
    std::uint64_t content = 0;
    friend bool operator==(const StaticLayerKey&, const StaticLayerKey&) = default;
  };
  std::uint64_t staticContent = 0;  // bumped by whatever changes surface, axes box or legend
  std::optional<StaticLayerKey> previousStaticKey, keptStaticKey;
  std::unique_ptr<OffscreenTarget> staticLayer;

  // The axes box, legend and their text (engine/render/axes_box, legend, text).
  const AxesStyle axesStyle = AxesStyle::article();
  LegendStyle legendStyle;
  TextRenderer text;
  AxesBox axesBox;
  Legend legend;

  gl::Program surfaceProgram = gl::Program::fromFiles("surface.vert", "surface.frag");
  gl::Program lineProgram = gl::Program::fromFiles("trajectory.vert", "trajectory.frag");
  gl::Program markerProgram = gl::Program::fromFiles("marker.vert", "marker.frag");
  gl::Buffer markerBuffer{GL_ARRAY_BUFFER};
  gl::VertexArray markerArray;

  // The incremental animation's state.
  struct Animation {
    const OffscreenTarget* target = nullptr;
    // The colour under each drawn marker, one square slot per marker slot, so the next frame can take
    // the marker away again without a second full-size buffer (a multisampled 1200x900 one is 35 MB
    // that llvmpipe zeroes). Markers that overlap are always saved together, before any is drawn.
    std::unique_ptr<OffscreenTarget> markerStore;
    int slotSide = 0, slotColumns = 1;
    std::vector<PixelRect> saved;  // per marker slot: the target rectangle its store slot holds (or empty)
    bool allSaved = true;          // false: a marker was too big for its slot (behind the eye)
    Camera camera;
    FrameOptions options;
    std::int64_t iteration = 0;
    std::vector<MarkerInstance> markers;  // as drawn in the last frame
    std::vector<PixelRect> regions;       // what the last frame changed (see changedRegions)
  };
  std::optional<Animation> animation;

  Impl() {
    markerArray.setAttribute(0, markerBuffer, 3, GL_FLOAT, false, kMarkerStride, 0, 1);
    markerArray.setAttribute(1, markerBuffer, 4, GL_UNSIGNED_BYTE, true, kMarkerStride, 12, 1);
    markerArray.setAttribute(2, markerBuffer, 4, GL_UNSIGNED_BYTE, true, kMarkerStride, 16, 1);
    markerArray.setAttribute(3, markerBuffer, 3, GL_FLOAT, false, kMarkerStride, 20, 1);
    markerArray.setAttribute(4, markerBuffer, 3, GL_FLOAT, false, kMarkerStride, 32, 1);
    glBindVertexArray(0);
  }

  RunState& run(std::size_t index) {
    if (index >= runs.size())
      throw Error("renderer: run " + std::to_string(index) + " does not exist (" + std::to_string(runs.size()) +
                  " runs)");
    return *runs[index];
  }

  // The last point index a frame at `iteration` shows for a run of `size` points (size must be > 0).
  static std::size_t lastShownPoint(std::size_t size, std::int64_t iteration) {
    if (iteration < 0) return size - 1;
    return std::min(size - 1, static_cast<std::size_t>(iteration));
  }

  static glm::mat4 clipFromWorld(const ViewProjection& view) { return toFloat(view.projection() * view.view()); }

  // A path point in world-box units with the surface normal there (0 outside the domain or where the
  // surface is not finite: such points are not on the surface).
  PathVertex pathVertex(const glm::dvec3& data) const {
    PathVertex vertex{dataToWorld(box, data), glm::vec3(0)};
    if (!surfaceSpec) return vertex;
    const core::Domain domain = surfaceSpec->domain();
    if (!(data.x >= domain.xMin && data.x <= domain.xMax && data.y >= domain.yMin && data.y <= domain.yMax))
      return vertex;
    const core::ValueAndGradient f = surfaceSpec->surface.valueAndGradient(data.x, data.y);
    if (!std::isfinite(f.value) || !std::isfinite(f.dx) || !std::isfinite(f.dy)) return vertex;
    const glm::dvec3& scale = worldPerData;
    const glm::dvec3 normal(-f.dx * scale.z / scale.x, -f.dy * scale.z / scale.y, 1.0);
    if (std::isfinite(glm::length(normal))) vertex.normal = glm::vec3(glm::normalize(normal));
    return vertex;
  }

  void rebuildPaths() {
    for (auto& state : runs) {
      std::vector<PathVertex> vertices;
      vertices.reserve(state->data.size());
      for (const glm::dvec3& point : state->data) vertices.push_back(pathVertex(point));
      if (!vertices.empty() || state->path.size() != 0) state->path.replaceAll(std::move(vertices));
    }
  }

  // Uniforms of shaders/depth_bias.glsl.
  void setSurfaceDepthUniforms(const gl::Program& program, const ViewProjection& view) const {
    program.setUniform("clipFromWorld", clipFromWorld(view));
    program.setUniform("viewportSize", glm::vec2(view.viewport().width, view.viewport().height));
    program.setUniform("eyeWorld", glm::vec3(view.eyeInWorld()));
    program.setUniform("towardEyeWorld", glm::vec3(view.viewDirectionWorld()));
    program.setUniform("orthographic", view.orthographic() ? 1 : 0);
    program.setUniform("surfaceLift", static_cast<float>(1.5 * chordGapWorld + kMinSurfaceLift));
    program.setUniform("baseDepthBias", static_cast<float>(kBaseDepthBias));
    program.setUniform("maxDepthBias", static_cast<float>(kMaxDepthBias));
    program.setUniform("maxAwayBias", static_cast<float>(kMaxAwayBias));
  }

  // ---- passes ---------------------------------------------------------------------------------------

  static void beginPass(const Viewport& viewport, const FrameOptions& options) {
    continuePass(viewport);
    glClearColor(options.background.r / 255.0f, options.background.g / 255.0f, options.background.b / 255.0f, 1.0f);
    glClearDepth(1.0);
    glClearStencil(0);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
  }

  // The pass's state without the clear: drawing on over what the framebuffer holds.
  static void continuePass(const Viewport& viewport) {
    glViewport(viewport.x, viewport.y, viewport.width, viewport.height);
    glEnable(GL_SCISSOR_TEST);
    glScissor(viewport.x, viewport.y, viewport.width, viewport.height);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glDepthMask(GL_TRUE);
    glStencilMask(0xFF);
    glEnable(GL_DEPTH_CLAMP);  // paths that leave the box stay visible instead of being cut by near/far
    glDisable(GL_CULL_FACE);
  }

  static void endPass() {
    glDisable(GL_DEPTH_CLAMP);
    glDisable(GL_BLEND);
    glDisable(GL_STENCIL_TEST);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_POLYGON_OFFSET_FILL);
    glDepthMask(GL_TRUE);
    glBindVertexArray(0);
    glUseProgram(0);
  }

  // Axes box, surface and legend: everything that does not change while a path grows.
  void drawStaticLayer(const ViewProjection& view, const FrameOptions& options) {
    if (options.axes) axesBox.draw(view, layoutAxes(view, axesStyle), text);
    if (hasSurface && !mesh.empty()) {
      const glm::mat4 clip = clipFromWorld(view);
      glDisable(GL_BLEND);
      glDisable(GL_STENCIL_TEST);
      glEnable(GL_DEPTH_TEST);
      glDepthFunc(GL_LESS);
      glDepthMask(GL_TRUE);
      // Push the fill back so border edge lines and paths on it never z-fight it.
      glEnable(GL_POLYGON_OFFSET_FILL);
      glPolygonOffset(kPolygonOffsetFactor, kPolygonOffsetUnits);
      const glm::vec4 edgeColor(0, 0, 0, 1);
      surfaceProgram.use();
      surfaceProgram.setUniform("clipFromWorld", clip);
      surfaceProgram.setUniform("lineColor", edgeColor);
      surfaceProgram.setUniform("edgeStride", mesh.edgeStride());
      surfaceProgram.setUniform("lastGridLine", mesh.lastGridLine());
      surfaceProgram.setUniform("borderLines", 0);
      mesh.drawFaces();
      glDisable(GL_POLYGON_OFFSET_FILL);

      glDepthFunc(GL_LEQUAL);
      glDepthMask(GL_FALSE);
      glLineWidth(1.0f);
      surfaceProgram.setUniform("borderLines", 1);
      // Aliased even in a multisampled target: matplotlib draws these edges with antialiased=False, crisp
      // one-pixel black lines; multisampled they turn into a grey two-pixel blur. (The face shader's edge
      // lines are crisp too: it runs once per pixel.)
      glDisable(GL_MULTISAMPLE);
      mesh.drawBorderEdges();
      glEnable(GL_MULTISAMPLE);
      glDepthMask(GL_TRUE);
    }
    // The legend belongs to the static layer and paths are drawn over it, as in the article, where the
    // paths' transparent axes lies above the surface axes and its text.
    if (options.legend) {
      std::vector<LegendEntry> entries;
      for (const auto& state : runs)
        if (state->style.visible) entries.push_back({state->style.marker, state->style.label});
      if (!entries.empty()) legend.draw(view, entries, legendStyle, text);
    }
  }

  void setLineState(const ViewProjection& view, const FrameOptions& options) {
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);
    glDepthMask(GL_FALSE);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    // Each run blends at most once per sample (segments overlap at joints): the stencil holds the id
    // of the last run drawn there, and a run only draws where the id differs.
    glEnable(GL_STENCIL_TEST);
    glStencilMask(0xFF);
    glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
    const float halfWidth = static_cast<float>(0.5 * view.pointsToPixels(options.lineWidthPoints));
    lineProgram.use();
    setSurfaceDepthUniforms(lineProgram, view);
    lineProgram.setUniform("halfWidth", halfWidth);
    lineProgram.setUniform("pathPoints", static_cast<int>(TrajectoryBuffer::kPointsTextureUnit));
    lineProgram.setUniform("keptPoints", static_cast<int>(TrajectoryBuffer::kKeptTextureUnit));
  }

  void drawRunSegments(const ViewProjection& view, std::size_t runIndex, std::size_t firstPoint,
                       std::size_t lastPoint, const FrameOptions& options) {
    RunState& state = *runs[runIndex];
    const GLint stencilId = static_cast<GLint>(runIndex % 255) + 1;
    glStencilFunc(GL_NOTEQUAL, stencilId, 0xFF);
    lineProgram.setUniform("color", toVec4(state.style.color, options.lineAlpha));
    state.path.drawSegments(view, firstPoint, lastPoint);
  }

  // Paths of every visible run up to the frame's iteration.
  void drawAllPaths(const ViewProjection& view, const FrameOptions& options) {
    setLineState(view, options);
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const RunState& state = *runs[r];
      if (!state.style.visible || state.path.size() < 2) continue;
      drawRunSegments(view, r, 0, lastShownPoint(state.path.size(), options.iteration), options);
    }
    glDisable(GL_STENCIL_TEST);
  }

  // Marker slots in drawing order: every run's start, then every run's current point, so a frame's
  // marker list always has 2 x runs entries (empty ones invisible) and frames compare slot by slot.
  std::vector<MarkerInstance> collectMarkers(const ViewProjection& view, const FrameOptions& options) const {
    std::vector<MarkerInstance> markers(2 * runs.size());
    const float startSize = static_cast<float>(view.pointsToPixels(options.startMarkerSizePoints));
    const float startEdge = static_cast<float>(view.pointsToPixels(options.startMarkerEdgePoints));
    const float headSize = static_cast<float>(view.pointsToPixels(options.markerSizePoints));
    const float headEdge = static_cast<float>(view.pointsToPixels(options.markerEdgePoints));
    const std::array<std::uint8_t, 4> black{0, 0, 0, 255};
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const RunState& state = *runs[r];
      if (!state.style.visible || state.path.size() == 0) continue;
      const std::span<const PathVertex> points = state.path.points();
      const float shape = static_cast<float>(shapeOf(state.style.marker));

      MarkerInstance& start = markers[r];
      start.world = points[0].world;
      start.normal = points[0].normal;
      start.fill = black;
      start.edge = black;
      start.sizeEdgeShape = {startSize, startEdge, shape};
      start.visible = true;

      MarkerInstance& head = markers[runs.size() + r];
      const std::size_t last = lastShownPoint(points.size(), options.iteration);
      const bool pastDivergence =
          state.diverged && (options.iteration < 0 || static_cast<std::size_t>(options.iteration) >= points.size());
      // A diverged run's marker goes where it was last seen: its last point inside the box (the last
      // finite point is usually far outside the picture).
      const std::size_t markerPoint = pastDivergence ? lastPointInsideBox(points) : last;
      head.world = points[markerPoint].world;
      head.normal = points[markerPoint].normal;
      head.fill = {state.style.color.r, state.style.color.g, state.style.color.b, 255};
      head.edge = black;
      head.sizeEdgeShape = pastDivergence
                               ? glm::vec3(1.6f * headSize, headEdge, static_cast<float>(MarkerShape::diverged))
                               : glm::vec3(headSize, headEdge, shape);
      head.visible = true;
    }
    return markers;
  }

  static std::size_t lastPointInsideBox(std::span<const PathVertex> points) {
    const glm::vec3 high = glm::vec3(matplotlibBoxAspect()) * 1.02f, low = -0.02f * glm::vec3(matplotlibBoxAspect());
    for (std::size_t i = points.size(); i-- > 0;)
      if (glm::all(glm::greaterThanEqual(points[i].world, low)) && glm::all(glm::lessThanEqual(points[i].world, high)))
        return i;
    return points.size() - 1;
  }

  // Pixels a marker can touch; the whole viewport when its centre is behind the eye.
  static PixelRect markerRect(const ViewProjection& view, const MarkerInstance& marker) {
    if (!marker.visible) return {};
    const glm::dvec4 clip = view.projection() * view.view() * glm::dvec4(glm::dvec3(marker.world), 1);
    const std::optional<glm::dvec3> pixel = view.clipToPixel(clip);
    if (!pixel) return {0, 0, view.viewport().width, view.viewport().height};
    const double extent = 0.5 * marker.sizeEdgeShape.x + 0.5 * marker.sizeEdgeShape.y + 1.5 + 2;
    return rectAround(glm::dvec2(*pixel), extent);
  }

  // Draws the visible markers for which `include(index)` holds, in slot order.
  template <class Include>
  void drawMarkers(const ViewProjection& view, const std::vector<MarkerInstance>& markers, bool antialias,
                   Include include) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(markers.size() * kMarkerStride);
    GLsizei count = 0;
    for (std::size_t i = 0; i < markers.size(); ++i) {
      const MarkerInstance& marker = markers[i];
      if (!marker.visible || !include(i)) continue;
      const auto* world = reinterpret_cast<const std::uint8_t*>(&marker.world);
      const auto* sizes = reinterpret_cast<const std::uint8_t*>(&marker.sizeEdgeShape);
      const auto* normal = reinterpret_cast<const std::uint8_t*>(&marker.normal);
      bytes.insert(bytes.end(), world, world + sizeof(glm::vec3));
      bytes.insert(bytes.end(), marker.fill.begin(), marker.fill.end());
      bytes.insert(bytes.end(), marker.edge.begin(), marker.edge.end());
      bytes.insert(bytes.end(), sizes, sizes + sizeof(glm::vec3));
      bytes.insert(bytes.end(), normal, normal + sizeof(glm::vec3));
      ++count;
    }
    if (count == 0) return;
    if (markerBuffer.size() < bytes.size())
      markerBuffer.allocate(std::max<std::size_t>(bytes.size(), 64 * kMarkerStride), GL_DYNAMIC_DRAW);
    markerBuffer.setSubData(0, std::span<const std::uint8_t>(bytes));

    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);
    glDepthMask(GL_FALSE);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    markerProgram.use();
    setSurfaceDepthUniforms(markerProgram, view);
    markerProgram.setUniform("smoothRim", antialias ? 1 : 0);
    markerArray.bind();
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count);
  }

  void drawDynamicLayer(const ViewProjection& view, const FrameOptions& options) {
    drawAllPaths(view, options);
    drawMarkers(view, collectMarkers(view, options), options.antialias, [](std::size_t) { return true; });
  }

  void renderFrame(const ViewProjection& view, const FrameOptions& options) {
    beginPass(view.viewport(), options);
    drawStaticLayer(view, options);
    drawDynamicLayer(view, options);
    endPass();
  }

  void renderReusingStaticLayer(const OffscreenTarget& target, const Camera& camera, const FrameOptions& options) {
    const Viewport viewport{0, 0, target.width(), target.height()};
    const ViewProjection view(camera, box, viewport);
    const StaticLayerKey key{camera,         target.width(),  target.height(),   target.samples(), options.axes,
                             options.legend, options.antialias, options.background, staticContent};
    if (keptStaticKey != key) {
      if (previousStaticKey != key) {  // moving: keeping the layer would cost a copy for nothing
        previousStaticKey = key;
        target.bind();
        renderFrame(view, options);
        return;
      }
      if (!staticLayer || staticLayer->width() != target.width() || staticLayer->height() != target.height() ||
          staticLayer->samples() != target.samples())
        staticLayer = std::make_unique<OffscreenTarget>(target.width(), target.height(), target.samples());
      staticLayer->bind();
      beginPass(viewport, options);
      drawStaticLayer(view, options);
      endPass();
      keptStaticKey = key;
    }
    target.copyFrom(*staticLayer, target.bounds());
    target.bind();
    continuePass(viewport);
    drawDynamicLayer(view, options);
    endPass();
  }

  // ---- animation ------------------------------------------------------------------------------------

  PixelRect slotOf(std::size_t marker) const {
    const Animation& a = *animation;
    const int index = static_cast<int>(marker);
    return {index % a.slotColumns * a.slotSide, index / a.slotColumns * a.slotSide, a.slotSide, a.slotSide};
  }

  // Saves the colour under the markers about to be drawn into their store slots.
  void saveUnderMarkers(const ViewProjection& view, const std::vector<MarkerInstance>& markers,
                        const std::vector<bool>& drawn) {
    Animation& a = *animation;
    for (std::size_t m = 0; m < markers.size(); ++m) {
      if (!drawn[m] || !markers[m].visible) continue;
      const PixelRect rect = intersect(markerRect(view, markers[m]), a.target->bounds());
      if (rect.width > a.slotSide || rect.height > a.slotSide) {
        a.allSaved = false;
        continue;
      }
      const PixelRect slot = slotOf(m);
      a.markerStore->copyColorFrom(*a.target, rect, slot.x, slot.y);
      a.saved[m] = rect;
    }
  }

  PixelRect redrawAnimation() {
    Animation& a = *animation;
    const Viewport viewport{0, 0, a.target->width(), a.target->height()};
    const ViewProjection view(a.camera, box, viewport);
    a.target->bind();
    beginPass(viewport, a.options);
    drawStaticLayer(view, a.options);
    drawAllPaths(view, a.options);
    endPass();
    a.markers = collectMarkers(view, a.options);
    a.saved.assign(a.markers.size(), PixelRect{});
    a.allSaved = true;
    saveUnderMarkers(view, a.markers, std::vector<bool>(a.markers.size(), true));
    a.target->bind();
    drawMarkers(view, a.markers, a.options.antialias, [](std::size_t) { return true; });
    endPass();
    a.regions.assign(1, a.target->bounds());
    return a.target->bounds();
  }

  PixelRect advanceAnimation(std::int64_t iteration) {
    Animation& a = *animation;
    const std::int64_t previous = a.iteration;
    if (iteration < 0) iteration = std::numeric_limits<std::int64_t>::max();
    a.options.iteration = iteration;
    a.iteration = iteration;
    if (iteration < previous || !a.allSaved) return redrawAnimation();

    const Viewport viewport{0, 0, a.target->width(), a.target->height()};
    const PixelRect bounds = a.target->bounds();
    const ViewProjection view(a.camera, box, viewport);
    const glm::dmat4 clipFromWorldD = view.projection() * view.view();
    const double segmentExtent = 0.5 * view.pointsToPixels(a.options.lineWidthPoints) + 3;

    // The pixels the new segments can touch: one region per run, so two path heads far apart do not make
    // one large rectangle (resolved and read back for nothing).
    struct NewSegments {
      std::size_t run, from, to;
    };
    std::vector<NewSegments> newSegments;
    std::vector<PixelRect>& regions = a.regions;
    regions.clear();
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const RunState& state = *runs[r];
      if (!state.style.visible || state.path.size() < 2) continue;
      const std::size_t from = lastShownPoint(state.path.size(), previous);
      const std::size_t to = lastShownPoint(state.path.size(), iteration);
      if (to <= from) continue;
      newSegments.push_back({r, from, to});
      const std::span<const PathVertex> points = state.path.points();
      PixelRect dirty;
      for (std::size_t i = from; i <= to && dirty != bounds; ++i) {
        const std::optional<glm::dvec3> pixel =
            view.clipToPixel(clipFromWorldD * glm::dvec4(glm::dvec3(points[i].world), 1));
        dirty = pixel ? unite(dirty, rectAround(glm::dvec2(*pixel), segmentExtent)) : bounds;
      }
      regions.push_back(intersect(dirty, bounds));
    }

    // Markers that changed, then every marker touching a region (and regions touching each other) are
    // merged, until that settles: a redrawn marker is whole, and regions stay disjoint.
    std::vector<MarkerInstance> markers = collectMarkers(view, a.options);
    for (std::size_t i = 0; i < markers.size(); ++i)
      if (i >= a.markers.size() || !(markers[i] == a.markers[i])) {
        regions.push_back(intersect(markerRect(view, markers[i]), bounds));
        if (i < a.markers.size()) regions.push_back(intersect(markerRect(view, a.markers[i]), bounds));
      }
    std::erase_if(regions, [](const PixelRect& r) { return r.empty(); });
    constexpr std::size_t kMaxRegions = 32;  // many runs: one bounding rectangle keeps the merging linear
    if (regions.size() > kMaxRegions) {
      PixelRect all;
      for (const PixelRect& region : regions) all = unite(all, region);
      regions.assign(1, all);
    }
    std::vector<bool> redraw(markers.size(), false);
    for (bool grew = !regions.empty(); grew;) {
      grew = false;
      for (std::size_t i = 0; i < regions.size(); ++i)
        for (std::size_t j = i + 1; j < regions.size();)
          if (overlaps(regions[i], regions[j])) {
            regions[i] = unite(regions[i], regions[j]);
            regions.erase(regions.begin() + static_cast<std::ptrdiff_t>(j));
            grew = true;
          } else {
            ++j;
          }
      for (std::size_t m = 0; m < markers.size(); ++m) {
        if (!markers[m].visible) continue;
        const PixelRect rect = intersect(markerRect(view, markers[m]), bounds);
        for (PixelRect& region : regions) {
          if (!overlaps(rect, region)) continue;
          redraw[m] = true;
          const PixelRect grown = unite(region, rect);
          if (grown != region) {
            region = grown;
            grew = true;
          }
        }
      }
    }
    if (regions.empty()) {
      a.markers = std::move(markers);
      return {};
    }

    // Take the drawn markers out of the regions (every marker drawn there is restored: one that stays is
    // redrawn, since it touches a region), draw the new segments, then save and draw the markers.
    for (std::size_t m = 0; m < a.saved.size(); ++m) {
      const PixelRect& rect = a.saved[m];
      if (rect.empty() || std::none_of(regions.begin(), regions.end(), [&](const PixelRect& r) { return overlaps(r, rect); }))
        continue;
      const PixelRect slot = slotOf(m);
      a.target->copyColorFrom(*a.markerStore, {slot.x, slot.y, rect.width, rect.height}, rect.x, rect.y);
      a.saved[m] = {};
    }
    a.saved.resize(markers.size());
    if (!newSegments.empty()) {
      a.target->bind();
      continuePass(viewport);
      setLineState(view, a.options);
      for (const NewSegments& segments : newSegments)
        drawRunSegments(view, segments.run, segments.from, segments.to, a.options);
      endPass();
    }
    saveUnderMarkers(view, markers, redraw);
    a.markers = std::move(markers);
    a.target->bind();
    drawMarkers(view, a.markers, a.options.antialias, [&](std::size_t i) { return redraw[i]; });
    endPass();
    PixelRect dirty;
    for (const PixelRect& region : regions) dirty = unite(dirty, region);
    return dirty;
  }
};

Renderer::Renderer() : impl_(std::make_unique<Impl>()) {}
RunStyle runStyle(const core::RunSpec& run, std::size_t index) {
  return {run.color ? *run.color : core::defaultColor(index), run.marker ? *run.marker : core::defaultMarker(index),
          run.label ? *run.label : core::defaultLabel(run), true};
}

Renderer::~Renderer() = default;

void Renderer::setSurface(const core::SurfaceSpec& surface, const core::RenderSpec& render) {
  Impl& s = *impl_;
  const bool sameSurface = s.surfaceSpec && s.surfaceSpec->surface.text() == surface.surface.text() &&
                           s.surfaceSpec->surface.isCatalog() == surface.surface.isCatalog() &&
                           s.surfaceSpec->domain() == surface.domain() && s.renderSpec == render;
  if (s.hasSurface && sameSurface) return;

  SurfaceGeometry geometry = buildSurfaceGeometry(surface, render);
  s.mesh.upload(geometry);
  s.box = geometry.box;
  // Once per surface, not per path point (it was two thirds of appending a point).
  s.worldPerData = glm::dvec3(dataToWorld(s.box, {1, 1, 1})) - glm::dvec3(dataToWorld(s.box, {0, 0, 0}));
  s.chordGapWorld = geometry.chordGapWorld;
  s.surfaceSpec = surface;
  s.renderSpec = render;
  s.hasSurface = true;
  ++s.staticContent;

  s.rebuildPaths();  // new box and surface: new world positions and normals
}

void Renderer::setLegendTitle(const std::string& title) {
  Impl& s = *impl_;
  if (s.legendStyle.title == title) return;
  s.legendStyle.title = title;
  ++s.staticContent;
}

DataBox Renderer::dataBox() const { return impl_->box; }

ViewProjection Renderer::viewProjection(const Camera& camera, const Viewport& viewport) const {
  return ViewProjection(camera, impl_->box, viewport);
}

void Renderer::setRuns(std::span<const RunStyle> runs) {
  Impl& s = *impl_;
  if (s.runs.size() != runs.size()) ++s.staticContent;
  while (s.runs.size() > runs.size()) s.runs.pop_back();
  while (s.runs.size() < runs.size()) s.runs.push_back(std::make_unique<RunState>());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (s.runs[i]->style == runs[i]) continue;
    s.runs[i]->style = runs[i];
    ++s.staticContent;  // the legend lists markers and labels
  }
}

std::size_t Renderer::runCount() const { return impl_->runs.size(); }

void Renderer::clearTrajectory(std::size_t run) {
  RunState& state = impl_->run(run);
  state.data.clear();
  state.path.clear();
  state.diverged = false;
}

void Renderer::appendTrajectory(std::size_t run, std::span<const core::TracePoint> points) {
  RunState& state = impl_->run(run);
  std::vector<PathVertex> vertices;
  vertices.reserve(points.size());
  for (const core::TracePoint& point : points) {
    state.data.emplace_back(point.x, point.y, point.z);
    vertices.push_back(impl_->pathVertex(state.data.back()));
  }
  state.path.append(vertices);
}

std::size_t Renderer::trajectorySize(std::size_t run) const { return impl_->run(run).path.size(); }

void Renderer::setDiverged(std::size_t run, bool diverged) { impl_->run(run).diverged = diverged; }

void Renderer::render(const Camera& camera, const Viewport& viewport, const FrameOptions& options) {
  impl_->renderFrame(ViewProjection(camera, impl_->box, viewport), options);
}

void Renderer::renderReusingStaticLayer(const OffscreenTarget& target, const Camera& camera,
                                        const FrameOptions& options) {
  impl_->renderReusingStaticLayer(target, camera, options);
}

std::optional<std::array<double, 2>> Renderer::pickSurface(const Camera& camera, const Viewport& viewport,
                                                           double px, double py) const {
  if (!impl_->surfaceSpec) return std::nullopt;
  const ViewProjection view(camera, impl_->box, viewport);
  return pickHeightField(impl_->surfaceSpec->surface, impl_->surfaceSpec->domain(), view.pixelRay(px, py));
}

PixelRect Renderer::beginAnimation(const OffscreenTarget& target, const Camera& camera, const FrameOptions& options) {
  Impl& s = *impl_;
  Impl::Animation animation;
  animation.target = &target;
  // Marker store: a square slot per marker slot, as large as the largest marker (a diverged head) can be.
  const ViewProjection view(camera, s.box, Viewport{0, 0, target.width(), target.height()});
  const double largest = std::max(view.pointsToPixels(options.startMarkerSizePoints),
                                  1.6 * view.pointsToPixels(options.markerSizePoints));
  const double widestEdge = std::max(view.pointsToPixels(options.startMarkerEdgePoints),
                                     view.pointsToPixels(options.markerEdgePoints));
  animation.slotSide = static_cast<int>(std::ceil(2 * (0.5 * largest + 0.5 * widestEdge + 1.5 + 2))) + 2;
  const int slots = std::max<int>(1, static_cast<int>(2 * s.runs.size()));
  animation.slotColumns = std::clamp(8192 / animation.slotSide, 1, slots);
  const int storeWidth = animation.slotColumns * animation.slotSide;
  const int storeHeight = (slots + animation.slotColumns - 1) / animation.slotColumns * animation.slotSide;
  if (s.animation && s.animation->markerStore && s.animation->markerStore->width() == storeWidth &&
      s.animation->markerStore->height() == storeHeight && s.animation->markerStore->samples() == target.samples())
    animation.markerStore = std::move(s.animation->markerStore);  // reuse the previous animation's
  else
    animation.markerStore = std::make_unique<OffscreenTarget>(storeWidth, storeHeight, target.samples());
  animation.camera = camera;
  animation.options = options;
  animation.iteration = options.iteration < 0 ? std::numeric_limits<std::int64_t>::max() : options.iteration;
  animation.options.iteration = animation.iteration;
  s.animation = std::move(animation);
  return s.redrawAnimation();
}

PixelRect Renderer::advanceTo(std::int64_t iteration) {
  if (!impl_->animation) throw Error("renderer: advanceTo without beginAnimation");
  return impl_->advanceAnimation(iteration);
}

std::span<const PixelRect> Renderer::changedRegions() const {
  if (!impl_->animation) return {};
  return impl_->animation->regions;
}

void Renderer::endAnimation() { impl_->animation.reset(); }

}  // namespace gradscape::render
