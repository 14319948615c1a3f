// RGBA frames as the encoders see them: tightly packed top-down rows, and the rectangle that changed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace gradscape::encode {

// A pixel rectangle, top-left origin (image rows go down). Empty when width or height is 0.
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;

  bool empty() const { return width <= 0 || height <= 0; }
  static PixelRect whole(int width, int height) { return {0, 0, width, height}; }

  // The smallest rectangle holding both (an empty one adds nothing).
  PixelRect united(const PixelRect& other) const {
    if (empty()) return other;
    if (other.empty()) return *this;
    const int left = std::min(x, other.x), top = std::min(y, other.y);
    const int right = std::max(x + width, other.x + other.width);
    const int bottom = std::max(y + height, other.y + other.height);
    return {left, top, right - left, bottom - top};
  }
  // Clipped to [0, w) x [0, h): a diverging path may leave the picture.
  PixelRect clipped(int w, int h) const {
    const int left = std::clamp(x, 0, w), top = std::clamp(y, 0, h);
    const int right = std::clamp(x + width, 0, w), bottom = std::clamp(y + height, 0, h);
    if (right <= left || bottom <= top) return {};
    return {left, top, right - left, bottom - top};
  }
  friend bool operator==(const PixelRect&, const PixelRect&) = default;
};

// A read-only RGBA image: width * height pixels, 4 bytes each, rows top-down without padding.
struct RgbaView {
  const std::uint8_t* pixels = nullptr;
  int width = 0, height = 0;

  const std::uint8_t* row(int y) const { return pixels + static_cast<std::size_t>(y) * width * 4; }
  const std::uint8_t* at(int x, int y) const { return row(y) + static_cast<std::size_t>(x) * 4; }
  std::size_t byteCount() const { return static_cast<std::size_t>(width) * height * 4; }
};

}  // namespace gradscape::encode
