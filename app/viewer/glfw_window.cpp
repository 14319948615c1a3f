// GLFW initialisation and the viewer's window.
#include "viewer/glfw_window.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdlib>

#include "render/context.hpp"

namespace gradscape::app {

std::string lastGlfwError() {
  const char* description = nullptr;
  glfwGetError(&description);
  return description ? description : "";
}

GlfwLibrary::GlfwLibrary() {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland))
    throw WindowError(WindowError::Kind::noDisplay, "DISPLAY and WAYLAND_DISPLAY are unset");
  if (!glfwInit()) throw WindowError(WindowError::Kind::noDisplay, lastGlfwError());
}

GlfwLibrary::~GlfwLibrary() { glfwTerminate(); }

Window::Window(int width, int height, const std::string& title, bool vsync) {
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);  // HiDPI: the window grows with the content scale
  // Moving scenes are drawn straight into the window (depth and stencil needed); the anti-aliased frame
  // at rest is rendered offscreen, so the window itself has no multisampling.
  glfwWindowHint(GLFW_SAMPLES, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 24);
  glfwWindowHint(GLFW_STENCIL_BITS, 8);
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!window_) throw WindowError(WindowError::Kind::noOpenGl33, lastGlfwError());
  glfwMakeContextCurrent(window_);
  try {
    render::loadGl(glfwGetProcAddress);
  } catch (const Error& error) {
    glfwDestroyWindow(window_);
    throw WindowError(WindowError::Kind::noOpenGl33, error.what());
  }
  glfwSwapInterval(vsync ? 1 : 0);
}

Window::~Window() {
  if (window_) glfwDestroyWindow(window_);
}

}  // namespace gradscape::app
