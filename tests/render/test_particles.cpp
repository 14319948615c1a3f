// Ensembles drawn as particles: frame k shows each particle at its step k in its run's colour with a
// trail of the steps before, a thin line fading with age, not its full path; the surface hides trails
// in 3-D; playing uploads only each frame's window; the legend has one line.
#include <algorithm>
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

// A scene drawn with its particles and its surface alone (same box), to tell what the particles changed.
struct WithAndWithout {
  explicit WithAndWithout(const core::Scene& scene) : camera(Camera::fromSpec(scene.cameraOrDefault())) {
    showScene(renderer, scene);
    bare.setSurface(scene.surface, scene.render);
  }
  Camera camera;
  Renderer renderer, bare;
};

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
  WithAndWithout shown(scene);
  const Camera& camera = shown.camera;
  Renderer &renderer = shown.renderer, &bare = shown.bare;
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

// How much of the particle's red (no green) a pixel has over the surface: (g0 - g) / g0 in green.
double redAlpha(const Image& frame, const Image& surface, int x, int y) {
  const double g = frame.rgb(x, y)[1], g0 = surface.rgb(x, y)[1];
  EXPECT_GT(g0, 50) << "the surface at " << x << "," << y << " has green to lose";
  return (g0 - g) / g0;
}

TEST_F(Particles, TheTrailIsAThinLineAlongThePathFadingWithAge) {
  const core::Scene scene = particleScene(1, 0);
  WithAndWithout shown(scene);
  const Camera& camera = shown.camera;
  Renderer &renderer = shown.renderer, &bare = shown.bare;
  const ViewProjection view = viewOf(renderer, camera, core::ViewMode::twoD);
  const std::int64_t k = ParticleLayer::kTrailSteps;
  const Image frame = renderFrame(renderer, camera, core::ViewMode::twoD, k);
  const Image surface = renderFrame(bare, camera, core::ViewMode::twoD, k);
  savePng(frame, outputPath("particles_trail.png"));
  const std::vector<core::TracePoint> points = traced(scene, 0);
  const glm::dvec2 head = pixelOf(view, points[k]);
  EXPECT_NEAR(redAlpha(frame, surface, int(head.x), int(head.y)), 1.0, 0.01) << "the head is opaque";
  // Segment s joins steps k - a and k - a - n (a = s n, n steps a segment): the line is lit within a pixel
  // of its true middle, with the alpha of age a + n / 2, and nothing 3 px to a side.
  constexpr int n = ParticleLayer::kStepsPerTrailSegment;
  double previous = 1.0;
  for (std::int64_t a = 0; a + n <= k; a += n) {
    const glm::dvec2 from = pixelOf(view, points[k - a]), to = pixelOf(view, points[k - a - n]);
    ASSERT_GT(glm::length(to - from), 8.0) << "a segment long enough to measure its middle";
    const glm::dvec2 middle = 0.5 * (from + to), across = glm::normalize(glm::dvec2(from.y - to.y, to.x - from.x));
    ASSERT_GT(glm::distance(middle, head), 6.5) << "age " << a << ": the middle is clear of the head's 8-px disc";
    double alpha = 0;
    for (int m = -1; m <= 1; ++m) {
      const glm::dvec2 p = middle + double(m) * across;
      alpha = std::max(alpha, redAlpha(frame, surface, int(p.x), int(p.y)));
    }
    EXPECT_NEAR(alpha, 1.0 - (double(a) + 0.5 * n) / ParticleLayer::kTrailSteps, 0.03) << "age " << a;
    EXPECT_LT(alpha, previous - 0.08) << "fades with age " << a;
    previous = alpha;
    for (const double side : {-3.0, 3.0}) {
      const glm::dvec2 p = middle + side * across;
      EXPECT_EQ(at(frame, p), at(surface, p)) << "age " << a << ": the trail is a thin line, not discs";
    }
  }
  // Past the trail: nothing.
  const glm::dvec2 old = pixelOf(view, points[0]);
  EXPECT_EQ(at(renderFrame(renderer, camera, core::ViewMode::twoD, 12), old), at(surface, old));
}

