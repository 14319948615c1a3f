// The real viewer window under Xvfb, driven by scripts: what is on screen and what the state says.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

constexpr int kWindowWidth = 1200, kWindowHeight = 900;

#define REQUIRE_XVFB() \
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed"

// coolwarm's warm and cool ends as the surface shows them (never the white background or grey UI).
bool warmSurface(int r, int g, int b) { return r > 150 && r > g + 40 && r > b + 40; }
bool coolSurface(int r, int g, int b) { return b > 150 && b > r + 40 && b > g + 20; }
// ImGui's dark window colour, which the panel and plots windows show (the window is cleared to it).
bool panelBackground(int r, int g, int b) { return std::abs(r - 15) <= 3 && std::abs(g - 15) <= 3 && std::abs(b - 15) <= 3; }
// ImGui's dark style: frames and headers are blue-grey with blue dominant.
bool imguiWidget(int r, int g, int b) { return b > r + 25 && b > g + 10 && b > 60 && r < 120; }

TEST(ViewerWindow, ScreenshotShowsPanelAndScene) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory, "state\n");
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_FALSE(run.states.empty()) << run.describe();
  const auto image = loadPng(directory / "final.png");
  ASSERT_TRUE(image) << "no screenshot";
  ASSERT_EQ(image->width, kWindowWidth);
  ASSERT_EQ(image->height, kWindowHeight);

  const PixelBox scene = sceneBox(run.states.back(), kWindowHeight);
  ASSERT_GT(scene.x0, 200) << "the panel sits left of the scene";
  ASSERT_GT(scene.x1 - scene.x0, 500);
  ASSERT_GT(scene.y1 - scene.y0, 400);

  // Panel: its dark background over much of it, and ImGui's blue widgets.
  const int panelArea = (scene.x0 - 20) * kWindowHeight;
  const int background = countPixels(*image, 0, 0, scene.x0 - 20, kWindowHeight, panelBackground);
  const int widgets = countPixels(*image, 0, 0, scene.x0 - 20, kWindowHeight, imguiWidget);
  EXPECT_GT(background, panelArea / 5) << "panel background pixels";
  EXPECT_GT(widgets, panelArea / 10) << "panel widget pixels";
  // ... and none of that inside the scene, which is the article's white figure with a coolwarm saddle.
  const int sceneArea = (scene.x1 - scene.x0) * (scene.y1 - scene.y0);
  EXPECT_LT(countPixels(*image, scene.x0, scene.y0, scene.x1, scene.y1, panelBackground), sceneArea / 100);
  EXPECT_GT(countPixels(*image, scene.x0, scene.y0, scene.x1, scene.y1, warmSurface), 5000) << "warm surface";
  EXPECT_GT(countPixels(*image, scene.x0, scene.y0, scene.x1, scene.y1, coolSurface), 5000) << "cool surface";
  EXPECT_GT(countPixels(*image, scene.x0, scene.y0, scene.x1, scene.y1,
                        [](int r, int g, int b) { return r > 250 && g > 250 && b > 250; }),
            sceneArea / 4)
      << "white figure background";
  // The plots below the scene: white plot areas with the runs' blue and red curves.
  const int plotsTop = scene.y1 + 20;
  EXPECT_GT(countPixels(*image, scene.x0, plotsTop, scene.x1, kWindowHeight,
                        [](int r, int g, int b) { return r > 250 && g > 250 && b > 250; }),
            20000)
      << "plot areas";
  EXPECT_GT(countPixels(*image, scene.x0, plotsTop, scene.x1, kWindowHeight,
                        [](int r, int g, int b) { return r > 200 && g < 80 && b < 80; }),
            100)
      << "red run in the plots";
}

