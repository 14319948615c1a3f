// Picking in the 2-D view (the viewer's ctrl+click): the data point under a pixel is the exact inverse of
// where the 2-D view draws that point, in "2d" and in split's right pane; outside the plot area, nothing.
#include "gl_test_support.hpp"

#include <cmath>

namespace gradscape::render::test {
namespace {

class PlanPickTest : public GlTest {};

constexpr int kWidth = 1200, kHeight = 900;

void draw(Renderer& renderer, core::ViewMode mode) {
  OffscreenTarget target(kWidth, kHeight, 1);
  target.bind();
  FrameOptions options;
  options.view = mode;
  renderer.render(Camera{}, Viewport{0, 0, kWidth, kHeight}, options);
}

TEST_F(PlanPickTest, ThePickedDataPointIsTheOneDrawnAtThatPixel) {
  Renderer renderer;
  const core::Scene scene = core::parseScene(R"({"surface": "rosenbrock", "runs": [{"start": [0, 1]}]})", "test");
  showScene(renderer, scene);
  const Viewport whole{0, 0, kWidth, kHeight};
  const Viewport rightHalf{kWidth / 2, 0, kWidth - kWidth / 2, kHeight};
  for (const core::ViewMode mode : {core::ViewMode::twoD, core::ViewMode::split}) {
    draw(renderer, mode);
    const Viewport pane = mode == core::ViewMode::twoD ? whole : rightHalf;
    const ViewProjection view = renderer.planViewProjection(pane);
    for (const std::array<double, 2> point : {std::array<double, 2>{-1.5, 2.25}, {0.3, -0.7}, {1.9, 2.9}, {-1.999, -0.999}}) {
      // dataToPixel gives the pane's pixels; pick takes the whole viewport's.
      const glm::dvec3 pixel = *view.dataToPixel({point[0], point[1], 0}) + glm::dvec3(pane.x, 0, 0);
      const auto picked = renderer.pick(Camera{}, whole, mode, pixel.x, pixel.y);
      ASSERT_TRUE(picked) << "pixel " << pixel.x << ", " << pixel.y;
      EXPECT_NEAR((*picked)[0], point[0], 1e-12) << core::viewModeName(mode);
      EXPECT_NEAR((*picked)[1], point[1], 1e-12) << core::viewModeName(mode);
    }
    // The pane's top-left corner lies outside the plot area (the margin for the tick labels).
    EXPECT_FALSE(renderer.pick(Camera{}, whole, mode, pane.x + 3.0, 3.0));
  }
  // In split the left half is the 3-D pane: a pick there is the surface's, not the plan's.
  draw(renderer, core::ViewMode::split);
  const Viewport leftHalf{0, 0, kWidth / 2, kHeight};
  const auto onSurface = renderer.pick(Camera{}, whole, core::ViewMode::split, kWidth / 4.0, kHeight / 2.0);
  EXPECT_EQ(onSurface, renderer.pickSurface(Camera{}, leftHalf, kWidth / 4.0, kHeight / 2.0));
}

// A zoomed and panned 2-D view (the viewer's data window): the pick is still the exact inverse of where
// points are drawn, a start marker is drawn at its computed pixel under the window, and a window reaching
// past the domain is held inside it.
TEST_F(PlanPickTest, AZoomedWindowKeepsPickAndDrawingExactInverses) {
  const core::Scene scene = core::parseScene(
      R"({"surface": "rosenbrock", "runs": [{"start": [0.9, 0.6], "iterations": 0, "color": "#ff00ff"}]})", "test");
  const core::Domain window{0.5, 1.5, 0.25, 1.0};
  const Viewport whole{0, 0, kWidth, kHeight};
  const auto picture = [&](bool withRun, std::optional<core::Domain> shown) {
    Renderer renderer;
    core::Scene drawn = scene;
    if (!withRun) drawn.runs.clear();
    showScene(renderer, drawn);
    OffscreenTarget target(kWidth, kHeight, 1);
    target.bind();
    FrameOptions options;
    options.view = core::ViewMode::twoD;
    options.legend = false;
    options.planWindow = shown;
    renderer.render(Camera{}, whole, options);
    return readTarget(target);
  };
  Renderer renderer;
  showScene(renderer, scene);
  const ViewProjection zoomed = renderer.planViewProjection(whole, window);
  const ViewProjection full = renderer.planViewProjection(whole);
  for (const std::array<double, 2> point : {std::array<double, 2>{0.9, 0.6}, {0.501, 0.251}, {1.4999, 0.99}, {1.123456789, 0.3}}) {
    const glm::dvec3 pixel = *zoomed.dataToPixel({point[0], point[1], 0});
    const auto picked = renderer.pick(Camera{}, whole, core::ViewMode::twoD, pixel.x, pixel.y, window);
    ASSERT_TRUE(picked);
    EXPECT_NEAR((*picked)[0], point[0], 1e-12);
    EXPECT_NEAR((*picked)[1], point[1], 1e-12);
    // The unzoomed pick of that pixel is another point (or none): the window really flows through the pick.
    const auto unzoomed = renderer.pick(Camera{}, whole, core::ViewMode::twoD, pixel.x, pixel.y);
    if (unzoomed) {
      EXPECT_GT(std::abs((*unzoomed)[0] - point[0]) + std::abs((*unzoomed)[1] - point[1]), 0.05);
    }
  }
  // Outside the window's plot area, nothing (a point of the domain left of the window).
  const glm::dvec3 left = *zoomed.dataToPixel({0.2, 0.6, 0});
  EXPECT_FALSE(renderer.pick(Camera{}, whole, core::ViewMode::twoD, left.x, left.y, window));

  // The magenta start marker sits at its zoomed pixel, not at its whole-domain pixel.
  const Image with = picture(true, window), without = picture(false, window);
  savePng(with, outputPath("plan_zoomed_window.png"));
  const glm::dvec3 marker = *zoomed.dataToPixel({0.9, 0.6, 0}), unzoomedMarker = *full.dataToPixel({0.9, 0.6, 0});
  const auto differs = [&](const glm::dvec3& at) {
    return with.rgb(static_cast<int>(at.x), static_cast<int>(at.y)) != without.rgb(static_cast<int>(at.x), static_cast<int>(at.y));
  };
  EXPECT_TRUE(differs(marker));
  EXPECT_FALSE(differs(unzoomedMarker));
  // The zoomed picture is not the whole domain's.
  const Image whole2d = picture(false, std::nullopt);
  EXPECT_GT(compareImages(whole2d, without).pixelsDiffering, static_cast<std::size_t>(kWidth * kHeight / 10));

  // A window past the domain's edge is held inside it: its pick never leaves the domain.
  const core::Domain past{1.5, 2.5, 2.5, 3.5};
  const ViewProjection held = renderer.planViewProjection(whole, past);
  const auto corner = renderer.pick(Camera{}, whole, core::ViewMode::twoD, held.axesRect()[0] + held.axesRect()[2],
                                    held.axesRect()[1], past);
  ASSERT_TRUE(corner);
  EXPECT_NEAR((*corner)[0], 2.0, 1e-12);
  EXPECT_NEAR((*corner)[1], 3.0, 1e-12);
}

// The 2-D legend goes to the corner over the fewest starts and path points: on the long valley, where
// every run starts at (-9, 1.5) in the upper left, the legend no longer covers the start marker.
TEST_F(PlanPickTest, TheLegendLeavesTheStartsUncovered) {
  const core::Scene scene = core::loadScene(std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/radford-long-valley.json");
  Renderer renderer;
  showScene(renderer, scene);
  const Viewport whole{0, 0, kWidth, kHeight};
  const auto picture = [&](bool legend) {
    OffscreenTarget target(kWidth, kHeight, 1);
    target.bind();
    FrameOptions options;
    options.view = core::ViewMode::twoD;
    options.legend = legend;
    renderer.render(Camera{}, whole, options);
    return readTarget(target);
  };
  const Image with = picture(true), without = picture(false);
  savePng(with, outputPath("plan_legend_long_valley.png"));
  const ImageDifference difference = compareImages(with, without);
  EXPECT_GT(difference.pixelsDiffering, 2000u) << "no legend drawn";
  const glm::dvec3 start = *renderer.planViewProjection(whole).dataToPixel({-9, 1.5, 0});
  for (int dy = -4; dy <= 4; ++dy)
    for (int dx = -4; dx <= 4; ++dx) {
      const int x = static_cast<int>(start.x) + dx, y = static_cast<int>(start.y) + dy;
      ASSERT_EQ(with.rgb(x, y), without.rgb(x, y)) << "the legend covers the start at " << x << ", " << y;
    }
}

}  // namespace
}  // namespace gradscape::render::test