// A head's GL point is a square just big enough for its disc: wherever the centre falls inside a pixel,
// with one sample or four, a hard rim lights exactly the pixels whose centre lies within the radius and a
// smooth rim covers each pixel by 1/2 - (its centre's distance past the rim), clamped to 0..1. A square
// that cut the rim (a pixel, or a multisampled pixel's outer samples) would leave those pixels short.
TEST_F(Particles, AHeadsSquareHoldsEverySampleItsDiscTouches) {
  const core::Scene scene = particleScene(120, 0.6);
  WithAndWithout shown(scene);
  std::vector<glm::dvec2> heads;
  std::vector<bool> inPlot;
  for (const int samples : {1, 4})
    for (const bool smooth : {false, true})
      for (const double sizePoints : {1.5, 4.0}) {
        FrameOptions options;
        options.legend = false;
        options.antialias = smooth;
        options.view = core::ViewMode::twoD;
        options.iteration = 0;  // every trail point on the start: no trail is drawn
        options.particleSizePoints = sizePoints;
        const auto render = [&](Renderer& renderer) {
          OffscreenTarget target(kWidth, kHeight, samples);
          target.bind();
          renderer.render(shown.camera, Viewport{0, 0, kWidth, kHeight}, options);
          return readTarget(target);
        };
        const Image frame = render(shown.renderer), surface = render(shown.bare);
        const std::string name = "particles_rims_" + std::to_string(samples) + (smooth ? "_smooth" : "_hard");
        if (sizePoints == 1.5) savePng(frame, outputPath(name + ".png"));
        const ViewProjection view = viewOf(shown.renderer, shown.camera, core::ViewMode::twoD);  // laid out by a frame
        if (heads.empty())
          for (std::size_t r = 0; r < scene.runs.size(); ++r) {
            const core::TracePoint start = traced(scene, r)[0];
            heads.push_back(pixelOf(view, start));
            inPlot.push_back(std::abs(start.x) < 0.95 && std::abs(start.y) < 0.95);
          }
        const double radius = 0.5 * view.pointsToPixels(sizePoints);
        const int window = static_cast<int>(radius) + 2;  // pixels each side of a centre that are checked
        std::size_t checked = 0, lit = 0;
        for (std::size_t h = 0; h < heads.size(); ++h) {
          const glm::dvec2 c = heads[h];
          const bool alone = std::none_of(heads.begin(), heads.end(), [&](glm::dvec2 other) {
            return other != c && glm::distance(other, c) < 2.0 * window + 2;
          });
          if (!alone || !inPlot[h]) continue;
          for (int y = int(c.y) - window; y <= int(c.y) + window; ++y)
            for (int x = int(c.x) - window; x <= int(c.x) + window; ++x) {
              const double d = glm::distance(glm::dvec2(x + 0.5, y + 0.5), c) - radius;
              const int green0 = surface.rgb(x, y)[1];
              if (std::abs(d) < 0.02 || (smooth && std::abs(d + 0.5) < 0.02) || green0 < 60) continue;
              // Red over the surface: green falls by the head's coverage.
              const double coverage = 1.0 - double(frame.rgb(x, y)[1]) / green0;
              const double expected = smooth ? std::clamp(0.5 - d, 0.0, 1.0) : (d < 0 ? 1.0 : 0.0);
              EXPECT_NEAR(coverage, expected, 0.03)
                  << name << " size " << sizePoints << " head " << h << " pixel " << x << "," << y << " d " << d;
              ++checked;
              lit += coverage > 0.97;
            }
        }
        EXPECT_GT(checked, 500u) << name << " size " << sizePoints << ": enough lone heads to check";
        EXPECT_GT(lit, 50u) << name << " size " << sizePoints;
      }
}

