// Numbered PNG files from a printf pattern (frames/f_%04d.png), each written atomically.
#pragma once

#include <cstdint>
#include <string>

#include "encode/frame_sink.hpp"

namespace gradscape::encode {

// True when `text` holds a printf integer conversion (%d, %04d, %i, %u...), i.e. names a sequence.
bool looksLikeSequencePattern(const std::string& text);
// Throws gradscape::Error unless `pattern` has exactly one %d-style conversion (flags '0', '-', '+',
// ' ', a width; no precision or length) and otherwise only literal text or "%%".
void validateSequencePattern(const std::string& pattern);
// The pattern with `index` substituted.
std::string formatSequencePath(const std::string& pattern, std::int64_t index);

class PngSequenceWriter final : public FrameSink {
 public:
  // Validates the pattern and checks that its directory exists and is writable (before any rendering).
  explicit PngSequenceWriter(std::string pattern, std::int64_t firstIndex = 0);
  // Writes frame k to pattern % (firstIndex + k).
  void addFrame(const RgbaView& frame, const PixelRect& changed) override;
  std::uint64_t finish() override { return bytes_; }

  int framesAdded() const { return framesAdded_; }

 private:
  std::string pattern_;
  std::int64_t firstIndex_;
  int framesAdded_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace gradscape::encode
