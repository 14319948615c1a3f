// `gradscape view`: parses the arguments, loads the scene and script, opens the viewer, and turns a
// missing display or GL 3.3 into one line.
#include "viewer/viewer.hpp"

#include <iostream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/scene.hpp"
#include "viewer/glfw_window.hpp"
#include "viewer/script.hpp"
#include "viewer/view_options.hpp"
#include "viewer/viewer_app.hpp"

namespace gradscape::app {

int runViewCommand(int argc, char** argv) {
  ViewerLaunch launch;
  try {
    const ViewOptions options = parseViewOptions(std::vector<std::string>(argv, argv + argc));
    if (options.help) {
      std::cout << kViewUsage << "\n" << kScriptReference;
      return 0;
    }
    // Everything that can be checked without a window is checked first: a typo fails fast.
    launch.scene = options.scenePath ? core::loadScene(*options.scenePath) : core::articleScene();
    if (options.scenePath) core::checkKeptPoints(launch.scene.runs, *options.scenePath + ": runs");
    launch.scenePath = options.scenePath;
    if (options.scriptPath) {
      launch.script = loadScript(*options.scriptPath);
      launch.scriptOrigin = *options.scriptPath;
    }
    launch.screenshotPath = options.screenshotPath;
    launch.windowSize = options.size;
  } catch (const Error& error) {
    std::cerr << "gradscape: " << error.what() << "\n";
    return 2;
  }
  try {
    return runViewer(std::move(launch));
  } catch (const WindowError& error) {
    if (error.kind() == WindowError::Kind::noDisplay)
      std::cerr << "gradscape: no display: use `gradscape export SCENE.json -o out.gif` to render without a window\n";
    else
      std::cerr << "gradscape: no OpenGL 3.3: " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "gradscape: view: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace gradscape::app