TEST(ViewerWindow, OrbitDragsChangeAzimuthAndElevation) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "state\n"
                                  "screenshot before.png\n"
                                  "orbit 100 0\n"          // right: azimuth falls (0.3 degree per pixel)
                                  "state\n"
                                  "screenshot after.png\n"
                                  "orbit 0 -50\n"          // up: elevation falls
                                  "state\n"
                                  "orbit 0 -1000\n"        // clamped at -90
                                  "state\n"
                                  "drag 0 300 470 250 560\n"  // starts on the panel (a label): the scene must not move
                                  "state\n"
                                  "drag 0 800 300 100 300\n"  // starts in the scene, released over the panel
                                  "move 900 300\n"
                                  "move 1000 320\n"           // no button: the drag must have ended
                                  "state\n"
                                  "key r\n"                   // back to the scene's camera
                                  "state\n",
                                  {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 7u) << run.describe();
  EXPECT_DOUBLE_EQ(run.states[0].number("azimuth"), 120);
  EXPECT_DOUBLE_EQ(run.states[0].number("elevation"), 37);
  EXPECT_NEAR(run.states[1].number("azimuth"), 90, 1e-9);
  EXPECT_NEAR(run.states[1].number("elevation"), 37, 1e-9);
  EXPECT_NEAR(run.states[2].number("azimuth"), 90, 1e-9);
  EXPECT_NEAR(run.states[2].number("elevation"), 22, 1e-9);
  EXPECT_NEAR(run.states[3].number("elevation"), -90, 1e-9);
  // The drag that began over the panel never reached the scene.
  EXPECT_NEAR(run.states[4].number("azimuth"), 90, 1e-9);
  EXPECT_NEAR(run.states[4].number("elevation"), -90, 1e-9);
  // A drag of -700 px: azimuth 90 + 210 = 300 -> -60 (wrapped); then moves without a button change nothing.
  EXPECT_NEAR(run.states[5].number("azimuth"), -60, 1e-9);
  EXPECT_NEAR(run.states[6].number("azimuth"), 120, 1e-9);
  EXPECT_NEAR(run.states[6].number("elevation"), 37, 1e-9);

  const auto before = loadPng(directory / "before.png");
  const auto after = loadPng(directory / "after.png");
  ASSERT_TRUE(before && after);
  const PixelBox scene = sceneBox(run.states[0], kWindowHeight);
  EXPECT_GT(countDifferent(*before, *after, scene.x0, scene.y0, scene.x1, scene.y1), 20000) << "the view turned";
}

TEST(ViewerWindow, WheelZoomsAndRightDragPans) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "zoom 2\n"
                                  "state\n"
                                  "pan 80 -40\n"
                                  "state\n"
                                  "double-click\n"
                                  "state\n",
                                  {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 3u);
  EXPECT_NEAR(run.states[0].number("distance"), 10 * 0.9 * 0.9, 1e-9);
  const std::string pan = run.states[1].view.at("pan");
  const double panX = std::stod(pan.substr(0, pan.find(','))), panY = std::stod(pan.substr(pan.find(',') + 1));
  EXPECT_GT(panX, 0.05) << "dragging right moves the picture right";
  EXPECT_GT(panY, 0.02) << "dragging up moves the picture up";
  EXPECT_NEAR(run.states[1].number("azimuth"), 120, 1e-9) << "a right drag does not orbit";
  EXPECT_EQ(run.states[2].view.at("pan"), "0,0") << "double-click resets the view";
  EXPECT_NEAR(run.states[2].number("distance"), 10, 1e-9);
}

TEST(ViewerWindow, EditingLrOrStartChangesTrajectoriesInTheSameFrame) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "state\n"
                                  "screenshot before.png\n"
                                  "set runs[0].lr 0.05\n"
                                  "state\n"  // printed at the end of the frame that made the edit
                                  "set runs[1].start 0.5 -0.5\n"
                                  "state\n"
                                  "screenshot after.png\n",
                                  {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 3u) << run.describe();
  const ViewerState& before = run.states[0];
  const ViewerState& lrEdited = run.states[1];
  const ViewerState& startEdited = run.states[2];
  EXPECT_EQ(before.runs.at(0).at("lr"), "0.01");
  EXPECT_EQ(lrEdited.runs.at(0).at("lr"), "0.05");
  // SGD on x^2 - y^2 from (1, 0): x_k = (1 - 2 lr)^k.
  EXPECT_NEAR(lrEdited.runPair(0, "final").first, std::pow(1 - 2 * 0.05, 200), 1e-12);
  EXPECT_NEAR(before.runPair(0, "final").first, std::pow(1 - 2 * 0.01, 200), 1e-12);
  // Only the edited run was recomputed: run 1 is as before.
  EXPECT_EQ(lrEdited.runs.at(1).at("final"), before.runs.at(1).at("final"));
  EXPECT_EQ(startEdited.runs.at(1).at("start"), "0.5,-0.5");
  EXPECT_NE(startEdited.runs.at(1).at("final"), before.runs.at(1).at("final"));
  EXPECT_NEAR(startEdited.runPair(1, "final").first, 0.5 * std::pow(1 - 2 * 0.01, 200), 1e-12);

  const auto imageBefore = loadPng(directory / "before.png");
  const auto imageAfter = loadPng(directory / "after.png");
  ASSERT_TRUE(imageBefore && imageAfter);
  const PixelBox scene = sceneBox(before, kWindowHeight);
  EXPECT_GT(countDifferent(*imageBefore, *imageAfter, scene.x0, scene.y0, scene.x1, scene.y1), 300)
      << "the paths on the surface moved";
}

