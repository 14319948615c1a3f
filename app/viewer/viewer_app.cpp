// The viewer's main loop and what it owns: the window, ImGui, the scene view, the panel and plots, file
// actions, export jobs and the parts it hands each frame to (compositor, presenter, recording, script).
// Frame order: events -> backends' NewFrame -> (scripted input) -> ImGui::NewFrame -> scene input (only
// what ImGui does not want) -> panel and plots (edits) -> recompute dirty runs -> upload -> compose (scene
// pass, cached, MSAA once at rest; ImGui pass) -> screenshot / record capture -> present.
#include "viewer/viewer_app.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <thread>

#include "capture/animation_exporter.hpp"
#include "core/error.hpp"
#include "encode/atomic_file.hpp"
#include "render/camera.hpp"
#include "render/window_framebuffer.hpp"
#include "viewer/background_job.hpp"
#include "viewer/camera_control.hpp"
#include "viewer/export_job.hpp"
#include "viewer/frame_compositor.hpp"
#include "viewer/frame_profiler.hpp"
#include "viewer/frame_stats.hpp"
#include "viewer/glfw_window.hpp"
#include "viewer/imgui_session.hpp"
#include "viewer/layout.hpp"
#include "viewer/map_view.hpp"
#include "viewer/overlays.hpp"
#include "viewer/panel.hpp"
#include "viewer/plan_interaction.hpp"
#include "viewer/plots.hpp"
#include "viewer/recovery_file.hpp"
#include "viewer/recording_controller.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/script_driver.hpp"
#include "viewer/settings.hpp"
#include "viewer/state_report.hpp"
#include "viewer/viewer_state.hpp"
#include "viewer/window_presenter.hpp"
#include "viewer/x_error_guard.hpp"

namespace gradscape::app {
namespace {

ViewerSettings initialSettings(const std::optional<std::string>& dir) {
  if (!dir) return {};
  std::string warning;
  ViewerSettings settings = loadSettings(*dir + "/settings.json", &warning);
  if (!warning.empty()) std::cerr << "gradscape: " << warning << "\n";
  return settings;
}

std::string timestampedScreenshotPath() {
  const std::time_t now = std::time(nullptr);
  char name[64];
  std::strftime(name, sizeof name, "gradscape-%Y%m%d-%H%M%S.png", std::localtime(&now));
  return name;
}

class Viewer final : public ViewerActions, public ScriptHost {
 public:
  explicit Viewer(ViewerLaunch launch);
  ~Viewer() override;
  int run();

  // ViewerActions
  void openScene(const std::string& path) override;
  void saveScene(const std::string& path) override;
  void exportStill(const std::string& path, int width, int height) override;
  void exportAnimation(const std::string& path, int width, int height, double fps) override;
  void cancelExport() override { exportJob_.cancel(); }
  void startRecording(const std::string& path, int width, int height, double fps) override;
  void stopRecording() override { recording_.stop(state_); }
  void takeScreenshot() override { screenshotRequest_ = timestampedScreenshotPath(); }
  void resetCamera() override { state_.camera = state_.homeCamera, plan_.resetWindow(); }

  // ScriptHost
  ViewerState& state() override { return state_; }
  ViewerActions& actions() override { return *this; }
  Panel& panel() override { return panel_; }
  FrameProfiler& profiler() override { return profiler_; }
  const Layout& layout() const override { return lastLayout_; }
  bool exportBusy() const override { return exportJob_.busy(); }
  bool recordingActive() const override { return recording_.active(); }
  bool sceneAtRest() const override {
    return !sceneView_->antialiasPending() && !sceneView_->contoursPending() && compositor_.lastPass() != ScenePass::fast;
  }
  int dropsReceived() const override { return dropsReceived_; }
  void resizeWindow(int width, int height) override { glfwSetWindowSize(window_.handle(), width, height); }
  void provokeError(const std::string& kind) override {
    if (kind == "x") xErrors_.provokeError();
    else render::provokeGlError();
  }
  void writeScreenshot(const std::string& path) override {
    const WindowMetrics window = metrics();
    FrameCompositor::writeScreenshot(path, window.framebufferWidth, window.framebufferHeight);
  }
  void printState() override;

