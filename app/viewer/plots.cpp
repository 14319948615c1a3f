// Plots drawn with ImDrawList: decimated polylines, the cursor, and click-to-scrub.
#include "viewer/plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace gradscape::app {
namespace {

enum class Quantity { x, y, loss };

double valueOf(const core::TracePoint& point, Quantity quantity) {
  switch (quantity) {
    case Quantity::x: return point.x;
    case Quantity::y: return point.y;
    case Quantity::loss: return point.z;
  }
  return 0;
}

struct Range {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double value) {
    if (!std::isfinite(value)) return;
    low = std::min(low, value);
    high = std::max(high, value);
  }
  bool valid() const { return low <= high; }
};

// One plot: frame, labels, every visible run's curve (bright up to the cursor, faint after), the cursor.
void drawPlot(ViewerState& state, const char* title, Quantity quantity, ImVec2 size) {
  const Session& session = state.session;
  const std::int64_t last = std::max<std::int64_t>(1, session.lastIteration());
  const std::int64_t frame = state.playback.frame();

  Range range;
  for (std::size_t i = 0; i < session.runCount(); ++i) {
    if (!session.visible(i)) continue;
    for (const auto& point : session.trace(i).points) range.add(valueOf(point, quantity));
  }
  if (!range.valid()) range = {0, 1};
  if (range.high - range.low < 1e-12 * std::max(1.0, std::abs(range.high))) {
    range.low -= 0.5;
    range.high += 0.5;
  }
  const double pad = (range.high - range.low) * 0.06;
  range.low -= pad;
  range.high += pad;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float labelHeight = ImGui::GetTextLineHeight();
  const ImVec2 topLeft(origin.x, origin.y + labelHeight + 2);
  const ImVec2 bottomRight(origin.x + size.x, origin.y + size.y - labelHeight - 2);
  const float width = bottomRight.x - topLeft.x, height = bottomRight.y - topLeft.y;
  if (width < 10 || height < 10) {
    ImGui::Dummy(size);
    return;
  }

  // The whole plot is one button: press or drag scrubs (and pauses, as grabbing a playhead does).
  ImGui::InvisibleButton(title, size);
  if (ImGui::IsItemActive()) {
    state.playback.pause();
    state.playback.scrub(iterationAt(ImGui::GetIO().MousePos.x, topLeft.x, width, last));
  }
  const bool hovered = ImGui::IsItemHovered();

  draw->AddRectFilled(topLeft, bottomRight, IM_COL32(255, 255, 255, 255));
  draw->AddRect(topLeft, bottomRight, IM_COL32(90, 90, 90, 255));
  char text[64];
  std::snprintf(text, sizeof text, "%s", title);
  draw->AddText(origin, ImGui::GetColorU32(ImGuiCol_Text), text);
  std::snprintf(text, sizeof text, "%.3g", range.high - pad);
  draw->AddText(ImVec2(topLeft.x + 3, topLeft.y + 1), IM_COL32(60, 60, 60, 255), text);
  std::snprintf(text, sizeof text, "%.3g", range.low + pad);
  draw->AddText(ImVec2(topLeft.x + 3, bottomRight.y - labelHeight - 1), IM_COL32(60, 60, 60, 255), text);
  draw->AddText(ImVec2(topLeft.x, bottomRight.y + 1), ImGui::GetColorU32(ImGuiCol_TextDisabled), "0");
  std::snprintf(text, sizeof text, "%lld", static_cast<long long>(last));
  draw->AddText(ImVec2(bottomRight.x - ImGui::CalcTextSize(text).x, bottomRight.y + 1),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), text);

  const auto toScreen = [&](std::int64_t iteration, double value) {
    const double vx = static_cast<double>(iteration) / static_cast<double>(last);
    const double vy = (value - range.low) / (range.high - range.low);
    return ImVec2(topLeft.x + static_cast<float>(vx) * width,
                  bottomRight.y - static_cast<float>(std::clamp(vy, -0.05, 1.05)) * height);
  };

  draw->PushClipRect(topLeft, bottomRight, true);
  std::vector<ImVec2> line;
  for (std::size_t i = 0; i < session.runCount(); ++i) {
    if (!session.visible(i)) continue;
    const auto& points = session.trace(i).points;
    if (points.empty()) continue;
    const core::Rgb rgb = session.style(i).color;
    // At most about two points per pixel column: long runs stay cheap to draw.
    const std::size_t stride = std::max<std::size_t>(1, points.size() / static_cast<std::size_t>(2 * width + 1));
    for (int part = 0; part < 2; ++part) {
      line.clear();
      for (std::size_t k = 0; k < points.size(); k += stride) {
        const auto& point = points[k];
        const bool before = point.iteration <= frame;
        if ((part == 0) != before) continue;
        if (std::isfinite(valueOf(point, quantity))) line.push_back(toScreen(point.iteration, valueOf(point, quantity)));
      }
      // Join the bright and the faint part at the cursor.
      if (part == 1 && frame < static_cast<std::int64_t>(points.size()) && !line.empty())
        line.insert(line.begin(), toScreen(points[static_cast<std::size_t>(frame)].iteration,
                                           valueOf(points[static_cast<std::size_t>(frame)], quantity)));
      const ImU32 colour = IM_COL32(rgb.r, rgb.g, rgb.b, part == 0 ? 255 : 70);
      if (line.size() >= 2) draw->AddPolyline(line.data(), static_cast<int>(line.size()), colour, 0, part == 0 ? 1.6f : 1.0f);
    }
    if (frame < static_cast<std::int64_t>(points.size())) {
      const auto& point = points[static_cast<std::size_t>(frame)];
      if (std::isfinite(valueOf(point, quantity)))
        draw->AddCircleFilled(toScreen(point.iteration, valueOf(point, quantity)), 3.0f, IM_COL32(rgb.r, rgb.g, rgb.b, 255));
    }
  }
  const float cursorX = toScreen(frame, range.low).x;
  draw->AddLine(ImVec2(cursorX, topLeft.y), ImVec2(cursorX, bottomRight.y), IM_COL32(40, 40, 40, 200), 1.0f);
  draw->PopClipRect();

  if (hovered) {
    const std::int64_t at = iterationAt(ImGui::GetIO().MousePos.x, topLeft.x, width, last);
    ImGui::SetTooltip("iteration %lld (click to scrub)", static_cast<long long>(at));
  }
}

}  // namespace

std::int64_t iterationAt(float x, float left, float width, std::int64_t last) {
  if (width <= 0) return 0;
  const double t = std::clamp(static_cast<double>(x - left) / width, 0.0, 1.0);
  return std::clamp<std::int64_t>(std::llround(t * static_cast<double>(last)), 0, last);
}

void drawPlotsWindow(ViewerState& state, ImVec2 position, ImVec2 size) {
  ImGui::SetNextWindowPos(position, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                                 ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoBackground;  // the window is cleared to its colour
  ImGui::Begin("plots", nullptr, flags);
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 plotSize((available.x - 2 * spacing) / 3, available.y);
  drawPlot(state, "x", Quantity::x, plotSize);
  ImGui::SameLine();
  drawPlot(state, "y", Quantity::y, plotSize);
  ImGui::SameLine();
  drawPlot(state, "loss", Quantity::loss, plotSize);
  ImGui::End();
}

}  // namespace gradscape::app
