// Resizing the real viewer window under Xvfb: through the script verb, from another X client, and
// through a window manager (openbox) that maximises, minimises and restores it; with partial
// presentation (glXCopySubBufferMESA) and without it (GRADSCAPE_SWAP=1). The viewer must live on, and
// its picture after a resize must fill the new size. X and GL errors provoked on purpose are logged once
// and the viewer goes on presenting whole frames.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

#define REQUIRE_XVFB() \
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed"

bool haveCommand(const std::string& name) { return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0; }

// What a resized window must show: the scene's rectangle (from the printed viewport) covered by the
// scene's own picture (its white background in every corner), and the surface's coloured pixels spread
// around the middle of that rectangle (not squeezed into the old size's corner).
void expectSceneFillsItsRectangle(const RgbaImage& image, const ViewerState& state, const std::string& what) {
  const PixelBox box = sceneBox(state, image.height);
  ASSERT_GT(box.x1 - box.x0, 100) << what;
  ASSERT_GT(box.y1 - box.y0, 100) << what;
  ASSERT_LE(box.x1, image.width) << what;
  ASSERT_LE(box.y1, image.height) << what;
  // The scene's background is white up to each corner of its rectangle: a back buffer left at the old
  // size leaves black or the window's dark background there, or the old picture's edge.
  const int patch = 30, inset = 4;
  const int corners[4][2] = {{box.x0 + inset, box.y0 + inset},
                             {box.x1 - inset - patch, box.y0 + inset},
                             {box.x0 + inset, box.y1 - inset - patch},
                             {box.x1 - inset - patch, box.y1 - inset - patch}};
  for (const auto& corner : corners) {
    const int white = countPixels(image, corner[0], corner[1], corner[0] + patch, corner[1] + patch,
                                  [](int r, int g, int b) { return r > 230 && g > 230 && b > 230; });
    EXPECT_GT(white, patch * patch * 8 / 10) << what << ": the scene's corner at " << corner[0] << "," << corner[1]
                                             << " is not its white background";
  }
  // The surface (coolwarm: saturated) lies around the scene's middle.
  int x0 = image.width, x1 = -1, y0 = image.height, y1 = -1;
  for (int y = box.y0; y < box.y1; ++y)
    for (int x = box.x0; x < box.x1; ++x) {
      const unsigned char* p = image.at(x, y);
      if (std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}) > 80) {
        x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
    }
  ASSERT_GE(x1, 0) << what << ": no surface colours in the scene";
  const double centreX = (x0 + x1) / 2.0, centreY = (y0 + y1) / 2.0;
  const double sceneX = (box.x0 + box.x1) / 2.0, sceneY = (box.y0 + box.y1) / 2.0;
  EXPECT_NEAR(centreX, sceneX, (box.x1 - box.x0) * 0.15) << what;
  EXPECT_NEAR(centreY, sceneY, (box.y1 - box.y0) * 0.2) << what;
  EXPECT_GT(x1 - x0, (box.x1 - box.x0) / 3) << what << ": the surface is too small for the scene";
}

void expectNoXError(const ViewerRun& run) {
  EXPECT_EQ(run.process.err.find("X Error"), std::string::npos) << run.describe();
  EXPECT_EQ(run.process.err.find("X error"), std::string::npos) << run.describe();
}

class ViewerResize : public ::testing::TestWithParam<bool> {};  // the parameter: GRADSCAPE_SWAP=1

TEST_P(ViewerResize, GrowingAndShrinkingThroughTheScriptKeepsTheViewerAndFillsTheWindow) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const std::vector<std::string> environment = GetParam() ? std::vector<std::string>{"GRADSCAPE_SWAP=1"}
                                                          : std::vector<std::string>{};
  const ViewerRun run = runViewer(directory,
                                  "wait 5\n"
                                  "resize 1200 901\n"  // one pixel is enough to kill the old viewer
                                  "resize 1400 1000\nwait 5\nstate\nscreenshot grown.png\n"
                                  "orbit 40 0\nstate\nscreenshot grown-orbit.png\n"
                                  "resize 900 640\nwait 5\nstate\nscreenshot shrunk.png\n",
                                  {}, false, "1200x900", environment);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  expectNoXError(run);
  ASSERT_GE(run.states.size(), 3u) << run.describe();
  const struct {
    const char* file;
    int width, height;
    std::size_t state;
  } shots[] = {{"grown.png", 1400, 1000, 0}, {"grown-orbit.png", 1400, 1000, 1}, {"shrunk.png", 900, 640, 2}};
  for (const auto& shot : shots) {
    const auto image = loadPng(directory / shot.file);
    ASSERT_TRUE(image) << shot.file;
    EXPECT_EQ(image->width, shot.width) << shot.file;
    EXPECT_EQ(image->height, shot.height) << shot.file;
    expectSceneFillsItsRectangle(*image, run.states[shot.state], shot.file);
  }
}

INSTANTIATE_TEST_SUITE_P(Presentation, ViewerResize, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "WholeFrameSwaps" : "PartialCopies"; });

// The script verb `provoke-error x|gl` makes the X server (BadWindow) or GL (GL_INVALID_ENUM) refuse a
// request, twice. Xlib's default handler would end the process; the viewer must log one line per kind,
// switch to whole-frame swaps and go on drawing the right picture.
class ViewerErrors : public ::testing::TestWithParam<const char*> {};

