// Frame delays in whole units (GIF: 1/100 s) that carry the rounding remainder, so the total stays exact.
#pragma once

#include <cmath>
#include <cstdint>

namespace gradscape::encode {

// Delay of frame `index` at `fps` in units of 1/unitsPerSecond s: floor((i+1)·u/fps) − floor(i·u/fps).
// At 30 fps in 1/100 s: 3, 3, 4, 3, 3, 4, ... and n frames last exactly floor(n·100/30) units.
// The tiny epsilon makes integer-valued quotients (20 fps → 5) immune to floating-point rounding.
inline std::int64_t frameDelayUnits(std::int64_t index, double fps, double unitsPerSecond = 100) {
  const auto endOf = [&](std::int64_t frames) {
    return static_cast<std::int64_t>(std::floor(static_cast<double>(frames) * unitsPerSecond / fps + 1e-7));
  };
  return endOf(index + 1) - endOf(index);
}

}  // namespace gradscape::encode