 private:
  WindowMetrics metrics() const;
  render::FrameOptions frameOptions() const;
  double clock() const;

  void handleSceneMouse(const Layout& layout);
  void handleKeys();
  void placeStartAt(const Layout& layout, ImVec2 mouse);
  void processDrops();
  void pollJobs();
  bool idle() const;
  void present(const FrameDrawing& drawing, const WindowMetrics& window);
  void recoverFromErrors();
  void saveSettingsNow();

  ViewerLaunch launch_;
  std::optional<std::string> configDir_;
  std::string settingsPath_, iniPath_;
  ViewerSettings loadedSettings_;
  GlfwLibrary glfw_;
  XErrorGuard xErrors_;
  Window window_;
  ImGuiSession imgui_;
  std::unique_ptr<WindowPresenter> presenter_;
  FrameCompositor compositor_;
  FrameProfiler profiler_;
  PlotsWindow plots_;  // keeps each run's decimated curves between frames
  double frameInterval_ = 1.0 / 60;  // pacing when presenting does not wait for vertical blank
  ViewerState state_;
  std::unique_ptr<SceneView> sceneView_;
  Panel panel_;
  FrameStats frameStats_;
  Layout lastLayout_;
  std::optional<int> dragButton_;
  PlanInteraction plan_;  // hover readout; the 2-D pane's drags, pan and zoom
  std::vector<std::string> drops_;
  int dropsReceived_ = 0;  // drop callbacks so far
  std::optional<std::string> screenshotRequest_;
  bool jumpToEnd_ = true;
  int busyFrames_ = 30;
  std::int64_t frameIndex_ = 0;
  std::set<std::string> loggedGlErrors_;