TEST_P(ViewerErrors, AreLoggedOnceAndTheViewerGoesOnWithWholeFrames) {
  REQUIRE_XVFB();
  const std::string kind = GetParam();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "wait 5\nstate\nprovoke-error " + kind + "\nprovoke-error " + kind +
                                      "\nwait 5\nstate\norbit 40 0\nwait 5\nstate\nscreenshot after.png\n",
                                  {}, false, "1200x900");
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 3u) << run.describe();  // and the one printed when the script ends
  EXPECT_EQ(run.states[0].view.at("presentation"), "rectangles") << run.describe();
  EXPECT_EQ(run.states[1].view.at("presentation"), "swaps") << run.describe();
  const std::string line = kind == "x" ? "gradscape: X error BadWindow" : "gradscape: GL error GL_INVALID_ENUM";
  const std::string& err = run.process.err;
  const auto first = err.find(line);
  ASSERT_NE(first, std::string::npos) << run.describe();
  EXPECT_EQ(err.find(line, first + 1), std::string::npos) << "logged more than once: " << run.describe();
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << run.describe();
  EXPECT_EQ(err.find("X Error of failed request"), std::string::npos) << run.describe();
  // The picture after the error and an orbit is the scene, whole, at the orbited camera.
  EXPECT_NE(run.states[2].view.at("azimuth"), run.states[1].view.at("azimuth"));
  const auto image = loadPng(directory / "after.png");
  ASSERT_TRUE(image);
  expectSceneFillsItsRectangle(*image, run.states[2], "after.png");
}

INSTANTIATE_TEST_SUITE_P(Provoked, ViewerErrors, ::testing::Values("x", "gl"),
                         [](const auto& info) { return std::string(info.param) == "x" ? "X" : "Gl"; });

// Runs the viewer with `script` and, on the same display, `control` (shell lines with $window set to the
// viewer's window), optionally under openbox. The script waits with `wait-drop`; the control lines end
// with a drop (tests/app/xdnd_drop_source.cpp) that lets it go on.
ViewerRun runViewerControlledFromOutside(const std::filesystem::path& directory, const std::string& script,
                                         const std::string& control, bool windowManager) {
  std::ofstream(directory / "script.txt") << script;
  std::ofstream(directory / "go.txt") << "go\n";
  std::ostringstream shell;
  if (windowManager) shell << "openbox --sm-disable >/dev/null 2>&1 &\nwm=$!\nsleep 0.5\n";
  shell << "env XDG_CONFIG_HOME=" << shellQuoted((directory / "config").string()) << " XDG_STATE_HOME="
        << shellQuoted((directory / "state").string()) << " " << shellQuoted(GRADSCAPE_BINARY) << " view --script "
        << shellQuoted((directory / "script.txt").string()) << " --size 1200x900 &\n"
        << "viewer=$!\n"
        << "window=$(xdotool search --sync --onlyvisible --name '^gradscape$' | head -1)\n"
        << control << "\n"
        << shellQuoted(GRADSCAPE_XDND_DROP_SOURCE) << " --name gradscape --timeout 15 "
        << shellQuoted((directory / "go.txt").string()) << " >/dev/null || kill $viewer\n"
        << "wait $viewer\nstatus=$?\n";
  if (windowManager) shell << "kill $wm 2>/dev/null\n";
  shell << "exit $status\n";
  std::ofstream(directory / "run.sh") << shell.str();
  ViewerRun run;
  run.directory = directory;
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(directory);
  run.process =
      runProcess({"xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -noreset", "sh", (directory / "run.sh").string()});
  std::filesystem::current_path(cwd);
  readViewerOutput(run);
  return run;
}

TEST(ViewerResizeFromOutside, GrowingThroughTheXServerKeepsTheViewerAndFillsTheWindow) {
  REQUIRE_XVFB();
  if (!haveCommand("xdotool")) GTEST_SKIP() << "xdotool is not installed";
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewerControlledFromOutside(
      directory, "wait-drop 30\nwait 5\nstate\nscreenshot grown.png\n",
      "xdotool windowsize $window 1400 1000\nsleep 0.5\nxdotool windowsize $window 1300 950\nsleep 0.5", false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  expectNoXError(run);
  ASSERT_EQ(run.states.size(), 2u) << run.describe();
  const auto image = loadPng(directory / "grown.png");
  ASSERT_TRUE(image);
  EXPECT_EQ(image->width, 1300);
  EXPECT_EQ(image->height, 950);
  expectSceneFillsItsRectangle(*image, run.states[0], "grown.png");
}

TEST(ViewerResizeFromOutside, MaximiseMinimiseAndRestoreUnderAWindowManager) {
  REQUIRE_XVFB();
  if (!haveCommand("xdotool") || !haveCommand("openbox")) GTEST_SKIP() << "xdotool or openbox is not installed";
  const auto directory = viewerTestDirectory();
  const std::string state = shellQuoted(GRADSCAPE_X_WINDOW_STATE);
  const ViewerRun run = runViewerControlledFromOutside(
      directory, "wait-drop 30\nwait 5\nstate\nscreenshot restored.png\n",
      state + " $window maximize\nsleep 0.7\nxdotool windowminimize --sync $window\nsleep 0.5\n"
              "xdotool windowactivate --sync $window\nsleep 0.5\n" +
          state + " $window restore\nsleep 0.5\n" + state + " $window maximize\nsleep 0.7",
      true);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  expectNoXError(run);
  ASSERT_EQ(run.states.size(), 2u) << run.describe();
  const auto image = loadPng(directory / "restored.png");
  ASSERT_TRUE(image);
  // Maximised on a 1600x1000 screen: larger than the 1200x900 it started at.
  EXPECT_GT(image->width, 1200) << run.describe();
  EXPECT_GT(image->height, 900) << run.describe();
  expectSceneFillsItsRectangle(*image, run.states[0], "restored.png");
}

}  // namespace
}  // namespace gradscape::testing
