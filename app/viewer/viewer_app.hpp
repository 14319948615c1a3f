// The viewer's window loop: input routing between ImGui and the scene, the panel, the scene pass, the
// ImGui pass, screenshots, recording, export jobs and scripted runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/scene.hpp"
#include "viewer/script.hpp"
#include "viewer/view_options.hpp"

namespace gradscape::app {

struct ViewerLaunch {
  core::Scene scene;
  std::optional<std::string> scenePath;
  std::optional<WindowSize> windowSize;
  std::optional<std::string> scriptOrigin;  // the script's file name, for errors
  std::vector<ScriptCommand> script;
  std::optional<std::string> screenshotPath;
  std::optional<std::int64_t> restoredFrame;  // set when the scene is a restored session
  std::optional<std::string> restoredFile;
};

// Opens the window and runs until it closes (or the script ends). Throws WindowError when there is no
// display or no GL 3.3; returns the exit status otherwise (1 when a script command failed).
int runViewer(ViewerLaunch launch);

}  // namespace gradscape::app