  BackgroundJob exportJob_;
  MapController maps_;
  RecordingController recording_;
  ScriptDriver script_;
  RecoveryWriter recovery_;
  std::optional<std::filesystem::path> offeredSession_;  // a crashed viewer's session, offered at start
  std::optional<std::int64_t> startFrame_;
  void offerRestore();
  void adoptScene(core::Scene scene, std::optional<std::string> path, std::optional<std::int64_t> frame);
};

Viewer::Viewer(ViewerLaunch launch)
    : launch_(std::move(launch)),
      configDir_(configDirectory()),
      settingsPath_(configDir_ ? *configDir_ + "/settings.json" : ""),
      iniPath_(configDir_ ? *configDir_ + "/imgui.ini" : ""),
      loadedSettings_(initialSettings(configDir_)),
      glfw_(),
      xErrors_(),
      window_(launch_.windowSize ? launch_.windowSize->width : loadedSettings_.windowWidth,
              launch_.windowSize ? launch_.windowSize->height : loadedSettings_.windowHeight,
              "gradscape", /*vsync=*/launch_.script.empty() && !launch_.screenshotPath),
      imgui_(window_.handle(), iniPath_.empty() ? nullptr : iniPath_.c_str()),
      state_(std::move(launch_.scene)),
      script_(std::move(launch_.script), launch_.scriptOrigin, launch_.screenshotPath, *this),
      recovery_(recoveryDirectory()),
      startFrame_(launch_.restoredFrame) {
  if (configDir_) {
    std::error_code ignored;
    std::filesystem::create_directories(*configDir_, ignored);
  }
  state_.settings = loadedSettings_;
  state_.scenePath = launch_.scenePath;
  state_.camera = state_.homeCamera = render::Camera::fromSpec(state_.session.scene().cameraOrDefault());
  state_.playback.speed = state_.settings.playbackSpeed;
  state_.playback.loop = state_.settings.playbackLoop;
  sceneView_ = std::make_unique<SceneView>();
  presenter_ = std::make_unique<WindowPresenter>(window_.handle(), /*vsync=*/!script_.active());
  if (const GLFWvidmode* mode = glfwGetVideoMode(glfwGetPrimaryMonitor()); mode && mode->refreshRate > 0)
    frameInterval_ = 1.0 / mode->refreshRate;

  if (launch_.restoredFile) {
    try {
      recovery_.writeNow(state_);
      std::error_code ignored;
      std::filesystem::remove(*launch_.restoredFile, ignored);
    } catch (const std::exception& error) {
      std::cerr << "gradscape: recovery file: " << error.what() << "\n";
    }
    state_.say("restored the unsaved session", false);
  } else if (!script_.active()) {
    offeredSession_ = newestLeftoverSession(recoveryDirectory());  // scripted runs never ask
  }

  glfwSetWindowUserPointer(window_.handle(), this);
  glfwSetWindowRefreshCallback(window_.handle(), [](GLFWwindow* window) {
    auto* viewer = static_cast<Viewer*>(glfwGetWindowUserPointer(window));
    viewer->compositor_.repaintAll();  // the window system lost our pixels (exposed, resized)
    viewer->busyFrames_ = std::max(viewer->busyFrames_, 2);
  });
  glfwSetDropCallback(window_.handle(), [](GLFWwindow* window, int count, const char** paths) {
    auto* viewer = static_cast<Viewer*>(glfwGetWindowUserPointer(window));
    for (int i = 0; i < count; ++i) viewer->drops_.emplace_back(paths[i]);
    ++viewer->dropsReceived_;
  });
}

Viewer::~Viewer() {
  recording_.abandon();
  sceneView_.reset();  // GL objects go while the context is still current
}

void Viewer::saveSettingsNow() {
  if (settingsPath_.empty()) return;
  int width = 0, height = 0;
  glfwGetWindowSize(window_.handle(), &width, &height);
  if (width > 0 && height > 0) state_.settings.windowWidth = width, state_.settings.windowHeight = height;
  state_.settings.playbackSpeed = state_.playback.speed;
  state_.settings.playbackLoop = state_.playback.loop;
  std::string error;
  if (!saveSettings(settingsPath_, state_.settings, &error)) std::cerr << "gradscape: " << error << "\n";
}

WindowMetrics Viewer::metrics() const {
  WindowMetrics window;
  glfwGetFramebufferSize(window_.handle(), &window.framebufferWidth, &window.framebufferHeight);
  const ImGuiIO& io = ImGui::GetIO();
  window.displaySize = io.DisplaySize;
  window.framebufferScale = io.DisplayFramebufferScale;
  return window;
}

render::FrameOptions Viewer::frameOptions() const {
  render::FrameOptions options;
  options.iteration = state_.playback.frame();
  options.axes = state_.showAxes;
  options.legend = state_.showLegend;
  options.view = state_.session.scene().viewMode;
  options.hiddenPaths = state_.session.scene().render.display.hiddenPaths;
  options.planWindow = plan_.window();
  return options;
}

double Viewer::clock() const {
  return script_.active() ? static_cast<double>(frameIndex_) * kScriptFrameSeconds : glfwGetTime();
}

// ---------------------------------------------------------------------------------------------------
// Input

void Viewer::handleSceneMouse(const Layout& layout) {
  if (plan_.handleMouse(layout, metrics(), state_, *sceneView_, dragButton_.has_value())) return;
  ImGuiIO& io = ImGui::GetIO();
  const bool overScene = layout.scene.contains(io.MousePos) && !io.WantCaptureMouse;
  bool dragStarted = false;
  for (int button = 0; button < 3; ++button) {
    if (!io.MouseClicked[button] || !overScene) continue;
    if (button == 0 && io.KeyCtrl) {
      placeStartAt(layout, io.MousePos);
    } else if (button == 0 && io.MouseDoubleClicked[0]) {
      resetCamera();
      dragButton_.reset();
    } else if (!dragButton_) {
      dragButton_ = button;
      dragStarted = true;
    }
  }
  // Mouse-up is never swallowed: a drag that began in the scene ends wherever the button is released.
  if (dragButton_ && !io.MouseDown[*dragButton_]) dragButton_.reset();
  if (dragButton_ && !dragStarted && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
    if (*dragButton_ == 0) {
      orbitCamera(state_.camera, io.MouseDelta.x, io.MouseDelta.y);
    } else {
      const render::Viewport viewport{0, 0, std::max(1, static_cast<int>(layout.scene.width())),
                                      std::max(1, static_cast<int>(layout.scene.height()))};
      const render::ViewProjection projection(state_.camera, render::DataBox{}, viewport);
      panCamera(state_.camera, io.MouseDelta.x, io.MouseDelta.y, projection.axesRect()[2]);
    }
  }
  if (overScene && io.MouseWheel != 0) zoomCamera(state_.camera, io.MouseWheel);
}

void Viewer::placeStartAt(const Layout& layout, ImVec2 mouse) {
  if (state_.selectedRun >= state_.session.runCount()) {
    state_.say("ctrl+click: select a run first", true);
    return;
  }
  const render::Viewport viewport = sceneViewport(layout, metrics());
  const ImGuiIO& io = ImGui::GetIO();
  const double px = (mouse.x - layout.scene.x0) * io.DisplayFramebufferScale.x;
  const double py = (mouse.y - layout.scene.y0) * io.DisplayFramebufferScale.y;
  const auto point =
      sceneView_->pick(state_.camera, state_.session.scene().viewMode, viewport.width, viewport.height, px, py, plan_.window());
  if (!point) {
    state_.say("ctrl+click: no surface under the cursor", true);
    return;
  }
  core::RunSpec run = state_.session.run(state_.selectedRun);
  run.start = *point;
  try {
    state_.session.setRun(state_.selectedRun, run);
  } catch (const Error& error) {
    state_.say(error.what(), true);
  }
}

void Viewer::handleKeys() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureKeyboard) return;
  Playback& playback = state_.playback;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) playback.togglePlaying();
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT, true)) playback.step(-1);
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT, true)) playback.step(1);
  if (ImGui::IsKeyPressed(GLFW_KEY_HOME, false)) playback.pause(), playback.scrub(0);
  if (ImGui::IsKeyPressed(GLFW_KEY_END, false)) playback.pause(), playback.scrub(playback.last());
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) resetCamera();
  if (ImGui::IsKeyPressed(GLFW_KEY_V, false)) state_.session.setViewMode(nextViewMode(state_.session.scene().viewMode));
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false)) takeScreenshot();
  if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) state_.showHelp = !state_.showHelp;
  if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false) && state_.showHelp) state_.showHelp = false;
}

