// Paths of runs 255 apart: each run blends once per sample through a stencil id, and a scene may hold
// 1,000 runs while the stencil has 8 bits. Run k and run k + 255 must both show where they cross, in a
// full render and in the export's animation.
#include "gl_test_support.hpp"

namespace gradscape::render::test {
namespace {

class ManyRunsStencil : public GlTest {};

constexpr int kWidth = 400, kHeight = 300;
constexpr std::size_t kRuns = 300, kRed = 10, kBlue = kRed + 255;

// A straight path on the saddle z = x^2 - y^2 from (x0, y0) to (x1, y1).
std::vector<core::TracePoint> straightPath(double x0, double y0, double x1, double y1) {
  std::vector<core::TracePoint> points;
  constexpr int kSteps = 40;
  for (int i = 0; i <= kSteps; ++i) {
    const double t = static_cast<double>(i) / kSteps, x = x0 + t * (x1 - x0), y = y0 + t * (y1 - y0);
    points.push_back({static_cast<std::int64_t>(i), x, y, x * x - y * y});
  }
  return points;
}

// `runs` runs, all empty but `red` (along x) and `blue` (along y), which cross at (0.1, 0.1).
void showCrossing(Renderer& renderer, std::size_t runs, std::size_t red, std::size_t blue) {
  const core::Scene scene = core::articleScene();
  renderer.setSurface(scene.surface, scene.render);
  std::vector<RunStyle> styles(runs, RunStyle{core::Rgb{0, 0, 0}, core::Marker::circle, "", true});
  styles[red].color = {220, 20, 20};
  styles[blue].color = {20, 20, 220};
  renderer.setRuns(styles);
  renderer.appendTrajectory(red, straightPath(-0.8, 0.1, 0.8, 0.1));
  renderer.appendTrajectory(blue, straightPath(0.1, -0.8, 0.1, 0.8));
}

FrameOptions pathsOnly() {
  FrameOptions options;
  options.legend = false;  // a legend of 300 rows would differ from one of 2
  options.axes = false;
  return options;
}

Image renderFull(Renderer& renderer, const Camera& camera) {
  OffscreenTarget target(kWidth, kHeight, 1);
  target.bind();
  renderer.render(camera, {0, 0, kWidth, kHeight}, pathsOnly());
  return readTarget(target);
}

Image renderAnimated(Renderer& renderer, const Camera& camera) {
  OffscreenTarget target(kWidth, kHeight, 1);
  FrameOptions options = pathsOnly();
  options.iteration = 0;
  renderer.beginAnimation(target, camera, options);
  for (std::int64_t k = 1; k <= 40; ++k) renderer.advanceTo(k);
  Image image = readTarget(target);
  renderer.endAnimation();
  return image;
}

TEST_F(ManyRunsStencil, RunsTwoHundredFiftyFiveApartBothShowWhereTheyCross) {
  const Camera camera = Camera::fromSpec(core::articleScene().cameraOrDefault());
  Renderer many, two, redOnly;
  showCrossing(many, kRuns, kRed, kBlue);
  showCrossing(two, 2, 0, 1);  // the same two paths with ids that cannot collide
  showCrossing(redOnly, 2, 0, 1);
  redOnly.clearTrajectory(1);

  const ViewProjection view = two.viewProjection(camera, {0, 0, kWidth, kHeight});
  const auto crossing = view.dataToPixel({0.1, 0.1, 0.0});
  ASSERT_TRUE(crossing);
  const int cx = static_cast<int>(crossing->x), cy = static_cast<int>(crossing->y);

  const Image expected = renderFull(two, camera);
  const Image redAlone = renderFull(redOnly, camera);
  savePng(expected, outputPath("many_runs_stencil_expected.png"));
  // The test can fail: blue over red at the crossing is not red alone.
  const auto blueOverRed = expected.rgb(cx, cy), red = redAlone.rgb(cx, cy);
  EXPECT_GT(blueOverRed[2], red[2] + 40) << "the blue path must show at the crossing";

  const Image full = renderFull(many, camera);
  savePng(full, outputPath("many_runs_stencil_full.png"));
  const ImageDifference fullDifference = compareImages(full, expected);
  if (fullDifference.maxChannel > 0) savePng(fullDifference.diff, outputPath("many_runs_stencil_full_diff.png"));
  EXPECT_EQ(fullDifference.maxChannel, 0) << fullDifference.pixelsDiffering << " pixels differ";

  // With more runs than stencil ids the animation draws every frame whole, so its last frame is the full
  // render. (Two runs animate incrementally: each frame's new segments go over the older ones, a blend
  // order that differs from the full render by a few pixels where paths cross, so that is no reference.)
  const Image animated = renderAnimated(many, camera);
  savePng(animated, outputPath("many_runs_stencil_animated.png"));
  const ImageDifference animatedDifference = compareImages(animated, expected);
  if (animatedDifference.maxChannel > 0)
    savePng(animatedDifference.diff, outputPath("many_runs_stencil_animated_diff.png"));
  EXPECT_EQ(animatedDifference.maxChannel, 0) << animatedDifference.pixelsDiffering << " pixels differ";
}

}  // namespace
}  // namespace gradscape::render::test