TEST(ViewerWindow, CtrlClickPutsTheStartOnThePickedSurfacePoint) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  // One run in pure green (a colour coolwarm never has), shown at iteration 0 so only its start marker
  // is drawn; then ctrl+click in the middle of the scene, where the saddle is.
  const ViewerRun first = runViewer(directory, "state\n", {}, false);
  ASSERT_EQ(first.process.exitCode, 0) << first.describe();
  const PixelBox scene = sceneBox(first.states.at(0), kWindowHeight);
  const int clickX = (scene.x0 + scene.x1) / 2 + 30, clickY = (scene.y0 + scene.y1) / 2 + 40;
  const std::string script = "remove-run 1\n"
                             "set runs[0].color #00ff00\n"
                             "scrub 0\n"
                             "state\n"
                             "screenshot before.png\n"
                             "ctrl-click " + std::to_string(clickX) + " " + std::to_string(clickY) + "\n"
                             "scrub 0\n"
                             "state\n"
                             "screenshot after.png\n"
                             "ctrl-click " + std::to_string(scene.x0 + 5) + " " + std::to_string(scene.y1 - 5) + "\n"
                             "state\n";
  const ViewerRun run = runViewer(directory, script, {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 3u) << run.describe();
  EXPECT_EQ(run.states[0].runs.at(0).at("start"), "1,0");
  const auto [x, y] = run.states[1].runPair(0, "start");
  EXPECT_NE(run.states[1].runs.at(0).at("start"), "1,0") << "ctrl+click moved the start";
  EXPECT_TRUE(x > -1 && x < 1 && y > -1 && y < 1) << "start " << x << "," << y << " is on the surface";
  EXPECT_EQ(run.states[1].view.at("frame"), "0");
  // A ctrl+click on the empty corner of the figure misses the surface: the start stays.
  EXPECT_EQ(run.states[2].runs.at(0).at("start"), run.states[1].runs.at(0).at("start"));
  EXPECT_NE(run.states[2].view.at("message").find("no surface"), std::string::npos);

  // The run's start marker is now drawn where the person clicked, and was not there before.
  const auto before = loadPng(directory / "before.png");
  const auto after = loadPng(directory / "after.png");
  ASSERT_TRUE(before && after);
  const auto green = [](int r, int g, int b) { return g > 150 && r < 110 && b < 110; };
  EXPECT_EQ(countPixels(*before, clickX - 8, clickY - 8, clickX + 9, clickY + 9, green), 0);
  EXPECT_GT(countPixels(*after, clickX - 8, clickY - 8, clickX + 9, clickY + 9, green), 6)
      << "start marker at the clicked pixel";
}

