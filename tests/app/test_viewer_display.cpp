// The viewer's display controls (View section; `set render.*` in scripts): hidden paths drawn faintly or
// left out, the colour scale and the colour bar, as the scene's render keys say and the state line reports.
// Rows W1-W4 of docs/bad-input.md: a `set render.*` line with a bad value ends the script there (checked
// against the table with the app tier's other rows in test_viewer_map_bad_input.cpp).
#include <gtest/gtest.h>

#include <string>

#include "core/test_bad_input_table.hpp"
#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

using bad_input::expectRow;

TEST(ViewerDisplay, HiddenPathsColourScaleAndColourBarFollowTheScene) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  // rastrigin-traps.json says "hidden_paths": "faint": its three paths sit in valleys behind peaks.
  const ViewerRun run = runViewer(directory,
                                  "pause\nwait 5\nstate\nscreenshot faint.png\n"
                                  "set render.hidden_paths hide\nwait 5\nstate\nscreenshot hide.png\n"
                                  "set render.color_scale log\nset render.colorbar true\nwait 5\nstate\nscreenshot bar.png\n"
                                  "set render.colorbar auto\nset render.color_scale symlog\nset render.symlog_threshold 0.5\n"
                                  "save saved.json\nstate\n",
                                  {GRADSCAPE_SOURCE_DIR "/assets/scenes/rastrigin-traps.json"}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 4u) << run.describe();
  EXPECT_EQ(run.states[0].view.at("hidden_paths"), "faint");
  EXPECT_EQ(run.states[1].view.at("hidden_paths"), "hide");
  EXPECT_EQ(run.states[1].view.at("color_scale"), "linear");
  EXPECT_EQ(run.states[1].view.at("colorbar"), "auto");
  EXPECT_EQ(run.states[2].view.at("color_scale"), "log");
  EXPECT_EQ(run.states[2].view.at("colorbar"), "true");
  EXPECT_EQ(run.states[3].view.at("color_scale"), "symlog");
  EXPECT_EQ(run.states[3].view.at("colorbar"), "auto");

  const auto faint = loadPng(directory / "faint.png"), hide = loadPng(directory / "hide.png"), bar = loadPng(directory / "bar.png");
  ASSERT_TRUE(faint && hide && bar);
  const PixelBox box = sceneBox(run.states[0], faint->height);
  const int area = (box.x1 - box.x0) * (box.y1 - box.y0);
  // Faint draws the hidden parts of the three paths and markers over the surface: some pixels (not none),
  // and only path-sized amounts (not a changed surface).
  const int xray = countDifferent(*faint, *hide, box.x0, box.y0, box.x1, box.y1);
  EXPECT_GT(xray, 40) << "no hidden path part drawn faintly";
  EXPECT_LT(xray, area / 100) << "more than the paths changed";
  // Log colour recolours the whole surface, and the colour bar appears at the scene's left.
  EXPECT_GT(countDifferent(*hide, *bar, box.x0, box.y0, box.x1, box.y1), area / 10);

  // A scene saved afterwards carries what the viewer shows.
  std::ifstream saved(directory / "saved.json");
  const std::string text{std::istreambuf_iterator<char>(saved), std::istreambuf_iterator<char>()};
  EXPECT_NE(text.find("\"color_scale\": \"symlog\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"symlog_threshold\": 0.5"), std::string::npos) << text;
  EXPECT_EQ(text.find("hidden_paths"), std::string::npos) << "hide is the default and is not written";
}

void expectDisplayFieldRejected(const std::string& id, const std::string& line, const std::string& message) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory, line + "\n", {}, false);
  expectRow(id, run.process, directory.string(), message, 1);
}

BAD_INPUT_ROW("W1", W1_UnknownColourScale) {
  expectDisplayFieldRejected("W1", "set render.color_scale log10",
                             "gradscape: $DIR/script.txt:1: render.color_scale: expected linear, log or symlog, got 'log10'");
}
BAD_INPUT_ROW("W2", W2_ColourBarNotABoolean) {
  expectDisplayFieldRejected("W2", "set render.colorbar yes",
                             "gradscape: $DIR/script.txt:1: render.colorbar: expected true, false or auto, got 'yes'");
}
BAD_INPUT_ROW("W3", W3_SymlogThresholdNotPositive) {
  expectDisplayFieldRejected("W3", "set render.symlog_threshold 0",
                             "gradscape: $DIR/script.txt:1: render.symlog_threshold: expected a positive number or auto, got '0'");
}
BAD_INPUT_ROW("W4", W4_UnknownHiddenPathsMode) {
  expectDisplayFieldRejected("W4", "set render.hidden_paths xray",
                             "gradscape: $DIR/script.txt:1: render.hidden_paths: expected hide or faint, got 'xray'");
}

}  // namespace
}  // namespace gradscape::testing
