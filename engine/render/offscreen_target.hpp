// An offscreen framebuffer (RGBA8 colour + depth24/stencil8), multisampled with a resolve target, read
// back as top-down RGBA rows: what headless export, the tests and the window's screenshots render into.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/pixel_rect.hpp"
#include "render/camera.hpp"
#include "render/gl_objects.hpp"

namespace gradscape::render {

enum class AlphaPolicy { opaque, keep };  // opaque writes 255 (GIF/MP4 want no transparency)

class OffscreenTarget {
 public:
  // samples <= 1: no multisampling. Throws gradscape::Error for a bad size or an incomplete framebuffer.
  OffscreenTarget(int width, int height, int samples = 4);

  int width() const { return width_; }
  int height() const { return height_; }
  int samples() const { return samples_; }
  PixelRect bounds() const { return {0, 0, width_, height_}; }

  // Binds the framebuffer that is drawn into (GL_FRAMEBUFFER) and sets the viewport to the whole target.
  void bind() const;
  GLuint drawFramebufferId() const { return drawFramebuffer_.id(); }

  // Resolves (when multisampled) and reads the whole image: height rows of width*4 bytes, top row first.
  std::vector<std::uint8_t> readRgba(AlphaPolicy alpha = AlphaPolicy::opaque) const;
  // The same for `rect` only (top-left origin; must lie inside the target): rect.height rows of
  // rect.width*4 bytes. Only that rectangle is resolved and transferred.
  std::vector<std::uint8_t> readRgbaRect(const PixelRect& rect, AlphaPolicy alpha = AlphaPolicy::opaque) const;
  // Into `out` (rect.width*rect.height*4 bytes), without allocating.
  void readRgbaRect(const PixelRect& rect, std::span<std::uint8_t> out, AlphaPolicy alpha = AlphaPolicy::opaque) const;

  // Draws this target's colour (samples averaged when multisampled) into `framebuffer` (0: the window)
  // with its lower-left pixel at (x, y), only inside `clip` (GL lower-left coordinates of that
  // framebuffer). A shader pass: llvmpipe compiles glBlitFramebuffer's resolve shader in every process
  // (~37 ms on first use).
  void drawColor(GLuint framebuffer, int x, int y, const Viewport& clip) const;
  // The same for a single-sample target, by glBlitFramebuffer: for an unscaled copy llvmpipe's blit
  // beats the drawColor pass (1.3 against 1.7 ms for the viewer's 800x684 scene; docs/performance.md).
  void blitColor(GLuint framebuffer, int x, int y, const Viewport& clip) const;

  // Copies colour, depth and stencil of `rect` from `source` (same size and sample count).
  void copyFrom(const OffscreenTarget& source, const PixelRect& rect) const;
  // Copies the colour (every sample) of `sourceRect` of `source` (same sample count, any size) to
  // (destX, destY) here; both rectangles must lie inside their targets.
  void copyColorFrom(const OffscreenTarget& source, const PixelRect& sourceRect, int destX, int destY) const;

 private:
  int width_, height_, samples_;
  std::optional<gl::Texture2D> color_;                  // single-sample (a texture: drawColor reads it)
  std::optional<gl::MultisampleTexture> sampledColor_;  // multisampled
  gl::Renderbuffer depthStencil_;
  gl::Framebuffer drawFramebuffer_;
  // Only when multisampled: the single-sample colour that MSAA resolves into before readback.
  std::optional<gl::Renderbuffer> resolveColor_;
  std::optional<gl::Framebuffer> resolveFramebuffer_;
  // The drawColor pass, made on first use (targets that are only copied from never compile it).
  mutable std::optional<gl::Program> copyProgram_;
  mutable std::optional<gl::VertexArray> copyArray_;
};

}  // namespace gradscape::render
