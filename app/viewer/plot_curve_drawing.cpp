// PlotCurveDrawing: curves to framebuffer pixels, their damage pieces, and the draw under ImGui's clip.
#include "viewer/plot_curve_drawing.hpp"

#include <algorithm>

namespace gradscape::app {

void PlotCurveDrawing::begin(ImVec2 scale) {
  batch_.clear();
  scale_ = scale;
  hashed_ = false;
}

void PlotCurveDrawing::addCurve(std::span<const ImVec2> points, ImU32 color, float width) {
  pixels_.clear();
  for (const ImVec2& p : points) pixels_.emplace_back(p.x * scale_.x, p.y * scale_.y);
  const glm::u8vec4 rgba((color >> IM_COL32_R_SHIFT) & 0xFF, (color >> IM_COL32_G_SHIFT) & 0xFF,
                         (color >> IM_COL32_B_SHIFT) & 0xFF, (color >> IM_COL32_A_SHIFT) & 0xFF);
  batch_.addPolyline(pixels_, rgba, width * scale_.x);
  hashed_ = false;
}

std::size_t PlotCurveDrawing::contentHash() const {
  if (!hashed_) {
    const auto segments = batch_.segments();
    hash_ = hashBytes(segments.data(), segments.size_bytes(), 0);
    hashed_ = true;
  }
  return hash_;
}

void PlotCurveDrawing::collectPieces(std::vector<UiPiece>& out) const {
  for (const render::PolylineBatch::Segment& segment : batch_.segments()) {
    // The segment's pixels reach halfWidth + 0.5 past it; one more ImGui unit of margin as for triangles.
    const float reach = segment.halfWidth + 0.5f;
    const UiRect box{(std::min(segment.start.x, segment.end.x) - reach) / scale_.x - 1,
                     (std::min(segment.start.y, segment.end.y) - reach) / scale_.y - 1,
                     (std::max(segment.start.x, segment.end.x) + reach) / scale_.x + 1,
                     (std::max(segment.start.y, segment.end.y) + reach) / scale_.y + 1};
    out.push_back({hashBytes(&segment, sizeof segment, 0), box});
  }
}

void PlotCurveDrawing::render(int framebufferWidth, int framebufferHeight, ImVec2 scale, const ImVec4& clip) {
  // The scissor as ImGui's OpenGL backend computes it for its own commands.
  const ImVec2 low(clip.x * scale.x, clip.y * scale.y), high(clip.z * scale.x, clip.w * scale.y);
  batch_.draw(framebufferWidth, framebufferHeight,
              render::Viewport{static_cast<int>(low.x), static_cast<int>(static_cast<float>(framebufferHeight) - high.y),
                               static_cast<int>(high.x - low.x), static_cast<int>(high.y - low.y)});
}

}  // namespace gradscape::app
