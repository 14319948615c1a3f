// The 2-D view: contour lines where f equals their level, bands in their colours, a marker on the pixel
// its data point projects to, paths clipped to the plot area, and split's panes.
#include "gl_test_support.hpp"

#include <algorithm>
#include <cmath>

#include "core/color_scale.hpp"
#include "render/color_bar.hpp"
#include "render/colormap.hpp"

namespace gradscape::render::test {
namespace {

class PlanViewTest : public GlTest {};

constexpr int kWidth = 1200, kHeight = 900;

Image renderTwoD(Renderer& renderer, core::ViewMode mode = core::ViewMode::twoD, const Camera& camera = {}) {
  OffscreenTarget target(kWidth, kHeight, 4);
  target.bind();
  FrameOptions options;
  options.view = mode;
  renderer.render(camera, Viewport{0, 0, kWidth, kHeight}, options);
  return readTarget(target);
}

int brightness(const std::array<int, 3>& rgb) { return rgb[0] + rgb[1] + rgb[2]; }

TEST_F(PlanViewTest, ContourLinesLieWhereFEqualsTheirLevelAndBandsBetweenThemHaveTheirColour) {
  Renderer renderer;
  const core::Scene scene = core::parseScene(R"({"surface": "saddle", "runs": [{"points": [[0, 0.9]]}]})", "test");
  showScene(renderer, scene);
  const Image image = renderTwoD(renderer);
  savePng(image, outputPath("plan_saddle.png"));
  const ViewProjection view = renderer.planViewProjection(Viewport{0, 0, kWidth, kHeight});
  // The saddle's range on its grid is [-1, 1]: MaxNLocator's levels -1, -0.75, ..., 1. Along y = 0,
  // f = x^2: level L is crossed at x = sqrt(L).
  const core::ColorScale scale(core::ColorScaleKind::linear, -1, 1);
  const std::vector<double> levels = scale.contourLevels();
  ASSERT_EQ(levels.size(), 9u);
  const auto pixelAt = [&](double x, double y) {
    const glm::dvec3 p = *view.dataToPixel({x, y, x * x - y * y});
    return std::array<int, 2>{static_cast<int>(std::floor(p.x)), static_cast<int>(std::floor(p.y))};
  };
  for (std::size_t k = 4; k + 1 < levels.size(); ++k) {  // the bands between 0 and 1 along y = 0
    const double low = levels[k], high = levels[k + 1];
    const auto middle = pixelAt(std::sqrt(0.5 * (low + high)), 0.0);
    const std::array<std::uint8_t, 4> band = bandColor(scale, low, high);
    EXPECT_EQ(image.rgb(middle[0], middle[1]), (std::array<int, 3>{band[0], band[1], band[2]}))
        << "band " << low << ".." << high << " at pixel " << middle[0] << ", " << middle[1];
    if (k == 4) continue;  // level 0 at the saddle point, where four bands meet
    const auto line = pixelAt(std::sqrt(low), 0.0);
    const std::array<std::uint8_t, 4> below = bandColor(scale, levels[k - 1], low);
    const int darkest = brightness(image.rgb(line[0], line[1]));
    EXPECT_LT(darkest, std::min(brightness({band[0], band[1], band[2]}), brightness({below[0], below[1], below[2]})) - 60)
        << "no contour line at level " << low << " (pixel " << line[0] << ", " << line[1] << ")";
    // ... and none a few pixels away from it, inside the band.
    const auto beside = pixelAt(std::sqrt(low) + 0.02, 0.0);
    EXPECT_EQ(image.rgb(beside[0], beside[1]), (std::array<int, 3>{band[0], band[1], band[2]}));
  }
}

// The fill is the GPU's (shaders/contour_fill.frag): on Rastrigin's many bumps, zoomed into a window, every
// plot pixel whose f is clear of the levels has its band's colour, the band of f at the data point the
// pick says is under it. A flipped axis, a wrong triangle of the cell or an off-by-one band would fail
// most of them; pixels near a level (where the lines and the band edges are) are skipped.
TEST_F(PlanViewTest, EveryFillPixelClearOfTheLevelsHasTheBandOfFThere) {
  Renderer renderer;
  const core::Scene scene = core::parseScene(
      R"({"surface": "rastrigin", "runs": [{"points": [[0, 0]]}], "render": {"grid": 300}})", "test");
  showScene(renderer, scene);
  OffscreenTarget target(kWidth, kHeight, 1);
  target.bind();
  FrameOptions options;
  options.view = core::ViewMode::twoD;
  options.legend = false;
  options.planWindow = core::Domain{-1.3, 0.9, -0.7, 1.6};
  renderer.render(Camera{}, Viewport{0, 0, kWidth, kHeight}, options);
  const Image image = readTarget(target);
  savePng(image, outputPath("plan_rastrigin_window.png"));

  const core::Surface& surface = scene.surface.surface;
  const core::Domain domain = scene.surface.domain();
  double low = INFINITY, high = -INFINITY;  // the colour range: f over the 3-D grid, as the renderer takes it
  for (int j = 0; j < 300; ++j)
    for (int i = 0; i < 300; ++i) {
      const double v = surface.value(domain.xMin + (domain.xMax - domain.xMin) * i / 299, domain.yMin + (domain.yMax - domain.yMin) * j / 299);
      low = std::min(low, v), high = std::max(high, v);
    }
  const core::ColorScale scale(core::ColorScaleKind::linear, low, high);
  const std::vector<double> levels = scale.contourLevels();
  int checked = 0, wrong = 0;
  for (int py = 0; py < kHeight; py += 7)
    for (int px = 0; px < kWidth; px += 7) {
      const auto data = renderer.pick(Camera{}, Viewport{0, 0, kWidth, kHeight}, core::ViewMode::twoD, px + 0.5, py + 0.5,
                                      options.planWindow);
      if (!data) continue;
      const core::ValueAndGradient at = surface.valueAndGradient((*data)[0], (*data)[1]);
      const double f = at.value, slope = std::hypot(at.dx, at.dy);
      const double pixelData = (2.2 / 800);  // at most the data width of a few pixels of the plot
      bool nearLevel = false;
      for (double level : levels) nearLevel |= std::abs(f - level) < 4 * slope * pixelData;
      if (nearLevel) continue;
      const auto above = std::upper_bound(levels.begin(), levels.end(), f) - levels.begin();
      const std::size_t band = static_cast<std::size_t>(std::clamp<long>(above - 1, 0, static_cast<long>(levels.size()) - 2));
      const std::array<std::uint8_t, 4> color = bandColor(scale, levels[band], levels[band + 1]);
      ++checked;
      if (image.rgb(px, py) != std::array<int, 3>{color[0], color[1], color[2]}) ++wrong;
    }
  EXPECT_GT(checked, 5000);
  EXPECT_LT(wrong, checked / 200) << wrong << " of " << checked << " pixels not in their band's colour";
}

TEST_F(PlanViewTest, AMarkerLandsOnThePixelItsDataPointProjectsTo) {
  Renderer renderer;
  const core::Scene scene = core::parseScene(
      R"({"surface": "saddle", "runs": [{"points": [[-0.5, -0.5], [0.3, 0.4]], "color": "#00c800", "marker": "square"}]})",
      "test");
  showScene(renderer, scene);
  const Image image = renderTwoD(renderer);
  savePng(image, outputPath("plan_marker.png"));
  const ViewProjection view = renderer.planViewProjection(Viewport{0, 0, kWidth, kHeight});
  const glm::dvec3 expected = *view.dataToPixel({0.3, 0.4, 0.3 * 0.3 - 0.4 * 0.4});
  double sumX = 0, sumY = 0, count = 0;
  for (int y = static_cast<int>(expected.y) - 30; y < static_cast<int>(expected.y) + 30; ++y)
    for (int x = static_cast<int>(expected.x) - 30; x < static_cast<int>(expected.x) + 30; ++x)
      if (image.rgb(x, y) == std::array<int, 3>{0, 200, 0}) {
        sumX += x + 0.5;
        sumY += y + 0.5;
        ++count;
      }
  ASSERT_GT(count, 50) << "no marker fill near pixel " << expected.x << ", " << expected.y;
  EXPECT_NEAR(sumX / count, expected.x, 0.5);
  EXPECT_NEAR(sumY / count, expected.y, 0.5);
  // The plot area maps the domain's corners onto the axes rectangle.
  const auto axes = view.axesRect();
  const glm::dvec3 lowCorner = *view.dataToPixel({-1, -1, 0}), highCorner = *view.dataToPixel({1, 1, 0});
  EXPECT_NEAR(lowCorner.x, axes[0], 1e-9);
  EXPECT_NEAR(lowCorner.y, axes[1] + axes[3], 1e-9);
  EXPECT_NEAR(highCorner.x, axes[0] + axes[2], 1e-9);
  EXPECT_NEAR(highCorner.y, axes[1], 1e-9);
}

TEST_F(PlanViewTest, APathLeavingTheDomainIsCutAtTheAxes) {
  Renderer renderer;
  const core::Scene scene = core::parseScene(
      R"({"surface": "saddle", "runs": [{"points": [[0, 0], [3, 0]], "color": "#00c800"}]})", "test");
  showScene(renderer, scene);
  const Image image = renderTwoD(renderer);
  const ViewProjection view = renderer.planViewProjection(Viewport{0, 0, kWidth, kHeight});
  const auto axes = view.axesRect();
  const int row = static_cast<int>(view.dataToPixel({0, 0, 0})->y);
  const int inside = static_cast<int>(axes[0] + 0.75 * axes[2]);
  EXPECT_GT(image.rgb(inside, row)[1], 150) << "the path is drawn inside the plot";
  // Right of the plot: the colour bar's gap and beyond, where the path would continue to x = 3.
  for (int x = static_cast<int>(axes[0] + axes[2]) + 4; x < kWidth; x += 7)
    EXPECT_FALSE(image.rgb(x, row)[1] > 150 && image.rgb(x, row)[0] < 100) << "path drawn outside the plot at x " << x;
}

TEST_F(PlanViewTest, SplitShowsTheThreeDViewLeftAndTheTwoDViewRight) {
  Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  const Image split = renderTwoD(renderer, core::ViewMode::split, Camera::fromSpec(scene.cameraOrDefault()));
  savePng(split, outputPath("plan_split.png"));
  // The left half is the 3-D view of a 600x900 viewport, the right half the 2-D view of one.
  Renderer single;
  showScene(single, scene);
  OffscreenTarget half(kWidth / 2, kHeight, 4);
  for (const core::ViewMode mode : {core::ViewMode::threeD, core::ViewMode::twoD}) {
    half.bind();
    FrameOptions options;
    options.view = mode;
    single.render(Camera::fromSpec(scene.cameraOrDefault()), Viewport{0, 0, kWidth / 2, kHeight}, options);
    const Image alone = readTarget(half);
    const int offset = mode == core::ViewMode::threeD ? 0 : kWidth / 2;
    // The same picture; a few antialiased edge pixels of a path differ where the rasteriser's window
    // transform rounds differently 600 pixels to the right (13 of 540,000 with llvmpipe).
    int worst = 0;
    std::size_t differing = 0;
    for (int y = 0; y < kHeight; ++y)
      for (int x = 0; x < kWidth / 2; ++x)
        for (int c = 0; c < 3; ++c) {
          const int d = std::abs(alone.rgb(x, y)[c] - split.rgb(x + offset, y)[c]);
          worst = std::max(worst, d);
          differing += d > 0;
        }
    EXPECT_LT(differing, 100u) << (offset == 0 ? "3-D" : "2-D") << " pane; worst channel difference " << worst;
  }
}

TEST_F(PlanViewTest, TheThreeDViewShowsAColourBarOnlyWhenAsked) {
  for (const bool asked : {false, true}) {
    core::Scene scene = core::articleScene();
    if (asked) scene.render.display.colorbar = true;
    Renderer renderer;
    showScene(renderer, scene);
    const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
    const Image image = renderTwoD(renderer, core::ViewMode::threeD, camera);
    if (asked) savePng(image, outputPath("colorbar_3d.png"));
    const auto bar = colorBarBesideCube(renderer.viewProjection(camera, Viewport{0, 0, kWidth, kHeight}));
    // A quarter of the way up the smooth ramp: the colour map at 0.25 (one 256th of the ramp a step).
    const int x = static_cast<int>(bar[0] + bar[2] / 2), y = static_cast<int>(bar[1] + 0.75 * bar[3]);
    const core::Rgb expected = coolwarmRgb8((std::floor(0.25 * 256) + 0.5) / 256);
    const std::array<int, 3> seen = image.rgb(x, y);
    if (asked)
      EXPECT_EQ(seen, (std::array<int, 3>{expected.r, expected.g, expected.b}));
    else
      EXPECT_EQ(seen, (std::array<int, 3>{255, 255, 255})) << "no bar unless render.colorbar is true";
  }
}

}  // namespace
}  // namespace gradscape::render::test
