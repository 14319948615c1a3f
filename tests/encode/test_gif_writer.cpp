// GIF round trips through giflib's decoder: frames, size, delays, loop, sub-rectangles, transparency,
// byte-identical output, and nothing at OUT when encoding fails or is abandoned.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "encode/gif_decoder.hpp"
#include "encode/gif_writer.hpp"
#include "encode/test_support.hpp"

namespace gradscape::encode {
namespace {

using gradscape::testing::decodeGif;
using gradscape::testing::freshOutputDirectory;
using gradscape::testing::listDirectory;

constexpr int kWidth = 64, kHeight = 48;

// A background of four exact colours with a 6x6 square moving right by 5 pixels a frame.
struct MovingSquare {
  std::vector<std::uint8_t> rgba = std::vector<std::uint8_t>(kWidth * kHeight * 4);
  RgbaView view() const { return {rgba.data(), kWidth, kHeight}; }
  static PixelRect squareAt(int frame) { return {2 + 5 * frame, 20, 6, 6}; }
  void paint(int frame) {
    for (int y = 0; y < kHeight; ++y)
      for (int x = 0; x < kWidth; ++x) {
        std::uint8_t* p = rgba.data() + (y * kWidth + x) * 4;
        const PixelRect s = squareAt(frame);
        const bool inSquare = x >= s.x && x < s.x + s.width && y >= s.y && y < s.y + s.height;
        p[0] = inSquare ? 200 : (x < kWidth / 2 ? 40 : 240);
        p[1] = inSquare ? 16 : (y < kHeight / 2 ? 80 : 232);
        p[2] = inSquare ? 24 : 96;
        p[3] = 255;
      }
  }
};

Palette paletteFor(const MovingSquare& scene) {
  ColorHistogram histogram;
  histogram.add(scene.view());
  return Palette::build(histogram);
}

// Writes `frames` frames of the moving square; the changed rectangle is the old square plus the new.
void writeMovingSquare(const std::string& path, int frames, GifOptions options) {
  MovingSquare scene;
  scene.paint(0);
  GifWriter writer(path, kWidth, kHeight, paletteFor(scene), options);
  for (int k = 0; k < frames; ++k) {
    scene.paint(k);
    const PixelRect changed = k == 0 ? PixelRect{} : MovingSquare::squareAt(k - 1).united(MovingSquare::squareAt(k));
    writer.addFrame(scene.view(), changed);
  }
  writer.finish();
}

TEST(GifWriter, RoundTripKeepsFramesDelaysLoopAndPixels) {
  const auto directory = freshOutputDirectory();
  const std::string path = directory / "square.gif";
  GifOptions options;
  options.fps = 30;
  options.holdSeconds = 1.5;
  writeMovingSquare(path, 7, options);

  const auto gif = decodeGif(path);
  EXPECT_EQ(gif.width, kWidth);
  EXPECT_EQ(gif.height, kHeight);
  EXPECT_EQ(gif.globalColors, 256);
  EXPECT_EQ(gif.netscapeLoopCount, 0);
  ASSERT_EQ(gif.frames.size(), 7u);
  const int expectedDelays[] = {3, 3, 4, 3, 3, 4, 3 + 150};
  MovingSquare scene;
  for (int k = 0; k < 7; ++k) {
    const auto& frame = gif.frames[k];
    EXPECT_EQ(frame.delayCentiseconds, expectedDelays[k]) << "frame " << k;
    EXPECT_EQ(frame.disposal, 1) << "do not dispose";
    EXPECT_EQ(frame.transparentIndex, 255);
    // The four-colour scene is reproduced exactly.
    scene.paint(k);
    ASSERT_EQ(frame.composited, scene.rgba) << "frame " << k;
  }
  EXPECT_EQ(gif.frames[0].width, kWidth);
  EXPECT_EQ(gif.frames[0].height, kHeight);
  // Later frames: only the square's old and new place, shrunk to what changed (the square moves by 5 of its 6 px).
  for (int k = 1; k < 7; ++k) {
    const PixelRect moved = MovingSquare::squareAt(k - 1).united(MovingSquare::squareAt(k));
    const auto& frame = gif.frames[k];
    EXPECT_EQ(frame.left, moved.x) << k;
    EXPECT_EQ(frame.top, moved.y) << k;
    EXPECT_EQ(frame.width, moved.width) << k;
    EXPECT_EQ(frame.height, moved.height) << k;
    // The one column the old and new squares share did not change: it is transparent.
    const int shared = MovingSquare::squareAt(k).x - moved.x;
    for (int y = 0; y < frame.height; ++y) EXPECT_EQ(frame.indices[y * frame.width + shared], 255) << k;
    EXPECT_NE(frame.indices[0], 255);
  }
}

// Frames of the moving square written without a palette: the writer learns it from the frames.
void writeLearningPalette(const std::string& path, int frames, std::size_t learningBytes) {
  GifOptions options;
  options.paletteLearningBytes = learningBytes;
  MovingSquare scene;
  GifWriter writer(path, kWidth, kHeight, options);
  for (int k = 0; k < frames; ++k) {
    scene.paint(k);
    const PixelRect changed = k == 0 ? PixelRect{} : MovingSquare::squareAt(k - 1).united(MovingSquare::squareAt(k));
    writer.addFrame(scene.view(), changed);
  }
  EXPECT_FALSE(writer.hasPalette() && learningBytes > 1000000) << "still learning until finish";
  writer.finish();
  EXPECT_TRUE(writer.hasPalette());
}

TEST(GifWriter, LearnsThePaletteFromItsFrames) {
  const auto directory = freshOutputDirectory();
  // Everything kept until finish(), or the palette settled after the first frame (the budget is tiny):
  // both reproduce the four-colour scene exactly, frame by frame.
  writeLearningPalette(directory / "kept.gif", 7, 32u << 20);
  writeLearningPalette(directory / "settled.gif", 7, 1);
  for (const char* name : {"kept.gif", "settled.gif"}) {
    const auto gif = decodeGif(directory / name);
    ASSERT_EQ(gif.frames.size(), 7u) << name;
    MovingSquare scene;
    for (int k = 0; k < 7; ++k) {
      scene.paint(k);
      ASSERT_EQ(gif.frames[k].composited, scene.rgba) << name << " frame " << k;
    }
    EXPECT_EQ(gif.frames[3].width, 11) << "still only the changed rectangle";
  }
}

TEST(GifWriter, PlayCountSetsTheNetscapeLoop) {
  const auto directory = freshOutputDirectory();
  GifOptions options;
  options.playCount = 3;
  writeMovingSquare(directory / "three.gif", 3, options);
  EXPECT_EQ(decodeGif(directory / "three.gif").netscapeLoopCount, 2);  // repeats after the first play
  options.playCount = 1;
  writeMovingSquare(directory / "once.gif", 3, options);
  EXPECT_EQ(decodeGif(directory / "once.gif").netscapeLoopCount, -1);  // no extension: plays once
}

TEST(GifWriter, SameInputGivesIdenticalBytes) {
  const auto directory = freshOutputDirectory();
  GifOptions options;
  options.dither = true;
  writeMovingSquare(directory / "a.gif", 8, options);
  writeMovingSquare(directory / "b.gif", 8, options);
  const std::string a = gradscape::testing::readFile(directory / "a.gif");
  EXPECT_GT(a.size(), 100u);
  EXPECT_EQ(a, gradscape::testing::readFile(directory / "b.gif"));
}

TEST(GifWriter, UnchangedFrameIsOneTransparentPixel) {
  const auto directory = freshOutputDirectory();
  MovingSquare scene;
  scene.paint(0);
  GifWriter writer(directory / "still.gif", kWidth, kHeight, paletteFor(scene), {});
  writer.addFrame(scene.view(), {});
  writer.addFrame(scene.view(), PixelRect::whole(kWidth, kHeight));  // claimed changed, but nothing did
  writer.finish();
  const auto gif = decodeGif(directory / "still.gif");
  ASSERT_EQ(gif.frames.size(), 2u);
  EXPECT_EQ(gif.frames[1].width, 1);
  EXPECT_EQ(gif.frames[1].height, 1);
  EXPECT_EQ(gif.frames[1].indices[0], 255);
  EXPECT_EQ(gif.frames[1].composited, scene.rgba);
}

TEST(GifWriter, AbandonedWriterLeavesExistingOutputAndNoTemporary) {
  const auto directory = freshOutputDirectory();
  const auto path = directory / "kept.gif";
  gradscape::testing::writeFile(path, "previous contents");
  {
    MovingSquare scene;
    scene.paint(0);
    GifWriter writer(path, kWidth, kHeight, paletteFor(scene), {});
    writer.addFrame(scene.view(), {});
    // destroyed without finish(), as when rendering throws
  }
  EXPECT_EQ(gradscape::testing::readFile(path), "previous contents");
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"kept.gif"});
}

TEST(GifWriter, UnwritableDirectoryFailsBeforeAnyFrame) {
  MovingSquare scene;
  scene.paint(0);
  try {
    GifWriter writer("/nonexistent-dir/x.gif", kWidth, kHeight, paletteFor(scene), {});
    FAIL() << "expected an error";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent-dir"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace gradscape::encode
