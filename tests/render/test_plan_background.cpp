// The viewer's 2-D view builds a new surface's contours off the frame (PlanView::setBuildInBackground):
// meanwhile it shows the previous surface's contours whole, and once the build is adopted the picture is
// the one a renderer building on the call draws.
#include "gl_test_support.hpp"

#include <chrono>
#include <thread>

namespace gradscape::render::test {
namespace {

class PlanBackgroundTest : public GlTest {};

constexpr int kWidth = 800, kHeight = 600;

Image renderPlan(Renderer& renderer) {
  OffscreenTarget target(kWidth, kHeight, 1);
  target.bind();
  FrameOptions options;
  options.view = core::ViewMode::twoD;
  renderer.render(Camera{}, Viewport{0, 0, kWidth, kHeight}, options);
  return readTarget(target);
}

// As the viewer draws: through the kept static layer, which must notice adopted contours. Twice, so the
// second frame comes from the kept layer (it is kept when the same key comes twice in a row).
Image renderKept(Renderer& renderer, const OffscreenTarget& target) {
  FrameOptions options;
  options.view = core::ViewMode::twoD;
  renderer.renderReusingStaticLayer(target, Camera{}, options);
  renderer.renderReusingStaticLayer(target, Camera{}, options);
  return readTarget(target);
}

core::Scene sceneOf(const std::string& surface) {
  // A 512^2 grid of an expression: ms to sample, so the build is still running when checked.
  return core::parseScene(R"({"surface": {"expression": ")" + surface +
                              R"(", "x": [-2, 2], "y": [-2, 2]}, "render": {"grid": 512}, "runs": [{"points": [[0, 0.5]]}]})",
                          "test");
}

bool waitForContours(Renderer& renderer) {
  for (int i = 0; i < 1000; ++i) {
    if (!renderer.contoursPending()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST_F(PlanBackgroundTest, AnEditShowsTheOldContoursUntilTheNewOnesAreAdopted) {
  const core::Scene before = sceneOf("x^2 - y^2"), after = sceneOf("sin(3*x) * cos(2*y) + 0.3*x^2");
  Renderer onTheCall;
  showScene(onTheCall, before);
  const Image beforeImage = renderPlan(onTheCall);
  showScene(onTheCall, after);
  const Image afterImage = renderPlan(onTheCall);
  savePng(afterImage, outputPath("plan_background_after.png"));
  ASSERT_GT(compareImages(beforeImage, afterImage).pixelsDiffering, 50'000u);  // two different pictures

  Renderer background;
  background.setContoursInBackground(true);
  const OffscreenTarget kept(kWidth, kHeight, 1);
  showScene(background, before);
  EXPECT_FALSE(background.contoursPending());  // the first contours are built on the call: nothing to show else
  EXPECT_EQ(compareImages(renderKept(background, kept), beforeImage).pixelsDiffering, 0u);
  showScene(background, after);
  if (background.contoursPending()) {
    // Still building: the frame is the old surface's contours (the run's marker moved with its new z only).
    const Image meanwhile = renderKept(background, kept);
    EXPECT_LT(compareImages(meanwhile, beforeImage).pixelsDiffering, 200u);
  }
  ASSERT_TRUE(waitForContours(background)) << "the background build never finished";
  const Image adopted = renderKept(background, kept);
  EXPECT_EQ(compareImages(adopted, afterImage).pixelsDiffering, 0u);
}

TEST_F(PlanBackgroundTest, EditsThatOvertakeABuildEndWithTheLastSurface) {
  const core::Scene last = sceneOf("x*y + 0.1*y^2");
  Renderer onTheCall;
  showScene(onTheCall, last);
  const Image expected = renderPlan(onTheCall);

  Renderer background;
  background.setContoursInBackground(true);
  const OffscreenTarget kept(kWidth, kHeight, 1);
  showScene(background, sceneOf("x^2 + y^2"));
  renderKept(background, kept);
  for (const char* typing : {"x", "x*", "x*y", "x*y + 0.1*y", "x*y + 0.1*y^"})
    if (std::string(typing).back() != '*' && std::string(typing).back() != '^') showScene(background, sceneOf(typing));
  showScene(background, last);
  ASSERT_TRUE(waitForContours(background));
  EXPECT_EQ(compareImages(renderKept(background, kept), expected).pixelsDiffering, 0u);
}

}  // namespace
}  // namespace gradscape::render::test