void Viewer::processDrops() {
  if (drops_.empty()) return;
  const std::vector<std::string> paths = std::move(drops_);
  drops_.clear();
  for (const auto& path : paths) {
    if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) {
      openScene(path);
      return;
    }
  }
  state_.say("drop: not a .json scene: " + paths.front(), true);
}

// ---------------------------------------------------------------------------------------------------
// Files, export, recording

// The shown scene becomes `scene` (opened, dropped or restored): its camera, run 0 selected, paused at
// `frame` (default: the last iteration) once its runs are traced.
void Viewer::adoptScene(core::Scene scene, std::optional<std::string> path, std::optional<std::int64_t> frame) {
  state_.session.replaceScene(std::move(scene));
  state_.camera = state_.homeCamera = render::Camera::fromSpec(state_.session.scene().cameraOrDefault());
  state_.selectedRun = 0;
  state_.scenePath = std::move(path);
  state_.playback.pause();
  jumpToEnd_ = true;
  startFrame_ = frame;
}

void Viewer::openScene(const std::string& path) {
  try {
    core::Scene scene = core::loadScene(path);
    core::checkKeptPoints(scene.runs, path + ": runs");
    adoptScene(std::move(scene), path, std::nullopt);
    recovery_.markSaved(state_);
    state_.say("opened " + path, false);
  } catch (const Error& error) {
    state_.say(std::string(error.what()) + " (kept the current scene)", true);
  }
}

void Viewer::saveScene(const std::string& path) {
  try {
    state_.session.setCamera(cameraSpecOf(state_.camera));
    const std::string text = core::serializeScene(state_.session.scene());
    encode::AtomicFile file(path);
    file.write(text.data(), text.size());
    file.commit();
    state_.scenePath = path;
    recovery_.markSaved(state_);
    state_.say("saved " + path, false);
  } catch (const std::exception& error) {
    state_.say(std::string("save: ") + error.what(), true);
  }
}

void Viewer::exportStill(const std::string& path, int width, int height) {
  capture::ExportOptions options;
  options.width = width;
  options.height = height;
  options.frame = state_.playback.frame();
  startExport(exportJob_, state_, path, options);
}

