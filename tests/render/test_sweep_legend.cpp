// A sweep's runs share one legend row and a viridis colour bar of the swept parameter, in export's
// picture (the same renderer draws the viewer's 3-D and 2-D panes).
#include "gl_test_support.hpp"

#include <cmath>

#include "core/run_expansion.hpp"
#include "render/legend.hpp"
#include "render/path_layer.hpp"
#include "render/sweep_legend.hpp"
#include "render/text.hpp"

namespace gradscape::render::test {
namespace {

class SweepLegendTest : public GlTest {};

constexpr int kWidth = 1200, kHeight = 900;

const char* const kSweepScene = R"({"surface": {"name": "rosenbrock", "x": [-2, 2], "y": [-1, 3]}, "runs": [
    {"label": "SGD", "start": [-1.5, 2], "optimizer": {"name": "sgd", "lr": 0.0005}, "iterations": 100},
    {"label": "Adam", "start": [-1, 1], "optimizer": "adam", "iterations": 100,
     "sweep": {"param": "lr", "from": 1e-4, "to": 1, "count": 9, "scale": "log"}}]})";

TEST(SweepLegend, TicksAndPositionsFollowTheSweepsScale) {
  const SweepKey log{"lr", 1e-4, 1, true, 9};
  EXPECT_EQ(sweepTicks(log, 4), (std::vector<double>{1e-4, 1e-3, 1e-2, 1e-1, 1}));
  EXPECT_NEAR(sweepPosition(log, 1e-2), 0.5, 1e-12);
  // Member m sits at m / (K - 1) of the bar: its value's position.
  for (std::int64_t m = 0; m < 9; ++m)
    EXPECT_NEAR(sweepPosition(log, core::sweepValue({"lr", 1e-4, 1, 9, true}, m)), m / 8.0, 1e-12);
  const SweepKey linear{"start.x", -1, 1, false, 5};
  const auto ticks = sweepTicks(linear, 4);
  EXPECT_EQ(ticks.front(), -1);
  EXPECT_EQ(ticks.back(), 1);
  EXPECT_NEAR(sweepPosition(linear, 0), 0.5, 1e-12);
}

TEST_F(SweepLegendTest, ASweepIsOneLegendRowWithItsColourBarInThePicture) {
  const core::Scene scene = core::parseScene(kSweepScene, "sweep.json");
  ASSERT_EQ(scene.runs.size(), 10u);
  Renderer renderer;
  showScene(renderer, scene);
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  OffscreenTarget target(kWidth, kHeight, 4);
  target.bind();
  renderer.render(camera, Viewport{0, 0, kWidth, kHeight}, FrameOptions{});
  const Image image = readTarget(target);
  savePng(image, outputPath("sweep_legend.png"));

  // The rows the renderer's legend holds: SGD, then the sweep once.
  PathLayer paths;
  std::vector<RunStyle> styles;
  for (std::size_t i = 0; i < scene.runs.size(); ++i) styles.push_back(runStyle(scene.runs[i], i));
  paths.setRuns(styles);
  const std::vector<LegendEntry> entries = paths.legendEntries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].label, "SGD");
  EXPECT_EQ(entries[1].label, "Adam, lr sweep (9 runs)");
  ASSERT_TRUE(entries[1].sweep.has_value());
  EXPECT_EQ(entries[1].sweep->from, 1e-4);
  EXPECT_EQ(entries[1].sweep->to, 1);

  // Where that legend and its bar land, computed as the renderer does; each member's band in the run's colour.
  const ViewProjection view = renderer.viewProjection(camera, Viewport{0, 0, kWidth, kHeight});
  TextRenderer text;
  const LegendStyle style;
  const float fontPixels = static_cast<float>(view.pointsToPixels(style.fontSize));
  const LegendLayout layout = layoutLegend(view, entries, style, text.font(fontPixels));
  EXPECT_EQ(layout.rowBaselines.size(), 3u) << "title and two rows, not ten";
  const auto bar = sweepBarRect(layout.textBox.left, layout.textBox.bottom, fontPixels, 0);
  for (std::size_t m = 0; m < 9; ++m) {
    const double t = m / 8.0;
    // Inside the band, away from its edges and the outline.
    const double y = bar[1] + bar[3] - std::clamp(t, 0.03, 0.97) * bar[3];
    const int x = static_cast<int>(bar[0] + bar[2] / 2);
    const core::Rgb expected = *scene.runs[1 + m].color;
    EXPECT_EQ(expected, core::viridis(t));
    EXPECT_EQ(image.rgb(x, static_cast<int>(y)), (std::array<int, 3>{expected.r, expected.g, expected.b})) << "member " << m;
  }
  // Right of the bar, past its labels' room, is not viridis: nothing else of the bar is drawn there, and
  // the legend's rows end above it (no third row's marker where a K-line legend would put one).
  const int below = static_cast<int>(layout.textBox.bottom + 0.25 * fontPixels);  // above the bar's title
  int dark = 0;
  for (int x = static_cast<int>(layout.textBox.left); x < static_cast<int>(layout.textBox.left + fontPixels); ++x) {
    const auto rgb = image.rgb(x, below);
    if (rgb[0] + rgb[1] + rgb[2] < 150) ++dark;
  }
  EXPECT_EQ(dark, 0) << "no marker row below the sweep's row";
}

}  // namespace
}  // namespace gradscape::render::test
