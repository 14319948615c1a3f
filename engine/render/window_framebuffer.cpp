// GL calls on the window's default framebuffer, for the app layer.
#include "render/window_framebuffer.hpp"

#include <glad/gl.h>

#include <algorithm>

namespace gradscape::render {

void bindWindowFramebuffer() { glBindFramebuffer(GL_FRAMEBUFFER, 0); }

void bindWindowFramebuffer(int width, int height) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, width, height);
}

void clearWindowRects(const std::array<float, 3>& rgb, std::span<const PixelRect> rects, int framebufferHeight) {
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glClearColor(rgb[0], rgb[1], rgb[2], 1.0f);
  glEnable(GL_SCISSOR_TEST);
  for (const PixelRect& rect : rects) {
    glScissor(rect.x, framebufferHeight - rect.y - rect.height, rect.width, rect.height);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  glDisable(GL_SCISSOR_TEST);
}

void beginWindowOverlayPass(int width, int height) {
  bindWindowFramebuffer(width, height);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_MULTISAMPLE);
}

std::vector<std::uint8_t> readWindowBackBuffer(int width, int height) {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * height * 4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // GL rows go up; image rows go down. The window has no meaningful alpha.
  std::vector<std::uint8_t> image(pixels.size());
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  for (int y = 0; y < height; ++y)
    std::copy_n(pixels.data() + static_cast<std::size_t>(height - 1 - y) * row, row, image.data() + y * row);
  for (std::size_t i = 3; i < image.size(); i += 4) image[i] = 255;
  return image;
}

void finishGpuWork() { glFinish(); }

void provokeGlError() { glEnable(GL_NONE); }

std::string takeGlError() {
  std::string first;
  // glGetError returns one flag per call; a context that was lost keeps returning it, so the loop is bounded.
  for (int i = 0; i < 16; ++i) {
    const GLenum error = glGetError();
    if (error == GL_NO_ERROR) break;
    if (!first.empty()) continue;
    switch (error) {
      case GL_INVALID_ENUM: first = "GL_INVALID_ENUM"; break;
      case GL_INVALID_VALUE: first = "GL_INVALID_VALUE"; break;
      case GL_INVALID_OPERATION: first = "GL_INVALID_OPERATION"; break;
      case GL_INVALID_FRAMEBUFFER_OPERATION: first = "GL_INVALID_FRAMEBUFFER_OPERATION"; break;
      case GL_OUT_OF_MEMORY: first = "GL_OUT_OF_MEMORY"; break;
      default: first = "GL error " + std::to_string(error); break;
    }
  }
  return first;
}

}  // namespace gradscape::render