// A dome seen from low down, particles rolling off its top in every direction: where the dome hides a
// trail, render.hidden_paths "hide" leaves the surface as it is and "faint" draws the trail faintly over
// it (so the trail is there and hidden by the depth test, not missing).
TEST_F(Particles, TheSurfaceHidesTrailsBehindAHillIn3D) {
  const core::Scene scene = core::parseScene(R"json({"surface": {"expression": "2*exp(-2*(x^2 + y^2))", "x": [-1, 1], "y": [-1, 1]},
      "runs": [{"start": [0, 0], "color": "#00ff00", "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 40,
      "ensemble": {"count": 40, "spread": 0.15, "seed": 2}}], "camera": {"azimuth": -60, "elevation": 20}})json",
                                             "dome_particles.json");
  WithAndWithout shown(scene);
  const Camera& camera = shown.camera;
  Renderer &renderer = shown.renderer, &bare = shown.bare;
  const ViewProjection view = viewOf(renderer, camera, core::ViewMode::threeD);
  FrameOptions options;
  options.legend = false;
  options.antialias = false;
  options.particleSizePoints = 4;
  const Image surface = renderImage(bare, camera, kWidth, kHeight, options);
  std::size_t xray = 0, trailSeen = 0, xrayOverSeen = 0, xrayOffSurface = 0;
  for (options.iteration = 10; options.iteration <= 30; options.iteration += 5) {
    options.hiddenPaths = core::HiddenPaths::hide;
    const Image hidden = renderImage(renderer, camera, kWidth, kHeight, options);
    options.hiddenPaths = core::HiddenPaths::faint;
    const Image faint = renderImage(renderer, camera, kWidth, kHeight, options);
    if (options.iteration == 30) {
      savePng(hidden, outputPath("particles_hidden_hide.png"));
      savePng(faint, outputPath("particles_hidden_faint.png"));
    }
    // Heads are bigger and lifted further than a one-pixel line: leave their surroundings out.
    std::vector<glm::dvec2> heads;
    for (std::size_t r = 0; r < scene.runs.size(); ++r) {
      const std::vector<core::TracePoint> points = traced(scene, r);
      heads.push_back(pixelOf(view, points[std::min<std::size_t>(options.iteration, points.size() - 1)]));
    }
    for (int y = 0; y < kHeight; ++y)
      for (int x = 0; x < kWidth; ++x) {
        if (std::any_of(heads.begin(), heads.end(), [&](glm::dvec2 h) { return glm::distance(h, glm::dvec2(x, y)) < 8; }))
          continue;
        const bool seen = hidden.rgb(x, y) != surface.rgb(x, y);
        const bool xrayed = faint.rgb(x, y) != hidden.rgb(x, y);
        trailSeen += seen;
        xray += xrayed;
        xrayOverSeen += xrayed && seen;
        xrayOffSurface += xrayed && surface.rgb(x, y) == std::array<int, 3>{255, 255, 255};
      }
  }
  EXPECT_GT(trailSeen, 100u) << "trails in front of the surface are drawn";
  EXPECT_GT(xray, 200u) << "trails behind the dome are there, drawn faintly with \"faint\"";
  // Where a trail grazes the dome's outline, the two segments meeting at a point cover its pixel at
  // slightly different depths, one in front of the surface and one behind: a few pixels are both.
  EXPECT_LT(xrayOverSeen, xray / 20) << "hidden trail pixels drawn with \"hide\"";
  EXPECT_EQ(xrayOffSurface, 0u) << "x-ray pixels where nothing hides the trail";
}

// A frame's loops over runs (paths, markers) visit only the runs drawn as paths: a run after an
// ensemble of 300 particles (past one batch of stencil ids) still gets its path, its markers and its row.
TEST_F(Particles, ARunAfterAnEnsembleKeepsItsPathMarkersAndLegendRow) {
  const core::Scene scene = core::parseScene(R"({"surface": "saddle", "runs": [
      {"start": [0.9, 0.02], "color": "#ff0000", "optimizer": {"name": "sgd", "lr": 0.1}, "iterations": 40,
       "ensemble": {"count": 300, "spread": 0.05, "seed": 1}},
      {"start": [-0.5, 0.3], "color": "#0000ff", "optimizer": {"name": "sgd", "lr": 0.1}, "iterations": 5}],
      "camera": {"azimuth": -60, "elevation": 70}})",
                                             "ensemble_then_run.json");
  ASSERT_EQ(scene.runs.size(), 301u);
  WithAndWithout shown(scene);
  FrameLayers layers;
  layers.scenery.setSurface(scene.surface, scene.render);
  std::vector<RunStyle> styles;
  for (std::size_t i = 0; i < scene.runs.size(); ++i) styles.push_back(runStyle(scene.runs[i], i));
  layers.paths.setRuns(styles);
  EXPECT_EQ(std::vector<std::size_t>(layers.paths.pathRuns().begin(), layers.paths.pathRuns().end()),
            std::vector<std::size_t>{300});
  EXPECT_EQ(layers.paths.legendEntries().size(), 2u) << "the ensemble's row and the run's";
  const Image frame = renderFrame(shown.renderer, shown.camera, core::ViewMode::twoD, -1);
  const Image surface = renderFrame(shown.bare, shown.camera, core::ViewMode::twoD, -1);
  savePng(frame, outputPath("particles_then_run.png"));
  const ViewProjection view = viewOf(shown.renderer, shown.camera, core::ViewMode::twoD);
  const std::vector<core::TracePoint> points = traced(scene, 300);
  // The run's end marker (its colour) and the middle of its first segment (the path, bluer than the surface).
  const std::array<int, 3> end = at(frame, pixelOf(view, points.back()));
  EXPECT_GT(end[2], 200) << "the run's head marker";
  EXPECT_LT(end[0], 60);
  const glm::dvec2 middle = 0.5 * (pixelOf(view, points[0]) + pixelOf(view, points[1]));
  int bluer = 0;
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      const glm::dvec2 p = middle + glm::dvec2(dx, dy);
      bluer += at(frame, p)[0] < at(surface, p)[0] - 40;
    }
  EXPECT_GT(bluer, 0) << "the run's path";
}

