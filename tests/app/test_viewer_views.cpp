// The viewer's 3-D, 2-D and split views: V steps through them (as the panel and `set view.mode` do), the
// 2-D pane shows the contour fill in the scene's area, and ctrl+click in a 2-D pane puts the selected
// run's start at the data point under the cursor (the pick itself is checked exactly in
// tests/render/test_plan_pick.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

// Distinct saturated colours in the scene rectangle: the 2-D fill shows several bands at once.
std::size_t saturatedColours(const RgbaImage& image, const PixelBox& box) {
  std::set<int> colours;
  for (int y = box.y0; y < box.y1; y += 2)
    for (int x = box.x0; x < box.x1; x += 2) {
      const unsigned char* p = image.at(x, y);
      if (std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}) > 60) colours.insert(p[0] << 16 | p[1] << 8 | p[2]);
    }
  return colours.size();
}

TEST(ViewerViews, VStepsThroughTheViewsAndCtrlClickInTwoDPlacesTheStart) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  // Scene centre in window coordinates for 1200x900: the panel takes the left third, plots the bottom.
  const ViewerRun run = runViewer(directory,
                                  "state\nscreenshot three.png\n"
                                  "key v\nwait 10\nstate\nscreenshot two.png\n"
                                  "key v\nwait 10\nstate\n"
                                  "key v\nwait 10\nstate\n"
                                  "set view.mode 2d\nwait 5\nctrl-click 760 300\nwait 5\nstate\n"
                                  "ctrl-click 900 450\nwait 5\nstate\n",
                                  {}, false, "1200x900");
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 6u) << run.describe();
  const char* const views[] = {"3d", "2d", "split", "3d", "2d"};
  for (std::size_t i = 0; i < std::size(views); ++i) EXPECT_EQ(run.states[i].view.at("view"), views[i]) << "state " << i;

  // The 2-D view fills the scene rectangle with contour bands (the saddle has 8): at least 5 saturated
  // colours, and the picture differs from the 3-D one over a fifth of the scene or more.
  const auto three = loadPng(directory / "three.png"), two = loadPng(directory / "two.png");
  ASSERT_TRUE(three && two);
  const PixelBox box = sceneBox(run.states[1], two->height);
  EXPECT_GE(saturatedColours(*two, box), 5u);
  EXPECT_GT(countDifferent(*three, *two, box.x0, box.y0, box.x1, box.y1), (box.x1 - box.x0) * (box.y1 - box.y0) / 5);

  // Two ctrl+clicks in 2-D: the start follows the cursor (right: larger x; lower: smaller y), inside the
  // domain, off the grid's vertices (exact data coordinates, not a snapped vertex).
  const auto first = run.states[4].runPair(0, "start"), second = run.states[5].runPair(0, "start");
  EXPECT_NE(first, (std::pair<double, double>{1, 0})) << run.describe();
  EXPECT_GT(second.first, first.first);
  EXPECT_LT(second.second, first.second);
  for (const auto& start : {first, second}) {
    EXPECT_GT(start.first, -1);
    EXPECT_LT(start.first, 1);
    EXPECT_GT(start.second, -1);
    EXPECT_LT(start.second, 1);
    EXPECT_NE(std::fmod(start.first * 40, 1.0), 0.0) << "a grid vertex of the 81x81 grid";
  }
}

}  // namespace
}  // namespace gradscape::testing
