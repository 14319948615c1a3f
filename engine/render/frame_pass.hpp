// The GL state every pass of a frame starts from and leaves behind, and the depth bias that keeps paths
// and markers lying on the surface in front of it (shaders/depth_bias.glsl). Shared by all layers.
#pragma once

#include <glm/glm.hpp>

#include "core/scene.hpp"
#include "render/camera.hpp"
#include "render/gl_objects.hpp"
#include "render/offscreen_target.hpp"

namespace gradscape::render {

// Where the surface sits in the world box: what turns a run's data points into world positions on it.
struct SurfacePlacement {
  std::optional<core::SurfaceSpec> surface;  // empty until the renderer is given one
  DataBox box;
  glm::dvec3 worldPerData{1};  // world units per data unit, per axis (the box scales each axis on its own)
  double chordGapWorld = 0;    // how far a point on the true surface can sink below the mesh
};

// Clears `viewport` to `background` (colour, depth, stencil) and sets continuePass's state.
void beginPass(const Viewport& viewport, core::Rgb background);
// beginPass that clears and draws only inside `rect` (top-left origin, in the viewport's pixels): the
// same pixels there as a whole pass, nothing touched outside.
void beginPassWithin(const Viewport& viewport, const PixelRect& rect, core::Rgb background);
// Draws only inside `rect` (top-left origin, in the viewport's pixels) until endPass.
void limitTo(const Viewport& viewport, const PixelRect& rect);
// The pass's state without the clear: drawing on over what the framebuffer holds.
void continuePass(const Viewport& viewport);
// Leaves blending, stencil, scissor, depth clamp and polygon offset off, depth writes on, nothing bound.
void endPass();

glm::mat4 clipFromWorld(const ViewProjection& view);
glm::vec4 toVec4(core::Rgb rgb, double alpha);
// The uniforms of shaders/depth_bias.glsl for `program` (in use).
// The state of sprites lying on the surface (markers, particles): depth-tested without writing depth,
// no stencil, straight-alpha blending; `program` in use with its depth uniforms set.
void beginSurfaceSprites(const gl::Program& program, const ViewProjection& view, double chordGapWorld);
void setSurfaceDepthUniforms(const gl::Program& program, const ViewProjection& view, double chordGapWorld);

}  // namespace gradscape::render
