// RGBA frames as the encoders see them: tightly packed top-down rows, and the rectangle that changed.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/pixel_rect.hpp"

namespace gradscape::encode {

// A read-only RGBA image: width * height pixels, 4 bytes each, rows top-down without padding.
struct RgbaView {
  const std::uint8_t* pixels = nullptr;
  int width = 0, height = 0;

  const std::uint8_t* row(int y) const { return pixels + static_cast<std::size_t>(y) * width * 4; }
  const std::uint8_t* at(int x, int y) const { return row(y) + static_cast<std::size_t>(x) * 4; }
  std::size_t byteCount() const { return static_cast<std::size_t>(width) * height * 4; }
};

}  // namespace gradscape::encode
