// `gradscape view`: parses the arguments, loads the scene and script, opens the viewer, and turns a
// missing display or GL 3.3 into one line.
#include "viewer/viewer.hpp"

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "core/scene.hpp"
#include "process_tuning.hpp"
#include "viewer/glfw_window.hpp"
#include "viewer/recovery_file.hpp"
#include "viewer/script.hpp"
#include "viewer/view_options.hpp"
#include "viewer/viewer_app.hpp"

namespace gradscape::app {

int runViewCommand(int argc, char** argv) {
  const ViewOptions options = parseViewOptions(std::vector<std::string>(argv, argv + argc));
  if (options.help) {
    std::cout << kViewUsage << "\n" << kScriptReference;
    return 0;
  }
  keepFreedMemoryForReuse();
  // Everything that can be checked without a window is checked first: a typo fails fast.
  ViewerLaunch launch;
  launch.scene = options.scenePath ? core::loadScene(*options.scenePath) : core::articleScene();
  if (options.scenePath) core::checkKeptPoints(launch.scene.runs, *options.scenePath + ": runs");
  launch.scenePath = options.scenePath;
  if (options.scriptPath) {
    launch.script = loadScript(*options.scriptPath);
    launch.scriptOrigin = *options.scriptPath;
  }
  if (options.restore) {
    const auto directory = recoveryDirectory();
    const auto file = newestLeftoverSession(directory);
    if (!file) throw Error("view --restore: no unsaved session in " + directory.string());
    RecoveredSession session = readRecoveredSession(*file);
    core::checkKeptPoints(session.scene.runs, file->string() + ": runs");
    launch.scene = std::move(session.scene);
    launch.scenePath = session.scenePath;
    launch.restoredFrame = session.frame;
    launch.restoredFile = *file;  // removed once the new viewer keeps the session in its own file
  }
  launch.screenshotPath = options.screenshotPath;
  launch.windowSize = options.size;
  try {
    return runViewer(std::move(launch));
  } catch (const WindowError& error) {
    if (error.kind() == WindowError::Kind::noDisplay)
      throw Error("no display: use `gradscape export SCENE.json -o out.gif` to render without a window");
    throw Error(std::string("no OpenGL 3.3: ") + error.what());
  }
}

}  // namespace gradscape::app
