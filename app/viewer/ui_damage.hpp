// Which parts of the window the UI draws differently from the last frame, so only those are cleared,
// redrawn and copied to the screen. Draw lists (one per ImGui window, popup, tooltip) whose contents
// changed are compared triangle by triangle: a slider's new value damages that slider's row, not the
// whole panel. A list too big for that (plots of many long runs) is compared draw command by draw
// command (one per clip rectangle, e.g. per plot), so the cost stays linear and small in its size.
// Callback drawings (callback_drawing.hpp: the plots' curves) count as their pieces, or as one command.
// The result is a few disjoint rectangles.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <string>
#include <vector>

namespace gradscape::app {

// In ImGui coordinates; empty when x1 <= x0 or y1 <= y0. Not core's PixelRect: ImGui's clip rectangles
// and vertices are fractional and scaled by the framebuffer; the damage is rounded outward to pixels
// (toPixels in layout.hpp) only where it meets the framebuffer.
struct UiRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  float area() const { return empty() ? 0.0f : (x1 - x0) * (y1 - y0); }
  // Inline: the tracker applies them to each of a few thousand pieces a changed frame.
  UiRect united(const UiRect& other) const {
    if (empty()) return other;
    if (other.empty()) return *this;
    return {x0 < other.x0 ? x0 : other.x0, y0 < other.y0 ? y0 : other.y0, x1 > other.x1 ? x1 : other.x1,
            y1 > other.y1 ? y1 : other.y1};
  }
  UiRect intersected(const UiRect& other) const {
    return {x0 > other.x0 ? x0 : other.x0, y0 > other.y0 ? y0 : other.y0, x1 < other.x1 ? x1 : other.x1,
            y1 < other.y1 ? y1 : other.y1};
  }
  bool overlaps(const UiRect& other) const { return !intersected(other).empty(); }
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
  bool contains(ImVec2 p) const { return p.x >= x0 && p.y >= y0 && p.x < x1 && p.y < y1; }
  ImVec2 centre() const { return ImVec2(x0 + width() / 2, y0 + height() / 2); }
};

// Merges rectangles that overlap or lie close together (cheaper as one) until the rest are disjoint and
// at most `maxCount`. `slack` is the extra area (ImGui units squared) a merge may cover for free.
std::vector<UiRect> mergeRects(std::vector<UiRect> rects, std::size_t maxCount = 6, float slack = 4096.0f);

// A triangle, a draw command or a piece of a callback's drawing: a hash of what it draws, and where.
struct UiPiece {
  std::size_t hash;
  UiRect box;
};
// The hash the tracker combines its pieces' bytes with (seed: the hash so far).
std::size_t hashBytes(const void* data, std::size_t size, std::size_t seed);

class UiDamageTracker {
 public:
  // Lists with more triangles than `maxTrianglesCompared` are compared per draw command.
  explicit UiDamageTracker(std::size_t maxTrianglesCompared = 20000) : maxTrianglesCompared_(maxTrianglesCompared) {}

  // Disjoint rectangles covering everything drawn differently since the last call (none when nothing).
  std::vector<UiRect> update(const ImDrawData& data);

 private:
  using Piece = UiPiece;
  enum class Granularity { none, triangles, commands };
  struct ListRecord {
    std::string owner;
    std::size_t hash = 0;
    UiRect rect;
    std::vector<Piece> pieces;  // sorted by hash; filled only for lists that changed
    Granularity granularity = Granularity::none;
  };
  static void collectTriangles(const ImDrawList& list, std::vector<Piece>& out);
  static void collectCommands(const ImDrawList& list, std::vector<Piece>& out);

  std::size_t maxTrianglesCompared_;
  std::vector<ListRecord> previous_;
};

// Restricts every draw command to `region` (commands outside it are skipped by the renderer backend),
// so an ImGui pass only touches the pixels being repainted. `original` holds the unclipped rectangles
// (saveClipRects) so several regions can be drawn one after another.
std::vector<ImVec4> saveClipRects(const ImDrawData& data);
void clipDrawData(ImDrawData& data, const std::vector<ImVec4>& original, const UiRect& region);

}  // namespace gradscape::app
