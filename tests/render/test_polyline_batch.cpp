// PolylineBatch (the viewer's plot curves): every pixel against the coverage rule written plainly
// (clamp(width / 2 + 0.5 - distance to the polyline, 0, 1), blended over white), joins blended once, the
// scissor, drawing after the segments change, and lines clipped by the framebuffer.
#include "gl_test_support.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "render/offscreen_target.hpp"
#include "render/polyline_batch.hpp"

namespace gradscape::render::test {
namespace {

class PolylineBatchTest : public GlTest {};

struct Line {
  std::vector<glm::vec2> points;
  glm::u8vec4 rgba;
  float width;
};

double distanceToPolyline(glm::dvec2 p, const std::vector<glm::vec2>& points) {
  double best = 1e30;
  for (std::size_t k = 0; k + 1 < points.size(); ++k) {
    const glm::dvec2 a(points[k]), b(points[k + 1]);
    const glm::dvec2 ab = b - a;
    const double t = glm::dot(ab, ab) > 0 ? std::clamp(glm::dot(p - a, ab) / glm::dot(ab, ab), 0.0, 1.0) : 0.0;
    best = std::min(best, glm::length(p - (a + ab * t)));
  }
  return best;
}

// The picture the rule gives: each line in order over white, its coverage at each pixel centre.
Image expectedImage(int width, int height, const std::vector<Line>& lines) {
  Image image{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 4, 255)};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      double rgb[3] = {255, 255, 255};
      for (const Line& line : lines) {
        const double coverage =
            std::clamp(line.width / 2.0 + 0.5 - distanceToPolyline({x + 0.5, y + 0.5}, line.points), 0.0, 1.0);
        const double alpha = line.rgba.a / 255.0 * coverage;
        for (int c = 0; c < 3; ++c) rgb[c] = line.rgba[c] * alpha + rgb[c] * (1 - alpha);
      }
      std::uint8_t* p = image.rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
      for (int c = 0; c < 3; ++c) p[c] = static_cast<std::uint8_t>(std::lround(rgb[c]));
    }
  return image;
}

Image drawn(PolylineBatch& batch, int width, int height, const Viewport& scissor) {
  OffscreenTarget target(width, height, 1);
  target.bind();
  glDisable(GL_SCISSOR_TEST);
  glClearColor(1, 1, 1, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  batch.draw(width, height, scissor);
  glDisable(GL_SCISSOR_TEST);
  return readTarget(target);
}

int largestDifference(const Image& a, const Image& b) {
  int largest = 0;
  for (std::size_t i = 0; i < a.rgba.size(); ++i)
    if (i % 4 != 3) largest = std::max(largest, std::abs(int{a.rgba[i]} - int{b.rgba[i]}));
  return largest;
}

// A plot's curves: the bright part 1.6 px wide, the faint part 1.0 px at alpha 70, steep and shallow
// segments, joins at many angles (x increasing, as plots draw them).
std::vector<Line> plotLines() {
  std::vector<glm::vec2> bright, faint;
  for (int i = 0; i <= 12; ++i) bright.emplace_back(6.0f + i * 6.3f, 40.0f - 28.0f * std::exp(-0.25f * i) + (i % 3) * 2.1f);
  for (int i = 0; i <= 10; ++i) faint.emplace_back(6.0f + i * 8.7f, 60.0f - 3.0f * std::sin(0.9f * i) - 0.4f * i);
  return {{bright, {200, 30, 30, 255}, 1.6f}, {faint, {20, 60, 220, 70}, 1.0f}};
}

TEST_F(PolylineBatchTest, EveryPixelFollowsTheCoverageRuleAndJoinsAreBlendedOnce) {
  constexpr int width = 96, height = 72;
  const std::vector<Line> lines = plotLines();
  PolylineBatch batch;
  for (const Line& line : lines) batch.addPolyline(line.points, line.rgba, line.width);
  const Image image = drawn(batch, width, height, Viewport{0, 0, width, height});
  const Image expected = expectedImage(width, height, lines);
  savePng(image, outputPath("polyline_batch.png"));
  savePng(expected, outputPath("polyline_batch_expected.png"));
  // Float rounding of the distance and 8-bit blending; a join blended twice would be ~20 levels off in
  // the faint line, a missing or misplaced segment far more.
  EXPECT_LE(largestDifference(image, expected), 3);
  // Not a blank picture: the bright line's core is its colour.
  const auto core = image.rgb(static_cast<int>(lines[0].points[6].x), static_cast<int>(lines[0].points[6].y));
  EXPECT_NEAR(core[0], 200, 40);
  EXPECT_LT(core[2], 120);
}

TEST_F(PolylineBatchTest, DrawsOnlyInsideTheScissorAndAfterAChangeDrawsTheNewSegments) {
  constexpr int width = 96, height = 72;
  const std::vector<Line> lines = plotLines();
  PolylineBatch batch;
  for (const Line& line : lines) batch.addPolyline(line.points, line.rgba, line.width);
  // GL lower-left: the left half of the target, rows 20..71 from the bottom (the top 52 rows).
  const Image clipped = drawn(batch, width, height, Viewport{0, 20, width / 2, 52});
  const Image expected = expectedImage(width, height, lines);
  int inside = 0;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const bool in = x < width / 2 && y < 52;
      const auto got = clipped.rgb(x, y);
      const auto want = in ? expected.rgb(x, y) : std::array<int, 3>{255, 255, 255};
      for (int c = 0; c < 3; ++c) ASSERT_LE(std::abs(got[c] - want[c]), 3) << x << "," << y;
      if (in && want[0] < 250) ++inside;
    }
  EXPECT_GT(inside, 40);

  // New segments (one line moved down 10 px) reach the GPU at the next draw.
  batch.clear();
  std::vector<Line> moved = lines;
  for (glm::vec2& p : moved[0].points) p.y += 10;
  for (const Line& line : moved) batch.addPolyline(line.points, line.rgba, line.width);
  EXPECT_LE(largestDifference(drawn(batch, width, height, Viewport{0, 0, width, height}),
                              expectedImage(width, height, moved)),
            3);
}

// Lines that leave the framebuffer, a vertical one, one drawn right to left and one that folds back on
// itself: the picture is clipped to the framebuffer and every pixel still follows the rule.
TEST_F(PolylineBatchTest, LinesLeavingTheFramebufferOrFoldingBackFollowTheRule) {
  constexpr int width = 96, height = 72;
  const std::vector<Line> lines = {
      {{{-50.0f, 10.0f}, {150.0f, 60.0f}}, {30, 160, 40, 255}, 1.6f},
      {{{47.3f, -20.0f}, {47.3f, 90.0f}}, {40, 40, 200, 255}, 2.5f},
      {{{90.0f, 30.0f}, {60.0f, 34.0f}, {20.0f, 31.0f}, {5.0f, 50.0f}}, {220, 120, 0, 180}, 1.6f},
      {{{10.0f, 65.0f}, {70.0f, 62.0f}, {12.0f, 58.0f}}, {120, 0, 120, 255}, 3.0f}};
  PolylineBatch batch;
  for (const Line& line : lines) batch.addPolyline(line.points, line.rgba, line.width);
  const Image image = drawn(batch, width, height, Viewport{0, 0, width, height});
  savePng(image, outputPath("polyline_batch_clipped.png"));
  EXPECT_LE(largestDifference(image, expectedImage(width, height, lines)), 3);
  EXPECT_LT(image.rgb(47, 5)[0], 100);  // the vertical line, drawn where it enters
}

}  // namespace
}  // namespace gradscape::render::test
