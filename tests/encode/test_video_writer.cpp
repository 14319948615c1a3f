// Video export: BT.709 conversion, changed-rectangle updates, MP4/WebM checked with ffprobe,
// missing ffmpeg and a failing ffmpeg give one-line errors and no OUT.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "encode/test_support.hpp"
#include "encode/video_writer.hpp"

namespace gradscape::encode {
namespace {

using gradscape::testing::freshOutputDirectory;
using gradscape::testing::listDirectory;
using gradscape::testing::probeVideo;
using gradscape::testing::runCommand;

std::vector<std::uint8_t> solid(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * height * 4);
  for (std::size_t i = 0; i < rgba.size(); i += 4) {
    rgba[i] = r;
    rgba[i + 1] = g;
    rgba[i + 2] = b;
    rgba[i + 3] = 255;
  }
  return rgba;
}

// Y, U, V at pixel (x, y) of a yuv420p frame.
std::array<int, 3> yuvAt(const Yuv420Frame& frame, int x, int y) {
  const auto& bytes = frame.bytes();
  const std::size_t luma = static_cast<std::size_t>(frame.width()) * frame.height();
  const std::size_t chroma = static_cast<std::size_t>(y / 2) * (frame.width() / 2) + x / 2;
  return {bytes[static_cast<std::size_t>(y) * frame.width() + x], bytes[luma + chroma], bytes[luma + luma / 4 + chroma]};
}

TEST(Yuv420Frame, Bt709LimitedRangeOfKnownColors) {
  Yuv420Frame frame(4, 4);
  const struct {
    std::uint8_t r, g, b;
    std::array<int, 3> yuv;
  } cases[] = {{255, 255, 255, {235, 128, 128}}, {0, 0, 0, {16, 128, 128}},     {255, 0, 0, {63, 102, 240}},
               {0, 255, 0, {173, 42, 26}},       {0, 0, 255, {32, 240, 118}}};
  for (const auto& c : cases) {
    const auto rgba = solid(4, 4, c.r, c.g, c.b);
    frame.update({rgba.data(), 4, 4}, PixelRect::whole(4, 4));
    EXPECT_EQ(yuvAt(frame, 1, 1), c.yuv) << int(c.r) << "," << int(c.g) << "," << int(c.b);
  }
}

TEST(Yuv420Frame, UpdatesOnlyTheChangedRectangleRoundedToChromaBlocks) {
  Yuv420Frame frame(16, 8);
  const auto white = solid(16, 8, 255, 255, 255), red = solid(16, 8, 255, 0, 0);
  frame.update({white.data(), 16, 8}, PixelRect::whole(16, 8));
  frame.update({red.data(), 16, 8}, {5, 3, 2, 2});  // rounds out to x 4..7, y 2..5
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 16; ++x) {
      const bool inside = x >= 4 && x < 8 && y >= 2 && y < 6;
      EXPECT_EQ(yuvAt(frame, x, y)[0], inside ? 63 : 235) << x << "," << y;
    }
  EXPECT_THROW(Yuv420Frame(15, 8), Error);
}

// Returns the last frame given to the writer.
std::vector<std::uint8_t> writeTestVideo(const std::string& path, VideoOptions options, int frames) {
  VideoWriter writer(path, 96, 64, options);
  auto rgba = solid(96, 64, 240, 240, 240);
  for (int k = 0; k < frames; ++k) {
    const PixelRect dot{4 + 8 * k, 30, 6, 6};
    for (int y = dot.y; y < dot.y + dot.height; ++y)
      for (int x = dot.x; x < dot.x + dot.width; ++x) {
        rgba[(y * 96 + x) * 4] = 30;
        rgba[(y * 96 + x) * 4 + 1] = 60;
      }
    writer.addFrame({rgba.data(), 96, 64}, dot);
  }
  writer.finish();
  return rgba;
}

bool haveFfmpegTools() { return !findOnPath("ffmpeg").empty() && !findOnPath("ffprobe").empty(); }

TEST(VideoWriter, Mp4HasEveryFrameThePlusHoldAndTheSize) {
  if (!haveFfmpegTools()) GTEST_SKIP() << "ffmpeg/ffprobe not installed";
  const auto directory = freshOutputDirectory();
  VideoOptions options;
  options.codec = VideoCodec::h264;
  options.fps = 10;
  options.holdSeconds = 0.5;
  writeTestVideo(directory / "dots.mp4", options, 9);
  const auto result = probeVideo(directory / "dots.mp4");
  EXPECT_EQ(result.codec, "h264");
  EXPECT_EQ(result.width, 96);
  EXPECT_EQ(result.height, 64);
  EXPECT_EQ(result.frames, 9 + 5);
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"dots.mp4"});
}

