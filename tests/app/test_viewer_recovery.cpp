// The session recovery file under $XDG_STATE_HOME/gradscape (a scratch directory here): a viewer killed
// with SIGKILL leaves its edits there and `gradscape view --restore` brings them back; a viewer that
// closes with unsaved edits keeps them for the next start, one with none leaves nothing; a viewer started
// without a script after a crash asks in its window, and Enter restores, Escape discards.
#include <gtest/gtest.h>

#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

std::vector<std::filesystem::path> sessionFiles(const std::filesystem::path& state) {
  std::vector<std::filesystem::path> files;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(state / "gradscape", ignored))
    files.push_back(entry.path());
  return files;
}

TEST(ViewerRecovery, AViewerKilledWithSigkillIsRestoredWithItsEdits) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  std::ofstream(directory / "edit.txt") << "set runs[0].lr 0.02\nset runs[1].optimizer adam\nset camera.azimuth 30\n"
                                           "scrub 50\nwait 60\nwait-drop 60\n";
  const std::string state = shellQuoted((directory / "state").string());
  std::ostringstream shell;
  shell << "cd " << shellQuoted(directory.string()) << "\n"
        << "export XDG_CONFIG_HOME=" << shellQuoted((directory / "config").string()) << " XDG_STATE_HOME=" << state
        << "\n"
        << shellQuoted(GRADSCAPE_BINARY) << " view --script edit.txt --size 1200x900 > edit.out 2> edit.err &\n"
        << "viewer=$!\n"
        // The file is written a moment after the last edit; wait for the one with every edit in it.
        << "for i in $(seq 300); do grep -qs '\"adam\"' " << state << "/gradscape/session-*.json && "
        << "grep -qs '\"frame\": 50' " << state << "/gradscape/session-*.json && break; sleep 0.1; done\n"
        << "kill -KILL $viewer\nwait $viewer\necho killed=$?\n"
        << "ls " << state << "/gradscape\n"
        << shellQuoted(GRADSCAPE_BINARY) << " view --restore --script state.txt --size 1200x900\n"
        << "echo restore=$?\nls " << state << "/gradscape\n";
  std::ofstream(directory / "state.txt") << "state\n";
  std::ofstream(directory / "run.sh") << shell.str();
  ViewerRun run;
  run.directory = directory;
  run.process =
      runProcess({"xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -noreset", "sh", (directory / "run.sh").string()});
  readViewerOutput(run);
  ASSERT_NE(run.process.out.find("killed=137"), std::string::npos) << run.describe();
  ASSERT_NE(run.process.out.find("restore=0"), std::string::npos) << run.describe();
  ASSERT_FALSE(run.states.empty()) << run.describe();
  const ViewerState& restored = run.states.back();
  EXPECT_EQ(restored.view.at("azimuth"), "30");
  EXPECT_EQ(restored.view.at("frame"), "50");
  EXPECT_EQ(restored.view.at("message"), "restored the unsaved session");
  ASSERT_EQ(restored.runs.size(), 2u);
  EXPECT_EQ(restored.runs[0].at("lr"), "0.02");
  EXPECT_EQ(restored.runs[1].at("optimizer"), "adam");
  // The restored viewer closed with those edits still unsaved: they stay for the next start, in its file.
  EXPECT_EQ(sessionFiles(directory / "state").size(), 1u) << run.describe();

  // Nothing left to restore once that file is gone: one line, exit 1.
  for (const auto& file : sessionFiles(directory / "state")) std::filesystem::remove(file);
  const ViewerRun none = runViewer(directory, "state\n", {"--restore"}, false);
  EXPECT_EQ(none.process.exitCode, 1) << none.describe();
  EXPECT_NE(none.process.err.find("gradscape: view --restore: no unsaved session in "), std::string::npos)
      << none.describe();
}

TEST(ViewerRecovery, ClosingKeepsUnsavedEditsForTheNextStartAndNothingElse) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  const ViewerRun untouched = runViewer(directory, "orbit 0 0\nwait 40\n", {}, false);
  ASSERT_EQ(untouched.process.exitCode, 0) << untouched.describe();
  EXPECT_TRUE(sessionFiles(directory / "state").empty());

  const ViewerRun edited = runViewer(directory, "set runs[0].lr 0.03\nwait 40\n", {}, false);
  ASSERT_EQ(edited.process.exitCode, 0) << edited.describe();
  ASSERT_EQ(sessionFiles(directory / "state").size(), 1u);
  std::ifstream file(sessionFiles(directory / "state")[0]);
  std::ostringstream text;
  text << file.rdbuf();
  EXPECT_NE(text.str().find("0.03"), std::string::npos) << text.str();

  // Saving makes the edits the scene file's: nothing is left to recover.
  for (const auto& leftover : sessionFiles(directory / "state")) std::filesystem::remove(leftover);
  const ViewerRun saved = runViewer(directory, "set runs[0].lr 0.03\nwait 40\nsave saved.json\nwait 40\n", {}, false);
  ASSERT_EQ(saved.process.exitCode, 0) << saved.describe();
  EXPECT_TRUE(sessionFiles(directory / "state").empty());
}

