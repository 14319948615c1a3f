// Files dropped on the real viewer window by another X client (tests/app/xdnd_drop_source.cpp), under Xvfb.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

constexpr int kWindowHeight = 900;

#define REQUIRE_XVFB() \
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed"

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct DropRun {
  ViewerRun viewer;
  int sourceExitCode = -1;
  std::string sourceOut, sourceErr;
  std::string describe() const {
    return viewer.describe() + "drop source: exit " + std::to_string(sourceExitCode) + "\n" + sourceOut + sourceErr;
  }
};

// Runs the viewer with `script` and, on the same Xvfb display, the drop source dropping `paths` on its
// window. With `gate`, the drop starts only once the viewer has written that file (a screenshot of the
// scene before the drop). The script synchronises with `wait-drop`; a failing drop source ends the viewer.
DropRun runViewerWithDrop(const std::filesystem::path& directory, const std::string& script,
                          const std::vector<std::filesystem::path>& paths, bool screenshot,
                          const std::filesystem::path& gate = {}) {
  std::ofstream(directory / "script.txt") << script;
  std::string viewer = "env XDG_CONFIG_HOME=" + shellQuoted((directory / "config").string()) +
                       " XDG_STATE_HOME=" + shellQuoted((directory / "state").string()) + " " +
                       shellQuoted(GRADSCAPE_BINARY) + " view --script " + shellQuoted((directory / "script.txt").string()) +
                       " --size 1200x900";
  if (screenshot) viewer += " --screenshot " + shellQuoted((directory / "final.png").string());
  std::string source = shellQuoted(GRADSCAPE_XDND_DROP_SOURCE) + " --name gradscape --timeout 15";
  for (const auto& path : paths) source += " " + shellQuoted(path.string());
  const auto sourceFile = [&](const char* name) { return shellQuoted((directory / name).string()); };

  std::ostringstream shell;
  shell << viewer << " &\n"
        << "viewer=$!\n";
  if (!gate.empty())
    shell << "while [ ! -e " << shellQuoted(gate.string()) << " ] && kill -0 $viewer 2>/dev/null; do sleep 0.01; done\n";
  shell << source << " > " << sourceFile("source.out") << " 2> " << sourceFile("source.err") << "\n"
        << "echo $? > " << sourceFile("source.status") << "\n"
        << "[ \"$(cat " << sourceFile("source.status") << ")\" = 0 ] || kill $viewer 2>/dev/null\n"
        << "wait $viewer\n";
  std::ofstream(directory / "run.sh") << shell.str();

  DropRun run;
  run.viewer.directory = directory;
  run.viewer.process =
      runProcess({"xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -noreset", "sh", (directory / "run.sh").string()});
  readViewerOutput(run.viewer);
  const std::string status = readFile(directory / "source.status");
  if (!status.empty()) run.sourceExitCode = std::stoi(status);
  run.sourceOut = readFile(directory / "source.out");
  run.sourceErr = readFile(directory / "source.err");
  return run;
}

// The article's scene, which `gradscape view` opens without arguments: what a kept scene still shows.
void expectArticleScene(const ViewerState& state) {
  EXPECT_EQ(state.view.at("surface"), "saddle");
  EXPECT_EQ(state.view.at("runs"), "2");
  ASSERT_EQ(state.runs.size(), 2u);
  EXPECT_EQ(state.runs[0].at("label"), "Symmetry");
  EXPECT_EQ(state.runs[1].at("label"), "Offset");
}

