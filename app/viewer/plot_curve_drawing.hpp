// One plot's run curves as a draw callback: render::PolylineBatch's quads with analytic coverage instead
// of ImGui's anti-aliased polylines (a third of the triangles for the same coverage profile; on llvmpipe
// the curves of 100 runs were most of the ImGui pass: docs/performance.md, session 11).
#pragma once

#include <imgui.h>

#include <span>
#include <vector>

#include "render/polyline_batch.hpp"
#include "viewer/callback_drawing.hpp"

namespace gradscape::app {

class PlotCurveDrawing final : public CallbackDrawing {
 public:
  // Starts a frame's curves; `scale` is the framebuffer's pixels per ImGui unit.
  void begin(ImVec2 scale);
  // A polyline in ImGui coordinates, `width` in ImGui units, as ImDrawList::AddPolyline would draw it.
  void addCurve(std::span<const ImVec2> points, ImU32 color, float width);
  const render::PolylineBatch& batch() const { return batch_; }

  std::size_t contentHash() const override;
  std::size_t pieceCount() const override { return batch_.segments().size(); }
  void collectPieces(std::vector<UiPiece>& out) const override;

 private:
  void render(int framebufferWidth, int framebufferHeight, ImVec2 scale, const ImVec4& clip) override;

  render::PolylineBatch batch_;
  ImVec2 scale_{1, 1};
  std::vector<glm::vec2> pixels_;  // scratch: one curve in framebuffer pixels
  mutable std::size_t hash_ = 0;
  mutable bool hashed_ = false;
};

}  // namespace gradscape::app
