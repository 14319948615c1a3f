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

}  // namespace
}  // namespace gradscape::render::test
