// What the viewer's UI edits besides the scene: camera, playback, selection, toggles, messages, jobs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "render/renderer.hpp"
#include "viewer/internals_view.hpp"
#include "viewer/map_state.hpp"
#include "viewer/playback.hpp"
#include "viewer/plot_axis.hpp"
#include "viewer/session.hpp"
#include "viewer/settings.hpp"

namespace gradscape::app {

// Progress of a background job (export, recording) as the panel shows it.
struct JobStatus {
  bool running = false;
  float fraction = 0;      // 0..1, or < 0 when unknown
  std::string label;       // "frame 40 / 201"
  std::string lastResult;  // "wrote out.gif (120 KB)" or the error
  bool lastFailed = false;
};

struct ViewerState {
  explicit ViewerState(core::Scene scene) : session(std::move(scene)) {}

  Session session;
  render::Camera camera;
  render::Camera homeCamera;  // double-click / R / "reset view" go back here (the scene's camera)
  Playback playback;
  std::size_t selectedRun = 0;
  std::optional<std::string> scenePath;
  ViewerSettings settings;
  InternalsView internals;  // why the step goes there: toggles and the values shown
  MapState map;  // the map drawn over the surface (or the phase map's window)

  bool showHelp = false;
  bool showAxes = true;
  bool showLegend = true;
  LossPlotState lossPlot;  // the loss plot's axis choice and hover readout

  std::string message;  // last file message: loaded, saved, or the error that kept the current scene
  bool messageIsError = false;

  JobStatus exportStatus;
  JobStatus recordStatus;
  bool recording = false;

  void say(std::string text, bool isError) {
    message = std::move(text);
    messageIsError = isError;
  }
};

// What the panel asks the viewer to do (the viewer owns files, GL targets and threads).
class ViewerActions {
 public:
  virtual ~ViewerActions() = default;
  virtual void openScene(const std::string& path) = 0;
  virtual void saveScene(const std::string& path) = 0;
  virtual void exportStill(const std::string& path, int width, int height) = 0;
  virtual void exportAnimation(const std::string& path, int width, int height, double fps) = 0;
  virtual void cancelExport() = 0;
  // width and height 0: the scene's size in the window (rounded down to even), reusing its picture.
  virtual void startRecording(const std::string& path, int width, int height, double fps) = 0;
  virtual void stopRecording() = 0;
  virtual void takeScreenshot() = 0;
  virtual void resetCamera() = 0;
};

}  // namespace gradscape::app
