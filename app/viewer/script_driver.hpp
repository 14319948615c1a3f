// Runs a viewer script in the real window: the one verb table (each verb's argument shape, which
// parseScript checks up front, next to the code that executes it), synthetic mouse and keyboard input
// fed to ImGui frame by frame, waits, screenshots, expected errors and benchmarks.
#pragma once

#include <imgui.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "viewer/frame_profiler.hpp"
#include "viewer/layout.hpp"
#include "viewer/panel.hpp"
#include "viewer/script.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

inline constexpr double kScriptFrameSeconds = 1.0 / 60.0;  // scripted runs use a fixed clock: same input, same frames

// What a script reaches in the viewer besides its state and actions.
class ScriptHost {
 public:
  virtual ~ScriptHost() = default;
  virtual ViewerState& state() = 0;
  virtual ViewerActions& actions() = 0;
  virtual Panel& panel() = 0;
  virtual FrameProfiler& profiler() = 0;
  virtual const Layout& layout() const = 0;
  virtual bool exportBusy() const = 0;
  virtual bool recordingActive() const = 0;
  // The scene shows its anti-aliased picture (what a screenshot should wait for).
  virtual bool sceneAtRest() const = 0;
  virtual int dropsReceived() const = 0;
  virtual void resizeWindow(int width, int height) = 0;
  virtual void provokeError(const std::string& kind) = 0;  // "x" or "gl": exercises the recovery path
  virtual void writeScreenshot(const std::string& path) = 0;  // throws
  virtual void printState() = 0;
};

// One frame of synthetic input from a script.
struct ScriptedInput {
  ScriptedInput() = default;
  explicit ScriptedInput(ImVec2 at) : position(at) {}
  ImVec2 position;
  std::array<bool, 3> down{};
  bool ctrl = false;
  float wheel = 0;
  int key = -1;
  unsigned character = 0;             // typed text, one character per frame
  bool measured = false;              // part of a `bench`
  std::function<void()> beforeFrame;  // an edit applied at the start of the frame (bench edit)
};

class ScriptDriver {
 public:
  ScriptDriver(std::vector<ScriptCommand> script, std::optional<std::string> origin,
               std::optional<std::string> finalScreenshot, ScriptHost& host);

  // A script or a final screenshot was given: the viewer runs on the script's fixed clock.
  bool active() const { return !script_.empty() || finalScreenshot_.has_value(); }
  std::optional<int> exitCode() const { return exitCode_; }
  bool waitingForDrop() const { return dropDeadline_.has_value(); }

  // Before ImGui::NewFrame: runs commands until one needs frames, then applies this frame's input.
  void feed();
  // After the frame is composed (before it is shown): state prints and screenshots.
  void finishFrame();
  // An export the script started has ended (its result in state().exportStatus).
  void exportFinished();
  // Whether frames of a running `bench` are still queued.
  bool benchPending() const;

  // The verb table's argument shapes, for parseScript.
  static const VerbShape* findShape(std::string_view verb);
  static std::string verbNames();

 private:
  enum class StepResult { next, yield };
  using Handler = StepResult (ScriptDriver::*)(const ScriptCommand&);
  struct Verb {
    VerbShape shape;
    Handler run;
  };
  static std::span<const Verb> verbs();

  void fail(const std::string& message);
  bool blocked() const;
  std::string at(const ScriptCommand& command) const;  // "demo.txt:3"
  void checkExpectedError(const std::optional<std::string>& error, const ScriptCommand& command);
  void queueClick(ImVec2 at, int button, bool ctrl);
  void queueDrag(int button, ImVec2 from, ImVec2 to, int steps);
  void queueKey(int key);
  // Where orbit, zoom and the orbit benchmark press: the scene's centre, or in split its 3-D half's (each
  // pane keeps the gestures that begin in it, and split's centre is the 2-D half's left edge).
  ImVec2 sceneCentre() const;

  // Verbs
  StepResult orbitOrPan(const ScriptCommand& command);
  StepResult drag(const ScriptCommand& command);
  StepResult zoom(const ScriptCommand& command);
  StepResult click(const ScriptCommand& command);
  StepResult doubleClick(const ScriptCommand& command);
  StepResult move(const ScriptCommand& command);
  StepResult key(const ScriptCommand& command);
  StepResult type(const ScriptCommand& command);
  StepResult set(const ScriptCommand& command);
  StepResult addRun(const ScriptCommand& command);
  StepResult editRun(const ScriptCommand& command);  // remove-run, duplicate-run, select
  StepResult step(const ScriptCommand& command);
  StepResult play(const ScriptCommand& command);
  StepResult pause(const ScriptCommand& command);
  StepResult scrub(const ScriptCommand& command);
  StepResult wait(const ScriptCommand& command);
  StepResult waitDrop(const ScriptCommand& command);
  StepResult screenshot(const ScriptCommand& command);
  StepResult openOrSave(const ScriptCommand& command);
  StepResult exportFile(const ScriptCommand& command);  // export, export-png
  StepResult record(const ScriptCommand& command);
  StepResult state(const ScriptCommand& command);
  StepResult bench(const ScriptCommand& command);
  StepResult resize(const ScriptCommand& command);
  StepResult quit(const ScriptCommand& command);
  StepResult provokeError(const ScriptCommand& command);
  StepResult expectError(const ScriptCommand& command);
  StepResult wheel(const ScriptCommand& command);  // script_wheel.cpp
  void setField(const std::string& path, const std::vector<std::string>& values, const ScriptCommand& command);

  std::vector<ScriptCommand> script_;
  std::string origin_;
  std::optional<std::string> finalScreenshot_;
  ScriptHost& host_;

  std::size_t next_ = 0;
  std::deque<ScriptedInput> input_;
  ImVec2 mouse_{-1, -1};
  int waitFrames_ = 4;  // ImGui's windows exist (and can be hovered) from the second frame on
  bool pauseAfterWait_ = false;
  std::optional<std::string> screenshot_;  // taken once the scene is at rest
  int screenshotSettleFrames_ = 0;
  bool printState_ = false;
  bool waitForJobs_ = false;
  // `wait-drop S`: the script waits (at most S seconds) for another program to drop files on the window.
  std::optional<std::chrono::steady_clock::time_point> dropDeadline_;
  std::string dropWaitWhere_;
  int dropsAwaited_ = 0;  // drop callbacks consumed by wait-drop
  std::optional<std::string> expectError_;
  std::optional<int> exitCode_;
  bool finalScreenshotQueued_ = false;
};

}  // namespace gradscape::app
