// Offscreen framebuffers with MSAA resolve and top-down RGBA readback (see offscreen_target.hpp).
#include "render/offscreen_target.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace gradscape::render {

namespace {

constexpr int kMaxTargetSide = 16384;

int checkedSide(int side, const char* what) {
  if (side < 1 || side > kMaxTargetSide)
    throw Error(std::string("offscreen target: ") + what + " " + std::to_string(side) + " is not in 1.." +
                std::to_string(kMaxTargetSide));
  return side;
}

}  // namespace

OffscreenTarget::OffscreenTarget(int width, int height, int samples)
    : width_(checkedSide(width, "width")),
      height_(checkedSide(height, "height")),
      samples_(std::max(samples, 1)),
      depthStencil_(GL_DEPTH24_STENCIL8, width_, height_, samples_) {
  if (samples_ > 1) {
    sampledColor_.emplace(GL_RGBA8, width_, height_, samples_);
    drawFramebuffer_.attach(GL_COLOR_ATTACHMENT0, *sampledColor_);
  } else {
    color_.emplace(width_, height_, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    color_->setFilter(GL_NEAREST, GL_NEAREST);
    drawFramebuffer_.attach(GL_COLOR_ATTACHMENT0, *color_);
  }
  drawFramebuffer_.attach(GL_DEPTH_STENCIL_ATTACHMENT, depthStencil_);
  drawFramebuffer_.checkStatus("offscreen target " + std::to_string(width_) + "x" + std::to_string(height_) +
                               " with " + std::to_string(samples_) + " samples");
  if (samples_ > 1) {
    resolveColor_.emplace(GL_RGBA8, width_, height_, 1);
    resolveFramebuffer_.emplace();
    resolveFramebuffer_->attach(GL_COLOR_ATTACHMENT0, *resolveColor_);
    resolveFramebuffer_->checkStatus("offscreen resolve target");
  }
}

void OffscreenTarget::drawColor(GLuint framebuffer, int x, int y, const Viewport& clip) const {
  if (!copyProgram_) {
    const std::vector<std::string> defines = samples_ > 1 ? std::vector<std::string>{"MULTISAMPLE"} : std::vector<std::string>{};
    copyProgram_.emplace(gl::Program::fromFiles("copy_color.vert", "copy_color.frag", defines));
    copyArray_.emplace();
  }
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
  glViewport(x, y, width_, height_);
  glEnable(GL_SCISSOR_TEST);
  glScissor(clip.x, clip.y, clip.width, clip.height);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_BLEND);
  glDisable(GL_CULL_FACE);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  constexpr GLuint kUnit = 0;
  if (samples_ > 1) sampledColor_->bind(kUnit);
  else color_->bind(kUnit);
  copyProgram_->use();
  copyProgram_->setUniform("color", static_cast<int>(kUnit));
  if (samples_ > 1) copyProgram_->setUniform("samples", samples_);
  copyProgram_->setUniform("destinationOrigin", glm::ivec2(x, y));
  copyArray_->bind();
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_SCISSOR_TEST);
}

void OffscreenTarget::blitColor(GLuint framebuffer, int x, int y, const Viewport& clip) const {
  if (samples_ > 1) throw Error("offscreen target: blitColor needs a single-sample target");
  const int x0 = std::max(clip.x, x), y0 = std::max(clip.y, y);
  const int x1 = std::min(clip.x + clip.width, x + width_), y1 = std::min(clip.y + clip.height, y + height_);
  if (x1 <= x0 || y1 <= y0) return;
  drawFramebuffer_.bind(GL_READ_FRAMEBUFFER);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, framebuffer);
  glDisable(GL_SCISSOR_TEST);
  glBlitFramebuffer(x0 - x, y0 - y, x1 - x, y1 - y, x0, y0, x1, y1, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
}

void OffscreenTarget::bind() const {
  drawFramebuffer_.bind(GL_FRAMEBUFFER);
  glViewport(0, 0, width_, height_);
}

std::vector<std::uint8_t> OffscreenTarget::readRgba(AlphaPolicy alpha) const {
  return readRgbaRect(bounds(), alpha);
}

std::vector<std::uint8_t> OffscreenTarget::readRgbaRect(const PixelRect& rect, AlphaPolicy alpha) const {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(std::max(rect.width, 0)) *
                                   static_cast<std::size_t>(std::max(rect.height, 0)) * 4);
  readRgbaRect(rect, pixels, alpha);
  return pixels;
}

