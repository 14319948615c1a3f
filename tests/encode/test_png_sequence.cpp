// PNG stills and sequences: pattern validation, N files, pixels decoded back with stb_image.
#include <gtest/gtest.h>

#include <stb/stb_image.h>

#include "core/error.hpp"
#include "encode/png_sequence.hpp"
#include "encode/png_writer.hpp"
#include "encode/test_support.hpp"

namespace gradscape::encode {
namespace {

using gradscape::testing::freshOutputDirectory;
using gradscape::testing::listDirectory;

TEST(SequencePattern, AcceptsExactlyOneIntegerConversion) {
  EXPECT_NO_THROW(validateSequencePattern("frames/f_%04d.png"));
  EXPECT_NO_THROW(validateSequencePattern("f%d.png"));
  EXPECT_NO_THROW(validateSequencePattern("100%%_%3i.png"));
  EXPECT_THROW(validateSequencePattern("f.png"), Error);
  EXPECT_THROW(validateSequencePattern("f_%d_%d.png"), Error);
  EXPECT_THROW(validateSequencePattern("f_%s.png"), Error);
  EXPECT_THROW(validateSequencePattern("f_%.3d.png"), Error);
  EXPECT_THROW(validateSequencePattern("f_%ld.png"), Error);
  EXPECT_THROW(validateSequencePattern("f_%0999999d.png"), Error);
  EXPECT_THROW(validateSequencePattern("f_%"), Error);
  EXPECT_THROW(validateSequencePattern("dir%d/f.png"), Error);
  EXPECT_TRUE(looksLikeSequencePattern("a/f_%04d.png"));
  EXPECT_FALSE(looksLikeSequencePattern("a/f.png"));
  EXPECT_FALSE(looksLikeSequencePattern("a/100%%.png"));
}

TEST(SequencePattern, FormatsTheIndex) {
  EXPECT_EQ(formatSequencePath("frames/f_%04d.png", 7), "frames/f_0007.png");
  EXPECT_EQ(formatSequencePath("f%d.png", 12345), "f12345.png");
  EXPECT_EQ(formatSequencePath("100%%_%3i.png", 5), "100%_  5.png");
}

TEST(PngSequenceWriter, WritesOneFilePerFrameWithItsPixels) {
  const auto directory = freshOutputDirectory();
  PngSequenceWriter writer((directory / "f_%03d.png").string());
  std::vector<std::uint8_t> rgba(8 * 6 * 4, 255);
  for (int k = 0; k < 4; ++k) {
    rgba[0] = static_cast<std::uint8_t>(10 * k);
    writer.addFrame({rgba.data(), 8, 6}, {0, 0, 1, 1});
  }
  EXPECT_GT(writer.finish(), 4u * 60);
  EXPECT_EQ(listDirectory(directory), (std::vector<std::string>{"f_000.png", "f_001.png", "f_002.png", "f_003.png"}));
  int width = 0, height = 0, channels = 0;
  stbi_uc* pixels = stbi_load((directory / "f_002.png").c_str(), &width, &height, &channels, 4);
  ASSERT_NE(pixels, nullptr);
  EXPECT_EQ(width, 8);
  EXPECT_EQ(height, 6);
  EXPECT_EQ(pixels[0], 20);
  EXPECT_EQ(pixels[1], 255);
  stbi_image_free(pixels);
}

TEST(PngSequenceWriter, MissingDirectoryFailsUpFront) {
  const auto directory = freshOutputDirectory();
  EXPECT_THROW(PngSequenceWriter((directory / "nope" / "f_%03d.png").string()), Error);
}

TEST(PngWriter, StillRoundTripsAndFailureKeepsOldFile) {
  const auto directory = freshOutputDirectory();
  std::vector<std::uint8_t> rgba(3 * 2 * 4);
  for (std::size_t i = 0; i < rgba.size(); ++i) rgba[i] = static_cast<std::uint8_t>(i * 9);
  const auto path = directory / "still.png";
  const std::uint64_t bytes = writePng(path, {rgba.data(), 3, 2});
  EXPECT_EQ(bytes, std::filesystem::file_size(path));
  int width = 0, height = 0, channels = 0;
  stbi_uc* pixels = stbi_load(path.c_str(), &width, &height, &channels, 4);
  ASSERT_NE(pixels, nullptr);
  EXPECT_EQ(std::vector<std::uint8_t>(pixels, pixels + rgba.size()), rgba);
  stbi_image_free(pixels);
  EXPECT_THROW(writePng(path, {nullptr, 0, 0}), Error);
  EXPECT_EQ(std::filesystem::file_size(path), bytes);
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"still.png"});
}

}  // namespace
}  // namespace gradscape::encode