void Viewer::exportAnimation(const std::string& path, int width, int height, double fps) {
  capture::ExportOptions options;
  options.width = width;
  options.height = height;
  options.fps = fps;
  startExport(exportJob_, state_, path, options);
}

void Viewer::startRecording(const std::string& path, int width, int height, double fps) {
  recording_.start(state_, path, width, height, fps, clock(), sceneViewport(lastLayout_, metrics()));
}

// After a crash: one question, in the window, before anything else is edited.
void Viewer::offerRestore() {
  if (!offeredSession_) return;
  const RestoreChoice choice = drawRestoreOffer(*offeredSession_);
  if (choice == RestoreChoice::undecided) return;
  const std::filesystem::path file = *offeredSession_;
  offeredSession_.reset();
  try {
    if (choice == RestoreChoice::restore) {
      RecoveredSession session = readRecoveredSession(file);
      core::checkKeptPoints(session.scene.runs, file.string() + ": runs");
      adoptScene(std::move(session.scene), session.scenePath, session.frame);
      recovery_.writeNow(state_);
      state_.say("restored the unsaved session", false);
    }
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
  } catch (const std::exception& error) {
    state_.say(std::string("restore: ") + error.what(), true);
  }
}

void Viewer::pollJobs() {
  if (exportJob_.poll(state_.exportStatus)) script_.exportFinished();
}

void Viewer::printState() {
  ViewFigures figures;
  figures.viewport = sceneViewport(lastLayout_, metrics());
  figures.lastPass = compositor_.lastPass();
  figures.antialiasPending = sceneView_->antialiasPending();
  figures.fastFrames = compositor_.fastSceneFrames();
  figures.antialiasedFrames = compositor_.antialiasedSceneFrames();
  figures.frameMilliseconds = frameStats_.mean();
  figures.expressionError = panel_.expressionError();
  figures.copiesRectangles = presenter_->copiesRectangles();
  figures.planFields = plan_.describe();
  std::cout << describeViewerState(state_, figures) << std::flush;
}

// ---------------------------------------------------------------------------------------------------
// The loop

// X errors (reported while reading events) and GL errors (collected once a frame) are logged once per
// kind; the viewer repaints everything and presents whole frames from then on.
void Viewer::recoverFromErrors() {
  if (xErrors_.takeErrors() > 0) {
    presenter_->fallBackToSwaps();
    compositor_.repaintAll();
  }
  const std::string glError = render::takeGlError();
  if (glError.empty()) return;
  if (loggedGlErrors_.insert(glError).second)
    std::cerr << "gradscape: GL error " << glError << "; the viewer repaints whole frames from now on\n";
  presenter_->fallBackToSwaps();
  compositor_.repaintAll();
}

bool Viewer::idle() const {
  return !script_.active() && busyFrames_ <= 0 && !state_.playback.playing() && !sceneView_->antialiasPending() &&
         !sceneView_->contoursPending() &&
         !exportJob_.busy() && !recording_.active() && !maps_.busy();
}

void Viewer::present(const FrameDrawing& drawing, const WindowMetrics& window) {
  if (!drawing.drew) return;
  if (drawing.full) presenter_->presentAll(window.framebufferWidth, window.framebufferHeight);
  else
    for (const WindowRect& rect : drawing.rects) presenter_->present(rect, window.framebufferHeight);
}