TEST_F(Particles, PlayingUploadsOnlyEachFramesWindowAndTheLegendHasOneLinePerEnsemble) {
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
  std::size_t uploaded = layers.particles.bytesUploaded();
  EXPECT_EQ(layers.particles.particleCount(), 50u);
  // A frame's window: each particle's head and the trail's joints behind it (vec4s), not its 41 points.
  const std::size_t window = 50u * (ParticleLayer::kTrailSegments + 1) * 16;
  EXPECT_GE(uploaded, window);
  EXPECT_LT(uploaded, 50u * 41 * 16);
  for (options.iteration = 1; options.iteration <= 40; ++options.iteration) {
    layers.drawFrame(view, options);
    EXPECT_EQ(layers.particles.bytesUploaded() - uploaded, window) << "frame " << options.iteration;
    uploaded = layers.particles.bytesUploaded();
    layers.drawFrame(view, options);
    EXPECT_EQ(layers.particles.bytesUploaded(), uploaded) << "the same frame again, frame " << options.iteration;
  }
}

}  // namespace
}  // namespace gradscape::render::test

namespace gradscape::render::test {
namespace {

// Particles whose points the caller lends (PathLayer::Replacement::lend, what the viewer does) are read in
// place and draw exactly what copied points draw; an append after lending keeps the lent points first.
TEST_F(Particles, LentPointsAreReadInPlaceAndDrawWhatCopiedOnesDraw) {
  const core::Scene scene = particleScene(20, 0.1);
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  std::vector<std::vector<core::TracePoint>> points;
  for (std::size_t i = 0; i < scene.runs.size(); ++i) points.push_back(traced(scene, i));
  const auto show = [&](Renderer& renderer, bool lend) {
    renderer.setSurface(scene.surface, scene.render);
    std::vector<RunStyle> styles;
    for (std::size_t i = 0; i < scene.runs.size(); ++i) styles.push_back(runStyle(scene.runs[i], i));
    renderer.setRuns(styles);
    std::vector<PathLayer::Replacement> replacements;
    for (std::size_t i = 0; i < points.size(); ++i) replacements.push_back({i, points[i], lend});
    renderer.replaceTrajectories(replacements);
  };
  Renderer copied, lent;
  show(copied, false);
  show(lent, true);
  for (std::size_t i = 0; i < points.size(); ++i) EXPECT_EQ(lent.trajectorySize(i), points[i].size()) << "run " << i;
  for (const core::ViewMode mode : {core::ViewMode::threeD, core::ViewMode::twoD})
    for (const std::int64_t k : {0, 3, 17, 40}) {
      const Image a = renderFrame(copied, camera, mode, k), b = renderFrame(lent, camera, mode, k);
      EXPECT_EQ(a.rgba, b.rgba) << "frame " << k;
      if (k == 17 && mode == core::ViewMode::threeD) savePng(b, outputPath("particles_lent_3d.png"));
    }
  // Read in place: points moved by their owner show at the next step drawn (not a copy's old ones).
  for (core::TracePoint& point : points[0]) point.y += 0.2;
  const Image moved = renderFrame(lent, camera, core::ViewMode::twoD, 12);
  EXPECT_NE(moved.rgba, renderFrame(copied, camera, core::ViewMode::twoD, 12).rgba);
  const ViewProjection view = viewOf(lent, camera, core::ViewMode::twoD);
  EXPECT_EQ(at(moved, pixelOf(view, points[0][12])), (std::array<int, 3>{255, 0, 0}));
  // Appending to a lent particle copies the lent points first: the run then holds both.
  const std::size_t size = points[1].size();
  lent.appendTrajectory(1, std::span<const core::TracePoint>(points[1]).first(2));
  EXPECT_EQ(lent.trajectorySize(1), size + 2);
}

}  // namespace
}  // namespace gradscape::render::test
