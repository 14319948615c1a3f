// The GLFW side of the viewer: library lifetime and one window with a GL 3.3 core context.
#pragma once

#include <memory>
#include <string>

#include "core/error.hpp"

struct GLFWwindow;

namespace gradscape::app {

// Why a window could not be made; the view command turns each into its one-line message.
class WindowError : public Error {
 public:
  enum class Kind { noDisplay, noOpenGl33 };
  WindowError(Kind kind, const std::string& message) : Error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// glfwInit on construction, glfwTerminate on destruction (after every window is gone).
class GlfwLibrary {
 public:
  // Throws WindowError(noDisplay) when there is no X11 display (DISPLAY unset or unreachable).
  GlfwLibrary();
  ~GlfwLibrary();
  GlfwLibrary(const GlfwLibrary&) = delete;
  GlfwLibrary& operator=(const GlfwLibrary&) = delete;
};

class Window {
 public:
  // A resizable window with a current GL 3.3 core context and the GL loader initialised; `vsync` sets
  // the swap interval. Throws WindowError(noOpenGl33) when the driver cannot give GL 3.3 core.
  Window(int width, int height, const std::string& title, bool vsync);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  GLFWwindow* handle() const { return window_; }

 private:
  GLFWwindow* window_ = nullptr;
};

// The last GLFW error's description ("" when none).
std::string lastGlfwError();

}  // namespace gradscape::app
