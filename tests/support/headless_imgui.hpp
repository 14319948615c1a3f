// An ImGui context with a built font atlas and no renderer, for tests that only look at the draw data.
#pragma once

#include <imgui.h>

namespace gradscape::testing {

class HeadlessImGui {
 public:
  explicit HeadlessImGui(ImVec2 displaySize) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = displaySize;
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // builds the atlas NewFrame() needs
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
};

}  // namespace gradscape::testing
