// Reads and writes the viewer's settings file.
#include "viewer/settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace gradscape::app {
namespace {

template <class T>
void read(const nlohmann::json& json, const char* key, T& value) {
  const auto item = json.find(key);
  if (item == json.end()) return;
  try {
    value = item->get<T>();
  } catch (const nlohmann::json::exception&) {
    // a key of the wrong type keeps its default
  }
}

}  // namespace

std::optional<std::string> configDirectory() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/gradscape";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/gradscape";
  return std::nullopt;
}

ViewerSettings loadSettings(const std::string& path, std::string* warning) {
  ViewerSettings settings;
  std::ifstream file(path, std::ios::binary);
  if (!file) return settings;
  std::ostringstream text;
  text << file.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    if (warning) *warning = path + ": not a JSON object; using default settings";
    return settings;
  }
  read(json, "window_width", settings.windowWidth);
  read(json, "window_height", settings.windowHeight);
  read(json, "panel_width", settings.panelWidth);
  read(json, "show_plots", settings.showPlots);
  read(json, "show_frame_time", settings.showFrameTime);
  read(json, "playback_speed", settings.playbackSpeed);
  read(json, "playback_loop", settings.playbackLoop);
  read(json, "export_path", settings.exportPath);
  read(json, "export_width", settings.exportWidth);
  read(json, "export_height", settings.exportHeight);
  read(json, "export_fps", settings.exportFps);
  read(json, "record_path", settings.recordPath);
  read(json, "record_width", settings.recordWidth);
  read(json, "record_height", settings.recordHeight);
  read(json, "record_scene_size", settings.recordSceneSize);
  read(json, "record_fps", settings.recordFps);
  return settings;
}

bool saveSettings(const std::string& path, const ViewerSettings& settings, std::string* error) {
  nlohmann::ordered_json json;
  json["window_width"] = settings.windowWidth;
  json["window_height"] = settings.windowHeight;
  json["panel_width"] = settings.panelWidth;
  json["show_plots"] = settings.showPlots;
  json["show_frame_time"] = settings.showFrameTime;
  json["playback_speed"] = settings.playbackSpeed;
  json["playback_loop"] = settings.playbackLoop;
  json["export_path"] = settings.exportPath;
  json["export_width"] = settings.exportWidth;
  json["export_height"] = settings.exportHeight;
  json["export_fps"] = settings.exportFps;
  json["record_path"] = settings.recordPath;
  json["record_width"] = settings.recordWidth;
  json["record_height"] = settings.recordHeight;
  json["record_scene_size"] = settings.recordSceneSize;
  json["record_fps"] = settings.recordFps;
  std::error_code ec;
  const std::filesystem::path target(path);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << json.dump(2) << '\n';
    if (!file.flush()) {
      if (error) *error = "cannot write " + temporary;
      std::filesystem::remove(temporary, ec);
      return false;
    }
  }
  std::filesystem::rename(temporary, target, ec);
  if (ec) {
    if (error) *error = "cannot write " + path + ": " + ec.message();
    std::filesystem::remove(temporary, ec);
    return false;
  }
  return true;
}

}  // namespace gradscape::app
