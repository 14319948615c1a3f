// A rectangle of pixels with a top-left origin (image rows go down): the one rectangle type of readback,
// the renderer's changed regions, the encoders' changed areas and the window's presented rectangles.
// (The viewer's UI damage, app/viewer/ui_damage.hpp's UiRect, stays in ImGui's float coordinates.)
#pragma once

#include <algorithm>
#include <cmath>

namespace gradscape {

struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;

  bool empty() const { return width <= 0 || height <= 0; }
  static PixelRect whole(int width, int height) { return {0, 0, width, height}; }
  // A conservative rectangle around the point (cx, cy) with `extent` pixels either side.
  static PixelRect around(double cx, double cy, double extent) {
    const int x0 = static_cast<int>(std::floor(cx - extent)), y0 = static_cast<int>(std::floor(cy - extent));
    const int x1 = static_cast<int>(std::ceil(cx + extent)), y1 = static_cast<int>(std::ceil(cy + extent));
    return {x0, y0, x1 - x0, y1 - y0};
  }

  // The smallest rectangle holding both (an empty one adds nothing).
  PixelRect united(const PixelRect& other) const {
    if (empty()) return other;
    if (other.empty()) return *this;
    const int left = std::min(x, other.x), top = std::min(y, other.y);
    const int right = std::max(x + width, other.x + other.width);
    const int bottom = std::max(y + height, other.y + other.height);
    return {left, top, right - left, bottom - top};
  }
  // The part inside `bounds` (empty when they do not overlap).
  PixelRect intersected(const PixelRect& bounds) const {
    const int left = std::max(x, bounds.x), top = std::max(y, bounds.y);
    const int right = std::min(x + width, bounds.x + bounds.width);
    const int bottom = std::min(y + height, bounds.y + bounds.height);
    if (right <= left || bottom <= top) return {};
    return {left, top, right - left, bottom - top};
  }
  // The part inside [0, w) x [0, h): a diverging path may leave the picture.
  PixelRect clipped(int w, int h) const { return intersected(whole(w, h)); }
  bool overlaps(const PixelRect& other) const { return !intersected(other).empty(); }

  friend bool operator==(const PixelRect&, const PixelRect&) = default;
};

}  // namespace gradscape
