// The `state` lines scripts print: the camera, playback, view and every run, as key=value pairs the
// app tests read.
#pragma once

#include <cstdint>
#include <string>

#include "render/camera.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

// What the window did, besides the state the UI edits.
struct ViewFigures {
  render::Viewport viewport;
  ScenePass lastPass = ScenePass::none;
  bool antialiasPending = false;
  std::int64_t fastFrames = 0, antialiasedFrames = 0;
  double frameMilliseconds = 0;
  std::string expressionError;
  bool copiesRectangles = false;  // the window is presented by rectangle copies, not whole swaps
  std::string planFields;         // PlanInteraction::describe(): " hover=... hover_view=... plan_window=..."
};

// "state azimuth=... \n" and one "run I ..." line per run.
std::string describeViewerState(const ViewerState& state, const ViewFigures& figures);

// `text` in double quotes, with " and \ escaped and newlines as spaces (one field on one line).
std::string quoted(const std::string& text);

}  // namespace gradscape::app
