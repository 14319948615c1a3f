// Partial presentation through GLX_MESA_copy_sub_buffer, with a swapping fallback.
#include "viewer/window_presenter.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdlib>
#include <cstring>

namespace gradscape::app {

WindowPresenter::WindowPresenter(GLFWwindow* window, bool vsync) : window_(window), vsync_(vsync) {
  // GRADSCAPE_SWAP=1 forces the whole-frame path (to compare, or on a driver that misbehaves).
  const char* forceSwap = std::getenv("GRADSCAPE_SWAP");
  if ((!forceSwap || std::strcmp(forceSwap, "1") != 0) && glfwExtensionSupported("GLX_MESA_copy_sub_buffer")) {
    // Through GLFW's loader (glXGetProcAddress): no GLX headers or link-time dependency on libGLX.
    copySubBuffer_ = reinterpret_cast<CopySubBuffer>(glfwGetProcAddress("glXCopySubBufferMESA"));
    currentDisplay_ = reinterpret_cast<CurrentDisplay>(glfwGetProcAddress("glXGetCurrentDisplay"));
    currentDrawable_ = reinterpret_cast<CurrentDrawable>(glfwGetProcAddress("glXGetCurrentDrawable"));
    if (!currentDisplay_ || !currentDrawable_ || !currentDisplay_() || !currentDrawable_()) copySubBuffer_ = nullptr;
  }
  // Copying rectangles does not wait for vertical blank; the viewer paces its frames itself.
  glfwSwapInterval(vsync && !copySubBuffer_ ? 1 : 0);
}

bool WindowPresenter::beginFrame(int framebufferWidth, int framebufferHeight) {
  if (framebufferWidth != width_ || framebufferHeight != height_) {
    width_ = framebufferWidth;
    height_ = framebufferHeight;
    settledFrames_ = 0;
    return true;
  }
  if (settledFrames_ >= kSettleFrames) return false;
  ++settledFrames_;
  return true;  // still settling (whole frames), or the first frame copied after swaps
}

void WindowPresenter::fallBackToSwaps() {
  if (!copySubBuffer_) return;
  copySubBuffer_ = nullptr;
  glfwSwapInterval(vsync_ ? 1 : 0);
}

void WindowPresenter::present(const WindowRect& rect, int framebufferHeight) {
  if (!keepsBackBuffer()) {
    glfwSwapBuffers(window_);
    return;
  }
  if (rect.empty()) return;
  copySubBuffer_(currentDisplay_(), currentDrawable_(), rect.x, framebufferHeight - rect.y - rect.height, rect.width,
                 rect.height);
}

void WindowPresenter::presentAll(int framebufferWidth, int framebufferHeight) {
  present(WindowRect{0, 0, framebufferWidth, framebufferHeight}, framebufferHeight);
}

}  // namespace gradscape::app