int Viewer::run() {
  using Clock = std::chrono::steady_clock;
  double previousNow = 0;
  while (!glfwWindowShouldClose(window_.handle()) && !script_.exitCode()) {
    if (idle()) glfwWaitEventsTimeout(0.5);
    else if (script_.waitingForDrop()) glfwWaitEventsTimeout(0.01);  // leave the CPU to the program that drops
    else glfwPollEvents();
    const auto frameStart = Clock::now();
    profiler_.beginFrame(frameStart);
    const double now = clock();
    const double elapsed = frameIndex_ == 0 ? 0.0 : now - previousNow;
    previousNow = now;

    recoverFromErrors();
    processDrops();
    pollJobs();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // The layout needs only the display size (known now), so scripted input can aim at this frame's scene.
    const Layout layout =
        computeLayout(ImGui::GetIO().DisplaySize, state_.settings.panelWidth, state_.settings.showPlots);
    lastLayout_ = layout;
    if (script_.active()) {
      script_.feed();
      if (script_.exitCode()) break;
    }
    ImGui::NewFrame();
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || io.MouseDown[0] || io.MouseDown[1] ||
        io.MouseDown[2] || io.InputQueueCharacters.Size > 0 || io.WantTextInput)
      busyFrames_ = 30;
    for (int key = 0; key < 512 && busyFrames_ < 30; ++key)
      if (io.KeysDown[key]) busyFrames_ = 30;

    const render::Camera cameraBefore = state_.camera;
    const std::int64_t frameBefore = state_.playback.frame();
    handleSceneMouse(layout);
    handleKeys();
    state_.playback.advance(elapsed);

    panel_.draw(state_, *this, io.DisplaySize.y);
    if (layout.showPlots && layout.plots.height() > 0)
      plots_.draw(state_, ImVec2(layout.plots.x0, layout.plots.y0), ImVec2(layout.plots.width(), layout.plots.height()));
    offerRestore();
    drawOverlays(layout, state_, frameStats_, {compositor_.fastSceneFrames(), compositor_.antialiasedSceneFrames()});
    ImGui::Render();

    // Every edit of this frame is in: recompute only the runs it touched, upload only what changed.
    const bool recomputed = !state_.session.recompute().empty();
    state_.playback.setLast(state_.session.lastIteration());
    if (jumpToEnd_) {
      state_.playback.scrub(startFrame_.value_or(state_.playback.last()));
      startFrame_.reset();
      jumpToEnd_ = false;
    }
    recovery_.update(state_, now);
    const bool uploaded = sceneView_->sync(state_.session);
    state_.internals.update(state_, *sceneView_);
    maps_.update(state_, *sceneView_);
    if (recomputed || uploaded || !(cameraBefore == state_.camera) || frameBefore != state_.playback.frame())
      busyFrames_ = 30;

    profiler_.mark(FrameStage::ui);
    const WindowMetrics window = metrics();
    if (presenter_->beginFrame(window.framebufferWidth, window.framebufferHeight)) compositor_.repaintAll();
    const SceneFrame scene{state_.camera, frameOptions(), now, frameIndex_};
    const FrameDrawing drawing = compositor_.compose(
        layout, window, *ImGui::GetDrawData(), *sceneView_, scene, presenter_->keepsBackBuffer(), profiler_,
        [&](const render::Viewport& viewport) {
          recording_.capture(state_, *sceneView_, viewport, scene.options, compositor_.lastPass(), now);
        });
    if (screenshotRequest_) {
      try {
        writeScreenshot(*screenshotRequest_);
        state_.say("screenshot: " + *screenshotRequest_, false);
      } catch (const std::exception& error) {
        state_.say(std::string("screenshot: ") + error.what(), true);
      }
      screenshotRequest_.reset();
    }
    if (script_.active()) script_.finishFrame();
    present(drawing, window);
    profiler_.mark(FrameStage::swap);

    const double milliseconds = std::chrono::duration<double, std::milli>(Clock::now() - frameStart).count();
    // Without vertical-blank waits, an interactive window draws at most at the display's rate.
    if (!script_.active() && presenter_->copiesRectangles())
      std::this_thread::sleep_until(frameStart + std::chrono::duration<double>(frameInterval_ * 0.98));
    frameStats_.add(milliseconds);
    if (profiler_.measured()) {
      profiler_.addFrame(milliseconds);
      if (!script_.benchPending()) {
        std::cout << profiler_.report(window.framebufferWidth, window.framebufferHeight,
                                      static_cast<int>(lastLayout_.scene.width()),
                                      static_cast<int>(lastLayout_.scene.height()))
                  << std::flush;
      }
    }
    --busyFrames_;
    ++frameIndex_;
  }
  if (recording_.active()) stopRecording();
  recovery_.close(state_);
  saveSettingsNow();
  return script_.exitCode().value_or(0);
}

}  // namespace

int runViewer(ViewerLaunch launch) {
  Viewer viewer(std::move(launch));
  return viewer.run();
}

}  // namespace gradscape::app