TEST(ViewerWindow, ScrubbingStepsAndKeysChangeWhatIsDrawn) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "scrub 0\n"
                                  "state\n"
                                  "screenshot first.png\n"
                                  "scrub 120\n"
                                  "state\n"
                                  "screenshot middle.png\n"
                                  "step 3\n"
                                  "state\n"
                                  "step -1\n"
                                  "state\n"
                                  "key home\n"
                                  "state\n"
                                  "key end\n"
                                  "state\n"
                                  "key space\n"   // at the end, play starts over
                                  "wait 10\n"
                                  "state\n"
                                  "key space\n"
                                  "state\n",
                                  {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 8u) << run.describe();
  EXPECT_EQ(run.states[0].view.at("frame"), "0");
  EXPECT_EQ(run.states[1].view.at("frame"), "120");
  EXPECT_EQ(run.states[2].view.at("frame"), "123");
  EXPECT_EQ(run.states[3].view.at("frame"), "122");
  EXPECT_EQ(run.states[4].view.at("frame"), "0");
  EXPECT_EQ(run.states[5].view.at("frame"), "200");
  EXPECT_EQ(run.states[6].view.at("playing"), "1");
  const double playedTo = run.states[6].number("frame");
  EXPECT_GT(playedTo, 5);
  EXPECT_LT(playedTo, 20);
  EXPECT_EQ(run.states[7].view.at("playing"), "0");

  const auto first = loadPng(directory / "first.png");
  const auto middle = loadPng(directory / "middle.png");
  ASSERT_TRUE(first && middle);
  const PixelBox scene = sceneBox(run.states[0], kWindowHeight);
  EXPECT_GT(countDifferent(*first, *middle, scene.x0, scene.y0, scene.x1, scene.y1), 300) << "paths grew";
  // The plots' cursor moved too.
  EXPECT_GT(countDifferent(*first, *middle, scene.x0, scene.y1, scene.x1, kWindowHeight), 50) << "plot cursor moved";
}

TEST(ViewerWindow, ClickingAPlotScrubsThere) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun first = runViewer(directory, "state\n", {}, false);
  ASSERT_EQ(first.process.exitCode, 0) << first.describe();
  const PixelBox scene = sceneBox(first.states.at(0), kWindowHeight);
  // The x plot is the left third of the strip under the scene; click a quarter of the way along it.
  const int plotLeft = scene.x0 + 8, plotRight = scene.x0 + (scene.x1 - scene.x0) / 3 - 4;
  const int clickX = plotLeft + (plotRight - plotLeft) / 4;
  const int clickY = (scene.y1 + kWindowHeight) / 2;
  const ViewerRun run = runViewer(directory, "click " + std::to_string(clickX) + " " + std::to_string(clickY) + "\nstate\n", {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  const double frame = run.states.at(0).number("frame");
  EXPECT_NEAR(frame, 50, 8) << "a quarter of 200 iterations";
}

TEST(ViewerWindow, ExpressionErrorsShowTheColumnAndKeepTheLastValidSurface) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "expect-error column\n"
                                  "set surface.expression x^2 + (y\n"
                                  "state\n"
                                  "set surface.expression x^2 + y^2\n"
                                  "state\n",
                                  {}, true);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 2u);
  EXPECT_EQ(run.states[0].view.at("surface"), "saddle") << "the last valid surface stays";
  EXPECT_NE(run.states[0].view.at("expression_error").find("column"), std::string::npos);
  EXPECT_EQ(run.states[1].view.at("surface"), "x^2 + y^2");
  EXPECT_EQ(run.states[1].view.at("expression_error"), "");
  // On a bowl, SGD from (1, 0.25) no longer runs away along y.
  EXPECT_LT(std::abs(run.states[1].runPair(1, "final").second), 0.25);
}

// Through the real widget: click the f(x, y) field, select all, type. Every keystroke is parsed.
TEST(ViewerWindow, TypingAnExpressionParsesAsYouType) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "orbit 50 0\n"
                                  "click 100 89\n"       // the f(x, y) field, second row of the Surface section
                                  "key ctrl+a\n"
                                  "type x^2 + (y\n"
                                  "state\n"
                                  "screenshot typing.png\n"
                                  "type )\n"
                                  "state\n"
                                  "key r\n"              // the field has the keyboard: R must not reset the camera
                                  "state\n",
                                  {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 3u) << run.describe();
  // The last prefix that parsed ("x^2 ") is on screen; the error names the column.
  EXPECT_EQ(run.states[0].view.at("surface").rfind("x^2", 0), 0u) << run.states[0].view.at("surface");
  EXPECT_NE(run.states[0].view.at("expression_error").find("column"), std::string::npos)
      << run.states[0].view.at("expression_error");
  EXPECT_EQ(run.states[1].view.at("surface"), "x^2 + (y)");
  EXPECT_EQ(run.states[1].view.at("expression_error"), "");
  EXPECT_NEAR(run.states[2].number("azimuth"), 105, 1e-9) << "R reached the scene while a text field was active";
  // The error is shown inline, in the panel, in the error colour.
  const auto shot = loadPng(directory / "typing.png");
  ASSERT_TRUE(shot);
  EXPECT_GT(countPixels(*shot, 0, 95, 380, 140, [](int r, int g, int b) { return r > 200 && g < 150 && b < 140; }), 30)
      << "error text under the field";
}

