// The one renderer of gradscape: surface mesh, trajectories, markers, axes box, legend. GL 3.3 core.
// Used by the window (app/), headless export (engine/capture) and the tests alike. No GLFW, no ImGui.
//
// DRAFT API agreed between the renderer (engine/render) and its users (app/, engine/capture).
// The renderer's owner may extend it; changing a signature means updating every caller.
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
#include "render/camera.hpp"

namespace gradscape::render {

// How one run is drawn (from core::RunSpec, with the scene's defaults resolved).
struct RunStyle {
  core::Rgb color;
  core::Marker marker = core::Marker::circle;
  std::string label;
  bool visible = true;
};

struct FrameOptions {
  std::int64_t iteration = -1;  // draw iterations 0..k of every run; -1 = everything appended
  bool axes = true;
  bool legend = true;
  bool antialias = true;        // MSAA resolve is the target's business; this toggles line smoothing etc.
};

class Renderer {
 public:
  // Needs a current GL 3.3 core context with the GL loader initialised (see context.hpp).
  Renderer();
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Rebuilds the surface mesh, axes ticks and colour range (only when they changed).
  void setSurface(const core::SurfaceSpec& surface, const core::RenderSpec& render);
  // Number of runs and their styles; keeps trajectories of runs that still exist.
  void setRuns(std::span<const RunStyle> runs);
  // Trajectories: append uploads only the new range (glBufferSubData on the tail).
  void clearTrajectory(std::size_t run);
  void appendTrajectory(std::size_t run, std::span<const core::TracePoint> points);
  // A diverged run shows a distinct marker at its last finite point.
  void setDiverged(std::size_t run, bool diverged);

  // Draws one frame into the currently bound framebuffer's viewport. Sets all GL state it needs.
  void render(const Camera& camera, const Viewport& viewport, const FrameOptions& options);

  // Ray-pick against the height field: the (x, y) on the surface under pixel (px, py) (top-left origin,
  // in viewport pixels), or nothing when the ray misses the surface.
  std::optional<std::array<double, 2>> pickSurface(const Camera& camera, const Viewport& viewport,
                                                   double px, double py) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradscape::render
