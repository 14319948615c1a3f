// Drawing that ImGui does not rasterise itself: a draw callback in a draw list that runs our own GL draw
// (the plots' curves) in ImGui's order and under its clip rectangle. ImGui holds no vertices of it, so
// the drawing tells the UI damage tracker what it draws.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <vector>

#include "viewer/ui_damage.hpp"

namespace gradscape::app {

class CallbackDrawing {
 public:
  virtual ~CallbackDrawing() = default;

  // Adds this drawing to `list` under its current clip rectangle, then ImGui's render-state reset so the
  // backend's later commands find their own GL state. Must stay alive until the frame is rendered.
  void addTo(ImDrawList& list);
  // True when `command` is such a drawing (its UserCallbackData is a CallbackDrawing).
  static bool isCallbackDrawing(const ImDrawCmd& command);
  static const CallbackDrawing& of(const ImDrawCmd& command);

  // For the damage tracker: a hash of everything drawn; how many pieces it has; each piece (a hash of
  // what it draws and its box in ImGui coordinates, margin included).
  virtual std::size_t contentHash() const = 0;
  virtual std::size_t pieceCount() const = 0;
  virtual void collectPieces(std::vector<UiPiece>& out) const = 0;

 protected:
  // Draws into the bound framebuffer of `framebufferWidth` x `framebufferHeight` pixels, `scale` pixels an
  // ImGui unit, only inside `clip` (ImGui coordinates; never empty).
  virtual void render(int framebufferWidth, int framebufferHeight, ImVec2 scale, const ImVec4& clip) = 0;

 private:
  static void run(const ImDrawList* list, const ImDrawCmd* command);
};

}  // namespace gradscape::app
