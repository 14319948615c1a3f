// The viewer's small settings file ($XDG_CONFIG_HOME/gradscape/settings.json, else ~/.config/gradscape):
// window size, panel layout, playback and export preferences. imgui.ini lives beside it.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace gradscape::app {

struct ViewerSettings {
  int windowWidth = 1400, windowHeight = 900;
  float panelWidth = 400;
  bool showPlots = true;
  bool showFrameTime = false;
  double playbackSpeed = 60;
  bool playbackLoop = false;
  std::string exportPath = "gradscape.gif";
  int exportWidth = 1200, exportHeight = 900;
  double exportFps = 30;
  std::string recordPath = "recording.gif";
  int recordWidth = 800, recordHeight = 600;  // used when recordSceneSize is off
  bool recordSceneSize = true;  // record at the scene's size: the picture the window already drew is reused
  double recordFps = 30;

  // The size to hand ViewerActions::startRecording: 0 x 0 (the scene's) or recordWidth x recordHeight.
  std::pair<int, int> recordingSize() const {
    return recordSceneSize ? std::pair{0, 0} : std::pair{recordWidth, recordHeight};
  }
};

// The config directory, or nothing when neither XDG_CONFIG_HOME nor HOME is set.
std::optional<std::string> configDirectory();

// Missing or unreadable keys keep their defaults; a broken file is reported in `warning` and ignored.
ViewerSettings loadSettings(const std::string& path, std::string* warning = nullptr);
// Creates the directory if needed; writes a temporary and renames it. Returns false (and why) on failure.
bool saveSettings(const std::string& path, const ViewerSettings& settings, std::string* error = nullptr);

}  // namespace gradscape::app
