// The ImGui side panel: surface, runs, camera, playback, per-run status, files, export and record.
#pragma once

#include <optional>
#include <string>

#include "viewer/viewer_state.hpp"

namespace gradscape::app {

class Panel {
 public:
  // Draws the panel as a window pinned to the left edge, `height` tall; returns its width (the user
  // may drag its right edge).
  float draw(ViewerState& state, ViewerActions& actions, float height);

  // The expression field's edit path, also used by scripts: parses `source`; on success the session's
  // surface becomes it (domain kept), on failure the error (with its column) is shown and the last valid
  // surface stays. Returns the error, or "" when it parsed.
  std::string editExpression(ViewerState& state, const std::string& source);
  const std::string& expressionError() const { return expressionError_; }
  const std::string& runError() const { return runError_; }

 private:
  void drawSurface(ViewerState& state);
  void drawRuns(ViewerState& state);
  void drawRunEditor(ViewerState& state, std::size_t index);
  void drawCamera(ViewerState& state, ViewerActions& actions);
  void drawPlayback(ViewerState& state);
  void drawStatus(ViewerState& state);
  void drawFiles(ViewerState& state, ViewerActions& actions);
  void drawExport(ViewerState& state, ViewerActions& actions);
  void drawView(ViewerState& state, ViewerActions& actions);
  // Applies an edited copy of a run, keeping the old one (and showing why) when it is rejected.
  void applyRun(ViewerState& state, std::size_t index, const core::RunSpec& edited);

  std::string expressionText_;
  std::string expressionError_;
  std::string shownSurfaceText_;  // the session surface the field text was taken from
  bool expressionFieldOwnsSurface_ = false;
  std::string domainError_;
  std::string runError_;
  std::size_t runErrorIndex_ = 0;
  std::string labelText_;
  std::size_t labelIndex_ = static_cast<std::size_t>(-1);
  std::string scenePathText_;
  bool scenePathInitialised_ = false;
};

// "iterations", "tolerance at 57", "diverged at 123" (the iteration whose point was not finite).
std::string describeStop(const core::RunOutcome& outcome);

}  // namespace gradscape::app