// The question in the window, answered from the keyboard through the X server (XTEST, as a person's keys).
TEST(ViewerRecovery, TheNextViewerAsksAndEnterRestoresEscapeDiscards) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  if (std::system("command -v xdotool >/dev/null 2>&1") != 0) GTEST_SKIP() << "xdotool is not installed";
  const auto directory = viewerTestDirectory();
  std::ofstream(directory / "edit.txt") << "set runs[0].lr 0.02\nset runs[1].optimizer adam\nwait 60\nwait-drop 60\n";
  const std::string binary = shellQuoted(GRADSCAPE_BINARY);
  const std::string sessions = shellQuoted((directory / "state" / "gradscape").string());
  // Starts a viewer without a script, waits for its window and presses KEY once it has drawn its first frames.
  // The key is held 0.3 s as a person would: Dear ImGui 1.86 reads key state once a frame, so a press and
  // release that both arrive between two frames (xdotool's `key`) are never seen.
  const auto askAndAnswer = [&](const std::string& name, const std::string& key) {
    return binary + " view --size 1200x900 > " + name + ".out 2> " + name + ".err &\n" + name + "=$!\n" +
           "window=$(timeout 20 xdotool search --sync --onlyvisible --name '^gradscape$' | head -1)\n"
           "sleep 1.5\nxdotool windowfocus --sync $window mousemove --window $window 600 450 keydown " + key + " sleep 0.3 keyup " + key + "\n";
  };
  std::ostringstream shell;
  shell << "cd " << shellQuoted(directory.string()) << "\n"
        << "export XDG_CONFIG_HOME=" << shellQuoted((directory / "config").string())
        << " XDG_STATE_HOME=" << shellQuoted((directory / "state").string()) << "\n"
        << binary << " view --script edit.txt --size 1200x900 > edit.out 2> edit.err &\n"
        << "editor=$!\n"
        << "for i in $(seq 300); do grep -qs '\"adam\"' " << sessions << "/session-*.json && break; sleep 0.1; done\n"
        << "kill -KILL $editor\nwait $editor\necho left=$(ls " << sessions << ")\n"
        << askAndAnswer("asker", "Return")
        // Restoring removes the crashed viewer's file and keeps the session in the new viewer's own.
        << "for i in $(seq 100); do [ \"$(ls " << sessions << ")\" = session-$asker.json ] && "
        << "grep -qs '\"adam\"' " << sessions << "/session-$asker.json && break; sleep 0.1; done\n"
        << "echo restored=$(ls " << sessions << ") asker=session-$asker.json\n"
        << "cp " << sessions << "/session-$asker.json restored.json\n"
        << "kill -KILL $asker\nwait $asker\n"
        << askAndAnswer("discarder", "Escape")
        << "for i in $(seq 100); do [ -z \"$(ls " << sessions << ")\" ] && break; sleep 0.1; done\n"
        << "echo discarded=$(ls " << sessions << ")\n"
        << "kill -KILL $discarder\nwait $discarder\n";
  std::ofstream(directory / "run.sh") << shell.str();
  const ProcessResult run =
      runProcess({"xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -noreset", "sh", (directory / "run.sh").string()});
  const std::string& out = run.out;
  const auto line = [&](const std::string& key) {
    const auto at = out.find(key + "=");
    return at == std::string::npos ? std::string("(missing)") : out.substr(at + key.size() + 1, out.find_first_of(" \n", at) - at - key.size() - 1);
  };
  const std::string left = line("left");
  ASSERT_EQ(left.rfind("session-", 0), 0u) << out << run.err;
  // Enter restored: the crashed viewer's file is gone, the asking viewer's own file holds the edits.
  EXPECT_EQ(line("restored"), line("asker")) << out << run.err;
  EXPECT_NE(line("asker"), left);
  std::ifstream restoredFile(directory / "restored.json");
  std::ostringstream restored;
  restored << restoredFile.rdbuf();
  EXPECT_NE(restored.str().find("\"adam\""), std::string::npos) << restored.str();
  EXPECT_NE(restored.str().find("0.02"), std::string::npos) << restored.str();
  // Escape discarded the session the asking viewer left: nothing is left to restore.
  EXPECT_NE(out.find("discarded=\n"), std::string::npos) << out << run.err;
}

}  // namespace
}  // namespace gradscape::testing
