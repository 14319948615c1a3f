// The viewer's recording: starts and stops a Recorder and hands it the scene's picture at its frame
// rate, read back from the window's own scene image when the sizes match (no second draw), else drawn
// once more into an offscreen target of the recording's size.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "render/offscreen_target.hpp"
#include "viewer/recorder.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

class RecordingController {
 public:
  ~RecordingController();  // needs the GL context current

  bool active() const { return recorder_ != nullptr; }

  // width/height 0: `sceneSize` (rounded down to even, at least 16). Failures go to state.recordStatus.
  void start(ViewerState& state, const std::string& path, int width, int height, double fps, double now,
             const render::Viewport& sceneSize);
  void stop(ViewerState& state);
  // Drops the recording without writing it (the window is closing under it).
  void abandon();
  // After the scene pass drew `viewport`: submits a frame when one is due.
  void capture(ViewerState& state, SceneView& sceneView, const render::Viewport& viewport,
               const render::FrameOptions& options, ScenePass lastPass, double now);

 private:
  std::unique_ptr<Recorder> recorder_;
  std::optional<render::OffscreenTarget> target_;
  std::optional<std::array<double, 8>> key_;  // what the last captured picture showed
  SharedPixels pixels_;
};

// "12 KB", "1.5 MB"
std::string sizeText(std::uint64_t bytes);

}  // namespace gradscape::app
