// The exporter's incremental path: every frame drawn by beginAnimation/advanceTo equals a full render of
// the same iteration, nothing outside the returned rectangle changes, and the rectangle stays small.
#include "gl_test_support.hpp"

#include <algorithm>
#include <cstring>

namespace gradscape::render::test {
namespace {

class Animation : public GlTest {};

bool sameOutside(const Image& a, const Image& b, const PixelRect& rect) {
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x) {
      const bool inside = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
      if (!inside && std::memcmp(a.at(x, y), b.at(x, y), 4) != 0) return false;
    }
  return true;
}

Image fullRender(Renderer& renderer, const Camera& camera, int width, int height, int samples, FrameOptions options,
                 std::int64_t iteration) {
  OffscreenTarget target(width, height, samples);
  target.bind();
  options.iteration = iteration;
  renderer.render(camera, Viewport{0, 0, width, height}, options);
  return readTarget(target);
}

// Steps through frames 0..lastFrame one by one; compares with full renders at `checked` iterations. The
// changed rectangles must average at most `maxMeanChangedFraction` of the image (what the encoder reads;
// with two heads moving, the one rectangle spans both).
void checkAnimation(Renderer& renderer, const Camera& camera, int width, int height, int samples,
                    std::int64_t lastFrame, const std::vector<std::int64_t>& checked, double maxMeanChangedFraction,
                    core::ViewMode view = core::ViewMode::threeD) {
  OffscreenTarget target(width, height, samples);
  FrameOptions options;
  options.iteration = 0;
  options.view = view;
  EXPECT_EQ(renderer.beginAnimation(target, camera, options), target.bounds());
  Image previous = readTarget(target);
  EXPECT_EQ(compareImages(previous, fullRender(renderer, camera, width, height, samples, options, 0)).maxChannel, 0);

  double changedPixels = 0;
  for (std::int64_t k = 1; k <= lastFrame; ++k) {
    const PixelRect changed = renderer.advanceTo(k);
    ASSERT_EQ(changed.intersected(target.bounds()), changed) << "frame " << k << ": the rectangle leaves the target";
    const Image now = readTarget(target);
    ASSERT_TRUE(sameOutside(previous, now, changed)) << "frame " << k << " changed pixels outside its rectangle";
    changedPixels += static_cast<double>(changed.width) * changed.height;
    if (std::find(checked.begin(), checked.end(), k) != checked.end()) {
      const ImageDifference difference = compareImages(now, fullRender(renderer, camera, width, height, samples, options, k));
      if (difference.maxChannel > 0) {
        savePng(now, outputPath("animation_incremental.png"));
        savePng(difference.diff, outputPath("animation_diff.png"));
      }
      EXPECT_EQ(difference.maxChannel, 0) << "frame " << k << " samples " << samples << ": "
                                          << difference.pixelsDiffering << " pixels differ";
    }
    previous = now;
  }

  const double meanFraction = changedPixels / static_cast<double>(lastFrame) / (static_cast<double>(width) * height);
  std::printf("mean changed rectangle: %.2f %% of the image\n", 100 * meanFraction);
  EXPECT_LE(meanFraction, maxMeanChangedFraction);

  // Going back redraws everything.
  EXPECT_EQ(renderer.advanceTo(5), target.bounds());
  EXPECT_EQ(compareImages(readTarget(target), fullRender(renderer, camera, width, height, samples, options, 5)).maxChannel, 0);
  renderer.endAnimation();
}

// The viewer's live edits: renderReusingStaticLayer copies a kept static layer back while camera and
// content stay, and must show exactly what render() shows through camera moves, iteration changes, new
// trajectories and legend changes (which invalidate the kept layer).
TEST_F(Animation, ReusingTheStaticLayerEqualsFullRenders) {
  for (const core::ViewMode mode : {core::ViewMode::threeD, core::ViewMode::twoD, core::ViewMode::split})
  for (const int samples : {1, 4}) {
    SCOPED_TRACE("view " + std::string(core::viewModeName(mode)));
    Renderer renderer;
    core::Scene scene = core::articleScene();
    showScene(renderer, scene);
    constexpr int kWidth = 480, kHeight = 360;
    OffscreenTarget target(kWidth, kHeight, samples);
    Camera camera = Camera::fromSpec(scene.cameraOrDefault());
    FrameOptions options;
    options.antialias = samples > 1;
    options.view = mode;
    int step = 0;
    auto check = [&](const char* what) {
      renderer.renderReusingStaticLayer(target, camera, options);
      const ImageDifference difference =
          compareImages(readTarget(target), fullRender(renderer, camera, kWidth, kHeight, samples, options, options.iteration));
      EXPECT_EQ(difference.maxChannel, 0) << "samples " << samples << ", step " << step << " (" << what << "): "
                                          << difference.pixelsDiffering << " pixels differ";
      ++step;
    };
    check("first frame");
    check("the same frame again: the layer is kept");
    options.iteration = 40;
    check("an earlier iteration over the kept layer");
    scene.runs[0].optimizer.lr = 0.02;
    std::vector<core::TracePoint> points;
    core::traceRun(scene.surface.surface, scene.runs[0], [&](const core::TracePoint& p) { points.push_back(p); });
    renderer.clearTrajectory(0);
    renderer.appendTrajectory(0, points);
    check("an edited run");
    std::vector<RunStyle> styles{{core::Rgb{0, 128, 0}, core::Marker::triangle, "renamed", true},
                                 {core::Rgb{255, 0, 0}, core::Marker::square, "Offset", true}};
    renderer.setRuns(styles);
    check("a new legend");
    check("the new legend kept");
    camera.azimuth += 10;
    check("a moved camera");
    options.iteration = -1;
    check("the moved camera again, every iteration");
    camera.azimuth += 10;  // split: the 2-D half's layer is kept while the 3-D half's camera moves
    check("moved again");
    check("kept again");
    renderer.setLegendTitle("Optimizer");
    check("a new legend title");
    options.planWindow = core::Domain{-0.5, 0.8, -0.6, 0.4};  // the viewer's 2-D zoom
    check("a zoomed 2-D window");
    check("the zoomed window kept");
    options.planWindow.reset();
    check("the whole domain again");
  }
}

TEST_F(Animation, ArticleFramesEqualFullRendersAt1200x900WithMsaa) {
  Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  checkAnimation(renderer, Camera::fromSpec(scene.cameraOrDefault()), 1200, 900, 4, 200, {1, 2, 43, 120, 200}, 0.15);
}

TEST_F(Animation, ArticleFramesEqualFullRendersWithoutMsaa) {
  Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  camera.azimuth = -40;  // another view: paths partly behind the saddle
  camera.elevation = 20;
  checkAnimation(renderer, camera, 600, 450, 1, 200, {1, 3, 60, 200}, 0.15);
}

// The 2-D view and split animate pane by pane (one animator each, split's 2-D pane offset in the target).
TEST_F(Animation, TwoDAndSplitViewFramesEqualFullRenders) {
  const core::Scene scene = core::articleScene();
  for (const core::ViewMode view : {core::ViewMode::twoD, core::ViewMode::split}) {
    SCOPED_TRACE(std::string(core::viewModeName(view)));
    Renderer renderer;
    showScene(renderer, scene);
    checkAnimation(renderer, Camera::fromSpec(scene.cameraOrDefault()), 800, 450, 4, 200, {1, 3, 77, 200}, 0.2, view);
  }
}

TEST_F(Animation, ADivergingRunStaysInsideTheTargetAndEndsWithItsMarker) {
  Renderer renderer;
  core::Scene scene = core::articleScene();
  scene.runs.resize(1);
  scene.runs[0].start = {0.5, 0.05};
  scene.runs[0].optimizer.lr = 0.6;  // y grows by 2.2x per step until it overflows
  scene.runs[0].iterations = 2000;
  showScene(renderer, scene);
  const std::size_t points = renderer.trajectorySize(0);
  ASSERT_LT(points, 2001u) << "the run must diverge";
  checkAnimation(renderer, Camera::fromSpec(scene.cameraOrDefault()), 600, 450, 4, 40, {2, 10, 40}, 1.0);

  // Past the last finite point the diverged marker shows where the run left the box; it differs from the
  // plain head marker (which sits at the last finite point, far outside the picture).
  FrameOptions options;
  const Image diverged = fullRender(renderer, Camera::fromSpec(scene.cameraOrDefault()), 600, 450, 4, options, -1);
  renderer.setDiverged(0, false);
  const Image plain = fullRender(renderer, Camera::fromSpec(scene.cameraOrDefault()), 600, 450, 4, options, -1);
  EXPECT_GT(compareImages(diverged, plain).pixelsDiffering, 0u);
}

}  // namespace
}  // namespace gradscape::render::test