TEST(ViewerWindow, OpeningABadSceneKeepsTheCurrentOneAndSaysWhy) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  std::ofstream(directory / "bad.json") << R"({"surface": "saddle", "runs": [{"start": [1]}]})";
  std::ofstream(directory / "good.json")
      << R"({"surface": "quadratic", "runs": [{"start": [0.5, 0.5], "optimizer": {"name": "adam", "lr": 0.1}}]})";
  const ViewerRun run = runViewer(directory,
                                  "expect-error runs[0].start\n"
                                  "open " + (directory / "bad.json").string() + "\n"
                                  "state\n"
                                  "open " + (directory / "good.json").string() + "\n"
                                  "state\n"
                                  "save " + (directory / "saved.json").string() + "\n",
                                  {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 2u);
  EXPECT_EQ(run.states[0].view.at("runs"), "2");
  EXPECT_EQ(run.states[0].view.at("surface"), "saddle");
  EXPECT_NE(run.states[0].view.at("message").find("kept the current scene"), std::string::npos);
  EXPECT_EQ(run.states[1].view.at("surface"), "quadratic");
  EXPECT_EQ(run.states[1].runs.at(0).at("optimizer"), "adam");
  std::ifstream saved(directory / "saved.json");
  const std::string text((std::istreambuf_iterator<char>(saved)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"quadratic\""), std::string::npos);
  EXPECT_NE(text.find("\"adam\""), std::string::npos);
}

TEST(ViewerWindow, ExportAndRecordWriteFilesThroughTheEncoders) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "export " + (directory / "out.gif").string() + " 240x180\n"
                                  "export-png " + (directory / "still.png").string() + " 300x200\n"
                                  "record start " + (directory / "rec.gif").string() + " 200x150\n"
                                  "orbit 60 0\n"
                                  "play 30\n"
                                  "record stop\n"
                                  "record start " + (directory / "scene.gif").string() + "\n"
                                  "orbit 60 0\n"
                                  "record stop\n"
                                  "state\n",
                                  {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  std::ifstream gif(directory / "out.gif", std::ios::binary);
  char header[6] = {};
  gif.read(header, 6);
  EXPECT_EQ(std::string(header, 6), "GIF89a");
  const auto still = loadPng(directory / "still.png");
  ASSERT_TRUE(still);
  EXPECT_EQ(still->width, 300);
  EXPECT_EQ(still->height, 200);
  EXPECT_GT(countPixels(*still, 0, 0, 300, 200, warmSurface), 200);
  // Recorded: 1 + 1 + 8 + 1 + 20 frames of orbit, then 30 of play, at the script's 60 Hz clock -> ~31 frames at
  // 30 fps; the second recording, the orbit alone -> ~16.
  std::vector<int> recordedFrames;
  for (const auto& line : run.lines) {
    if (line.rfind("recorded ", 0) != 0) continue;
    const auto at = line.find(" s, ");
    ASSERT_NE(at, std::string::npos) << line;
    recordedFrames.push_back(std::stoi(line.substr(at + 4)));
  }
  ASSERT_EQ(recordedFrames.size(), 2u) << run.describe();
  EXPECT_GE(recordedFrames[0], 28);
  EXPECT_LE(recordedFrames[0], 34);
  EXPECT_GE(recordedFrames[1], 13);
  EXPECT_LE(recordedFrames[1], 19);
  EXPECT_GT(std::filesystem::file_size(directory / "rec.gif"), 1000u);
  // Without a size: the scene's size in the window (its picture is read back, not drawn again).
  const PixelBox scene = sceneBox(run.states.at(0), kWindowHeight);
  std::ifstream sceneGif(directory / "scene.gif", std::ios::binary);
  unsigned char screen[10] = {};
  sceneGif.read(reinterpret_cast<char*>(screen), 10);
  ASSERT_TRUE(sceneGif) << run.describe();
  EXPECT_EQ(screen[6] | screen[7] << 8, (scene.x1 - scene.x0) / 2 * 2);
  EXPECT_EQ(screen[8] | screen[9] << 8, (scene.y1 - scene.y0) / 2 * 2);
  EXPECT_GT(std::filesystem::file_size(directory / "scene.gif"), 10000u) << "the surface, not a blank picture";
}

