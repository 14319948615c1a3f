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
using WindowRect = PixelRect;

class WindowPresenter {
 public:
  // Needs the window's context current. `vsync` applies to the swapping fallback.
  WindowPresenter(GLFWwindow* window, bool vsync);

  // True when the back buffer keeps its pixels between frames (partial redraws are allowed).
  bool keepsBackBuffer() const { return copySubBuffer_ != nullptr && settledFrames_ >= kSettleFrames; }
  // Whether the window is presented by copying rectangles at all (else the viewer paces frames by vsync).
  bool copiesRectangles() const { return copySubBuffer_ != nullptr; }

  // Before drawing a frame at this framebuffer size. Mesa sizes the back buffer from the window when a
  // swap invalidates it; copying rectangles never does, so after a resize a frame would be drawn into a
  // buffer of the old size and the copy would name rectangles outside it (an X error that kills the
  // program by default). So after each size change frames are swapped whole until the size has held for
  // a few frames. True when the back buffer's pixels cannot be trusted (repaint everything).
  bool beginFrame(int framebufferWidth, int framebufferHeight);
  // Presenting failed (an X error): whole-frame swaps from now on.
  void fallBackToSwaps();

  // Shows `rect` of the back buffer (keepsBackBuffer), or swaps the whole buffer.
  void present(const WindowRect& rect, int framebufferHeight);
  void presentAll(int framebufferWidth, int framebufferHeight);

 private:
  using CopySubBuffer = void (*)(void* display, unsigned long drawable, int x, int y, int width, int height);
  using CurrentDisplay = void* (*)();
  using CurrentDrawable = unsigned long (*)();
  GLFWwindow* window_;
  bool vsync_;
  static constexpr int kSettleFrames = 3;
  int width_ = 0, height_ = 0;  // the framebuffer size of the last frame
  int settledFrames_ = 0;       // frames since the size last changed
  CopySubBuffer copySubBuffer_ = nullptr;
  CurrentDisplay currentDisplay_ = nullptr;
  CurrentDrawable currentDrawable_ = nullptr;
};

}  // namespace gradscape::app
