// What an animation encoder looks like to the capture: whole frames plus the rectangle that changed.
#pragma once

#include <cstdint>

#include "encode/image.hpp"

namespace gradscape::encode {

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // `frame` is the whole current picture; only pixels inside `changed` may differ from the previous
  // frame. The first frame is always taken whole, whatever `changed` says.
  virtual void addFrame(const RgbaView& frame, const PixelRect& changed) = 0;
  // Completes the output (renames temporaries onto their names); returns the bytes written.
  virtual std::uint64_t finish() = 0;
};

}  // namespace gradscape::encode
