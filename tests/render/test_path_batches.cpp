// Paths drawn as one batch (one draw call for many runs, each fragment carrying its run's stencil id)
// against one call per run with the id as the stencil reference: the same pixels, with runs that overlap
// (each must blend once per sample), more runs than stencil ids, hidden parts drawn faintly and moving
// frames' chords.
#include "gl_test_support.hpp"

#include <cmath>
#include <numbers>

namespace gradscape::render::test {
namespace {

class PathBatches : public GlTest {};

// `count` runs from a ring of starts into the bowl's centre: every path crosses the others there.
core::Scene ringOfRuns(std::size_t count) {
  core::Scene scene = core::articleScene();
  scene.surface.surface = core::Surface::fromCatalog("quadratic");
  const core::RunSpec model = scene.runs[0];
  scene.runs.clear();
  for (std::size_t i = 0; i < count; ++i) {
    core::RunSpec run = model;
    const double angle = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(count);
    run.start = {0.9 * std::cos(angle), 0.9 * std::sin(angle)};
    run.optimizer.lr = 0.02 + 0.01 * static_cast<double>(i % 5);
    run.iterations = 80;
    run.color = core::Rgb{static_cast<std::uint8_t>(37 * i % 256), static_cast<std::uint8_t>(91 * i % 256),
                          static_cast<std::uint8_t>(173 * i % 256)};
    scene.runs.push_back(run);
  }
  return scene;
}

Image frameOf(Renderer& renderer, bool alone, bool moving, core::HiddenPaths hidden, std::int64_t iteration) {
  renderer.drawEachRunAlone(alone);
  Camera camera = Camera::fromSpec(core::articleScene().cameraOrDefault());
  camera.elevation = 60;
  FrameOptions options;
  options.antialias = false;
  options.legend = false;
  options.moving = moving;
  options.hiddenPaths = hidden;
  options.iteration = iteration;
  return renderImage(renderer, camera, 640, 480, options);
}

TEST_F(PathBatches, OneDrawForManyRunsDrawsWhatOneDrawPerRunDraws) {
  if (!stencilExportSupported()) GTEST_SKIP() << "this GL has no ARB_shader_stencil_export: every run is drawn alone";
  for (const std::size_t count : {std::size_t{12}, std::size_t{300}}) {  // 300: two batches of stencil ids
    const core::Scene scene = ringOfRuns(count);
    Renderer renderer, bare;
    showScene(renderer, scene);
    bare.setSurface(scene.surface, scene.render);
    const Image surfaceOnly = frameOf(bare, false, false, core::HiddenPaths::hide, -1);
    for (const bool moving : {false, true})
      for (const core::HiddenPaths hidden : {core::HiddenPaths::hide, core::HiddenPaths::faint})
        for (const std::int64_t iteration : {std::int64_t{-1}, std::int64_t{7}}) {
          const Image batched = frameOf(renderer, false, moving, hidden, iteration);
          const Image alone = frameOf(renderer, true, moving, hidden, iteration);
          const std::string what = std::to_string(count) + " runs, moving " + std::to_string(moving) + ", faint " +
                                   std::to_string(hidden == core::HiddenPaths::faint) + ", iteration " +
                                   std::to_string(iteration);
          if (count == 300 && !moving && hidden == core::HiddenPaths::hide && iteration == -1)
            savePng(batched, outputPath("path_batches_300_runs.png"));
          EXPECT_GT(compareImages(batched, surfaceOnly).pixelsDiffering, 2000u) << what << ": the paths are drawn";
          const ImageDifference difference = compareImages(batched, alone);
          if (difference.maxChannel > 0) savePng(difference.diff, outputPath("path_batches_diff.png"));
          EXPECT_EQ(difference.maxChannel, 0) << what << ": " << difference.pixelsDiffering << " pixels differ";
        }
  }
}

// Two runs with the same path: each blends its alpha once on every pixel of it, so the pair is darker than
// one run alone along the path (not under the markers, drawn over both alike). A batch whose fragments all carried one stencil id would let
// only the first run draw there.
TEST_F(PathBatches, EachRunBlendsWhereAnotherRunAlreadyDrew) {
  core::Scene pair = ringOfRuns(2);
  pair.runs[1] = pair.runs[0];
  pair.runs[0].color = pair.runs[1].color = core::Rgb{0, 0, 0};
  core::Scene single = pair;
  single.runs.resize(1);
  Renderer both, one, bare;
  showScene(both, pair);
  showScene(one, single);
  bare.setSurface(pair.surface, pair.render);
  const Image twoRuns = frameOf(both, false, false, core::HiddenPaths::hide, -1);
  const Image oneRun = frameOf(one, false, false, core::HiddenPaths::hide, -1);
  const Image surfaceOnly = frameOf(bare, false, false, core::HiddenPaths::hide, -1);
  const auto sum = [](const std::array<int, 3>& rgb) { return rgb[0] + rgb[1] + rgb[2]; };
  std::size_t path = 0, darker = 0;  // path: the pixels one run changes (its markers' too)
  for (int y = 0; y < twoRuns.height; ++y)
    for (int x = 0; x < twoRuns.width; ++x) {
      if (oneRun.rgb(x, y) == surfaceOnly.rgb(x, y)) continue;
      ++path;
      darker += sum(twoRuns.rgb(x, y)) < sum(oneRun.rgb(x, y));
    }
  EXPECT_GT(path, 150u) << "the path is drawn";
  EXPECT_GT(darker, path / 2) << "the second run blends over the first along the path";
}

}  // namespace
}  // namespace gradscape::render::test
