// Pass set-up and the surface depth bias (see frame_pass.hpp).
#include "render/frame_pass.hpp"

namespace gradscape::render {

namespace {

// Depth of paths and markers lying on the surface (shaders/depth_bias.glsl): the sprite part follows the
// surface's depth slope and the chord part is a lift by the mesh's measured chord gap; the base bias is
// what lines on the 81x81 saddle need (docs/performance.md, "Depth bias").
constexpr double kBaseDepthBias = 3e-5;  // NDC
constexpr double kMaxDepthBias = 1e-2;   // NDC toward the viewer: what a sprite seen edge-on may get
constexpr double kMaxAwayBias = 5e-2;    // NDC away from the viewer (it only hides what is underneath)
constexpr double kMinSurfaceLift = 1e-5;  // world-box units (the box is ~1.8 across)

}  // namespace

namespace {

void clearScissored(core::Rgb background) {
  glClearColor(background.r / 255.0f, background.g / 255.0f, background.b / 255.0f, 1.0f);
  glClearDepth(1.0);
  glClearStencil(0);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
}

}  // namespace

void beginPass(const Viewport& viewport, core::Rgb background) {
  continuePass(viewport);
  clearScissored(background);
}

void beginPassWithin(const Viewport& viewport, const PixelRect& rect, core::Rgb background) {
  continuePass(viewport);
  limitTo(viewport, rect);
  clearScissored(background);
}

void limitTo(const Viewport& viewport, const PixelRect& rect) {
  glEnable(GL_SCISSOR_TEST);
  glScissor(viewport.x + rect.x, viewport.y + viewport.height - rect.y - rect.height, rect.width, rect.height);
}

void continuePass(const Viewport& viewport) {
  glViewport(viewport.x, viewport.y, viewport.width, viewport.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(viewport.x, viewport.y, viewport.width, viewport.height);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDepthMask(GL_TRUE);
  glStencilMask(0xFF);
  glEnable(GL_DEPTH_CLAMP);  // paths that leave the box stay visible instead of being cut by near/far
  glDisable(GL_CULL_FACE);
}

void endPass() {
  glDisable(GL_DEPTH_CLAMP);
  glDisable(GL_BLEND);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_POLYGON_OFFSET_FILL);
  glDepthMask(GL_TRUE);
  glBindVertexArray(0);
  glUseProgram(0);
}

glm::mat4 clipFromWorld(const ViewProjection& view) { return glm::mat4(view.projection() * view.view()); }

glm::vec4 toVec4(core::Rgb rgb, double alpha) {
  return {rgb.r / 255.0f, rgb.g / 255.0f, rgb.b / 255.0f, static_cast<float>(alpha)};
}

void setSurfaceDepthUniforms(const gl::Program& program, const ViewProjection& view, double chordGapWorld) {
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

void beginSurfaceSprites(const gl::Program& program, const ViewProjection& view, double chordGapWorld) {
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);
  glDepthMask(GL_FALSE);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  program.use();
  setSurfaceDepthUniforms(program, view, chordGapWorld);
}

}  // namespace gradscape::render
