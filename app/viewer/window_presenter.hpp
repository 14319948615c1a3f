// Puts the window's back buffer on screen. On Mesa (GLX_MESA_copy_sub_buffer) the back buffer is never
// swapped, so it keeps the last frame: a frame redraws only what changed and copies only that rectangle to
// the screen, which matters on a software rasteriser that pays for every pixel. Elsewhere every frame is
// redrawn whole and swapped.
#pragma once

#include <optional>

#include "render/offscreen_target.hpp"

struct GLFWwindow;

namespace gradscape::app {

// A rectangle in framebuffer pixels, top-left origin (ImGui's orientation, scaled to pixels).
using WindowRect = render::PixelRect;

class WindowPresenter {
 public:
  // Needs the window's context current. `vsync` applies to the swapping fallback.
  WindowPresenter(GLFWwindow* window, bool vsync);

  // True when the back buffer keeps its pixels between frames (partial redraws are allowed).
  bool keepsBackBuffer() const { return copySubBuffer_ != nullptr; }

  // Shows `rect` of the back buffer (keepsBackBuffer), or swaps the whole buffer.
  void present(const WindowRect& rect, int framebufferHeight);
  void presentAll(int framebufferWidth, int framebufferHeight);

 private:
  using CopySubBuffer = void (*)(void* display, unsigned long drawable, int x, int y, int width, int height);
  using CurrentDisplay = void* (*)();
  using CurrentDrawable = unsigned long (*)();
  GLFWwindow* window_;
  CopySubBuffer copySubBuffer_ = nullptr;
  CurrentDisplay currentDisplay_ = nullptr;
  CurrentDrawable currentDrawable_ = nullptr;
};

}  // namespace gradscape::app
