// Quantiser tests: exact small palettes, the proven error bound of the RGB555 lookup, gradient quality,
// determinism, nearest-colour mapping and ordered dithering.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "encode/palette.hpp"

namespace gradscape::encode {
namespace {

struct TestImage {
  int width, height;
  std::vector<std::uint8_t> rgba;
  RgbaView view() const { return {rgba.data(), width, height}; }
  void set(int x, int y, int r, int g, int b) {
    std::uint8_t* p = rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
    p[0] = static_cast<std::uint8_t>(r);
    p[1] = static_cast<std::uint8_t>(g);
    p[2] = static_cast<std::uint8_t>(b);
    p[3] = 255;
  }
};

TestImage blankImage(int width, int height) { return {width, height, std::vector<std::uint8_t>(width * height * 4, 255)}; }

double distance(const std::uint8_t* p, const Rgb8& c) {
  const double dr = p[0] - c.r, dg = p[1] - c.g, db = p[2] - c.b;
  return std::sqrt(dr * dr + dg * dg + db * db);
}

double nearestDistance(const std::uint8_t* p, const std::vector<Rgb8>& colors) {
  double best = std::numeric_limits<double>::max();
  for (const Rgb8& c : colors) best = std::min(best, distance(p, c));
  return best;
}

// A picture like ours: smooth two-colour gradients, dark lines, saturated paths and noise.
TestImage busyImage() {
  TestImage image = blankImage(320, 240);
  std::uint32_t state = 12345;
  const auto random = [&state]() {
    state = state * 1664525u + 1013904223u;
    return static_cast<int>(state >> 24);
  };
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      const double t = static_cast<double>(x) / image.width;
      int r = static_cast<int>(59 + t * (180 - 59)), g = static_cast<int>(76 + t * 100 * (1 - t)), b = static_cast<int>(192 - t * 150);
      if (x % 16 == 0 || y % 16 == 0) r = g = b = 20 + (random() & 15);
      if (std::abs(y - x / 2) < 2) r = 255, g = 0, b = 0;
      r = std::clamp(r + (random() & 7) - 3, 0, 255);
      image.set(x, y, r, g, b);
    }
  return image;
}

TEST(Palette, DistinctColorsInDistinctCellsAreReproducedExactly) {
  TestImage image = blankImage(200, 4);
  for (int x = 0; x < 200; ++x)
    for (int y = 0; y < 4; ++y) image.set(x, y, (x * 37) % 256 & ~7, (x * 11) % 256 & ~7, (x * 5) % 256 & ~7);
  ColorHistogram histogram;
  histogram.add(image.view());
  const Palette palette = Palette::build(histogram);
  EXPECT_LE(palette.colors().size(), 200u);
  std::vector<std::uint8_t> indices(200);
  palette.mapRow(image.rgba.data(), 200, indices.data());
  for (int x = 0; x < 200; ++x) {
    const Rgb8 color = palette.colors()[indices[x]];
    EXPECT_EQ(color, (Rgb8{image.rgba[x * 4], image.rgba[x * 4 + 1], image.rgba[x * 4 + 2]})) << "pixel " << x;
  }
}

TEST(Palette, LookupErrorStaysWithinTheProvenBound) {
  // For p in cell c with seen mean m: |p - lut(p)| <= |p - m| + |m - nearest(p)| <= d(p) + 2 |p - m|,
  // |p - m| <= the cell's diagonal (7 * sqrt 3), plus half a level of rounding per channel.
  const TestImage image = busyImage();
  ColorHistogram histogram;
  histogram.add(image.view());
  const Palette palette = Palette::build(histogram);
  ASSERT_LE(palette.colors().size(), 255u);
  const double bound = 2 * 7 * std::sqrt(3.0) + std::sqrt(3.0);
  std::vector<std::uint8_t> indices(image.width);
  double worstSlack = -1e9;
  for (int y = 0; y < image.height; ++y) {
    const std::uint8_t* row = image.rgba.data() + static_cast<std::size_t>(y) * image.width * 4;
    palette.mapRow(row, image.width, indices.data());
    for (int x = 0; x < image.width; ++x) {
      const double error = distance(row + x * 4, palette.colors()[indices[x]]);
      const double optimal = nearestDistance(row + x * 4, palette.colors());
      worstSlack = std::max(worstSlack, error - optimal);
      ASSERT_LE(error, optimal + bound) << "pixel " << x << "," << y;
    }
  }
  EXPECT_GE(worstSlack, 0.0);
}

TEST(Palette, SmoothGradientIsQuantisedFinely) {
  // 1000 shades along coolwarm-like blue -> grey -> red: 255 colours leave a mean error of about a level.
  TestImage image = blankImage(1000, 2);
  for (int x = 0; x < 1000; ++x) {
    const double t = x / 999.0;
    const int r = static_cast<int>(59 + t * (180 - 59) + 0.5), g = static_cast<int>(76 + 4 * t * (1 - t) * 145 + 0.5),
              b = static_cast<int>(192 - t * (192 - 38) + 0.5);
    image.set(x, 0, r, g, b);
    image.set(x, 1, r, g, b);
  }
  ColorHistogram histogram;
  histogram.add(image.view());
  const Palette palette = Palette::build(histogram);
  std::vector<std::uint8_t> indices(1000);
  palette.mapRow(image.rgba.data(), 1000, indices.data());
  double total = 0, worst = 0;
  for (int x = 0; x < 1000; ++x) {
    const double error = distance(image.rgba.data() + x * 4, palette.colors()[indices[x]]);
    total += error;
    worst = std::max(worst, error);
  }
  EXPECT_LT(total / 1000, 2.5);
  EXPECT_LT(worst, 8.0);
}

TEST(Palette, FewerColorsThanAllowedAndDeterministic) {
  const TestImage image = busyImage();
  ColorHistogram histogram;
  histogram.add(image.view());
  const Palette a = Palette::build(histogram, 16), b = Palette::build(histogram, 16);
  EXPECT_LE(a.colors().size(), 16u);
  EXPECT_GE(a.colors().size(), 12u);
  EXPECT_EQ(a.colors(), b.colors());
  for (int r = 0; r < 256; r += 5)
    for (int g = 0; g < 256; g += 7)
      for (int bl = 0; bl < 256; bl += 11)
        ASSERT_EQ(a.indexOf(r, g, bl), b.indexOf(r, g, bl));
}

TEST(Palette, SaturatedPathColorSurvivesAmongManySurfaceColors) {
  // A thin red path (0.5 % of the pixels) on a large gradient must keep a colour close to pure red.
  const TestImage image = busyImage();
  ColorHistogram histogram;
  histogram.add(image.view());
  const Palette palette = Palette::build(histogram);
  const std::uint8_t red[4] = {255, 0, 0, 255};
  EXPECT_LT(distance(red, palette.colors()[palette.indexOf(255, 0, 0)]), 8.0);
}

TEST(Palette, FixedColorsMapToTheNearest) {
  const Palette palette = Palette::fromColors({{0, 0, 0}, {255, 255, 255}, {255, 0, 0}, {0, 0, 255}});
  EXPECT_EQ(palette.indexOf(10, 10, 10), 0);
  EXPECT_EQ(palette.indexOf(240, 250, 230), 1);
  EXPECT_EQ(palette.indexOf(200, 40, 30), 2);
  EXPECT_EQ(palette.indexOf(20, 30, 220), 3);
  EXPECT_THROW(Palette::fromColors({}), std::exception);
  EXPECT_THROW(Palette::fromColors(std::vector<Rgb8>(256)), std::exception);
}

TEST(Palette, LookupTableIsTheFirstNearestColorOfEveryCell) {
  // Many colours with exact ties (duplicates, and pairs equidistant from cell centres): every one of the
  // 32768 RGB555 cells must map to the lowest-index colour at the least distance, whatever order the
  // table is built in.
  std::vector<Rgb8> colors;
  std::uint32_t seed = 12345;
  const auto next = [&] { return seed = seed * 1664525u + 1013904223u, static_cast<std::uint8_t>(seed >> 24); };
  for (int i = 0; i < 200; ++i) colors.push_back({next(), next(), next()});
  for (int i = 0; i < 40; ++i) colors.push_back(colors[static_cast<std::size_t>(i) * 3]);  // duplicates
  for (int i = 0; i < 15; ++i) colors.push_back({static_cast<std::uint8_t>(i * 16), 128, 128});  // on a grid
  const Palette palette = Palette::fromColors(colors);
  for (int cell = 0; cell < 32768; ++cell) {
    const int r = ((cell >> 10) & 31) * 8 + 4, g = ((cell >> 5) & 31) * 8 + 4, b = (cell & 31) * 8 + 4;
    int best = 0, bestDistance = std::numeric_limits<int>::max();
    for (int i = 0; i < static_cast<int>(colors.size()); ++i) {
      const int dr = colors[i].r - r, dg = colors[i].g - g, db = colors[i].b - b;
      if (dr * dr + dg * dg + db * db < bestDistance) {
        bestDistance = dr * dr + dg * dg + db * db;
        best = i;
      }
    }
    ASSERT_EQ(palette.indexOf(static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g), static_cast<std::uint8_t>(b)),
              best)
        << "cell " << cell;
  }
}

