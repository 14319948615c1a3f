// A frame's layers in drawing order: the static layer (axes box, surface, legend), the paths, the ensemble
// particles, the markers. What Renderer and IncrementalAnimator draw from.
#pragma once

#include "render/frame_options.hpp"
#include "render/internals_layer.hpp"
#include "render/marker_layer.hpp"
#include "render/particle_layer.hpp"
#include "render/path_layer.hpp"
#include "render/static_layer.hpp"

namespace gradscape::render {

struct FrameLayers {
  StaticLayer scenery;
  PathLayer paths;
  MarkerLayer markers;
  ParticleLayer particles;
  InternalsLayer internals;  // drawn over the markers when the viewer shows why the step goes there

  const SurfacePlacement& placement() const { return scenery.placement(); }
  // The view of a frame in `viewport` (every layer projects through it).
  ViewProjection view(const Camera& camera, const Viewport& viewport) const {
    return ViewProjection(camera, placement().box, viewport);
  }

  void drawStatic(const ViewProjection& view, const FrameOptions& options);
  void drawPaths(const ViewProjection& view, const FrameOptions& options);
  void drawParticles(const ViewProjection& view, const FrameOptions& options);
  void drawMarkers(const ViewProjection& view, std::span<const MarkerInstance> markers, const FrameOptions& options,
                   const std::vector<bool>* only = nullptr);
  // Paths, particles, markers and the internals overlay.
  void drawDynamic(const ViewProjection& view, const FrameOptions& options);
  // The whole frame into the bound framebuffer's viewport, cleared first.
  void drawFrame(const ViewProjection& view, const FrameOptions& options);
};

}  // namespace gradscape::render
