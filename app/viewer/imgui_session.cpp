// ImGui set-up and tear-down for the viewer's window.
#include "viewer/imgui_session.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <string_view>

namespace gradscape::resources {
std::string_view renderResource(std::string_view name);  // embedded by engine/render's CMakeLists
}

namespace gradscape::app {
namespace {
constexpr float kBaseFontSize = 15.0f;
}

ImGuiSession::ImGuiSession(GLFWwindow* window, const char* iniPath) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = iniPath;
  ImGui::StyleColorsDark();

  // HiDPI: rasterise the font at the monitor's content scale; where window units are not pixels (the
  // framebuffer is larger than the window), scale it back so the UI keeps its size in window units.
  float contentX = 1, contentY = 1;
  glfwGetWindowContentScale(window, &contentX, &contentY);
  int windowWidth = 1, framebufferWidth = 1, height = 1;
  glfwGetWindowSize(window, &windowWidth, &height);
  glfwGetFramebufferSize(window, &framebufferWidth, &height);
  const float framebufferScale = windowWidth > 0 ? static_cast<float>(framebufferWidth) / windowWidth : 1.0f;
  const float contentScale = std::max(1.0f, std::max(contentX, contentY));
  const float uiScale = contentScale / std::max(1.0f, framebufferScale);
  ImGui::GetStyle().ScaleAllSizes(uiScale);
  ImGui::GetStyle().WindowRounding = 0;

  const std::string_view font = resources::renderResource("DejaVuSans.ttf");
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are embedded in the binary
  config.OversampleH = 2;
  if (!font.empty())
    io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(font.data()), static_cast<int>(font.size()),
                                   kBaseFontSize * contentScale, &config);
  else
    io.Fonts->AddFontDefault();
  io.FontGlobalScale = 1.0f / std::max(1.0f, framebufferScale);

  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
}

ImGuiSession::~ImGuiSession() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

}  // namespace gradscape::app
