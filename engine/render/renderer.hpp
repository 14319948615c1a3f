// The one renderer of gradscape: surface mesh, trajectories, markers, axes box, legend. GL 3.3 core.
// Used by the window (app/), headless export (engine/capture) and the tests alike. No GLFW, no ImGui.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/scene.hpp"
#include "core/trace.hpp"
#include "render/axes_box.hpp"
#include "render/camera.hpp"
#include "render/frame_options.hpp"
#include "render/internals_layer.hpp"
#include "render/legend.hpp"
#include "render/map_overlay.hpp"
#include "render/offscreen_target.hpp"
#include "render/path_layer.hpp"

namespace gradscape::render {

// The 2-D pane of a frame drawn with view `mode` into `viewport`: all of it in "2d", split's right part;
// none in "3d".
std::optional<Viewport> planPane(const Viewport& viewport, core::ViewMode mode);

class Renderer {
 public:
  // Needs a current GL 3.3 core context with the GL loader initialised (see context.hpp).
  Renderer();
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Rebuilds the surface mesh, data box and colour range when surface or render options changed.
  // Trajectory points are re-projected into a changed data box.
  void setSurface(const core::SurfaceSpec& surface, const core::RenderSpec& render);
  // The legend's title line (scene key legend.title; empty: no title line).
  void setLegendTitle(const std::string& title);
  // The viewer's: the 2-D view builds a new surface's contours off the calling thread (PlanView).
  void setContoursInBackground(bool on);
  // True while the 2-D view's contours are being built; a finished build is adopted (draw again to show it).
  bool contoursPending();
  // A map draped over the surface in 3-D and under the contour lines in 2-D (null: none).
  void setMapOverlay(const MapOverlay* overlay);
  // The axes limits the camera uses (x, y: the domain; z: the surface's finite range on the grid).
  DataBox dataBox() const;
  // The projection every layer of a frame uses (for overlays, picking, the axes box).
  ViewProjection viewProjection(const Camera& camera, const Viewport& viewport) const;
  // The 2-D view's projection of a pane (FrameOptions::view "2d", or split's right half).
  ViewProjection planViewProjection(const Viewport& pane, const std::optional<core::Domain>& planWindow = std::nullopt);

  // Number of runs and their styles; keeps trajectories of runs that still exist.
  void setRuns(std::span<const RunStyle> runs);
  std::size_t runCount() const;
  // Trajectories: points in iteration order from 0.
  void clearTrajectory(std::size_t run);
  void appendTrajectory(std::size_t run, std::span<const core::TracePoint> points);
  // Clears and appends several runs at once, their vertices computed on every core (PathLayer::replace).
  void replaceTrajectories(std::span<const PathLayer::Replacement> replacements);
  std::size_t trajectorySize(std::size_t run) const;
  // A diverged run shows a distinct marker once the frame passes its last finite point: at that point,
  // or where the run was last inside the box when it left it.
  void setDiverged(std::size_t run, bool diverged);
  bool diverged(std::size_t run) const;
  // Draws each path with a call of its own, as on a GL without ARB_shader_stencil_export (PathLayer's
  // drawEachRunAlone: the same pictures, which tests compare).
  void drawEachRunAlone(bool alone);

  // Why the step goes there (internals_layer.hpp): arrows, the Hessian's cross and the quiver over every
  // later frame; std::nullopt takes it away.
  void setInternals(std::optional<InternalsOverlay> overlay);

  // Draws one frame into the currently bound framebuffer's `viewport` (cleared first). Sets all GL state
  // it needs; leaves blending, stencil and scissor tests off.
  void render(const Camera& camera, const Viewport& viewport, const FrameOptions& options);

  // The same frame as render() into all of `target`, reusing the static layer (axes box, surface,
  // legend) between calls: when camera, target size, options and the static content are the same twice
  // in a row, the layer is kept in a buffer of the target's size, and from then on calls that differ only
  // in paths and markers (editing a run, playing) copy it back instead of drawing it. A moving camera
  // draws straight into the target, as render() does. Pixel-identical to render(). Each pane keeps its own
  // layer: split's 2-D half (contours, axes, colour bar, legend) is kept while its 3-D half orbits.
  void renderReusingStaticLayer(const OffscreenTarget& target, const Camera& camera, const FrameOptions& options);

  // Ray-pick against the height field: the (x, y) on the surface under pixel (px, py) (top-left origin,
  // in viewport pixels), or nothing when the ray misses the surface.
  std::optional<std::array<double, 2>> pickSurface(const Camera& camera, const Viewport& viewport,
                                                   double px, double py) const;
  // The same for a frame drawn with view `mode`: the pane under (px, py) picks, the 3-D one on the
  // surface, the 2-D one the data point under the pixel (nothing outside its plot area) of the 2-D view
  // showing `planWindow` (FrameOptions::planWindow).
  std::optional<std::array<double, 2>> pick(const Camera& camera, const Viewport& viewport, core::ViewMode mode,
                                            double px, double py,
                                            const std::optional<core::Domain>& planWindow = std::nullopt);

  // Incremental animation for a fixed camera (export). beginAnimation draws frame options.iteration
  // completely into `target` (which must outlive the animation) and keeps the colour under each marker
  // in a small buffer of the same sample count. advanceTo(k) takes the previous markers away where
  // things change, draws only the segments added since the previous frame and draws the markers at k.
  // Both return the rectangle of `target` that changed (top-left origin, clipped to the target): read
  // back and encode only that.
  // The result equals render() of frame k into the same kind of target, except where paths of different
  // runs overlap (their blending order then follows time instead of run order).
  // Going back (k below the previous frame) redraws everything and returns the whole target.
  PixelRect beginAnimation(const OffscreenTarget& target, const Camera& camera, const FrameOptions& options);
  PixelRect advanceTo(std::int64_t iteration);
  // The disjoint rectangles the last beginAnimation/advanceTo changed (their bounding box is what it
  // returned): one per run's new segments and markers unless they touch. Reading back only these keeps
  // two path heads far apart from costing the whole rectangle between them.
  std::span<const PixelRect> changedRegions() const;
  void endAnimation();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradscape::render
