// The mouse in the viewer's scene beyond orbiting: the hover readout (x, y, f, |grad f| from the core's
// surface), dragging a start marker in a 2-D pane (the run follows, recomputed), wheel zoom about the
// cursor, panning by dragging empty plot area, the double-click reset, and split's panes each keeping
// their own gestures. Checked on the `state` line against the core's exact numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "core/scene.hpp"
#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

std::vector<double> numbers(const std::string& text) {
  std::vector<double> values;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t comma = text.find(',', begin);
    values.push_back(std::stod(text.substr(begin, comma - begin)));
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  return values;
}

// hover=x,y,f,|grad f| as the core computes them at that (x, y).
std::vector<double> checkedHover(const ViewerState& state, const core::Surface& surface) {
  const std::vector<double> hover = numbers(state.view.at("hover"));
  EXPECT_EQ(hover.size(), 4u);
  if (hover.size() != 4) return {0, 0, 0, 0};
  const core::ValueAndGradient exact = surface.valueAndGradient(hover[0], hover[1]);
  EXPECT_EQ(hover[2], exact.value) << "f at the hovered point";
  EXPECT_EQ(hover[3], std::hypot(exact.dx, exact.dy)) << "|grad f| at the hovered point";
  return hover;
}

TEST(ViewerPlanInteraction, HoverDragZoomPanAndResetInTwoD) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  // The article's saddle (x, y in [-1, 1]); the 2-D plot area spans about x 530..1100, y 80..560 here.
  const ViewerRun run = runViewer(directory,
                                  "set view.mode 2d\nwait 5\n"
                                  "move 800 300\nwait 2\nstate\n"                 // 0: hover there
                                  "ctrl-click 800 300\nwait 5\nstate\n"           // 1: start placed there
                                  "drag 0 800 300 900 420\nwait 5\nstate\n"       // 2: marker dragged
                                  "move 700 250\nwait 2\nstate\n"                 // 3: hover before zoom
                                  "wheel 700 250 3\nwait 3\nstate\n"              // 4: zoomed about 700,250
                                  "move 760 300\nwait 2\nstate\n"                 // 5: hover before pan
                                  "drag 1 760 300 800 340\nwait 3\nstate\n"       // 6: panned by (40, 40)
                                  "screenshot zoomed.png\n"
                                  "double-click 760 300\nwait 3\nstate\n",        // 7: whole domain again
                                  {}, false, "1200x900");
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 8u) << run.describe();
  const core::Scene article = core::loadScene(std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/article.json");
  const core::Surface& surface = article.surface.surface;

  // Hover: the core's f and |grad f| at the point under the cursor, in the 2-D pane.
  const std::vector<double> hovered = checkedHover(run.states[0], surface);
  EXPECT_EQ(run.states[0].view.at("hover_view"), "2d");
  // ctrl+click places the start at that very point (the same pick).
  const auto placed = run.states[1].runPair(0, "start");
  EXPECT_EQ(placed.first, hovered[0]);
  EXPECT_EQ(placed.second, hovered[1]);

  // Dragging the marker: the start is the data point under the release pixel (the hover there), the run
  // was traced again from it, and the camera did not orbit.
  const auto dragged = run.states[2].runPair(0, "start");
  const std::vector<double> release = checkedHover(run.states[2], surface);
  EXPECT_EQ(dragged.first, release[0]);
  EXPECT_EQ(dragged.second, release[1]);
  EXPECT_GT(dragged.first, placed.first + 0.1);    // right on the screen: larger x
  EXPECT_LT(dragged.second, placed.second - 0.1);  // lower on the screen: smaller y
  EXPECT_NE(run.states[2].runs.at(0).at("final"), run.states[1].runs.at(0).at("final"));
  EXPECT_EQ(run.states[2].view.at("azimuth"), run.states[1].view.at("azimuth"));
  // 100 px right and 120 px down moved the start by as many pixels' data widths (the plot is ~570 px
  // wide for a span of 2): the pick follows the cursor linearly.
  const double perPixelX = (dragged.first - placed.first) / 100, perPixelY = (placed.second - dragged.second) / 120;
  EXPECT_NEAR(perPixelX / perPixelY, 1.0, 0.35);

  // Zoom about the cursor: a window inside the domain, the data point under the cursor stays under it.
  EXPECT_EQ(run.states[3].view.at("plan_window"), "none");
  const std::vector<double> beforeZoom = checkedHover(run.states[3], surface);
  const std::vector<double> window = numbers(run.states[4].view.at("plan_window"));
  ASSERT_EQ(window.size(), 4u) << run.states[4].view.at("plan_window");
  EXPECT_NEAR(window[1] - window[0], 2 * std::pow(0.8, 3), 1e-9);
  EXPECT_NEAR(window[3] - window[2], 2 * std::pow(0.8, 3), 1e-9);
  const std::vector<double> afterZoom = checkedHover(run.states[4], surface);
  EXPECT_NEAR(afterZoom[0], beforeZoom[0], 1e-9);
  EXPECT_NEAR(afterZoom[1], beforeZoom[1], 1e-9);
  EXPECT_EQ(run.states[4].view.at("distance"), run.states[3].view.at("distance")) << "the wheel zoomed the camera";

  // Pan: the point under the cursor at the press is under it at the release.
  const std::vector<double> grabbed = checkedHover(run.states[5], surface);
  const std::vector<double> dropped = checkedHover(run.states[6], surface);
  const double pixelWidth = (window[1] - window[0]) / 300;  // well over a pixel's data width (~570 px plot)
  EXPECT_NEAR(dropped[0], grabbed[0], pixelWidth);
  EXPECT_NEAR(dropped[1], grabbed[1], pixelWidth);
  EXPECT_NE(run.states[6].view.at("plan_window"), run.states[4].view.at("plan_window"));
  EXPECT_EQ(run.states[6].runPair(0, "start"), dragged) << "panning moved the start";

  // Double-click in the 2-D pane shows the whole domain again.
  EXPECT_EQ(run.states[7].view.at("plan_window"), "none");
}

