// The exporter reads back only Renderer::changedRegions(): every pixel an animation frame changes must lie
// in one of them, they must be disjoint and inside the target, and for the article (two path heads far
// apart) they must cover much less than their bounding rectangle.
#include "gl_test_support.hpp"

#include <cstring>

namespace gradscape::render::test {
namespace {

class ExportRegions : public GlTest {};

bool inside(const std::span<const PixelRect> regions, int x, int y) {
  for (const PixelRect& r : regions)
    if (x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height) return true;
  return false;
}

// Steps through every frame; returns (sum of region areas, sum of bounding-rectangle areas).
std::pair<double, double> checkRegions(Renderer& renderer, const Camera& camera, int width, int height, int samples,
                                       std::int64_t lastFrame) {
  OffscreenTarget target(width, height, samples);
  FrameOptions options;
  options.iteration = 0;
  EXPECT_EQ(renderer.beginAnimation(target, camera, options), target.bounds());
  EXPECT_EQ(renderer.changedRegions().size(), 1u);
  Image previous = readTarget(target);
  double regionArea = 0, boundingArea = 0;
  for (std::int64_t k = 1; k <= lastFrame; ++k) {
    const PixelRect bounding = renderer.advanceTo(k);
    const std::span<const PixelRect> regions = renderer.changedRegions();
    PixelRect united;
    for (std::size_t i = 0; i < regions.size(); ++i) {
      EXPECT_EQ(regions[i].intersected(target.bounds()), regions[i]) << "frame " << k;
      EXPECT_FALSE(regions[i].empty()) << "frame " << k;
      for (std::size_t j = i + 1; j < regions.size(); ++j)
        EXPECT_TRUE(regions[i].intersected(regions[j]).empty()) << "frame " << k << ": regions overlap";
      united = united.united(regions[i]);
      regionArea += static_cast<double>(regions[i].width) * regions[i].height;
    }
    EXPECT_EQ(united, bounding) << "frame " << k << ": advanceTo returns the regions' bounding box";
    boundingArea += static_cast<double>(bounding.width) * bounding.height;
    const Image now = readTarget(target);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x)
        if (std::memcmp(now.at(x, y), previous.at(x, y), 4) != 0 && !inside(regions, x, y)) {
          ADD_FAILURE() << "frame " << k << ": pixel " << x << "," << y << " changed outside every region";
          return {regionArea, boundingArea};
        }
    previous = now;
  }
  renderer.endAnimation();
  return {regionArea, boundingArea};
}

TEST_F(ExportRegions, ArticleRegionsCoverEveryChangeAndLittleElse) {
  Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  const auto [regions, bounding] = checkRegions(renderer, Camera::fromSpec(scene.cameraOrDefault()), 1200, 900, 4, 200);
  std::printf("regions: %.0f px per frame, bounding rectangles: %.0f px per frame\n", regions / 200, bounding / 200);
  EXPECT_LT(regions, 0.5 * bounding) << "the two path heads are read back apart, not with everything between";
}

TEST_F(ExportRegions, ManyRunsStillCoverEveryChange) {
  // More runs than the renderer keeps separate regions for: it falls back to one rectangle.
  Renderer renderer;
  core::Scene scene = core::articleScene();
  scene.runs.clear();
  for (int i = 0; i < 40; ++i) {
    core::RunSpec run;
    run.start = {0.9 - 0.045 * i, 0.02 * (i % 7) - 0.06};
    run.iterations = 30;
    scene.runs.push_back(run);
  }
  showScene(renderer, scene);
  checkRegions(renderer, Camera::fromSpec(scene.cameraOrDefault()), 400, 300, 4, 30);
}

}  // namespace
}  // namespace gradscape::render::test
