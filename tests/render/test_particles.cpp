// Ensembles drawn as particles: frame k shows each particle at its step k in its run's colour with a
// fading trail of the steps before, not its full path; playing uploads nothing; the legend has one line.
#include <cmath>

#include "core/run_expansion.hpp"
#include "gl_test_support.hpp"
#include "render/frame_layers.hpp"

namespace gradscape::render::test {
namespace {

class Particles : public GlTest {};

constexpr int kWidth = 600, kHeight = 450;

// Saddle x^2 - y^2, sgd lr 0.1: x shrinks by 0.8 a step, so early steps are ~15 px apart in either view.
core::Scene particleScene(int count, double spread) {
  return core::parseScene(R"({"surface": "saddle", "runs": [{"start": [0.9, 0.02], "color": "#ff0000",
      "optimizer": {"name": "sgd", "lr": 0.1}, "iterations": 40,
      "ensemble": {"count": )" + std::to_string(count) + R"(, "spread": )" + std::to_string(spread) +
                              R"(, "seed": 1}}], "camera": {"azimuth": -60, "elevation": 70}})",
                          "particles.json");
}

std::vector<core::TracePoint> traced(const core::Scene& scene, std::size_t run) {
  std::vector<core::TracePoint> points;
  core::traceRun(scene.surface.surface, scene.runs[run], [&](const core::TracePoint& p) { points.push_back(p); });
  return points;
}

Image renderFrame(Renderer& renderer, const Camera& camera, core::ViewMode mode, std::int64_t iteration) {
  OffscreenTarget target(kWidth, kHeight, 1);
  target.bind();
  FrameOptions options;
  options.legend = false;
  options.antialias = false;
  options.view = mode;
  options.iteration = iteration;
  options.particleSizePoints = 4;  // 8 px across at 600x450
  renderer.render(camera, Viewport{0, 0, kWidth, kHeight}, options);
  return readTarget(target);
}

ViewProjection viewOf(Renderer& renderer, const Camera& camera, core::ViewMode mode) {
  const Viewport viewport{0, 0, kWidth, kHeight};
  return mode == core::ViewMode::twoD ? renderer.planViewProjection(viewport) : renderer.viewProjection(camera, viewport);
}

glm::dvec2 pixelOf(const ViewProjection& view, const core::TracePoint& p) {
  const auto pixel = view.dataToPixel({p.x, p.y, p.z});
  EXPECT_TRUE(pixel.has_value());
  return pixel ? glm::dvec2(pixel->x, pixel->y) : glm::dvec2(-1);
}

std::array<int, 3> at(const Image& image, glm::dvec2 pixel) {
  return image.rgb(static_cast<int>(pixel.x), static_cast<int>(pixel.y));
}

TEST_F(Particles, FrameKShowsEachParticleAtStepKInItsColourAndNotItsPath) {
  const core::Scene scene = particleScene(3, 0.02);
  ASSERT_EQ(scene.runs.size(), 3u);
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  Renderer renderer;
  showScene(renderer, scene);
  Renderer bare;
  bare.setSurface(scene.surface, scene.render);
  for (const core::ViewMode mode : {core::ViewMode::threeD, core::ViewMode::twoD}) {
    const ViewProjection view = viewOf(renderer, camera, mode);
    const std::int64_t k = 12;  // every particle still inside the domain
    const Image frame = renderFrame(renderer, camera, mode, k);
    const Image surface = renderFrame(bare, camera, mode, k);
    savePng(frame, outputPath(mode == core::ViewMode::twoD ? "particles_2d.png" : "particles_3d.png"));
    for (std::size_t r = 0; r < scene.runs.size(); ++r) {
      const std::vector<core::TracePoint> points = traced(scene, r);
      ASSERT_GT(points.size(), std::size_t(k));
      EXPECT_EQ(at(frame, pixelOf(view, points[k])), (std::array<int, 3>{255, 0, 0})) << "run " << r;
      // The first steps are far from the last trail steps: no path is drawn there.
      for (std::int64_t j = 0; j < 3; ++j)
        EXPECT_EQ(at(frame, pixelOf(view, points[j])), at(surface, pixelOf(view, points[j]))) << "run " << r << " step " << j;
    }
    // And frame 1 shows the particles at step 1, not at k.
    const Image early = renderFrame(renderer, camera, mode, 1);
    const std::vector<core::TracePoint> points = traced(scene, 0);
    EXPECT_EQ(at(early, pixelOf(view, points[1])), (std::array<int, 3>{255, 0, 0}));
    EXPECT_EQ(at(early, pixelOf(view, points[k])), at(surface, pixelOf(view, points[k])));
  }
}

TEST_F(Particles, TheTrailFadesWithAge) {
  const core::Scene scene = particleScene(1, 0);
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  Renderer renderer;
  showScene(renderer, scene);
  Renderer bare;
  bare.setSurface(scene.surface, scene.render);
  const ViewProjection view = viewOf(renderer, camera, core::ViewMode::twoD);
  const std::int64_t k = 6;
  const Image frame = renderFrame(renderer, camera, core::ViewMode::twoD, k);
  const Image surface = renderFrame(bare, camera, core::ViewMode::twoD, k);
  savePng(frame, outputPath("particles_trail.png"));
  const std::vector<core::TracePoint> points = traced(scene, 0);
  // How much of the particle's red a dot's centre has: (pixel - surface) / (red - surface) in green, which
  // red has none of.
  std::vector<double> alpha;
  for (std::int64_t age = 0; age <= 5; ++age) {
    const glm::dvec2 pixel = pixelOf(view, points[k - age]);
    const double g = at(frame, pixel)[1], g0 = at(surface, pixel)[1];
    ASSERT_GT(g0, 50) << "the surface under the dot has green to lose";
    alpha.push_back((g0 - g) / g0);
  }
  EXPECT_NEAR(alpha[0], 1.0, 0.01) << "the head is opaque";
  for (std::size_t a = 1; a < alpha.size(); ++a) {
    EXPECT_LT(alpha[a], alpha[a - 1] - 0.05) << "age " << a;
    EXPECT_NEAR(alpha[a], 1.0 - double(a) / (ParticleLayer::kTrailSteps + 1), 0.03) << "age " << a;
  }
  // Past the trail: nothing.
  const glm::dvec2 old = pixelOf(view, points[0]);
  EXPECT_EQ(at(renderFrame(renderer, camera, core::ViewMode::twoD, 12), old), at(surface, old));
}

TEST_F(Particles, PlayingUploadsNothingAndTheLegendHasOneLinePerEnsemble) {
  const core::Scene scene = particleScene(50, 0.1);
  ASSERT_EQ(scene.runs.size(), 50u);
  EXPECT_EQ(runStyle(scene.runs[0], 0).label, "x = 0.9, y = 0.02 (50 particles)");
  EXPECT_TRUE(runStyle(scene.runs[0], 0).inLegend);
  EXPECT_FALSE(runStyle(scene.runs[1], 1).inLegend);
  EXPECT_EQ(runStyle(scene.runs[1], 1).label, "x = 0.9, y = 0.02 #1") << "members keep their own label";
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  FrameLayers layers;
  layers.scenery.setSurface(scene.surface, scene.render);
  std::vector<RunStyle> styles;
  for (std::size_t i = 0; i < scene.runs.size(); ++i) styles.push_back(runStyle(scene.runs[i], i));
  layers.paths.setRuns(styles);
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    const auto points = traced(scene, i);
    layers.paths.append(i, points, layers.placement());
  }
  EXPECT_EQ(layers.paths.legendEntries().size(), 1u);
  OffscreenTarget target(kWidth, kHeight, 1);
  target.bind();
  const ViewProjection view = layers.view(camera, Viewport{0, 0, kWidth, kHeight});
  FrameOptions options;
  options.iteration = 0;
  layers.drawFrame(view, options);
  const std::size_t uploaded = layers.particles.bytesUploaded();
  EXPECT_EQ(layers.particles.particleCount(), 50u);
  EXPECT_GE(uploaded, 50u * 41 * 16) << "every point once";
  for (options.iteration = 1; options.iteration <= 40; ++options.iteration) layers.drawFrame(view, options);
  EXPECT_EQ(layers.particles.bytesUploaded(), uploaded);
}

}  // namespace
}  // namespace gradscape::render::test