TEST(ViewerPlanInteraction, SplitPanesKeepTheirOwnGesturesAndThreeDHovers) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  // Split at 1200x900: the scene is x 400..1200, the 3-D pane its left half (400..800).
  const ViewerRun run = runViewer(directory,
                                  "set view.mode split\nwait 5\nstate\n"    // 0
                                  "wheel 1000 300 2\nwait 3\nstate\n"       // 1: 2-D zooms, camera stays
                                  "wheel 600 300 2\nwait 3\nstate\n"        // 2: camera zooms, 2-D stays
                                  "drag 0 600 300 680 300\nwait 3\nstate\n" // 3: orbit, 2-D stays
                                  "drag 0 1000 300 1060 300\nwait 3\nstate\n" // 4: 2-D pans, camera stays
                                  "move 600 330\nwait 2\nstate\n",          // 5: hover on the 3-D surface
                                  {}, false, "1200x900");
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 6u) << run.describe();
  const core::Scene article = core::loadScene(std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/article.json");
  const core::Surface& surface = article.surface.surface;
  const auto& s = run.states;
  EXPECT_EQ(s[0].view.at("plan_window"), "none");
  EXPECT_NE(s[1].view.at("plan_window"), "none");
  EXPECT_EQ(s[1].view.at("distance"), s[0].view.at("distance"));
  EXPECT_NE(s[2].view.at("distance"), s[1].view.at("distance"));
  EXPECT_EQ(s[2].view.at("plan_window"), s[1].view.at("plan_window"));
  EXPECT_NE(s[3].view.at("azimuth"), s[2].view.at("azimuth"));
  EXPECT_EQ(s[3].view.at("plan_window"), s[2].view.at("plan_window"));
  EXPECT_NE(s[4].view.at("plan_window"), s[3].view.at("plan_window"));
  EXPECT_EQ(s[4].view.at("azimuth"), s[3].view.at("azimuth"));
  EXPECT_EQ(s[5].view.at("hover_view"), "3d");
  const std::vector<double> hover = checkedHover(s[5], surface);
  EXPECT_LE(std::abs(hover[0]), 1.0);
  EXPECT_LE(std::abs(hover[1]), 1.0);
}

TEST(ViewerPlanInteraction, ARecordedRunsStartRefusesToBeDragged) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  // First the data point under (815, 320) in the 2-D view; then a recorded run that starts there.
  const ViewerRun probe = runViewer(directory, "set view.mode 2d\nwait 5\nmove 815 320\nwait 2\nstate\n", {}, false);
  ASSERT_EQ(probe.process.exitCode, 0) << probe.describe();
  ASSERT_GE(probe.states.size(), 1u) << probe.describe();
  const std::vector<double> at = numbers(probe.states[0].view.at("hover"));
  ASSERT_EQ(at.size(), 4u);
  std::ofstream(directory / "recorded.json") << R"({"surface": "saddle", "runs": [{"points": [[)" << at[0] << ", " << at[1]
                                               << R"(], [0.1, 0.1]]}], "view": {"mode": "2d"}})";
  const ViewerRun run = runViewer(directory, "wait 5\nstate\ndrag 0 815 320 900 420\nwait 5\nstate\n",
                                  {(directory / "recorded.json").string()}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 2u) << run.describe();
  EXPECT_EQ(run.states[1].runPair(0, "start"), run.states[0].runPair(0, "start"));
  EXPECT_EQ(run.states[1].view.at("plan_window"), "none");
  EXPECT_NE(run.states[1].view.at("message").find("carries its points"), std::string::npos) << run.states[1].view.at("message");
}

}  // namespace
}  // namespace gradscape::testing
