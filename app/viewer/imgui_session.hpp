// Dear ImGui with its GLFW and OpenGL 3 backends for the lifetime of the window: context, style, the
// embedded font at the monitor's content scale.
#pragma once

struct GLFWwindow;

namespace gradscape::app {

class ImGuiSession {
 public:
  // `iniPath` may be null (no saved window positions). Needs the window's GL context current.
  ImGuiSession(GLFWwindow* window, const char* iniPath);
  ~ImGuiSession();
  ImGuiSession(const ImGuiSession&) = delete;
  ImGuiSession& operator=(const ImGuiSession&) = delete;
};

}  // namespace gradscape::app