TEST(ViewerDrop, DroppingASceneLoadsItAndTheWindowShowsIt) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  // A name that needs percent-encoding in the URI, dropped together with a file that is not a scene:
  // the .json among the dropped files is opened.
  const auto scene = directory / "dropped scene.json";
  std::ofstream(scene) << R"({"surface": "himmelblau", "runs": [)"
                          R"({"label": "adam run", "start": [0, 0], "optimizer": {"name": "adam", "lr": 0.1}, "iterations": 150},)"
                          R"({"label": "sgd run", "start": [-4, 4], "optimizer": {"name": "sgd", "lr": 0.005}, "iterations": 150},)"
                          R"({"label": "rmsprop run", "start": [4, -4], "optimizer": {"name": "rmsprop", "lr": 0.05}, "iterations": 150}]})";
  const auto notes = directory / "notes.txt";
  std::ofstream(notes) << "not a scene\n";
  const auto before = directory / "before.png";
  const DropRun run = runViewerWithDrop(directory,
                                        "state\n"
                                        "screenshot " + before.string() + "\n"
                                        "wait-drop 15\n"
                                        "state\n",
                                        {notes, scene}, true, before);
  ASSERT_EQ(run.sourceExitCode, 0) << run.describe();
  ASSERT_EQ(run.viewer.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.viewer.states.size(), 2u) << run.describe();

  expectArticleScene(run.viewer.states[0]);
  const ViewerState& dropped = run.viewer.states[1];
  // The window shows it: the scene area of the final screenshot differs from the one before the drop.
  const auto first = loadPng(before), last = loadPng(directory / "final.png");
  ASSERT_TRUE(first && last) << "screenshots";
  const PixelBox box = sceneBox(dropped, kWindowHeight);
  const int area = (box.x1 - box.x0) * (box.y1 - box.y0);
  EXPECT_GT(countDifferent(*first, *last, box.x0, box.y0, box.x1, box.y1), area / 10)
      << "the scene looks the same after the drop";

  EXPECT_EQ(dropped.view.at("surface"), "himmelblau");
  EXPECT_EQ(dropped.view.at("domain"), "-5,5,-5,5");
  EXPECT_EQ(dropped.view.at("message"), "opened " + scene.string());
  EXPECT_EQ(dropped.view.at("runs"), "3");
  ASSERT_EQ(dropped.runs.size(), 3u);
  EXPECT_EQ(dropped.runs[0].at("label"), "adam run");
  EXPECT_EQ(dropped.runs[0].at("optimizer"), "adam");
  EXPECT_EQ(dropped.runs[1].at("start"), "-4,4");
  EXPECT_EQ(dropped.runs[2].at("optimizer"), "rmsprop");
  EXPECT_EQ(dropped.runs[2].at("points"), "151") << "the dropped scene's runs were traced";
}

TEST(ViewerDrop, DroppingAFileThatIsNotAJsonSceneSaysSoAndKeepsTheScene) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const auto notes = directory / "my notes 100%.txt";  // spaces and '%' survive the URI round trip
  std::ofstream(notes) << "{\"surface\": \"himmelblau\"}\n";
  const DropRun run = runViewerWithDrop(directory, "wait-drop 15\nstate\n", {notes}, false);
  ASSERT_EQ(run.sourceExitCode, 0) << run.describe();
  ASSERT_EQ(run.viewer.process.exitCode, 0) << run.describe();
  ASSERT_FALSE(run.viewer.states.empty()) << run.describe();
  const ViewerState& state = run.viewer.states[0];
  EXPECT_EQ(state.view.at("message"), "drop: not a .json scene: " + notes.string());
  expectArticleScene(state);
}

TEST(ViewerDrop, DroppingABrokenSceneShowsItsErrorAndKeepsTheScene) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const auto broken = directory / "broken.json";
  std::ofstream(broken) << R"({"surface": "himmelblau", "runs": [{"start": [1, 2]}, {"start": [1, "two"]}]})";
  const DropRun run = runViewerWithDrop(directory, "wait-drop 15\nstate\n", {broken}, false);
  ASSERT_EQ(run.sourceExitCode, 0) << run.describe();
  ASSERT_EQ(run.viewer.process.exitCode, 0) << run.describe();
  ASSERT_FALSE(run.viewer.states.empty()) << run.describe();
  const ViewerState& state = run.viewer.states[0];
  const std::string& message = state.view.at("message");
  EXPECT_EQ(message.rfind(broken.string() + ": runs[1].start[1]: ", 0), 0u) << message;
  EXPECT_NE(message.find("kept the current scene"), std::string::npos) << message;
  expectArticleScene(state);
}

// Without a drop, the script's wait-drop fails in time, naming its line: a drop test cannot pass by waiting.
TEST(ViewerDrop, WaitDropWithoutADropFailsNamingTheLine) {
  REQUIRE_XVFB();
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory, "state\nwait-drop 0.3\nstate\n", {}, false);
  EXPECT_EQ(run.process.exitCode, 1) << run.describe();
  EXPECT_EQ(run.states.size(), 1u) << run.describe();
  EXPECT_NE(run.process.err.find("script.txt:2: wait-drop 0.3: no files were dropped on the window"), std::string::npos)
      << run.describe();
}

// The drop source itself fails, in one line, when nothing takes the drop.
TEST(ViewerDrop, DropSourceWithoutATargetWindowTimesOutInOneLine) {
  REQUIRE_XVFB();
  const auto result = runProcess({"xvfb-run", "-a", "-s", "-screen 0 640x480x24 -noreset", GRADSCAPE_XDND_DROP_SOURCE,
                                  "--name", "gradscape", "--timeout", "0.3", "/tmp/scene.json"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_EQ(result.err.rfind("xdnd_drop_source: timed out after 0.3 s waiting for a viewable XdndAware window titled 'gradscape'\n", 0), 0u)
      << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

}  // namespace
}  // namespace gradscape::testing