void OffscreenTarget::readRgbaRect(const PixelRect& rect, std::span<std::uint8_t> out, AlphaPolicy alpha) const {
  if (rect.empty()) return;
  if (rect.intersected(bounds()) != rect)
    throw Error("offscreen target: readback rectangle " + std::to_string(rect.width) + "x" +
                std::to_string(rect.height) + "+" + std::to_string(rect.x) + "+" + std::to_string(rect.y) +
                " is not inside the " + std::to_string(width_) + "x" + std::to_string(height_) + " target");
  const std::size_t rowBytes = static_cast<std::size_t>(rect.width) * 4;
  if (out.size() < rowBytes * static_cast<std::size_t>(rect.height))
    throw Error("offscreen target: readback buffer too small");

  const int glY = height_ - rect.y - rect.height;  // GL rows count from the bottom
  if (samples_ > 1) {
    drawColor(resolveFramebuffer_->id(), 0, 0, Viewport{rect.x, glY, rect.width, rect.height});  // only the rectangle
    resolveFramebuffer_->bind(GL_READ_FRAMEBUFFER);
  } else {
    drawFramebuffer_.bind(GL_READ_FRAMEBUFFER);
  }
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  glReadPixels(rect.x, glY, rect.width, rect.height, GL_RGBA, GL_UNSIGNED_BYTE, out.data());

  // Flip bottom-up GL rows to top-down image rows in place.
  std::vector<std::uint8_t> swapRow(rowBytes);
  for (int top = 0, bottom = rect.height - 1; top < bottom; ++top, --bottom) {
    std::uint8_t* a = out.data() + static_cast<std::size_t>(top) * rowBytes;
    std::uint8_t* b = out.data() + static_cast<std::size_t>(bottom) * rowBytes;
    std::memcpy(swapRow.data(), a, rowBytes);
    std::memcpy(a, b, rowBytes);
    std::memcpy(b, swapRow.data(), rowBytes);
  }
  if (alpha == AlphaPolicy::opaque)
    for (std::size_t i = 3; i < rowBytes * static_cast<std::size_t>(rect.height); i += 4) out[i] = 255;
  drawFramebuffer_.bind(GL_FRAMEBUFFER);
}

void OffscreenTarget::copyFrom(const OffscreenTarget& source, const PixelRect& rect) const {
  if (source.width_ != width_ || source.height_ != height_ || source.samples_ != samples_)
    throw Error("offscreen target: copyFrom needs the same size and sample count");
  const PixelRect clipped = rect.intersected(bounds());
  if (clipped.empty()) return;
  const int glY = height_ - clipped.y - clipped.height;
  source.drawFramebuffer_.bind(GL_READ_FRAMEBUFFER);
  drawFramebuffer_.bind(GL_DRAW_FRAMEBUFFER);
  glBlitFramebuffer(clipped.x, glY, clipped.x + clipped.width, glY + clipped.height, clipped.x, glY,
                    clipped.x + clipped.width, glY + clipped.height,
                    GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT, GL_NEAREST);
  drawFramebuffer_.bind(GL_FRAMEBUFFER);
}

void OffscreenTarget::copyColorFrom(const OffscreenTarget& source, const PixelRect& sourceRect, int destX,
                                     int destY) const {
  if (source.samples_ != samples_) throw Error("offscreen target: copyColorFrom needs the same sample count");
  const PixelRect destRect{destX, destY, sourceRect.width, sourceRect.height};
  if (sourceRect.empty()) return;
  if (sourceRect.intersected(source.bounds()) != sourceRect || destRect.intersected(bounds()) != destRect)
    throw Error("offscreen target: copyColorFrom rectangle outside a target");
  const int sourceY = source.height_ - sourceRect.y - sourceRect.height, destY0 = height_ - destY - sourceRect.height;
  source.drawFramebuffer_.bind(GL_READ_FRAMEBUFFER);
  drawFramebuffer_.bind(GL_DRAW_FRAMEBUFFER);
  glBlitFramebuffer(sourceRect.x, sourceY, sourceRect.x + sourceRect.width, sourceY + sourceRect.height, destX, destY0,
                    destX + sourceRect.width, destY0 + sourceRect.height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  drawFramebuffer_.bind(GL_FRAMEBUFFER);
}

}  // namespace gradscape::render
