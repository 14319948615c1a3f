// The script verbs that edit: `set PATH VALUE...` (viewer fields here; scene fields through scene_fields.hpp,
// map fields through map_view.hpp), `add-run`, and `select`/`duplicate-run`/`remove-run INDEX`.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/scene_values.hpp"
#include "viewer/camera_control.hpp"
#include "viewer/map_view.hpp"
#include "viewer/scene_fields.hpp"
#include "viewer/script_driver.hpp"

namespace gradscape::app {
namespace {

bool parseBool(const std::string& text, const std::string& path) {
  if (text == "true" || text == "1" || text == "on") return true;
  if (text == "false" || text == "0" || text == "off") return false;
  throw Error(path + ": expected true or false, got '" + text + "'");
}

double parseNumber(const std::string& text, const std::string& path) {
  if (const std::optional<double> value = core::parseNumber(text)) return *value;  // a scene file's syntax
  throw Error(path + ": expected a number, got '" + text + "'");
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

}  // namespace

ScriptDriver::StepResult ScriptDriver::set(const ScriptCommand& command) {
  setField(command.args[0], std::vector<std::string>(command.args.begin() + 1, command.args.end()), command);
  return StepResult::next;
}

void ScriptDriver::setField(const std::string& path, const std::vector<std::string>& values,
                            const ScriptCommand& command) {
  ViewerState& state = host_.state();
  const auto one = [&]() -> const std::string& {
    if (values.size() != 1) throw Error(path + ": expected 1 value, got " + std::to_string(values.size()));
    return values[0];
  };
  render::Camera& camera = state.camera;
  if (path == "camera.azimuth") camera.azimuth = parseNumber(one(), path);
  else if (path == "camera.elevation") camera.elevation = parseNumber(one(), path);
  else if (path == "camera.distance") camera.distance = parseNumber(one(), path);
  else if (path == "camera.orthographic") camera.orthographic = parseBool(one(), path);
  else if (path == "camera.pan") {
    if (values.size() != 2) throw Error(path + ": expected 2 values");
    camera.panX = parseNumber(values[0], path);
    camera.panY = parseNumber(values[1], path);
  } else if (path == "playback.speed") state.playback.speed = parseNumber(one(), path);
  else if (path == "playback.loop") state.playback.loop = parseBool(one(), path);
  else if (path == "overlay") state.settings.showFrameTime = parseBool(one(), path);
  else if (path == "record.fps") {
    const double fps = parseNumber(one(), path);
    if (!(fps >= 1 && fps <= 60)) throw Error(path + ": must be 1..60");
    state.settings.recordFps = fps;
  } else if (path == "profile") host_.profiler().detailed = parseBool(one(), path);
  else if (path == "plots") state.settings.showPlots = parseBool(one(), path);
  else if (path == "plots.loss_axis") state.lossPlot.axis = parseLossAxis(one(), path);
  else if (path == "axes") state.showAxes = parseBool(one(), path);
  else if (path == "legend") state.showLegend = parseBool(one(), path);
  else if (path == "help") state.showHelp = parseBool(one(), path);
  else if (path.starts_with("internals")) setInternalsField(state.internals.toggles, path, values);
  else if (path == "panel.width") state.settings.panelWidth = static_cast<float>(parseNumber(one(), path));
  else if (path == "selected") {
    const double index = parseNumber(one(), path);
    if (index < 0 || index >= static_cast<double>(state.session.runCount())) throw Error(path + ": no such run");
    state.selectedRun = static_cast<std::size_t>(index);
  } else if (path == "surface.expression") {
    const std::string error = host_.panel().editExpression(state, joined(values));
    checkExpectedError(error.empty() ? std::nullopt : std::optional<std::string>("surface.expression: " + error), command);
    return;
  } else if (isMapFieldPath(path)) setMapField(state, path, values);
  else if (isSceneFieldPath(path)) {
    std::optional<std::string> error;
    try {
      setSceneField(state.session, path, values);
    } catch (const Error& failure) {
      error = failure.what();
    }
    checkExpectedError(error, command);
    return;
  } else {
    throw Error(path + ": unknown field");
  }
  normalizeCamera(camera);
  if (expectError_) checkExpectedError(std::nullopt, command);
}

ScriptDriver::StepResult ScriptDriver::addRun(const ScriptCommand&) {
  ViewerState& state = host_.state();
  state.selectedRun = state.session.addRun(state.session.newRunTemplate());
  return StepResult::next;
}

ScriptDriver::StepResult ScriptDriver::editRun(const ScriptCommand& command) {
  ViewerState& state = host_.state();
  const long long index = command.integer(0);
  if (index < 0 || static_cast<std::size_t>(index) >= state.session.runCount())
    throw Error(command.verb + ": no run " + std::to_string(index));
  if (command.verb == "remove-run") {
    state.session.removeRun(static_cast<std::size_t>(index));
    state.selectedRun = std::min(state.selectedRun, state.session.runCount() > 0 ? state.session.runCount() - 1 : 0);
  } else if (command.verb == "duplicate-run") {
    state.selectedRun = state.session.duplicateRun(static_cast<std::size_t>(index));
  } else {
    state.selectedRun = static_cast<std::size_t>(index);
  }
  return StepResult::next;
}

}  // namespace gradscape::app
