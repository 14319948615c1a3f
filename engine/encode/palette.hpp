// Colour quantisation for GIF: a histogram of rendered frames, a median-cut + k-means palette of at most
// 255 colours, and an RGB555 lookup table that maps any pixel to its palette index in one load.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "encode/image.hpp"

namespace gradscape::encode {

struct Rgb8 {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

// The 15-bit cell of a colour: 5 bits per channel.
inline int rgb555(std::uint8_t r, std::uint8_t g, std::uint8_t b) { return (r >> 3) << 10 | (g >> 3) << 5 | (b >> 3); }

// Pixel counts and colour sums per RGB555 cell, accumulated from frames (alpha ignored).
class ColorHistogram {
 public:
  ColorHistogram();
  void add(const RgbaView& image) { add(image, PixelRect::whole(image.width, image.height)); }
  void add(const RgbaView& image, const PixelRect& rect);

  struct Cell {
    std::uint64_t count = 0;
    std::uint64_t sumR = 0, sumG = 0, sumB = 0;
  };
  const std::vector<Cell>& cells() const { return cells_; }

 private:
  std::vector<Cell> cells_;  // 32768
};

class Palette {
 public:
  static constexpr int kMaxColors = 255;  // index 255 stays free for GIF transparency

  // Median cut (splitting the box whose split lowers the squared error most) refined by k-means,
  // over the histogram's cells; at most maxColors entries. Deterministic: same histogram, same palette.
  static Palette build(const ColorHistogram& histogram, int maxColors = kMaxColors);
  // A fixed palette (tests, or a caller that knows its colours); the lookup table maps to the nearest.
  static Palette fromColors(std::vector<Rgb8> colors);

  const std::vector<Rgb8>& colors() const { return colors_; }
  std::uint8_t indexOf(std::uint8_t r, std::uint8_t g, std::uint8_t b) const { return lookup(rgb555(r, g, b)); }

  // Indices of `count` RGBA pixels. Dithered: a 4x4 ordered (Bayer) offset chosen by the pixel's absolute
  // position (x0 + i, y), so an unchanged pixel keeps its index from frame to frame.
  void mapRow(const std::uint8_t* rgba, int count, std::uint8_t* indices) const;
  void mapRowDithered(const std::uint8_t* rgba, int count, int x0, int y, std::uint8_t* indices) const;

 private:
  // Each cell maps to the entry nearest its representative colour: the mean of the pixels seen in it,
  // or its centre when none were. Cells the histogram saw are filled now; the others (most of the 32768,
  // far from every colour, where the nearest search is slowest) when a pixel first lands in one.
  void buildLookup(const ColorHistogram* histogram);
  std::uint8_t lookup(int cell) const {
    const std::uint8_t index = lut_[cell];
    return index != kUnfilled ? index : fillCell(cell);
  }
  std::uint8_t fillCell(int cell) const;

  static constexpr std::uint8_t kUnfilled = 255;  // never an entry: at most 255 colours, 0..254

  std::vector<Rgb8> colors_;
  // Filled lazily by the const mapping functions: a Palette is used by one thread at a time (the encoder's).
  mutable std::vector<std::uint8_t> lut_;
};

}  // namespace gradscape::encode