TEST(ViewerWindow, SettingsPersistBetweenRuns) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun first = runViewer(directory, "set overlay true\nset playback.speed 25\nkey f1\nstate\n", {}, true);
  ASSERT_EQ(first.process.exitCode, 0) << first.describe();
  EXPECT_EQ(first.states.at(0).view.at("help"), "1");
  EXPECT_TRUE(std::filesystem::exists(directory / "config/gradscape/settings.json"));
  EXPECT_TRUE(std::filesystem::exists(directory / "config/gradscape/imgui.ini"));
  const ViewerRun second = runViewer(directory, "state\n", {}, false);
  ASSERT_EQ(second.process.exitCode, 0) << second.describe();
  EXPECT_EQ(second.states.at(0).view.at("overlay"), "1");
  EXPECT_EQ(second.states.at(0).view.at("speed"), "25");
  // The frame-time overlay is drawn in the scene's top-right corner.
  const auto shot = loadPng(directory / "final.png");
  ASSERT_TRUE(shot);
  const PixelBox scene = sceneBox(first.states.at(0), kWindowHeight);
  EXPECT_GT(countPixels(*shot, scene.x1 - 260, scene.y0, scene.x1, scene.y0 + 90,
                        [](int r, int g, int b) { return r < 90 && g < 90 && b < 90; }),
            3000)
      << "overlay box";
}

// The window keeps its back buffer and repaints only what changed; the same script through the
// whole-frame path (GRADSCAPE_SWAP=1) must end on the same picture, or partial redraws left traces.
TEST(ViewerWindow, PartialRedrawsMatchWholeFrameRedraws) {
  REQUIRE_XVFB();
  const std::string script =
      "orbit 40 10\n"
      "set overlay true\n"
      "set runs[0].lr 0.03\n"
      "wait 3\n"
      "set runs[0].lr 0.02\n"
      "scrub 80\n"
      "key f1\n"          // the help window stays open over the scene to the end
      "wait 2\n"
      "move 60 300\n"     // hover a panel row
      "move 700 300\n"
      "play 20\n"
      "set overlay false\n"
      "click 200 850\n";  // a header near the bottom of the panel
  const auto partialDirectory = viewerTestDirectory() / "partial";
  const auto wholeDirectory = partialDirectory.parent_path() / "whole";
  std::filesystem::create_directories(partialDirectory);
  std::filesystem::create_directories(wholeDirectory);
  const ViewerRun partial = runViewer(partialDirectory, script);
  const ViewerRun whole = runViewer(wholeDirectory, script, {}, true, "1200x900", {"GRADSCAPE_SWAP=1"});
  ASSERT_EQ(partial.process.exitCode, 0) << partial.describe();
  ASSERT_EQ(whole.process.exitCode, 0) << whole.describe();
  const auto a = loadPng(partialDirectory / "final.png");
  const auto b = loadPng(wholeDirectory / "final.png");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(countDifferent(*a, *b, 0, 0, kWindowWidth, kWindowHeight, 2), 0)
      << "compare " << (partialDirectory / "final.png") << " with " << (wholeDirectory / "final.png");
}

