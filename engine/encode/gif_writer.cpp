// giflib encoder: global palette, NETSCAPE2.0 loop, per-frame graphics control + sub-rectangle image.
#include "encode/gif_writer.hpp"

#include <gif_lib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "core/error.hpp"
#include "encode/frame_timing.hpp"

namespace gradscape::encode {

constexpr std::uint8_t kTransparentIndex = 255;

int gifOutput(void* writer, const std::uint8_t* bytes, int size) {
  auto* self = static_cast<GifWriter*>(writer);
  try {
    self->file_.write(bytes, static_cast<std::size_t>(size));
    return size;
  } catch (const std::exception& error) {
    if (self->outputError_.empty()) self->outputError_ = error.what();
    return 0;
  }
}

namespace {

extern "C" int gifOutputTrampoline(GifFileType* gif, const GifByteType* bytes, int size) {
  return gifOutput(gif->UserData, bytes, size);
}

GifFileType* asGif(void* handle) { return static_cast<GifFileType*>(handle); }

}  // namespace

// Frames seen before the palette exists: the first whole, then per frame the row spans that differ
// from what came before (paths are thin, so this is small), plus the histogram of all those pixels.
struct GifWriter::Learning {
  struct Span {
    int y, x, count;
    std::size_t offset;  // into pixels
  };
  struct Frame {
    std::size_t firstSpan, spanCount;
  };
  int width, height;
  ColorHistogram histogram;
  std::vector<std::uint8_t> firstFrame;
  std::vector<std::uint8_t> latest;  // the picture as of the last frame seen
  std::vector<Span> spans;
  std::vector<Frame> frames;
  std::vector<std::uint8_t> pixels;

  Learning(const RgbaView& first) : width(first.width), height(first.height) {
    firstFrame.assign(first.pixels, first.pixels + first.byteCount());
    latest = firstFrame;
    histogram.add(first);
  }

  void add(const RgbaView& frame, const PixelRect& area) {
    Frame record{spans.size(), 0};
    for (int y = area.y; y < area.y + area.height; ++y) {
      const std::uint8_t* now = frame.at(area.x, y);
      std::uint8_t* seen = latest.data() + (static_cast<std::size_t>(y) * width + area.x) * 4;
      int first = 0, last = area.width - 1;
      while (first < area.width && sameColor(now + first * 4, seen + first * 4)) ++first;
      if (first == area.width) continue;
      while (sameColor(now + last * 4, seen + last * 4)) --last;
      const std::size_t bytes = static_cast<std::size_t>(last - first + 1) * 4;
      spans.push_back({y, area.x + first, last - first + 1, pixels.size()});
      pixels.insert(pixels.end(), now + first * 4, now + first * 4 + bytes);
      std::memcpy(seen + first * 4, now + first * 4, bytes);
      histogram.add(frame, {area.x + first, y, last - first + 1, 1});
      ++record.spanCount;
    }
    frames.push_back(record);
  }

  std::size_t bytes() const { return pixels.size(); }

  // RGB equal (alpha ignored), as one 32-bit comparison.
  static bool sameColor(const std::uint8_t* a, const std::uint8_t* b) {
    constexpr std::uint32_t kRgb = std::endian::native == std::endian::little ? 0x00ffffffu : 0xffffff00u;
    std::uint32_t x, y;
    std::memcpy(&x, a, 4);
    std::memcpy(&y, b, 4);
    return ((x ^ y) & kRgb) == 0;
  }

