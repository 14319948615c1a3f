// Recording what the viewport shows: frames captured at a fixed rate on the GL thread, encoded on a
// worker thread through the project's encoders (GIF, MP4, WebM), so the window keeps its frame rate.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/scene.hpp"
#include "encode/frame_sink.hpp"

namespace gradscape::app {

using SharedPixels = std::shared_ptr<const std::vector<std::uint8_t>>;

class Recorder {
 public:
  // Checks the format (.gif, .mp4, .webm), that OUT can be written and (for video) that ffmpeg is there;
  // throws gradscape::Error otherwise. `keyColours` (the runs' colours) join the GIF palette.
  // Width and height are rounded down to even numbers (yuv420p).
  Recorder(const std::string& path, int width, int height, double fps, std::vector<core::Rgb> keyColors, double now);
  ~Recorder();  // without finish(): the worker stops and nothing is written at OUT
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  int width() const { return width_; }
  int height() const { return height_; }
  const std::string& path() const { return path_; }

  // True when at least one frame slot has come since the last submit.
  bool frameDue(double now) const { return now >= nextFrameTime_; }
  // Fills every frame slot up to `now`: the first with `pixels` (top-down RGBA, width*height*4 bytes;
  // `changed` = differs from the previous picture), the rest repeat it (the window was slower than fps).
  void submit(const SharedPixels& pixels, bool changed, double now);

  // "4.2 s, 126 frames" plus queued/dropped counts when there are any.
  std::string statusText() const;
  // An encoder failure seen so far (recording goes on capturing nothing once it failed).
  std::optional<std::string> error() const;

  // Waits for the worker, completes the file. Returns its size; throws the encoder's error.
  std::uint64_t finish();

 private:
  struct Item {
    SharedPixels pixels;
    bool changed = true;
  };
  void encodeLoop();

  std::string path_;
  int width_, height_;
  double fps_;
  std::vector<core::Rgb> keyColors_;
  double startTime_, nextFrameTime_;
  std::int64_t framesSubmitted_ = 0;
  std::int64_t framesDropped_ = 0;
  SharedPixels lastPixels_;

  std::unique_ptr<encode::FrameSink> sink_;  // video sinks open at once; GIF when the first frame is there
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool closing_ = false;
  bool abandon_ = false;
  std::optional<std::string> error_;
  std::thread worker_;
};

// Frames a recording keeps in memory before it drops new ones (the encoder fell behind).
inline constexpr std::size_t kMaxQueuedRecordFrames = 240;

}  // namespace gradscape::app
