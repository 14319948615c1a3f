// Reads viewer scripts: lines, quoted words, numbers, and each verb's argument shape from the driver's table.
#include "viewer/script.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "viewer/script_driver.hpp"

namespace gradscape::app {
namespace {

std::vector<std::string> splitArguments(std::string_view line, const std::string& where) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= line.size()) break;
    std::string word;
    if (line[i] == '"') {
      const auto close = line.find('"', i + 1);
      if (close == std::string_view::npos) throw Error(where + ": unterminated quote at column " + std::to_string(i + 1));
      word = std::string(line.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      const auto start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
      word = std::string(line.substr(start, i - start));
    }
    words.push_back(std::move(word));
  }
  return words;
}

bool parseDouble(const std::string& text, double& value) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc{} && result.ptr == text.data() + text.size() && std::isfinite(value);
}

bool parseInteger(const std::string& text, long long& value) {
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc{} && result.ptr == text.data() + text.size();
}

}  // namespace

const char* const kScriptReference =
    "script lines (window coordinates in pixels, top-left origin; '#' starts a comment line):\n"
    "  orbit DX DY | pan DX DY | zoom NOTCHES      mouse drags/wheel in the middle of the scene\n"
    "  drag BUTTON X0 Y0 X1 Y1                      press at (X0,Y0), move to (X1,Y1), release\n"
    "  click X Y | ctrl-click X Y | double-click [X Y] | move X Y\n"
    "  key NAME      space left right home end r f1 f12 up down escape a enter tab backspace delete, or ctrl+NAME\n"
    "  type TEXT     characters into the focused text field, one per frame\n"
    "  set PATH VALUE...   runs[i].start X Y, runs[i].lr, runs[i].optimizer NAME, runs[i].<hyperparameter>,\n"
    "                      runs[i].iterations|tolerance|color|marker|label|visible,\n"
    "                      runs[i].noise.sigma|noise.seed, runs[i].schedule none|NAME [ARG VALUE]...\n"
    "                      (torch's names: schedule StepLR step_size 30 gamma 0.5; milestones as 50,100),\n"
    "                      surface NAME,\n"
    "                      surface.expression TEXT, surface.x A B, surface.y A B, render.grid N,\n"
    "                      camera.azimuth|elevation|distance|orthographic, camera.pan X Y, playback.speed|loop,\n"
    "                      view.mode 3d|2d|split,\n"
    "                      selected I, overlay|plots|axes|legend|help|profile true|false, record.fps F,\n"
    "                      plots.loss_axis auto|log|linear\n"
    "  add-run | remove-run I | duplicate-run I | select I\n"
    "  step [N] | play FRAMES | pause | scrub K | wait FRAMES\n"
    "  wait-drop SECONDS    wait until another program drops files on the window (fails after SECONDS)\n"
    "  screenshot PNG | open SCENE | save SCENE | export OUT [WxH] | export-png OUT [WxH]\n"
    "  record start OUT [WxH] | record stop      (no size: the scene's size in the window)\n"
    "  state                print the viewer's state (camera, frame, runs) on standard output\n"
    "  bench orbit|edit|edit-all|idle FRAMES   time FRAMES frames of that kind and print the figures\n"
    "  resize W H | quit | expect-error TEXT (the next set/open must fail with TEXT in its message)\n"
    "  provoke-error x|gl   make the X server or GL refuse a request: the viewer logs it and goes on\n";

double ScriptCommand::number(std::size_t index) const {
  double value = 0;
  if (index >= args.size() || !parseDouble(args[index], value))
    throw Error(where() + ": argument " + std::to_string(index + 1) + " must be a number");
  return value;
}

long long ScriptCommand::integer(std::size_t index) const {
  long long value = 0;
  if (index >= args.size() || !parseInteger(args[index], value))
    throw Error(where() + ": argument " + std::to_string(index + 1) + " must be an integer");
  return value;
}

std::string ScriptCommand::where() const { return "line " + std::to_string(line) + " (" + verb + ")"; }

std::vector<ScriptCommand> parseScript(std::string_view text, const std::string& origin) {
  std::vector<ScriptCommand> commands;
  int lineNumber = 0;
  std::size_t position = 0;
  while (position <= text.size()) {
    const auto newline = text.find('\n', position);
    const auto line = text.substr(position, newline == std::string_view::npos ? std::string_view::npos : newline - position);
    position = newline == std::string_view::npos ? text.size() + 1 : newline + 1;
    ++lineNumber;
    const std::string where = origin + ":" + std::to_string(lineNumber);
    auto words = splitArguments(line, where);
    if (words.empty() || words[0][0] == '#') continue;

    ScriptCommand command{lineNumber, words[0], {words.begin() + 1, words.end()}};
    const VerbShape* shape = ScriptDriver::findShape(command.verb);
    if (!shape)
      throw Error(where + ": unknown command '" + command.verb + "' (expected one of: " + ScriptDriver::verbNames() + ")");
    if (command.args.size() < shape->minArgs || command.args.size() > shape->maxArgs) {
      const std::string count = shape->minArgs == shape->maxArgs
                                    ? std::to_string(shape->minArgs)
                                    : std::to_string(shape->minArgs) + " to " + std::to_string(shape->maxArgs);
      throw Error(where + ": " + command.verb + " takes " + count + " argument(s), got " +
                  std::to_string(command.args.size()));
    }
    for (std::size_t i = 0; i < command.args.size() && i < shape->numericArgs.size(); ++i) {
      double number = 0;
      long long integer = 0;
      const char kind = shape->numericArgs[i];
      if (kind == 'n' && !parseDouble(command.args[i], number))
        throw Error(where + ": " + command.verb + ": argument " + std::to_string(i + 1) + " must be a number, got '" +
                    command.args[i] + "'");
      if (kind == 'i' && !parseInteger(command.args[i], integer))
        throw Error(where + ": " + command.verb + ": argument " + std::to_string(i + 1) +
                    " must be an integer, got '" + command.args[i] + "'");
    }
    commands.push_back(std::move(command));
  }
  return commands;
}

std::vector<ScriptCommand> loadScript(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(path + ": cannot open script");
  std::ostringstream text;
  text << file.rdbuf();
  return parseScript(text.str(), path);
}

}  // namespace gradscape::app