  // Encodes every kept frame through the writer, whose palette is now set.
  void replay(GifWriter& writer) {
    latest = firstFrame;
    const std::size_t stride = static_cast<std::size_t>(width) * 4;
    writer.encodeArea(latest.data(), stride, PixelRect::whole(width, height));
    for (const Frame& frame : frames) {
      PixelRect changed;
      for (std::size_t i = frame.firstSpan; i < frame.firstSpan + frame.spanCount; ++i) {
        const Span& span = spans[i];
        std::memcpy(latest.data() + (static_cast<std::size_t>(span.y) * width + span.x) * 4, pixels.data() + span.offset,
                    static_cast<std::size_t>(span.count) * 4);
        changed = changed.united({span.x, span.y, span.count, 1});
      }
      writer.encodeArea(changed.empty() ? nullptr : latest.data() + (static_cast<std::size_t>(changed.y) * width + changed.x) * 4,
                        stride, changed);
    }
  }
};

GifWriter::GifWriter(const std::string& path, int width, int height, GifOptions options)
    : file_(path), width_(width), height_(height), options_(options) {
  if (width < 1 || height < 1 || width > 65535 || height > 65535) throw Error("GIF: size out of range");
  if (!(options_.fps > 0)) throw Error("GIF: fps must be positive");
  canvas_.assign(static_cast<std::size_t>(width) * height, 0);
}

GifWriter::GifWriter(const std::string& path, int width, int height, Palette palette, GifOptions options)
    : GifWriter(path, width, height, options) {
  setPalette(std::move(palette));
}

void GifWriter::setPalette(Palette palette) {
  if (hasPalette_) throw Error("GIF: the palette is set once");
  if (palette.colors().size() > static_cast<std::size_t>(Palette::kMaxColors))
    throw Error("GIF: more than 255 palette colours");
  palette_ = std::move(palette);
  hasPalette_ = true;
  int error = 0;
  GifFileType* gif = EGifOpen(this, gifOutputTrampoline, &error);
  if (!gif) throw Error("GIF: " + std::string(GifErrorString(error)));
  gif_ = gif;
  EGifSetGifVersion(gif, true);

  GifColorType colors[256] = {};
  for (std::size_t i = 0; i < palette_.colors().size(); ++i)
    colors[i] = {palette_.colors()[i].r, palette_.colors()[i].g, palette_.colors()[i].b};
  ColorMapObject* map = GifMakeMapObject(256, colors);
  if (!map) throw Error("GIF: out of memory");
  const int status = EGifPutScreenDesc(gif, width_, height_, 8, 0, map);
  GifFreeMapObject(map);
  check(status, "screen descriptor");

  if (options_.playCount != 1) {
    // NETSCAPE2.0 counts repeats after the first play; 0 repeats forever.
    const int repeats = options_.playCount == 0 ? 0 : std::min(options_.playCount - 1, 65535);
    const GifByteType loop[3] = {1, static_cast<GifByteType>(repeats & 0xff), static_cast<GifByteType>(repeats >> 8)};
    check(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE), "loop extension");
    check(EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0"), "loop extension");
    check(EGifPutExtensionBlock(gif, 3, loop), "loop extension");
    check(EGifPutExtensionTrailer(gif), "loop extension");
  }
  // Frames that arrived before the palette, in order.
  if (learning_) {
    const std::unique_ptr<Learning> learning = std::move(learning_);
    learning->replay(*this);
  }
}

GifWriter::~GifWriter() {
  if (gif_) {
    int error = 0;
    // Closing writes the trailer into the temporary, which the AtomicFile then removes.
    EGifCloseFile(asGif(gif_), &error);
  }
}

void GifWriter::check(int status, const char* what) {
  if (status == GIF_OK) return;
  if (!outputError_.empty()) throw Error(outputError_);
  throw Error(std::string("GIF ") + what + ": " + GifErrorString(asGif(gif_)->Error));
}

void GifWriter::addFrame(const RgbaView& frame, const PixelRect& changed) {
  if (frame.width != width_ || frame.height != height_) throw Error("GIF: frame size differs from the animation's");
  const PixelRect area = framesAdded_ == 0 ? PixelRect::whole(width_, height_) : changed.clipped(width_, height_);
  ++framesAdded_;
  if (hasPalette_) {
    encodeArea(area.empty() ? nullptr : frame.at(area.x, area.y), static_cast<std::size_t>(width_) * 4, area);
    return;
  }
  // No palette yet: learn it from the pixels themselves.
  if (!learning_)
    learning_ = std::make_unique<Learning>(frame);
  else
    learning_->add(frame, area);
  if (learning_->bytes() > options_.paletteLearningBytes) settlePalette();
}

void GifWriter::settlePalette() {
  if (hasPalette_) return;
  setPalette(Palette::build(learning_ ? learning_->histogram : ColorHistogram()));
}

void GifWriter::encodeArea(const std::uint8_t* pixels, std::size_t rowStride, const PixelRect& area) {
  const bool first = framesEncoded_ == 0;
  // Map the area and find the bounding box of pixels whose index changed.
  int left = width_, right = -1, top = height_, bottom = -1;
  std::vector<std::uint8_t> areaIndices(static_cast<std::size_t>(std::max(area.width, 0)) * std::max(area.height, 0));
  for (int y = area.y; y < area.y + area.height; ++y) {
    std::uint8_t* indices = areaIndices.data() + static_cast<std::size_t>(y - area.y) * area.width;
    const std::uint8_t* row = pixels + rowStride * static_cast<std::size_t>(y - area.y);
    if (options_.dither)
      palette_.mapRowDithered(row, area.width, area.x, y, indices);
    else
      palette_.mapRow(row, area.width, indices);
    const std::uint8_t* shown = canvas_.data() + static_cast<std::size_t>(y) * width_ + area.x;
    int firstDiff = -1, lastDiff = -1;
    for (int x = 0; x < area.width; ++x)
      if (indices[x] != shown[x] || first) {
        if (firstDiff < 0) firstDiff = x;
        lastDiff = x;
      }
    if (firstDiff >= 0) {
      left = std::min(left, area.x + firstDiff);
      right = std::max(right, area.x + lastDiff);
      top = std::min(top, y);
      bottom = std::max(bottom, y);
    }
  }

  if (hasPending_) writePending(frameDelayUnits(framesWritten_, options_.fps));

  PendingFrame next;
  if (right < 0) {
    // Nothing visible changed: a single transparent pixel keeps the frame (and its delay) in the file.
    next.rect = {0, 0, 1, 1};
    next.indices = {kTransparentIndex};
  } else {
    next.rect = {left, top, right - left + 1, bottom - top + 1};
    next.indices.resize(static_cast<std::size_t>(next.rect.width) * next.rect.height);
    for (int y = top; y <= bottom; ++y) {
      const std::uint8_t* indices =
          areaIndices.data() + static_cast<std::size_t>(y - area.y) * area.width + (left - area.x);
      std::uint8_t* shown = canvas_.data() + static_cast<std::size_t>(y) * width_ + left;
      std::uint8_t* out = next.indices.data() + static_cast<std::size_t>(y - top) * next.rect.width;
      for (int x = 0; x < next.rect.width; ++x) {
        if (!first && indices[x] == shown[x]) {
          out[x] = kTransparentIndex;
        } else {
          out[x] = indices[x];
          shown[x] = indices[x];
        }
      }
    }
  }
  pending_ = std::move(next);
  hasPending_ = true;
  ++framesEncoded_;
}

void GifWriter::writePending(std::int64_t delayCentiseconds) {
  GifFileType* gif = asGif(gif_);
  const int delay = static_cast<int>(std::clamp<std::int64_t>(delayCentiseconds, 0, 65535));
  // Graphics control: disposal "do not dispose" (bits 2-4 = 1), transparent-colour flag (bit 0).
  const GifByteType control[4] = {static_cast<GifByteType>((DISPOSE_DO_NOT << 2) | 1),
                                  static_cast<GifByteType>(delay & 0xff), static_cast<GifByteType>(delay >> 8),
                                  kTransparentIndex};
  check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, control), "graphics control");
  const PixelRect& r = pending_.rect;
  check(EGifPutImageDesc(gif, r.x, r.y, r.width, r.height, false, nullptr), "image descriptor");
  check(EGifPutLine(gif, pending_.indices.data(), r.width * r.height), "image data");
  hasPending_ = false;
  ++framesWritten_;
}

std::uint64_t GifWriter::finish() {
  if (framesAdded_ == 0) throw Error("GIF: no frames");
  settlePalette();
  if (hasPending_) {
    const std::int64_t hold = std::llround(options_.holdSeconds * 100);
    writePending(frameDelayUnits(framesWritten_, options_.fps) + hold);
  }
  int error = 0;
  GifFileType* gif = asGif(gif_);
  gif_ = nullptr;
  if (EGifCloseFile(gif, &error) != GIF_OK) {
    if (!outputError_.empty()) throw Error(outputError_);
    throw Error(std::string("GIF trailer: ") + GifErrorString(error));
  }
  file_.commit();
  return file_.size();
}

}  // namespace gradscape::encode
