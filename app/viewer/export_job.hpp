// The viewer's exports: the scene as the window shows it, exported by capture::exportScene on a worker
// thread (its own headless GL context) while the window keeps drawing; progress in state.exportStatus.
#pragma once

#include <string>

#include "capture/animation_exporter.hpp"
#include "core/scene.hpp"
#include "viewer/background_job.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

// The current camera, visible runs only, each with its colour, marker and label fixed.
core::Scene sceneForExport(const ViewerState& state);

// Starts `exportJob` unless it is busy; an unknown extension fails at once into state.exportStatus.
void startExport(BackgroundJob& exportJob, ViewerState& state, const std::string& path, capture::ExportOptions options);

}  // namespace gradscape::app
