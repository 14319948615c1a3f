// Fixed-rate frame capture queue and its encoder thread.
#include "viewer/recorder.hpp"

#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "encode/atomic_file.hpp"
#include "encode/gif_writer.hpp"
#include "encode/palette.hpp"
#include "encode/video_writer.hpp"

namespace gradscape::app {
namespace {

enum class RecordFormat { gif, mp4, webm };

RecordFormat formatOf(const std::string& path) {
  const auto endsWith = [&](const char* suffix) {
    const std::string s(suffix);
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (endsWith(".gif")) return RecordFormat::gif;
  if (endsWith(".mp4")) return RecordFormat::mp4;
  if (endsWith(".webm")) return RecordFormat::webm;
  throw Error("record: " + path + ": unknown format (use .gif, .mp4 or .webm)");
}

}  // namespace

Recorder::Recorder(const std::string& path, int width, int height, double fps, std::vector<core::Rgb> keyColors,
                   double now)
    : path_(path), width_(width & ~1), height_(height & ~1), fps_(fps), keyColors_(std::move(keyColors)),
      startTime_(now), nextFrameTime_(now) {
  if (width_ < 16 || height_ < 16) throw Error("record: size too small");
  if (!(fps_ > 0) || fps_ > 120) throw Error("record: fps must be in (0, 120]");
  const RecordFormat format = formatOf(path);
  if (format == RecordFormat::gif) {
    encode::AtomicFile probe(path);  // fails now for a missing directory; removed again at once
  } else {
    encode::VideoOptions options;
    options.codec = format == RecordFormat::mp4 ? encode::VideoCodec::h264 : encode::VideoCodec::vp9;
    options.fps = fps_;
    sink_ = std::make_unique<encode::VideoWriter>(path, width_, height_, options);
  }
  worker_ = std::thread([this] { encodeLoop(); });
}

Recorder::~Recorder() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    abandon_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void Recorder::submit(const SharedPixels& pixels, bool changed, double now) {
  std::lock_guard lock(mutex_);
  bool first = true;
  while (nextFrameTime_ <= now) {
    if (queue_.size() >= kMaxQueuedRecordFrames || error_) {
      ++framesDropped_;
    } else {
      const bool isChanged = first ? changed || !lastPixels_ : false;
      queue_.push_back(Item{pixels, isChanged});
      ++framesSubmitted_;
    }
    first = false;
    nextFrameTime_ = startTime_ + static_cast<double>(framesSubmitted_ + framesDropped_) / fps_;
  }
  lastPixels_ = pixels;
  wake_.notify_one();
}

std::string Recorder::statusText() const {
  std::lock_guard lock(mutex_);
  char text[128];
  std::snprintf(text, sizeof text, "%.1f s, %lld frames", static_cast<double>(framesSubmitted_) / fps_,
                static_cast<long long>(framesSubmitted_));
  std::string status = text;
  if (queue_.size() > 8) status += ", " + std::to_string(queue_.size()) + " queued";
  if (framesDropped_ > 0) status += ", " + std::to_string(framesDropped_) + " dropped";
  return status;
}

std::optional<std::string> Recorder::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void Recorder::encodeLoop() {
  for (;;) {
    Item item;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (abandon_) return;
      if (queue_.empty()) return;  // closing and drained
      item = std::move(queue_.front());
      queue_.pop_front();
      if (error_) continue;
    }
    try {
      const encode::RgbaView frame{item.pixels->data(), width_, height_};
      if (!sink_) {
        // The GIF palette: the first picture (surface colormap, axes, text) plus every run's colour.
        encode::ColorHistogram histogram;
        histogram.add(frame);
        std::vector<std::uint8_t> swatch;
        for (const auto& color : keyColors_)
          for (int i = 0; i < 64; ++i) swatch.insert(swatch.end(), {color.r, color.g, color.b, 255});
        if (!swatch.empty())
          histogram.add(encode::RgbaView{swatch.data(), static_cast<int>(swatch.size() / 4), 1});
        encode::GifOptions options;
        options.fps = fps_;
        sink_ = std::make_unique<encode::GifWriter>(path_, width_, height_, encode::Palette::build(histogram), options);
      }
      sink_->addFrame(frame, item.changed ? PixelRect::whole(width_, height_) : PixelRect{});
    } catch (const std::exception& failure) {
      std::lock_guard lock(mutex_);
      error_ = failure.what();
    }
  }
}

std::uint64_t Recorder::finish() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  if (error_) throw Error(*error_);
  if (!sink_) throw Error("record: no frames were captured");
  return sink_->finish();
}

}  // namespace gradscape::app
