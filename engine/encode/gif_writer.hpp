// Animated GIF with giflib: one global palette, each frame only its changed rectangle, exact delays.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "encode/atomic_file.hpp"
#include "encode/frame_sink.hpp"
#include "encode/image.hpp"
#include "encode/palette.hpp"

namespace gradscape::encode {

struct GifOptions {
  double fps = 20;           // delays carry the 1/100 s rounding remainder (30 fps: 3,3,4,...)
  double holdSeconds = 0;    // added to the last frame's delay
  int playCount = 0;         // times the animation plays; 0 = forever (NETSCAPE2.0 loop count 0)
  bool dither = false;       // 4x4 ordered dithering
  // Without an explicit palette: how many bytes of frames to keep while learning it (then it is built
  // from what was seen so far and later frames are mapped to it).
  std::size_t paletteLearningBytes = 32u << 20;
};

// Longest delay one GIF frame can carry (16 bits of 1/100 s).
inline constexpr double kMaxGifFrameSeconds = 655.35;

class GifWriter final : public FrameSink {
 public:
  // Opens OUT's temporary at once, so an unwritable path fails before any rendering. Without a palette
  // (setPalette) the writer builds one from the frames it is given: the first frame and, of each later
  // one, the row spans that changed are kept (up to paletteLearningBytes) and quantised once the palette
  // is known, at finish() or when the budget is spent. That is exactly the set of colours the animation
  // shows, at the cost of two whole frames of memory plus the changed pixels.
  GifWriter(const std::string& path, int width, int height, GifOptions options);
  // The same, with the palette known already.
  GifWriter(const std::string& path, int width, int height, Palette palette, GifOptions options);
  // The global palette, once (frames added before it are encoded now). Index 255 is the transparent
  // index, so it holds at most 255 colours.
  void setPalette(Palette palette);
  ~GifWriter() override;  // without finish(): nothing at OUT
  GifWriter(const GifWriter&) = delete;
  GifWriter& operator=(const GifWriter&) = delete;

  // `frame` is the whole current picture; only pixels inside `changed` may differ from the previous
  // frame (the first frame is taken whole). Inside it, pixels whose palette index did not change are
  // written as transparent and the rectangle shrinks to the pixels that did. A frame is written when
  // the next arrives (or at finish), so the last one can carry the hold.
  void addFrame(const RgbaView& frame, const PixelRect& changed) override;
  // Writes the last frame and the trailer and renames the file onto OUT. Returns its size in bytes.
  std::uint64_t finish() override;

  int framesAdded() const { return framesAdded_; }
  bool hasPalette() const { return hasPalette_; }
  const Palette& palette() const { return palette_; }

 private:
  struct PendingFrame {
    PixelRect rect;
    std::vector<std::uint8_t> indices;
  };
  struct Learning;  // frames kept while the palette is learnt (gif_writer.cpp)
  void settlePalette();
  // Quantises `area` (pixels: its top-left pixel, rows rowStride bytes apart) against the canvas.
  void encodeArea(const std::uint8_t* pixels, std::size_t rowStride, const PixelRect& area);
  void writePending(std::int64_t delayCentiseconds);
  void check(int status, const char* what);

  AtomicFile file_;
  int width_, height_;
  Palette palette_;
  bool hasPalette_ = false;
  GifOptions options_;
  void* gif_ = nullptr;             // GifFileType*, kept out of this header
  std::vector<std::uint8_t> canvas_;  // the palette index shown at each pixel after the written frames
  PendingFrame pending_;
  bool hasPending_ = false;
  std::unique_ptr<Learning> learning_;
  int framesAdded_ = 0;
  int framesEncoded_ = 0;
  std::int64_t framesWritten_ = 0;
  std::string outputError_;        // set by giflib's output callback, which cannot throw
  friend int gifOutput(void*, const std::uint8_t*, int);
};

}  // namespace gradscape::encode
