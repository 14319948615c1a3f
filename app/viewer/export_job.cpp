// Exports from the viewer on a worker thread.
#include "viewer/export_job.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "viewer/camera_control.hpp"
#include "viewer/recording_controller.hpp"

namespace gradscape::app {

core::Scene sceneForExport(const ViewerState& state) {
  // What the viewer shows: the current camera, visible runs only, each with its colour and marker fixed
  // (a default colour depends on the run's index, which dropping hidden runs would change).
  const Session& session = state.session;
  core::Scene scene = session.scene();
  scene.runs.clear();
  for (std::size_t i = 0; i < session.runCount(); ++i) {
    if (!session.visible(i)) continue;
    core::RunSpec run = session.run(i);
    const render::RunStyle style = session.style(i);
    run.color = style.color;
    run.marker = style.marker;
    run.label = style.label;
    scene.runs.push_back(std::move(run));
  }
  scene.camera = cameraSpecOf(state.camera);
  return scene;
}

void startExport(BackgroundJob& exportJob, ViewerState& state, const std::string& path, capture::ExportOptions options) {
  if (exportJob.busy()) return;
  state.exportStatus.lastResult.clear();
  state.exportStatus.lastFailed = false;
  try {
    capture::outputFormatFor(path);  // an unknown extension fails here, not on the worker
  } catch (const Error& error) {
    state.exportStatus.lastResult = std::string("export: ") + error.what();
    state.exportStatus.lastFailed = true;
    return;
  }
  options.progress = false;  // the panel shows progress; standard error stays quiet
  // The exporter makes its own headless GL context on the worker thread; the window keeps drawing.
  exportJob.start(
      [scene = sceneForExport(state), path, options](JobControl& control) mutable {
        options.onFrame = [&control](std::int64_t done, std::int64_t total) {
          control.progress(static_cast<float>(done) / static_cast<float>(std::max<std::int64_t>(1, total)),
                           "frame " + std::to_string(done) + " / " + std::to_string(total));
          return !control.cancelled();
        };
        const capture::ExportResult result = capture::exportScene(scene, path, options);
        return "wrote " + path + " (" + std::to_string(result.frames) + (result.frames == 1 ? " frame, " : " frames, ") +
               std::to_string(result.width) + "x" + std::to_string(result.height) + ", " + sizeText(result.bytes) + ")";
      },
      "starting");
}

}  // namespace gradscape::app
