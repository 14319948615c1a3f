// The static layer: axes box, surface and legend, everything that does not change while a path grows.
// Owns the surface mesh and where it sits in the world box (SurfacePlacement).
#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/scene.hpp"
#include "render/axes_box.hpp"
#include "render/frame_options.hpp"
#include "render/frame_pass.hpp"
#include "render/gl_objects.hpp"
#include "render/legend.hpp"
#include "render/map_overlay.hpp"
#include "render/surface_mesh.hpp"
#include "render/text.hpp"

namespace gradscape::render {

class StaticLayer {
 public:
  StaticLayer();

  // Rebuilds the mesh and the placement; false (nothing done) when surface and render options are the
  // ones already shown.
  bool setSurface(const core::SurfaceSpec& surface, const core::RenderSpec& render);
  const SurfacePlacement& placement() const { return placement_; }
  // The legend's title line; false when it is the one already shown.
  bool setLegendTitle(const std::string& title);
  // The map draped over the surface in place of its face colours (null: none); the texture outlives its use.
  void setMap(const MapTexture* map) { map_ = map; }

  // Draws axes box, surface and legend (`legendEntries` when options.legend) into the bound framebuffer.
  void draw(const ViewProjection& view, const FrameOptions& options, std::span<const LegendEntry> legendEntries);

 private:
  void drawSurface(const ViewProjection& view);

  SurfacePlacement placement_;
  std::optional<core::RenderSpec> renderSpec_;  // empty until a surface is set
  const AxesStyle axesStyle_ = AxesStyle::article();
  LegendStyle legendStyle_;
  TextRenderer text_;
  AxesBox axesBox_;
  Legend legend_;
  SurfaceMesh mesh_;
  const MapTexture* map_ = nullptr;
  gl::Program surfaceProgram_ = gl::Program::fromFiles("surface.vert", "surface.frag");
};

}  // namespace gradscape::render
