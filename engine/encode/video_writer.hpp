// MP4 (H.264) and WebM (VP9) through an ffmpeg subprocess fed raw yuv420p frames on a pipe.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "encode/atomic_file.hpp"
#include "encode/frame_sink.hpp"
#include "encode/image.hpp"

namespace gradscape::encode {

enum class VideoCodec { h264, vp9 };

struct VideoOptions {
  VideoCodec codec = VideoCodec::h264;
  double fps = 20;
  double holdSeconds = 0;  // the last frame is repeated round(hold * fps) times
  // Only small parts of each frame change (the camera stays still): H.264 is encoded at a constant
  // quantiser instead of a constant rate factor, which costs x264 no look-ahead analysis.
  bool fewPixelsChange = false;
};

// The full path of an executable found on PATH, or "" when there is none.
std::string findOnPath(const std::string& name);
// ffmpeg's path; throws gradscape::Error "ffmpeg not found on PATH: install it (apt-get install ffmpeg)
// to export .mp4/.webm" when it is missing. Call before any rendering.
std::string requireFfmpeg();

// BT.709 limited-range yuv420p frame kept across frames: only the changed rectangle is converted again.
class Yuv420Frame {
 public:
  Yuv420Frame(int width, int height);  // width and height even
  // Converts `rect` of `rgba` (rounded out to even coordinates) into the planes.
  void update(const RgbaView& rgba, const PixelRect& rect);
  const std::vector<std::uint8_t>& bytes() const { return planes_; }  // Y, then U, then V
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  int width_, height_;
  std::vector<std::uint8_t> planes_;
};

class VideoWriter final : public FrameSink {
 public:
  // Creates OUT's temporary, starts ffmpeg writing into it. Width and height must be even (yuv420p).
  VideoWriter(const std::string& path, int width, int height, VideoOptions options);
  ~VideoWriter() override;  // without finish(): ffmpeg killed, nothing at OUT
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  // `frame` is the whole current picture; only `changed` differs from the previous one (the first
  // frame is taken whole).
  void addFrame(const RgbaView& frame, const PixelRect& changed) override;
  // Sends the hold frames, closes the pipe, waits for ffmpeg, renames onto OUT. Returns the size in bytes.
  std::uint64_t finish() override;

  int framesAdded() const { return framesAdded_; }

 private:
  void sendFrame(const Yuv420Frame& frame);
  [[noreturn]] void failWithFfmpegMessage(const std::string& what);
  int waitForFfmpeg();
  std::string ffmpegMessage();

  AtomicFile file_;
  VideoOptions options_;
  // Frames alternate between two buffers so they can be handed to the pipe by reference (vmsplice)
  // instead of copied into it: once the next frame is in the pipe, ffmpeg has read all of the one
  // before, because a frame is larger than the pipe (otherwise frames are written).
  std::array<Yuv420Frame, 2> yuv_;
  int current_ = 1;
  PixelRect previousChange_;
  bool splice_ = false;
  pid_t ffmpeg_ = -1;
  int pipe_ = -1;
  std::FILE* ffmpegStderr_ = nullptr;
  int framesAdded_ = 0;
};

}  // namespace gradscape::encode
