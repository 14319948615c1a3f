// Recording from the window's scene picture.
#include "viewer/recording_controller.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "render/window_framebuffer.hpp"

namespace gradscape::app {

std::string sizeText(std::uint64_t bytes) {
  char text[64];
  if (bytes >= 1024 * 1024) std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else std::snprintf(text, sizeof text, "%.0f KB", static_cast<double>(bytes) / 1024.0);
  return text;
}

RecordingController::~RecordingController() { abandon(); }

void RecordingController::abandon() {
  recorder_.reset();
  target_.reset();
  key_.reset();
  pixels_.reset();
}

void RecordingController::start(ViewerState& state, const std::string& path, int width, int height, double fps,
                                double now, const render::Viewport& sceneSize) {
  if (recorder_) return;
  try {
    std::vector<core::Rgb> colors;
    for (const auto& style : state.session.styles()) colors.push_back(style.color);
    if (width == 0 || height == 0) {  // the scene's size (even: yuv420p video needs it)
      width = std::max(sceneSize.width / 2 * 2, 16);
      height = std::max(sceneSize.height / 2 * 2, 16);
    }
    recorder_ = std::make_unique<Recorder>(path, width, height, fps, std::move(colors), now);
    target_.emplace(recorder_->width(), recorder_->height(), 1);
    key_.reset();
    pixels_.reset();
    state.recording = true;
    state.recordStatus = {};
    state.recordStatus.label = "recording";
  } catch (const std::exception& error) {
    recorder_.reset();
    state.recordStatus.lastResult = std::string("record: ") + error.what();
    state.recordStatus.lastFailed = true;
  }
}

void RecordingController::stop(ViewerState& state) {
  if (!recorder_) return;
  try {
    const std::string status = recorder_->statusText();
    const std::uint64_t bytes = recorder_->finish();
    state.recordStatus.lastResult = "wrote " + recorder_->path() + " (" + status + ", " + sizeText(bytes) + ")";
    state.recordStatus.lastFailed = false;
  } catch (const std::exception& error) {
    state.recordStatus.lastResult = std::string("record: ") + error.what();
    state.recordStatus.lastFailed = true;
  }
  recorder_.reset();
  target_.reset();
  pixels_.reset();
  state.recording = false;
  state.recordStatus.label.clear();
}

void RecordingController::capture(ViewerState& state, SceneView& sceneView, const render::Viewport& viewport,
                                  const render::FrameOptions& options, ScenePass lastPass, double now) {
  if (!recorder_ || !recorder_->frameDue(now)) return;
  if (const auto error = recorder_->error()) {
    state.recordStatus.lastResult = "record: " + *error;
    state.recordStatus.lastFailed = true;
    stop(state);
    return;
  }
  const render::Camera& camera = state.camera;
  const std::array<double, 8> key{camera.azimuth, camera.elevation, camera.distance, camera.orthographic ? 1.0 : 0.0,
                                  camera.panX * 1e3 + camera.panY, static_cast<double>(options.iteration),
                                  static_cast<double>(sceneView.contentVersion()),
                                  (options.axes ? 1.0 : 0.0) + (options.legend ? 2.0 : 0.0)};
  // At the scene's own size the window's picture is the recording's: read it back instead of drawing the
  // scene a second time (what kept recording from costing the frame rate). Its anti-aliased frame at rest
  // is recorded too, as the window shows it.
  const render::OffscreenTarget* shown = sceneView.image();
  const bool reuse = shown && shown->width() == target_->width() && shown->height() == target_->height() &&
                     viewport.width == shown->width() && viewport.height == shown->height();
  const bool changed = !key_ || *key_ != key || (reuse && lastPass == ScenePass::antialiased);
  if (changed) {
    if (reuse) {
      pixels_ = std::make_shared<const std::vector<std::uint8_t>>(shown->readRgba());
    } else {
      target_->bind();
      render::FrameOptions fast = options;
      fast.antialias = false;
      sceneView.renderer().render(camera, render::Viewport{0, 0, target_->width(), target_->height()}, fast);
      pixels_ = std::make_shared<const std::vector<std::uint8_t>>(target_->readRgba());
    }
    render::bindWindowFramebuffer();
    key_ = key;
  }
  recorder_->submit(pixels_, changed, now);
  state.recordStatus.label = recorder_->statusText();
}

}  // namespace gradscape::app