TEST(Palette, OrderedDitherMixesNeighboursAndKeepsExactColorsFlat) {
  const Palette palette = Palette::fromColors({{0, 0, 0}, {255, 255, 255}, {128, 128, 128}});
  std::vector<std::uint8_t> grey(64 * 4, 128), blackWhite(64 * 4, 0);
  std::vector<std::uint8_t> indices(64);
  for (int y = 0; y < 4; ++y) {
    palette.mapRowDithered(grey.data(), 64, 0, y, indices.data());
    for (int x = 0; x < 64; ++x) ASSERT_EQ(indices[x], 2) << "an exact palette colour stays flat";
  }
  const Palette twoTone = Palette::fromColors({{96, 96, 96}, {128, 128, 128}});
  for (int i = 0; i < 64; ++i) blackWhite[i * 4] = blackWhite[i * 4 + 1] = blackWhite[i * 4 + 2] = 112;
  int light = 0;
  for (int y = 0; y < 4; ++y) {
    twoTone.mapRowDithered(blackWhite.data(), 64, 0, y, indices.data());
    for (int x = 0; x < 64; ++x) light += indices[x];
  }
  // Halfway between the two: the 4x4 pattern uses both, about half each.
  EXPECT_GT(light, 64 * 4 * 3 / 10);
  EXPECT_LT(light, 64 * 4 * 7 / 10);
  // Without dithering every pixel gets the same index.
  twoTone.mapRow(blackWhite.data(), 64, indices.data());
  for (int x = 1; x < 64; ++x) EXPECT_EQ(indices[x], indices[0]);
}

}  // namespace
}  // namespace gradscape::encode
