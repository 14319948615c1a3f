// Many runs replaced at once (Renderer::replaceTrajectories: vertices on every core, kept points chosen in
// parallel before the draw), their points copied or lent, draw exactly what clearing and appending them one
// by one draws, still and moving, on a new surface too, and a second replacement draws the new paths, not
// the old ones.
#include "gl_test_support.hpp"

namespace gradscape::render::test {
namespace {

class PathReplace : public GlTest {};

constexpr int kWidth = 400, kHeight = 300;
constexpr std::size_t kRuns = 40;  // enough for several threads' worth of runs

// Run r: a spiral-ish descent on the article's surface, different for every run and every `shift`.
std::vector<core::TracePoint> pathOf(std::size_t r, double shift) {
  std::vector<core::TracePoint> points;
  const core::Surface surface = core::articleScene().surface.surface;
  const double x0 = -1.2 + 2.4 * static_cast<double>(r % 8) / 7.0, y0 = -0.6 + 1.2 * static_cast<double>(r / 8) / 4.0;
  for (int i = 0; i <= 300; ++i) {
    const double t = i / 300.0, fade = 1.0 - 0.8 * t;
    const double x = x0 * fade + shift * std::sin(6 * t), y = y0 * fade + 0.1 * std::cos(9 * t + static_cast<double>(r));
    points.push_back({i, x, y, surface.value(x, y)});
  }
  return points;
}

std::vector<RunStyle> styles() {
  std::vector<RunStyle> result;
  for (std::size_t r = 0; r < kRuns; ++r)
    result.push_back(RunStyle{core::Rgb{static_cast<std::uint8_t>(40 + 5 * r), 60, static_cast<std::uint8_t>(220 - 4 * r)},
                              core::Marker::circle, "", true});
  return result;
}

FrameOptions pathsOnly(bool moving) {
  FrameOptions options;
  options.legend = false;
  options.axes = false;
  options.antialias = false;
  options.moving = moving;
  return options;
}

TEST_F(PathReplace, ABatchDrawsWhatOneRunAtATimeDraws) {
  const core::Scene scene = core::articleScene();
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  Renderer oneByOne, batch, lent, empty;
  for (Renderer* renderer : {&oneByOne, &batch, &lent, &empty}) {
    renderer->setSurface(scene.surface, scene.render);
    renderer->setRuns(styles());
  }
  std::vector<std::vector<core::TracePoint>> first, second;
  for (std::size_t r = 0; r < kRuns; ++r) {
    first.push_back(pathOf(r, 0.0));
    second.push_back(pathOf(r, 0.15));
  }
  const auto replaceAll = [&](const std::vector<std::vector<core::TracePoint>>& paths) {
    std::vector<PathLayer::Replacement> replacements;
    for (std::size_t r = 0; r < kRuns; ++r) replacements.push_back({r, paths[r]});
    batch.replaceTrajectories(replacements);
    for (PathLayer::Replacement& replacement : replacements) replacement.lend = true;
    lent.replaceTrajectories(replacements);
  };
  const auto expectSame = [&](Renderer& renderer, bool moving, const std::string& what) {
    const Image expected = renderImage(oneByOne, camera, kWidth, kHeight, pathsOnly(moving));
    const Image actual = renderImage(renderer, camera, kWidth, kHeight, pathsOnly(moving));
    const ImageDifference difference = compareImages(expected, actual);
    if (difference.pixelsDiffering > 0) {
      savePng(actual, outputPath("path_replace_actual.png"));
      savePng(difference.diff, outputPath("path_replace_diff.png"));
    }
    EXPECT_EQ(difference.pixelsDiffering, 0u) << what << ", moving " << moving;
  };
  const auto appendAll = [&](const std::vector<std::vector<core::TracePoint>>& paths) {
    for (std::size_t r = 0; r < kRuns; ++r) {
      oneByOne.clearTrajectory(r);
      oneByOne.appendTrajectory(r, paths[r]);
    }
  };

  const Image surfaceOnly = renderImage(empty, camera, kWidth, kHeight, pathsOnly(false));
  for (const auto* paths : {&first, &second}) {
    replaceAll(*paths);
    appendAll(*paths);
    for (const bool moving : {false, true}) {
      const Image expected = renderImage(oneByOne, camera, kWidth, kHeight, pathsOnly(moving));
      savePng(expected, outputPath("path_replace_expected.png"));
      // 40 paths some 300 px long and 3 px wide over the surface.
      EXPECT_GT(compareImages(expected, surfaceOnly).pixelsDiffering, 2500u) << "the paths must show";
      expectSame(batch, moving, "copied");
      expectSame(lent, moving, "lent");
    }
    for (std::size_t r = 0; r < kRuns; ++r) EXPECT_EQ(batch.trajectorySize(r), (*paths)[r].size());
    for (std::size_t r = 0; r < kRuns; ++r) EXPECT_EQ(lent.trajectorySize(r), (*paths)[r].size());
  }
  // Lent paths are placed again on a new surface from the lent points, and an append after lending keeps
  // them first.
  core::SurfaceSpec tilted = scene.surface;
  tilted.surface = core::Surface::fromExpression("x^2 - y^2 + 0.5 * x");
  for (Renderer* renderer : {&oneByOne, &lent}) renderer->setSurface(tilted, scene.render);
  expectSame(lent, false, "lent, new surface");
  const std::vector<core::TracePoint> more(first[3].begin(), first[3].begin() + 40);
  for (Renderer* renderer : {&oneByOne, &lent}) renderer->appendTrajectory(3, more);
  EXPECT_EQ(lent.trajectorySize(3), second[3].size() + more.size());
  expectSame(lent, false, "lent, then appended");
  // The second batch replaced the first: its picture is not the first one's.
  replaceAll(first);
  const Image firstAgain = renderImage(batch, camera, kWidth, kHeight, pathsOnly(false));
  replaceAll(second);
  EXPECT_GT(compareImages(firstAgain, renderImage(batch, camera, kWidth, kHeight, pathsOnly(false))).pixelsDiffering, 1000u);
}

}  // namespace
}  // namespace gradscape::render::test
