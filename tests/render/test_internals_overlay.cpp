// The internals overlay lands where the data says: the pixel a test computes for an arrow's middle from the
// step internals, the documented scaling (internals_layer.hpp) and the view's projection has the arrow's
// colour, and did not have it before the overlay was drawn (so a blank or missing overlay fails).
#include "gl_test_support.hpp"

#include <cmath>

#include "core/step_internals.hpp"

namespace gradscape::render::test {
namespace {

class InternalsOverlayTest : public GlTest {};

constexpr int kWidth = 1200, kHeight = 900;

Image renderFrame(Renderer& renderer, core::ViewMode mode) { return renderView(renderer, mode, kWidth, kHeight, 0); }

// What the test expects of the renderer's world box (camera.hpp): data spans the box aspect per axis.
struct Scaling {
  glm::dvec2 worldPerData;
  double side;  // the shorter side of the box's floor, in world units
};
Scaling scalingOf(const Renderer& renderer) {
  const DataBox box = renderer.dataBox();
  const glm::dvec3 aspect = matplotlibBoxAspect();
  return {{aspect.x / (box.x[1] - box.x[0]), aspect.y / (box.y[1] - box.y[0])}, std::min(aspect.x, aspect.y)};
}

// The data point `fraction` of the way along an arrow of world length `length` from `from` along the data
// displacement `direction` (measured in world units, as the overlay measures it).
glm::dvec2 alongArrow(const Scaling& s, glm::dvec2 from, glm::dvec2 direction, double length, double fraction) {
  const glm::dvec2 world(direction.x * s.worldPerData.x, direction.y * s.worldPerData.y);
  const glm::dvec2 offset = world / glm::length(world) * (length * fraction);
  return from + glm::dvec2(offset.x / s.worldPerData.x, offset.y / s.worldPerData.y);
}

using Predicate = bool (*)(const std::array<int, 3>&);
bool isBlack(const std::array<int, 3>& c) { return c[0] < 50 && c[1] < 50 && c[2] < 50; }
bool isGreen(const std::array<int, 3>& c) { return c[1] > 120 && c[0] < 60 && c[2] < 60; }
bool isPurple(const std::array<int, 3>& c) { return c[0] > 80 && c[0] < 170 && c[1] < 50 && c[2] > 130; }
bool isMagenta(const std::array<int, 3>& c) { return c[0] > 190 && c[1] < 50 && c[2] > 100 && c[2] < 180; }

// Whether a pixel within `radius` of (x, y) passes `test`.
bool near(const Image& image, glm::dvec3 pixel, Predicate test, int radius = 1) {
  for (int dy = -radius; dy <= radius; ++dy)
    for (int dx = -radius; dx <= radius; ++dx) {
      const int x = static_cast<int>(std::floor(pixel.x)) + dx, y = static_cast<int>(std::floor(pixel.y)) + dy;
      if (x >= 0 && y >= 0 && x < image.width && y < image.height && test(image.rgb(x, y))) return true;
    }
  return false;
}

struct Probe {
  const char* what;
  glm::dvec2 at;
  Predicate test;
};

void expectProbes(Renderer& renderer, const core::Surface& surface, const core::StepInternals& at,
                  core::ViewMode mode, const std::vector<Probe>& probes, const std::string& name) {
  renderer.setInternals(std::nullopt);
  const Image before = renderFrame(renderer, mode);
  renderer.setInternals(InternalsOverlay{at, true, true, false});
  const Image after = renderFrame(renderer, mode);
  savePng(after, outputPath(name));
  const ViewProjection view = mode == core::ViewMode::twoD ? renderer.planViewProjection(Viewport{0, 0, kWidth, kHeight})
                                                           : renderer.viewProjection(Camera{}, Viewport{0, 0, kWidth, kHeight});
  for (const Probe& probe : probes) {
    const auto pixel = view.dataToPixel({probe.at.x, probe.at.y, surface.value(probe.at.x, probe.at.y)});
    ASSERT_TRUE(pixel) << probe.what;
    EXPECT_TRUE(near(after, *pixel, probe.test)) << name << ": no " << probe.what << " at pixel " << pixel->x << ", " << pixel->y;
    EXPECT_FALSE(near(before, *pixel, probe.test, 0)) << name << ": " << probe.what << "'s colour was there without the overlay";
  }
}

// f = x^2 + 10 y^2 from (1, 1), adam: -grad f = (-2, -20) points almost straight down in y, adam's first
// step (-lr, -lr) diagonally; the Hessian diag(2, 20) has its long arm along y.
TEST_F(InternalsOverlayTest, ArrowsAndCrossLandOnTheirComputedPixelsIn2DAnd3D) {
  Renderer renderer;
  const core::Scene scene = core::parseScene(
      R"({"surface": {"expression": "x^2 + 10*y^2", "x": [-2, 2], "y": [-2, 2]},
          "runs": [{"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.1}, "iterations": 5}]})", "test");
  showScene(renderer, scene);
  const core::StepInternals at = core::stepInternals(scene.surface.surface, scene.runs[0], 0);
  ASSERT_TRUE(at.hasStep && at.hasState);
  const Scaling s = scalingOf(renderer);
  const glm::dvec2 point(at.point[0], at.point[1]);
  const double arrow = kArrowFraction * s.side;
  const std::vector<Probe> probes{
      {"-grad f arrow", alongArrow(s, point, {-at.gradient[0], -at.gradient[1]}, arrow, 0.6), isBlack},
      // Near its base: further on, the step dips behind the bowl's front wall in 3-D (depth-correct).
      {"step arrow", alongArrow(s, point, {at.step[0], at.step[1]}, arrow, 0.25), isGreen},
      // The long arm (eigenvalue 20, along y) reaches kCrossFraction of the side each way: probe the +y half.
      {"Hessian cross", alongArrow(s, point, {0, 1}, kCrossFraction * s.side, 0.7), isPurple},
  };
  expectProbes(renderer, scene.surface.surface, at, core::ViewMode::twoD, probes, "internals_2d.png");
  expectProbes(renderer, scene.surface.surface, at, core::ViewMode::threeD, probes, "internals_3d.png");
}

// A saddle's negative eigenvalue is drawn dashed in its own colour: magenta on the dashes, not between them.
TEST_F(InternalsOverlayTest, NegativeCurvatureIsDashedMagenta) {
  Renderer renderer;
  const core::Scene scene = core::parseScene(
      R"({"surface": {"expression": "x^2 - y^2", "x": [-1, 1], "y": [-1, 1]},
          "runs": [{"start": [0.3, 0.2], "optimizer": {"name": "sgd", "lr": 0.1}, "iterations": 3}]})", "test");
  showScene(renderer, scene);
  const core::StepInternals at = core::stepInternals(scene.surface.surface, scene.runs[0], 0);
  ASSERT_LT(at.eigen.values[1], 0);
  renderer.setInternals(InternalsOverlay{at, false, true, false});
  const Image image = renderFrame(renderer, core::ViewMode::twoD);
  savePng(image, outputPath("internals_saddle_2d.png"));
  const Scaling s = scalingOf(renderer);
  const ViewProjection view = renderer.planViewProjection(Viewport{0, 0, kWidth, kHeight});
  const double dash = kDashFraction * s.side, half = kCrossFraction * s.side;
  // Dash i covers [2 i dash, (2 i + 1) dash) from the arm's start at -half: probe the middles of dashes and gaps.
  const glm::dvec2 start = alongArrow(s, {at.point[0], at.point[1]}, {0, -1}, half, 1);
  int dashes = 0, gaps = 0;
  for (int i = 0; i < 4; ++i) {  // the arm is 8 dashes long: 4 dashes, 4 gaps; the other arm crosses at 4
    for (bool onDash : {true, false}) {
      const glm::dvec2 p = alongArrow(s, start, {0, 1}, (2 * i + (onDash ? 0.5 : 1.5)) * dash, 1);
      const auto pixel = view.dataToPixel({p.x, p.y, 0});
      const bool magenta = near(image, *pixel, isMagenta, 0);
      if (onDash) dashes += magenta;
      else gaps += !magenta;
    }
  }
  EXPECT_EQ(dashes, 4);
  EXPECT_EQ(gaps, 4);
}

// The quiver covers the whole domain; the 2-D legend is drawn over it as matplotlib draws a legend over the
// lines: where the legend is, the frame with the quiver equals the frame without it, pixel for pixel, and
// elsewhere the quiver shows. The legend's pixels are found as those the legend changes.
TEST_F(InternalsOverlayTest, TheQuiverPassesUnderThe2DLegend) {
  Renderer renderer;
  const core::Scene scene = core::parseScene(
      R"({"surface": {"expression": "x^2 + 3*y^2", "x": [-2, 2], "y": [-2, 2]},
          "runs": [{"label": "a run with a long label", "start": [1.5, -1.5], "optimizer": {"name": "sgd", "lr": 0.05}, "iterations": 5}]})",
      "test");
  showScene(renderer, scene);
  const auto render = [&](bool legend, bool quiver) {
    renderer.setInternals(quiver ? std::optional(InternalsOverlay{std::nullopt, false, false, true}) : std::nullopt);
    OffscreenTarget target(kWidth, kHeight, 4);
    target.bind();
    FrameOptions options;
    options.view = core::ViewMode::twoD;
    options.legend = legend;
    renderer.render(Camera{}, Viewport{0, 0, kWidth, kHeight}, options);
    return readTarget(target);
  };
  const Image plain = render(true, false), noLegend = render(false, false), quiver = render(true, true);
  savePng(quiver, outputPath("internals_quiver_legend_2d.png"));
  std::size_t legendPixels = 0, legendChanged = 0, elsewhereChanged = 0;
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x) {
      const bool inLegend = plain.rgb(x, y) != noLegend.rgb(x, y);
      const bool changed = quiver.rgb(x, y) != plain.rgb(x, y);
      legendPixels += inLegend;
      if (inLegend) legendChanged += changed;
      else elsewhereChanged += changed;
    }
  EXPECT_GT(legendPixels, 2000u);
  EXPECT_EQ(legendChanged, 0u) << "the quiver is drawn over the legend";
  EXPECT_GT(elsewhereChanged, 5000u) << "no quiver";
}

}  // namespace
}  // namespace gradscape::render::test
