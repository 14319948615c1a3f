// CallbackDrawing: the callback that ImGui's backend calls, with the draw data's framebuffer geometry.
#include "viewer/callback_drawing.hpp"

#include <cmath>

namespace gradscape::app {

void CallbackDrawing::addTo(ImDrawList& list) {
  list.AddCallback(&CallbackDrawing::run, this);
  list.AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

bool CallbackDrawing::isCallbackDrawing(const ImDrawCmd& command) {
  return command.UserCallback == &CallbackDrawing::run && command.UserCallbackData != nullptr;
}

const CallbackDrawing& CallbackDrawing::of(const ImDrawCmd& command) {
  return *static_cast<const CallbackDrawing*>(command.UserCallbackData);
}

void CallbackDrawing::run(const ImDrawList*, const ImDrawCmd* command) {
  // The backend renders ImGui::GetDrawData() (the compositor clips its commands to each damaged region
  // in place); its framebuffer is DisplaySize * FramebufferScale, as in ImGui_ImplOpenGL3_RenderDrawData.
  const ImDrawData* data = ImGui::GetDrawData();
  if (data == nullptr) return;
  const ImVec2 scale = data->FramebufferScale;
  const int width = static_cast<int>(data->DisplaySize.x * scale.x);
  const int height = static_cast<int>(data->DisplaySize.y * scale.y);
  const ImVec4 clip(command->ClipRect.x - data->DisplayPos.x, command->ClipRect.y - data->DisplayPos.y,
                    command->ClipRect.z - data->DisplayPos.x, command->ClipRect.w - data->DisplayPos.y);
  if (width <= 0 || height <= 0 || clip.z <= clip.x || clip.w <= clip.y) return;
  static_cast<CallbackDrawing*>(command->UserCallbackData)->render(width, height, scale, clip);
}

}  // namespace gradscape::app