// Both rate controls (constant quantiser when few pixels change, CRF otherwise) keep the picture: the
// last frame decoded back to RGB is within a few levels of what was given, dots and background alike.
TEST(VideoWriter, Mp4LastFrameDecodesToItsPictureUnderEitherRateControl) {
  if (!haveFfmpegTools()) GTEST_SKIP() << "ffmpeg/ffprobe not installed";
  const auto directory = freshOutputDirectory();
  for (const bool fewPixelsChange : {true, false}) {
    VideoOptions options;
    options.codec = VideoCodec::h264;
    options.fewPixelsChange = fewPixelsChange;
    const std::string path = directory / (fewPixelsChange ? "qp.mp4" : "crf.mp4");
    constexpr int kFrames = 9;
    const std::vector<std::uint8_t> given = writeTestVideo(path, options, kFrames);
    const std::vector<std::uint8_t> decoded = gradscape::testing::decodeVideoFrameRgb(path, kFrames - 1);
    ASSERT_EQ(decoded.size(), std::size_t{96 * 64 * 3}) << path;
    double totalError = 0;
    int worst = 0;
    for (std::size_t pixel = 0; pixel < std::size_t{96 * 64}; ++pixel)
      for (int channel = 0; channel < 3; ++channel) {
        const int error = std::abs(int(decoded[pixel * 3 + channel]) - int(given[pixel * 4 + channel]));
        totalError += error;
        worst = std::max(worst, error);
      }
    EXPECT_LT(totalError / (96 * 64 * 3), 2.0) << path;
    EXPECT_LE(worst, 24) << path;
    // The newest dot (x 68..73, y 30..35) is there in the decoded frame, not the background.
    const std::size_t centre = (33 * 96 + 70) * 3;
    EXPECT_LT(decoded[centre], 80) << path;
  }
}

TEST(VideoWriter, WebmIsVp9WithEveryFrame) {
  if (!haveFfmpegTools()) GTEST_SKIP() << "ffmpeg/ffprobe not installed";
  const auto directory = freshOutputDirectory();
  VideoOptions options;
  options.codec = VideoCodec::vp9;
  options.fps = 20;
  writeTestVideo(directory / "dots.webm", options, 11);
  const auto result = probeVideo(directory / "dots.webm");
  EXPECT_EQ(result.codec, "vp9");
  EXPECT_EQ(result.width, 96);
  EXPECT_EQ(result.height, 64);
  EXPECT_EQ(result.frames, 11);
}

// Sets PATH for the scope of one test.
class ScopedPath {
 public:
  explicit ScopedPath(const std::string& path) : old_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    ::setenv("PATH", path.c_str(), 1);
  }
  ~ScopedPath() { ::setenv("PATH", old_.c_str(), 1); }

 private:
  std::string old_;
};

TEST(VideoWriter, MissingFfmpegIsAOneLineErrorBeforeAnyOutput) {
  const auto directory = freshOutputDirectory();
  std::filesystem::create_directories(directory / "empty-bin");
  gradscape::testing::writeFile(directory / "kept.mp4", "old");
  ScopedPath path((directory / "empty-bin").string());
  try {
    VideoWriter writer(directory / "kept.mp4", 96, 64, {});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "ffmpeg not found on PATH: install it (apt-get install ffmpeg) to export .mp4/.webm");
  }
  EXPECT_EQ(gradscape::testing::readFile(directory / "kept.mp4"), "old");
  EXPECT_EQ(listDirectory(directory), (std::vector<std::string>{"empty-bin", "kept.mp4"}));
}

TEST(VideoWriter, FailingFfmpegReportsItsLastLineAndLeavesNoOutput) {
  const auto directory = freshOutputDirectory();
  std::filesystem::create_directories(directory / "bin");
  const auto fake = directory / "bin" / "ffmpeg";
  gradscape::testing::writeFile(fake, "#!/bin/sh\necho 'some noise' >&2\necho 'Unknown encoder libx264' >&2\nexit 1\n");
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  ScopedPath path((directory / "bin").string() + ":/usr/bin:/bin");
  try {
    writeTestVideo(directory / "out.mp4", {}, 30);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("Unknown encoder libx264"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"bin"});
}

}  // namespace
}  // namespace gradscape::encode