TEST(ViewerWindow, MovingFramesSkipMsaaAndTheResultingRestFrameHasIt) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "wait 20\n"
                                  "state\n"          // at rest since startup
                                  "bench orbit 10\n" // ends with the button released, no pause
                                  "state\n"          // the frame right after: still the moving picture
                                  "wait 10\n"        // > 0.08 s at the script's 60 Hz clock
                                  "state\n",
                                  {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 3u) << run.describe();
  const auto count = [&](std::size_t state, const char* key) { return run.states[state].number(key); };
  EXPECT_EQ(run.states[0].view.at("antialias_pending"), "0");
  // Ten frames of orbiting: each drawn without MSAA, none with it.
  EXPECT_GE(count(1, "fast_frames") - count(0, "fast_frames"), 10);
  EXPECT_EQ(count(1, "antialiased_frames"), count(0, "antialiased_frames"));
  EXPECT_EQ(run.states[1].view.at("antialias_pending"), "1");
  // At rest: exactly one anti-aliased frame, then nothing is redrawn.
  EXPECT_EQ(count(2, "antialiased_frames"), count(0, "antialiased_frames") + 1);
  EXPECT_EQ(run.states[2].view.at("antialias_pending"), "0");
  EXPECT_EQ(run.states[2].view.at("scene_pass"), "none");
}

TEST(ViewerWindow, HidingARunRemovesItsPathAndF12SavesAScreenshot) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "set runs[1].color #ff00ff\n"
                                  "screenshot shown.png\n"
                                  "set runs[1].visible false\n"
                                  "screenshot hidden.png\n"
                                  "key f12\n"
                                  "state\n",
                                  {}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  const auto shown = loadPng(directory / "shown.png");
  const auto hidden = loadPng(directory / "hidden.png");
  ASSERT_TRUE(shown && hidden);
  const PixelBox scene = sceneBox(run.states.at(0), kWindowHeight);
  // Magenta, blended over the surface, is a colour coolwarm never has.
  const auto magenta = [](int r, int g, int b) { return r > 170 && b > 170 && g < 120; };
  EXPECT_GT(countPixels(*shown, scene.x0, scene.y0, scene.x1, scene.y1, magenta), 300) << "Offset's path";
  EXPECT_EQ(countPixels(*hidden, scene.x0, scene.y0, scene.x1, scene.y1, magenta), 0);
  EXPECT_EQ(run.states.at(0).runs.at(1).at("visible"), "0");
  // F12 wrote gradscape-<date>-<time>.png into the working directory.
  bool found = false;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("gradscape-", 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".png") {
      const auto image = loadPng(entry.path());
      found = image && image->width == kWindowWidth && image->height == kWindowHeight;
    }
  }
  EXPECT_TRUE(found) << "F12 screenshot";
  EXPECT_NE(run.states.at(0).view.at("message").find("screenshot: gradscape-"), std::string::npos);
}

TEST(ViewerWindow, NoOpenGl33IsOneLine) {
  REQUIRE_XVFB();
  const auto result = runProcess({"xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -noreset", "env", "MESA_GL_VERSION_OVERRIDE=3.1",
                                  GRADSCAPE_BINARY, "view"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err.rfind("gradscape: no OpenGL 3.3: ", 0), 0u) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
}

TEST(ViewerWindow, NoDisplayIsOneLineSuggestingExport) {
  const auto result = runProcess({"env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", GRADSCAPE_BINARY, "view"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, "gradscape: no display: use `gradscape export SCENE.json -o out.gif` to render without a window\n");
  EXPECT_EQ(result.out, "");
}

TEST(ViewerWindow, BadScriptFailsBeforeAWindowOpens) {
  const auto directory = viewerTestDirectory();
  std::ofstream(directory / "bad.txt") << "state\norbitt 1 2\n";
  const auto result = runProcess({"env", "-u", "DISPLAY", GRADSCAPE_BINARY, "view", "--script", (directory / "bad.txt").string()});
  EXPECT_EQ(result.exitCode, 1) << "a bad script is bad input, not a bad command line (docs/bad-input.md)";
  EXPECT_NE(result.err.find("bad.txt:2: unknown command 'orbitt'"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line";
}

TEST(ViewerWindow, FailingScriptCommandExitsNonZeroNamingTheLine) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory, "state\nset runs[0].lr -1\nstate\n", {}, false);
  EXPECT_EQ(run.process.exitCode, 1) << run.describe();
  EXPECT_NE(run.process.err.find("script.txt:2: runs[0].lr: lr: must be >= 0"), std::string::npos) << run.describe();
}

}  // namespace
}  // namespace gradscape::testing
