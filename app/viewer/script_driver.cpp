// Scripted viewer runs: the verb table and each verb's execution.
#include "viewer/script_driver.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "core/error.hpp"
#include "viewer/state_report.hpp"
#include "viewer/view_options.hpp"

namespace gradscape::app {
namespace {

constexpr int kClickSettleFrames = 20;  // > ImGui's double-click time at the script clock

// The keys scripts can press (the viewer's own keys and what text fields need).
constexpr std::pair<const char*, int> kScriptKeys[] = {
    {"space", GLFW_KEY_SPACE}, {"left", GLFW_KEY_LEFT}, {"right", GLFW_KEY_RIGHT},         {"home", GLFW_KEY_HOME},
    {"end", GLFW_KEY_END},     {"r", GLFW_KEY_R},       {"f1", GLFW_KEY_F1},               {"f12", GLFW_KEY_F12},
    {"up", GLFW_KEY_UP},       {"down", GLFW_KEY_DOWN}, {"escape", GLFW_KEY_ESCAPE},       {"a", GLFW_KEY_A},
    {"enter", GLFW_KEY_ENTER}, {"tab", GLFW_KEY_TAB},   {"backspace", GLFW_KEY_BACKSPACE}, {"delete", GLFW_KEY_DELETE},
    {"v", GLFW_KEY_V},
};

int keyByName(const std::string& name) {
  for (const auto& [key, code] : kScriptKeys)
    if (name == key) return code;
  return -1;
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

}  // namespace

// Every verb: its argument shape ('n' number, 'i' integer, '-' text, per position) and what runs it.
std::span<const ScriptDriver::Verb> ScriptDriver::verbs() {
  using D = ScriptDriver;
  static const Verb table[] = {
      {{"orbit", 2, 2, "nn"}, &D::orbitOrPan},          {{"pan", 2, 2, "nn"}, &D::orbitOrPan},
      {{"zoom", 1, 1, "n"}, &D::zoom},                  {{"drag", 5, 5, "innnn"}, &D::drag},
      {{"click", 2, 2, "nn"}, &D::click},               {{"ctrl-click", 2, 2, "nn"}, &D::click},
      {{"double-click", 0, 2, "nn"}, &D::doubleClick},  {{"move", 2, 2, "nn"}, &D::move},
      {{"key", 1, 1, "-"}, &D::key},                    {{"set", 2, 64, "-"}, &D::set},
      {{"add-run", 0, 0, ""}, &D::addRun},              {{"remove-run", 1, 1, "i"}, &D::editRun},
      {{"duplicate-run", 1, 1, "i"}, &D::editRun},      {{"select", 1, 1, "i"}, &D::editRun},
      {{"step", 0, 1, "i"}, &D::step},                  {{"play", 1, 1, "i"}, &D::play},
      {{"pause", 0, 0, ""}, &D::pause},                 {{"scrub", 1, 1, "i"}, &D::scrub},
      {{"wait", 1, 1, "i"}, &D::wait},                  {{"screenshot", 1, 1, "-"}, &D::screenshot},
      {{"open", 1, 1, "-"}, &D::openOrSave},            {{"save", 1, 1, "-"}, &D::openOrSave},
      {{"export", 1, 2, "--"}, &D::exportFile},         {{"export-png", 1, 2, "--"}, &D::exportFile},
      {{"record", 1, 3, "---"}, &D::record},            {{"state", 0, 0, ""}, &D::state},
      {{"bench", 2, 2, "-i"}, &D::bench},               {{"resize", 2, 2, "ii"}, &D::resize},
      {{"quit", 0, 0, ""}, &D::quit},                   {{"provoke-error", 1, 1, "-"}, &D::provokeError},                   {{"expect-error", 1, 64, "-"}, &D::expectError},
      {{"type", 1, 64, "-"}, &D::type},                 {{"wait-drop", 1, 1, "n"}, &D::waitDrop},
      {{"wheel", 3, 3, "nnn"}, &D::wheel},
  };
  return table;
}

const VerbShape* ScriptDriver::findShape(std::string_view verb) {
  for (const Verb& candidate : verbs())
    if (candidate.shape.verb == verb) return &candidate.shape;
  return nullptr;
}

std::string ScriptDriver::verbNames() {
  std::string list;
  for (const Verb& candidate : verbs()) list += (list.empty() ? "" : " ") + std::string(candidate.shape.verb);
  return list;
}

ScriptDriver::ScriptDriver(std::vector<ScriptCommand> script, std::optional<std::string> origin,
                           std::optional<std::string> finalScreenshot, ScriptHost& host)
    : script_(std::move(script)), origin_(origin.value_or("")), finalScreenshot_(std::move(finalScreenshot)),
      host_(host) {}

void ScriptDriver::fail(const std::string& message) {
  std::cerr << "gradscape: " << message << "\n";
  exitCode_ = 1;
}

std::string ScriptDriver::at(const ScriptCommand& command) const {
  return origin_ + ":" + std::to_string(command.line);
}

bool ScriptDriver::blocked() const {
  return !input_.empty() || waitFrames_ > 0 || screenshot_ || printState_ || waitForJobs_ || dropDeadline_;
}

bool ScriptDriver::benchPending() const {
  return std::any_of(input_.begin(), input_.end(), [](const ScriptedInput& i) { return i.measured; });
}

void ScriptDriver::exportFinished() {
  if (!waitForJobs_) return;
  waitForJobs_ = false;
  const JobStatus& status = host_.state().exportStatus;
  if (status.lastFailed) fail(status.lastResult);
  else std::cout << "exported " << quoted(status.lastResult) << "\n" << std::flush;
}

void ScriptDriver::queueClick(ImVec2 where, int button, bool ctrl) {
  ScriptedInput move{where};
  move.ctrl = ctrl;
  ScriptedInput press = move;
  press.down[static_cast<std::size_t>(button)] = true;
  input_.push_back(move);
  input_.push_back(press);
  input_.push_back(move);
  ScriptedInput rest{where};
  for (int i = 0; i < kClickSettleFrames; ++i) input_.push_back(rest);
}

void ScriptDriver::queueDrag(int button, ImVec2 from, ImVec2 to, int steps) {
  ScriptedInput frame{from};
  frame.down[static_cast<std::size_t>(button)] = true;
  input_.push_back(ScriptedInput{from});
  input_.push_back(frame);
  for (int i = 1; i <= steps; ++i) {
    const float t = static_cast<float>(i) / static_cast<float>(steps);
    frame.position = ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
    input_.push_back(frame);
  }
  ScriptedInput release{to};
  input_.push_back(release);
  for (int i = 0; i < kClickSettleFrames; ++i) input_.push_back(release);
}

void ScriptDriver::queueKey(int key) {
  ScriptedInput press{mouse_};
  press.key = key;
  input_.push_back(press);
  input_.push_back(ScriptedInput{mouse_});
}

void ScriptDriver::feed() {
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = static_cast<float>(kScriptFrameSeconds);
  if (mouse_.x < 0) mouse_ = ImVec2(2, io.DisplaySize.y - 2);  // start over the panel's corner
  // `wait N` / `play N`: N whole frames pass before the next command (this frame is one of them).
  if (waitFrames_ > 0 && --waitFrames_ == 0 && pauseAfterWait_) {
    host_.state().playback.pause();
    pauseAfterWait_ = false;
  }
  // wait-drop: a drop delivered by this frame's events is already handled; go on.
  if (dropDeadline_) {
    if (host_.dropsReceived() > dropsAwaited_) {
      ++dropsAwaited_;
      dropDeadline_.reset();
    } else if (std::chrono::steady_clock::now() > *dropDeadline_) {
      fail(dropWaitWhere_ + ": no files were dropped on the window");
      return;
    }
  }

  while (!exitCode_ && !blocked() && next_ < script_.size()) {
    const ScriptCommand& command = script_[next_++];
    try {
      const auto verb = std::find_if(verbs().begin(), verbs().end(),
                                     [&](const Verb& candidate) { return candidate.shape.verb == command.verb; });
      if (verb == verbs().end()) throw Error("unknown command '" + command.verb + "'");
      if ((this->*verb->run)(command) == StepResult::yield) break;
    } catch (const Error& error) {
      if (expectError_ && std::string(error.what()).find(*expectError_) != std::string::npos) {
        expectError_.reset();
        continue;
      }
      fail(at(command) + ": " + error.what());
      return;
    }
  }
  if (!exitCode_ && !blocked() && next_ >= script_.size()) {
    if (expectError_) {
      fail(origin_ + ": expected an error containing '" + *expectError_ + "'");
      return;
    }
    if (finalScreenshot_ && !finalScreenshotQueued_) {
      finalScreenshotQueued_ = true;
      screenshot_ = *finalScreenshot_;
      screenshotSettleFrames_ = 0;
    } else {
      host_.printState();
      exitCode_ = 0;
      return;
    }
  }

  // This frame's synthetic input replaces whatever the real devices say.
  ScriptedInput input{mouse_};
  if (!input_.empty()) {
    input = std::move(input_.front());
    input_.pop_front();
  }
  if (input.beforeFrame) input.beforeFrame();
  mouse_ = input.position;
  io.MousePos = input.position;
  for (int button = 0; button < 5; ++button) io.MouseDown[button] = button < 3 && input.down[static_cast<std::size_t>(button)];
  io.MouseWheel = input.wheel;
  io.MouseWheelH = 0;
  io.KeyCtrl = input.ctrl;
  io.KeyShift = io.KeyAlt = io.KeySuper = false;
  for (const auto& [name, key] : kScriptKeys) io.KeysDown[key] = key == input.key;
  io.KeysDown[GLFW_KEY_LEFT_CONTROL] = input.ctrl;
  if (input.character) io.AddInputCharacter(input.character);
  host_.profiler().setMeasured(input.measured);
}

void ScriptDriver::finishFrame() {
  if (printState_) {
    host_.printState();
    printState_ = false;
  }
  if (screenshot_) {
    // Wait for the anti-aliased picture, as a person would see it once things rest.
    if (host_.sceneAtRest() || ++screenshotSettleFrames_ > 120) {
      try {
        host_.writeScreenshot(*screenshot_);
      } catch (const std::exception& error) {
        fail(std::string("screenshot: ") + error.what());
      }
      screenshot_.reset();
    }
  }
}

void ScriptDriver::checkExpectedError(const std::optional<std::string>& error, const ScriptCommand& command) {
  if (!error) {
    if (expectError_) throw Error("expected an error containing '" + *expectError_ + "', but " + command.verb + " succeeded");
    return;
  }
  if (expectError_ && error->find(*expectError_) != std::string::npos) {
    expectError_.reset();
    return;
  }
  throw Error(*error);
}

// ---------------------------------------------------------------------------------------------------
// Input verbs

ImVec2 ScriptDriver::sceneCentre() const {
  const UiRect& scene = host_.layout().scene;
  ImVec2 centre = scene.centre();
  if (host_.state().session.scene().viewMode == core::ViewMode::split) centre.x = scene.x0 + scene.width() / 4;
  return centre;
}

ScriptDriver::StepResult ScriptDriver::orbitOrPan(const ScriptCommand& command) {
  const ImVec2 from = sceneCentre();
  const ImVec2 to(from.x + static_cast<float>(command.number(0)), from.y + static_cast<float>(command.number(1)));
  queueDrag(command.verb == "orbit" ? 0 : 1, from, to, 8);
  return StepResult::yield;
}

namespace {
ImVec2 pointAt(const ScriptCommand& command, std::size_t first) {
  return ImVec2(static_cast<float>(command.number(first)), static_cast<float>(command.number(first + 1)));
}
}  // namespace

ScriptDriver::StepResult ScriptDriver::drag(const ScriptCommand& command) {
  const long long button = command.integer(0);
  if (button < 0 || button > 2) throw Error("drag: button must be 0 (left), 1 (right) or 2 (middle)");
  queueDrag(static_cast<int>(button), pointAt(command, 1), pointAt(command, 3), 8);
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::zoom(const ScriptCommand& command) {
  ScriptedInput frame{sceneCentre()};
  frame.wheel = static_cast<float>(command.number(0));
  input_.push_back(ScriptedInput{sceneCentre()});
  input_.push_back(frame);
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::click(const ScriptCommand& command) {
  queueClick(pointAt(command, 0), 0, command.verb == "ctrl-click");
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::doubleClick(const ScriptCommand& command) {
  const ImVec2 where = command.args.size() == 2 ? pointAt(command, 0) : sceneCentre();
  ScriptedInput up{where}, down{where};
  down.down[0] = true;
  for (const auto& frame : {up, down, up, down, up}) input_.push_back(frame);
  for (int i = 0; i < kClickSettleFrames; ++i) input_.push_back(up);
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::move(const ScriptCommand& command) {
  input_.push_back(ScriptedInput{pointAt(command, 0)});
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::key(const ScriptCommand& command) {
  // "ctrl+a" holds Ctrl while the key goes down and up.
  std::string name = command.args[0];
  const bool ctrl = name.rfind("ctrl+", 0) == 0;
  if (ctrl) name = name.substr(5);
  const int key = keyByName(name);
  if (key < 0) {
    std::string list;
    for (const auto& [known, code] : kScriptKeys) list += (list.empty() ? "" : " ") + std::string(known);
    throw Error("key: unknown key '" + command.args[0] + "' (" + list + ", optionally ctrl+KEY)");
  }
  ScriptedInput press{mouse_};
  press.key = key;
  press.ctrl = ctrl;
  ScriptedInput release{mouse_};
  release.ctrl = ctrl;
  input_.push_back(press);
  input_.push_back(release);
  input_.push_back(ScriptedInput{mouse_});
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::type(const ScriptCommand& command) {
  for (unsigned char c : joined(command.args)) {
    ScriptedInput frame{mouse_};
    frame.character = c;
    input_.push_back(frame);
  }
  return StepResult::yield;
}

// ---------------------------------------------------------------------------------------------------
// Playback and time

ScriptDriver::StepResult ScriptDriver::step(const ScriptCommand& command) {
  const long long count = command.args.empty() ? 1 : command.integer(0);
  if (std::llabs(count) <= 20) {
    for (long long i = 0; i < std::llabs(count); ++i) queueKey(count > 0 ? GLFW_KEY_RIGHT : GLFW_KEY_LEFT);
  } else {
    host_.state().playback.step(count);
  }
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::play(const ScriptCommand& command) {
  host_.state().playback.play();
  waitFrames_ = static_cast<int>(std::max<long long>(1, command.integer(0)));
  pauseAfterWait_ = true;
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::pause(const ScriptCommand&) {
  host_.state().playback.pause();
  return StepResult::next;
}

ScriptDriver::StepResult ScriptDriver::scrub(const ScriptCommand& command) {
  host_.state().playback.scrub(command.integer(0));
  return StepResult::next;
}

ScriptDriver::StepResult ScriptDriver::wait(const ScriptCommand& command) {
  waitFrames_ = static_cast<int>(std::max<long long>(0, command.integer(0)));
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::waitDrop(const ScriptCommand& command) {
  const double seconds = command.number(0);
  if (!(seconds > 0 && seconds <= 600)) throw Error("wait-drop: seconds must be in (0, 600]");
  dropDeadline_ = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
  dropWaitWhere_ = at(command) + ": wait-drop " + command.args[0];
  return StepResult::yield;
}

// ---------------------------------------------------------------------------------------------------
// Files, export, recording, reports

ScriptDriver::StepResult ScriptDriver::screenshot(const ScriptCommand& command) {
  screenshot_ = command.args[0];
  screenshotSettleFrames_ = 0;
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::openOrSave(const ScriptCommand& command) {
  ViewerState& state = host_.state();
  if (command.verb == "open") host_.actions().openScene(command.args[0]);
  else host_.actions().saveScene(command.args[0]);
  checkExpectedError(state.messageIsError ? std::optional<std::string>(state.message) : std::nullopt, command);
  return StepResult::next;
}

ScriptDriver::StepResult ScriptDriver::exportFile(const ScriptCommand& command) {
  ViewerState& state = host_.state();
  WindowSize size{state.settings.exportWidth, state.settings.exportHeight};
  if (command.args.size() == 2) size = parseWindowSize(command.args[1], command.verb);
  state.exportStatus.lastResult.clear();
  if (command.verb == "export-png") host_.actions().exportStill(command.args[0], size.width, size.height);
  else host_.actions().exportAnimation(command.args[0], size.width, size.height, state.settings.exportFps);
  if (state.exportStatus.lastFailed && !host_.exportBusy()) throw Error(state.exportStatus.lastResult);
  waitForJobs_ = true;
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::record(const ScriptCommand& command) {
  ViewerState& state = host_.state();
  if (command.args[0] == "start") {
    if (command.args.size() < 2) throw Error("record start: needs OUT [WxH]");
    const auto [width, height] = state.settings.recordingSize();
    WindowSize size{width, height};
    if (command.args.size() == 3) size = parseWindowSize(command.args[2], "record");
    host_.actions().startRecording(command.args[1], size.width, size.height, state.settings.recordFps);
    if (!host_.recordingActive()) throw Error(state.recordStatus.lastResult);
  } else if (command.args[0] == "stop") {
    host_.actions().stopRecording();
    if (state.recordStatus.lastFailed) throw Error(state.recordStatus.lastResult);
    std::cout << "recorded " << quoted(state.recordStatus.lastResult) << "\n" << std::flush;
  } else {
    throw Error("record: expected start OUT [WxH] or stop");
  }
  return StepResult::next;
}

ScriptDriver::StepResult ScriptDriver::state(const ScriptCommand&) {
  printState_ = true;
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::bench(const ScriptCommand& command) {
  const std::string& kind = command.args[0];
  const long long frames = command.integer(1);
  if (frames < 1 || frames > 100000) throw Error("bench: frames must be in [1, 100000]");
  host_.profiler().startBench(kind);
  const ImVec2 centre = sceneCentre();
  if (kind == "orbit") {
    ScriptedInput frame{centre};
    frame.down[0] = true;
    input_.push_back(ScriptedInput{centre});
    input_.push_back(frame);
    for (long long i = 0; i < frames; ++i) {
      // Back and forth, so long benchmarks stay in the same range of views.
      frame.position.x += (i / 60) % 2 == 0 ? 3.0f : -3.0f;
      frame.measured = true;
      input_.push_back(frame);
    }
    input_.push_back(ScriptedInput{frame.position});
  } else if (kind == "edit" || kind == "edit-all") {
    for (long long i = 0; i < frames; ++i) {
      ScriptedInput frame{mouse_};
      frame.measured = true;
      const bool all = kind == "edit-all";
      frame.beforeFrame = [this, i, all] {
        Session& session = host_.state().session;
        const std::size_t count = all ? session.runCount() : std::min<std::size_t>(1, session.runCount());
        for (std::size_t r = 0; r < count; ++r) {
          core::RunSpec run = session.run(r);
          run.optimizer.lr *= i % 2 == 0 ? 1.05 : 1.0 / 1.05;  // as a slider drag does
          session.setRun(r, run);
        }
      };
      input_.push_back(std::move(frame));
    }
  } else if (kind == "idle") {
    for (long long i = 0; i < frames; ++i) {
      ScriptedInput frame{mouse_};
      frame.measured = true;
      input_.push_back(frame);
    }
  } else {
    throw Error("bench: unknown kind '" + kind + "' (orbit, edit, edit-all, idle)");
  }
  // The viewer prints the summary once the last measured frame is done (benchPending).
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::resize(const ScriptCommand& command) {
  host_.resizeWindow(static_cast<int>(command.integer(0)), static_cast<int>(command.integer(1)));
  waitFrames_ = 5;
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::provokeError(const ScriptCommand& command) {
  const std::string& kind = command.args[0];
  if (kind != "x" && kind != "gl") throw Error("provoke-error: expected x or gl, got '" + kind + "'");
  host_.provokeError(kind);
  waitFrames_ = 2;  // the X server's answer arrives with the next events
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::quit(const ScriptCommand&) {
  host_.printState();
  exitCode_ = 0;
  return StepResult::yield;
}

ScriptDriver::StepResult ScriptDriver::expectError(const ScriptCommand& command) {
  expectError_ = joined(command.args);
  return StepResult::next;
}

}  // namespace gradscape::app
