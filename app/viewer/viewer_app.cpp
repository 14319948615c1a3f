// The viewer's window loop. Frame order: events -> backends' NewFrame -> (scripted input) -> ImGui::NewFrame
// -> scene input (only what ImGui does not want) -> panel and plots (edits) -> recompute dirty runs ->
// upload -> scene pass (cached, MSAA once at rest) -> ImGui pass -> screenshot / record capture -> swap.
#include "viewer/viewer_app.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "capture/animation_exporter.hpp"
#include "core/error.hpp"
#include "core/number_format.hpp"
#include "encode/atomic_file.hpp"
#include "encode/png_writer.hpp"
#include "render/camera.hpp"
#include "render/offscreen_target.hpp"
#include "viewer/background_job.hpp"
#include "viewer/camera_control.hpp"
#include "viewer/frame_stats.hpp"
#include "viewer/glfw_window.hpp"
#include "viewer/panel.hpp"
#include "viewer/plots.hpp"
#include "viewer/recorder.hpp"
#include "viewer/scene_fields.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/settings.hpp"
#include "viewer/ui_damage.hpp"
#include "viewer/viewer_state.hpp"
#include "viewer/window_presenter.hpp"

namespace gradscape::resources {
std::string_view renderResource(std::string_view name);  // embedded by engine/render's CMakeLists
}

namespace gradscape::app {
namespace {

constexpr double kScriptFrameSeconds = 1.0 / 60.0;  // scripted runs use a fixed clock: same input, same frames
constexpr int kClickSettleFrames = 20;              // > ImGui's double-click time at the script clock
constexpr float kBaseFontSize = 15.0f;

struct Rect {
  float x = 0, y = 0, width = 0, height = 0;
  bool contains(ImVec2 p) const { return p.x >= x && p.y >= y && p.x < x + width && p.y < y + height; }
  ImVec2 centre() const { return ImVec2(x + width / 2, y + height / 2); }
};

// Where things are this frame, in ImGui (window) coordinates.
struct Layout {
  Rect scene;
  Rect plots;
  bool showPlots = true;
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
  unsigned character = 0;  // typed text, one character per frame
  bool measured = false;               // part of a `bench`
  std::function<void()> beforeFrame;  // an edit applied at the start of the frame (bench edit)
};

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string fmt(double value) { return core::formatShortest(value); }

// What a scene file can keep of the view (pan is the viewer's own).
core::CameraSpec cameraSpecOf(const render::Camera& camera) {
  core::CameraSpec spec;
  spec.azimuth = camera.azimuth;
  spec.elevation = camera.elevation;
  spec.distance = camera.distance;
  spec.orthographic = camera.orthographic;
  return spec;
}

const char* passName(ScenePass pass) {
  switch (pass) {
    case ScenePass::none: return "none";
    case ScenePass::reused: return "reused";
    case ScenePass::fast: return "fast";
    case ScenePass::antialiased: return "antialiased";
  }
  return "";
}

// The keys scripts can press (the viewer's own keys and what text fields need).
constexpr std::pair<const char*, int> kScriptKeys[] = {
    {"space", GLFW_KEY_SPACE}, {"left", GLFW_KEY_LEFT}, {"right", GLFW_KEY_RIGHT},         {"home", GLFW_KEY_HOME},
    {"end", GLFW_KEY_END},     {"r", GLFW_KEY_R},       {"f1", GLFW_KEY_F1},               {"f12", GLFW_KEY_F12},
    {"up", GLFW_KEY_UP},       {"down", GLFW_KEY_DOWN}, {"escape", GLFW_KEY_ESCAPE},       {"a", GLFW_KEY_A},
    {"enter", GLFW_KEY_ENTER}, {"tab", GLFW_KEY_TAB},   {"backspace", GLFW_KEY_BACKSPACE}, {"delete", GLFW_KEY_DELETE},
};

int keyByName(const std::string& name) {
  for (const auto& [key, code] : kScriptKeys)
    if (name == key) return code;
  return -1;
}

bool parseBool(const std::string& text, const std::string& path) {
  if (text == "true" || text == "1" || text == "on") return true;
  if (text == "false" || text == "0" || text == "off") return false;
  throw Error(path + ": expected true or false, got '" + text + "'");
}

double parseNumber(const std::string& text, const std::string& path) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  throw Error(path + ": expected a number, got '" + text + "'");
}

std::string sizeText(std::uint64_t bytes) {
  char text[64];
  if (bytes >= 1024 * 1024) std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else std::snprintf(text, sizeof text, "%.0f KB", static_cast<double>(bytes) / 1024.0);
  return text;
}

// Dear ImGui with the GLFW and OpenGL3 backends, for the lifetime of the window.
class ImGuiSession {
 public:
  ImGuiSession(GLFWwindow* window, const char* iniPath) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = iniPath;
    ImGui::StyleColorsDark();

    // HiDPI: rasterise the font at the monitor's content scale; where window units are not pixels (the
    // framebuffer is larger than the window), scale it back so the UI keeps its size in window units.
    float contentX = 1, contentY = 1;
    glfwGetWindowContentScale(window, &contentX, &contentY);
    int windowWidth = 1, framebufferWidth = 1, height = 1;
    glfwGetWindowSize(window, &windowWidth, &height);
    glfwGetFramebufferSize(window, &framebufferWidth, &height);
    const float framebufferScale = windowWidth > 0 ? static_cast<float>(framebufferWidth) / windowWidth : 1.0f;
    const float contentScale = std::max(1.0f, std::max(contentX, contentY));
    const float uiScale = contentScale / std::max(1.0f, framebufferScale);
    ImGui::GetStyle().ScaleAllSizes(uiScale);
    ImGui::GetStyle().WindowRounding = 0;

    const std::string_view font = resources::renderResource("DejaVuSans.ttf");
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes are embedded in the binary
    config.OversampleH = 2;
    if (!font.empty())
      io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(font.data()), static_cast<int>(font.size()),
                                     kBaseFontSize * contentScale, &config);
    else
      io.Fonts->AddFontDefault();
    io.FontGlobalScale = 1.0f / std::max(1.0f, framebufferScale);

    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
  }
  ~ImGuiSession() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  ImGuiSession(const ImGuiSession&) = delete;
  ImGuiSession& operator=(const ImGuiSession&) = delete;
};

class Viewer final : public ViewerActions {
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
  void stopRecording() override;
  void takeScreenshot() override { screenshotRequest_ = timestampedScreenshotPath(); }
  void resetCamera() override { state_.camera = state_.homeCamera; }

 private:
  static ViewerSettings initialSettings(const std::optional<std::string>& path);
  static std::string timestampedScreenshotPath();
  core::Scene sceneForExport() const;
  void startExport(const std::string& path, capture::ExportOptions options);

  Layout computeLayout() const;
  render::Viewport sceneViewport(const Layout& layout) const;  // framebuffer pixels, GL lower-left origin
  render::FrameOptions frameOptions() const;

  void handleSceneMouse(const Layout& layout);
  void handleKeys();
  void placeStartAt(const Layout& layout, ImVec2 mouse);
  void drawOverlays(const Layout& layout);
  // What a frame drew into the back buffer, to be put on screen.
  struct FrameDrawing {
    bool drew = false;
    bool full = false;
    std::vector<WindowRect> rects;  // framebuffer pixels, top-left origin
  };
  FrameDrawing renderFrame(const Layout& layout, double now);
  WindowRect toPixels(const UiRect& rect) const;
  // After the scene pass: the recording's frame, from the window's scene picture when the sizes match.
  void captureRecordingFrame(const render::Viewport& viewport, double now);
  void pollJobs();
  void processDrops();
  bool idle() const;
  void writeWindowScreenshot(const std::string& path);
  void printState();
  void saveSettingsNow();

  // Scripts
  enum class StepResult { next, yield };
  bool scriptActive() const { return !launch_.script.empty() || launch_.screenshotPath.has_value(); }
  void feedScript();  // runs commands until one needs frames; applies this frame's synthetic input
  StepResult execute(const ScriptCommand& command);
  void executeSet(const ScriptCommand& command);
  void queueClick(ImVec2 at, int button, bool ctrl);
  void queueDrag(int button, ImVec2 from, ImVec2 to, int steps);
  void queueKey(int key);
  ImVec2 sceneCentre() const { return lastLayout_.scene.centre(); }
  void failScript(const std::string& message);
  void checkExpectedError(const std::optional<std::string>& error, const ScriptCommand& command);
  bool scriptBlocked() const;
  void finishFrameScriptActions();

  ViewerLaunch launch_;
  std::optional<std::string> configDir_;
  std::string settingsPath_, iniPath_;
  ViewerSettings loadedSettings_;
  GlfwLibrary glfw_;
  Window window_;
  ImGuiSession imgui_;
  std::unique_ptr<WindowPresenter> presenter_;
  UiDamageTracker uiDamage_;
  PlotsWindow plots_;  // keeps each run's decimated curves between frames
  bool repaintAll_ = true;
  std::array<int, 2> framebufferSize_{0, 0};
  double frameInterval_ = 1.0 / 60;  // pacing when presenting does not wait for vertical blank
  const bool debugDamage_ = std::getenv("GRADSCAPE_DEBUG_DAMAGE") != nullptr;  // print repainted regions
  ViewerState state_;
  std::unique_ptr<SceneView> sceneView_;
  Panel panel_;
  FrameStats frameStats_;
  Layout lastLayout_;
  std::optional<int> dragButton_;
  std::vector<std::string> drops_;
  std::optional<std::string> screenshotRequest_;
  ScenePass lastPass_ = ScenePass::reused;
  std::int64_t fastSceneFrames_ = 0, antialiasedSceneFrames_ = 0;  // for scripts: which pass drew when
  bool jumpToEnd_ = true;
  int busyFrames_ = 30;

  BackgroundJob exportJob_;
  std::unique_ptr<Recorder> recorder_;
  std::optional<render::OffscreenTarget> recordTarget_;
  std::optional<std::array<double, 8>> recordKey_;
  SharedPixels recordPixels_;

  // Script state
  std::size_t scriptNext_ = 0;
  std::deque<ScriptedInput> scriptInput_;
  ImVec2 scriptMouse_{-1, -1};
  int scriptWaitFrames_ = 4;  // ImGui's windows exist (and can be hovered) from the second frame on
  bool pauseAfterWait_ = false;
  std::optional<std::string> scriptScreenshot_;  // taken once the scene is at rest
  int screenshotSettleFrames_ = 0;
  bool scriptPrintState_ = false;
  bool scriptWaitForJobs_ = false;
  // `wait-drop S`: the script waits (at most S seconds) for another program to drop files on the window.
  std::optional<std::chrono::steady_clock::time_point> dropDeadline_;
  std::string dropWaitWhere_;
  int dropsReceived_ = 0, dropsAwaited_ = 0;  // drop callbacks so far / consumed by wait-drop
  std::optional<std::string> expectError_;
  std::optional<int> exitCode_;
  bool finalScreenshotQueued_ = false;
  std::string benchKind_;
  std::vector<double> benchSamples_;
  std::int64_t frameIndex_ = 0;
  bool currentFrameMeasured_ = false;
  // `set profile true`: bench frames finish GL work after each stage to attribute the time.
  bool profile_ = false;
  std::chrono::steady_clock::time_point stageStart_;
  std::array<std::vector<double>, 5> benchStages_;  // ui+edits, clear, scene, imgui, swap
  void markStage(std::size_t stage);
  void printBench();
};

ViewerSettings Viewer::initialSettings(const std::optional<std::string>& dir) {
  if (!dir) return {};
  std::string warning;
  ViewerSettings settings = loadSettings(*dir + "/settings.json", &warning);
  if (!warning.empty()) std::cerr << "gradscape: " << warning << "\n";
  return settings;
}

Viewer::Viewer(ViewerLaunch launch)
    : launch_(std::move(launch)),
      configDir_(configDirectory()),
      settingsPath_(configDir_ ? *configDir_ + "/settings.json" : ""),
      iniPath_(configDir_ ? *configDir_ + "/imgui.ini" : ""),
      loadedSettings_(initialSettings(configDir_)),
      glfw_(),
      window_(launch_.windowSize ? launch_.windowSize->width : loadedSettings_.windowWidth,
              launch_.windowSize ? launch_.windowSize->height : loadedSettings_.windowHeight,
              "gradscape", /*vsync=*/launch_.script.empty() && !launch_.screenshotPath),
      imgui_(window_.handle(), iniPath_.empty() ? nullptr : iniPath_.c_str()),
      state_(std::move(launch_.scene)) {
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
  const bool interactive = launch_.script.empty() && !launch_.screenshotPath;
  presenter_ = std::make_unique<WindowPresenter>(window_.handle(), interactive);
  if (const GLFWvidmode* mode = glfwGetVideoMode(glfwGetPrimaryMonitor()); mode && mode->refreshRate > 0)
    frameInterval_ = 1.0 / mode->refreshRate;

  glfwSetWindowUserPointer(window_.handle(), this);
  glfwSetWindowRefreshCallback(window_.handle(), [](GLFWwindow* window) {
    auto* viewer = static_cast<Viewer*>(glfwGetWindowUserPointer(window));
    viewer->repaintAll_ = true;  // the window system lost our pixels (exposed, resized)
    viewer->busyFrames_ = std::max(viewer->busyFrames_, 2);
  });
  glfwSetDropCallback(window_.handle(), [](GLFWwindow* window, int count, const char** paths) {
    auto* viewer = static_cast<Viewer*>(glfwGetWindowUserPointer(window));
    for (int i = 0; i < count; ++i) viewer->drops_.emplace_back(paths[i]);
    ++viewer->dropsReceived_;
  });
}

Viewer::~Viewer() {
  recorder_.reset();
  recordTarget_.reset();
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

std::string Viewer::timestampedScreenshotPath() {
  const std::time_t now = std::time(nullptr);
  char name[64];
  std::strftime(name, sizeof name, "gradscape-%Y%m%d-%H%M%S.png", std::localtime(&now));
  return name;
}

Layout Viewer::computeLayout() const {
  const ImGuiIO& io = ImGui::GetIO();
  Layout layout;
  const float width = io.DisplaySize.x, height = io.DisplaySize.y;
  const float panel = std::min(state_.settings.panelWidth, std::max(0.0f, width - 64));
  layout.showPlots = state_.settings.showPlots;
  const float plotsHeight = layout.showPlots ? std::clamp(height * 0.24f, 120.0f, 320.0f) : 0.0f;
  layout.scene = {panel, 0, std::max(0.0f, width - panel), std::max(0.0f, height - plotsHeight)};
  layout.plots = {panel, layout.scene.height, layout.scene.width, plotsHeight};
  return layout;
}

render::Viewport Viewer::sceneViewport(const Layout& layout) const {
  const ImGuiIO& io = ImGui::GetIO();
  int framebufferWidth = 0, framebufferHeight = 0;
  glfwGetFramebufferSize(window_.handle(), &framebufferWidth, &framebufferHeight);
  const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
  const int left = static_cast<int>(std::lround(layout.scene.x * sx));
  const int top = static_cast<int>(std::lround(layout.scene.y * sy));
  const int width = std::clamp(static_cast<int>(std::lround(layout.scene.width * sx)), 0, framebufferWidth - left);
  const int height = std::clamp(static_cast<int>(std::lround(layout.scene.height * sy)), 0, framebufferHeight - top);
  return render::Viewport{left, framebufferHeight - top - height, width, height};
}

render::FrameOptions Viewer::frameOptions() const {
  render::FrameOptions options;
  options.iteration = state_.playback.frame();
  options.axes = state_.showAxes;
  options.legend = state_.showLegend;
  return options;
}

// ---------------------------------------------------------------------------------------------------
// Input

void Viewer::handleSceneMouse(const Layout& layout) {
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
      const render::Viewport viewport{0, 0, std::max(1, static_cast<int>(layout.scene.width)),
                                      std::max(1, static_cast<int>(layout.scene.height))};
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
  const render::Viewport viewport = sceneViewport(layout);
  const ImGuiIO& io = ImGui::GetIO();
  const double px = (mouse.x - layout.scene.x) * io.DisplayFramebufferScale.x;
  const double py = (mouse.y - layout.scene.y) * io.DisplayFramebufferScale.y;
  const auto point = sceneView_->pick(state_.camera, viewport.width, viewport.height, px, py);
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

void Viewer::openScene(const std::string& path) {
  try {
    core::Scene scene = core::loadScene(path);
    core::checkKeptPoints(scene.runs, path + ": runs");
    state_.session.replaceScene(std::move(scene));
    state_.camera = state_.homeCamera = render::Camera::fromSpec(state_.session.scene().cameraOrDefault());
    state_.selectedRun = 0;
    state_.scenePath = path;
    state_.playback.pause();
    jumpToEnd_ = true;
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
    state_.say("saved " + path, false);
  } catch (const std::exception& error) {
    state_.say(std::string("save: ") + error.what(), true);
  }
}

core::Scene Viewer::sceneForExport() const {
  // What the viewer shows: the current camera, visible runs only, each with its colour and marker fixed
  // (a default colour depends on the run's index, which dropping hidden runs would change).
  const Session& session = state_.session;
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
  scene.camera = cameraSpecOf(state_.camera);
  return scene;
}

void Viewer::startExport(const std::string& path, capture::ExportOptions options) {
  if (exportJob_.busy()) return;
  state_.exportStatus.lastResult.clear();
  state_.exportStatus.lastFailed = false;
  try {
    capture::outputFormatFor(path);  // an unknown extension fails here, not on the worker
  } catch (const Error& error) {
    state_.exportStatus.lastResult = std::string("export: ") + error.what();
    state_.exportStatus.lastFailed = true;
    return;
  }
  options.progress = false;  // the panel shows progress; standard error stays quiet
  // The exporter makes its own headless GL context on the worker thread; the window keeps drawing.
  exportJob_.start(
      [scene = sceneForExport(), path, options](JobControl& control) mutable {
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

void Viewer::exportStill(const std::string& path, int width, int height) {
  capture::ExportOptions options;
  options.width = width;
  options.height = height;
  options.frame = state_.playback.frame();
  startExport(path, options);
}

void Viewer::exportAnimation(const std::string& path, int width, int height, double fps) {
  capture::ExportOptions options;
  options.width = width;
  options.height = height;
  options.fps = fps;
  startExport(path, options);
}

void Viewer::startRecording(const std::string& path, int width, int height, double fps) {
  if (recorder_) return;
  try {
    std::vector<core::Rgb> colors;
    for (const auto& style : state_.session.styles()) colors.push_back(style.color);
    const double now = scriptActive() ? static_cast<double>(frameIndex_) * kScriptFrameSeconds : glfwGetTime();
    if (width == 0 || height == 0) {  // the scene's size (even: yuv420p video needs it)
      const render::Viewport scene = sceneViewport(lastLayout_);
      width = std::max(scene.width / 2 * 2, 16);
      height = std::max(scene.height / 2 * 2, 16);
    }
    recorder_ = std::make_unique<Recorder>(path, width, height, fps, std::move(colors), now);
    recordTarget_.emplace(recorder_->width(), recorder_->height(), 1);
    recordKey_.reset();
    recordPixels_.reset();
    state_.recording = true;
    state_.recordStatus = {};
    state_.recordStatus.label = "recording";
  } catch (const std::exception& error) {
    recorder_.reset();
    state_.recordStatus.lastResult = std::string("record: ") + error.what();
    state_.recordStatus.lastFailed = true;
  }
}

void Viewer::stopRecording() {
  if (!recorder_) return;
  try {
    const std::string status = recorder_->statusText();
    const std::uint64_t bytes = recorder_->finish();
    state_.recordStatus.lastResult = "wrote " + recorder_->path() + " (" + status + ", " + sizeText(bytes) + ")";
    state_.recordStatus.lastFailed = false;
  } catch (const std::exception& error) {
    state_.recordStatus.lastResult = std::string("record: ") + error.what();
    state_.recordStatus.lastFailed = true;
  }
  recorder_.reset();
  recordTarget_.reset();
  recordPixels_.reset();
  state_.recording = false;
  state_.recordStatus.label.clear();
}

void Viewer::captureRecordingFrame(const render::Viewport& viewport, double now) {
  if (!recorder_ || !recorder_->frameDue(now)) return;
  if (const auto error = recorder_->error()) {
    state_.recordStatus.lastResult = "record: " + *error;
    state_.recordStatus.lastFailed = true;
    stopRecording();
    return;
  }
  const render::Camera& camera = state_.camera;
  const render::FrameOptions options = frameOptions();
  const std::array<double, 8> key{camera.azimuth, camera.elevation, camera.distance, camera.orthographic ? 1.0 : 0.0,
                                  camera.panX * 1e3 + camera.panY, static_cast<double>(options.iteration),
                                  static_cast<double>(sceneView_->contentVersion()),
                                  (options.axes ? 1.0 : 0.0) + (options.legend ? 2.0 : 0.0)};
  // At the scene's own size the window's picture is the recording's: read it back instead of drawing the
  // scene a second time (what kept recording from costing the frame rate). Its anti-aliased frame at rest
  // is recorded too, as the window shows it.
  const render::OffscreenTarget* shown = sceneView_->image();
  const bool reuse = shown && shown->width() == recordTarget_->width() && shown->height() == recordTarget_->height() &&
                     viewport.width == shown->width() && viewport.height == shown->height();
  const bool changed = !recordKey_ || *recordKey_ != key || (reuse && lastPass_ == ScenePass::antialiased);
  if (changed) {
    if (reuse) {
      recordPixels_ = std::make_shared<const std::vector<std::uint8_t>>(shown->readRgba());
    } else {
      recordTarget_->bind();
      render::FrameOptions fast = options;
      fast.antialias = false;
      sceneView_->renderer().render(camera, render::Viewport{0, 0, recordTarget_->width(), recordTarget_->height()}, fast);
      recordPixels_ = std::make_shared<const std::vector<std::uint8_t>>(recordTarget_->readRgba());
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    recordKey_ = key;
  }
  recorder_->submit(recordPixels_, changed, now);
  state_.recordStatus.label = recorder_->statusText();
}

void Viewer::pollJobs() {
  if (!exportJob_.poll(state_.exportStatus) || !scriptWaitForJobs_) return;
  scriptWaitForJobs_ = false;
  if (state_.exportStatus.lastFailed) failScript(state_.exportStatus.lastResult);
  else std::cout << "exported " << quoted(state_.exportStatus.lastResult) << "\n" << std::flush;
}

// ---------------------------------------------------------------------------------------------------
// Drawing

void Viewer::drawOverlays(const Layout& layout) {
  if (state_.settings.showFrameTime) {
    ImGui::SetNextWindowPos(ImVec2(layout.scene.x + layout.scene.width - 10, layout.scene.y + 10), ImGuiCond_Always,
                            ImVec2(1, 0));
    ImGui::SetNextWindowBgAlpha(0.85f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
    if (ImGui::Begin("frame time", nullptr, flags)) {
      const double mean = frameStats_.mean();
      ImGui::Text("frame %.2f ms (%.0f fps)", mean, mean > 0 ? 1000.0 / mean : 0.0);
      ImGui::Text("p95 %.2f ms over %zu frames", frameStats_.quantile(0.95), frameStats_.count());
      ImGui::Text("scene %dx%d: %lld moving frames (no MSAA), %lld at rest (4x MSAA)", static_cast<int>(layout.scene.width),
                  static_cast<int>(layout.scene.height), static_cast<long long>(fastSceneFrames_),
                  static_cast<long long>(antialiasedSceneFrames_));
      std::vector<float> history(frameStats_.samples().begin(), frameStats_.samples().end());
      if (!history.empty())
        ImGui::PlotLines("##history", history.data(), static_cast<int>(history.size()), 0, nullptr, 0.0f, 20.0f,
                         ImVec2(220, 40));
    }
    ImGui::End();
  }
  if (state_.showHelp) {
    ImGui::SetNextWindowPos(layout.scene.centre(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.9f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove;
    if (ImGui::Begin("Help (F1)", &state_.showHelp, flags)) {
      static const std::pair<const char*, const char*> rows[] = {
          {"left drag", "orbit (azimuth, elevation)"},
          {"wheel", "zoom"},
          {"right / middle drag", "pan"},
          {"double-click", "reset the view"},
          {"Ctrl + click", "put the selected run's start on the surface there"},
          {"Space", "play / pause"},
          {"Left / Right", "one iteration back / forward"},
          {"Home / End", "first / last iteration"},
          {"R", "reset the camera"},
          {"F12", "screenshot of the window (PNG in the current directory)"},
          {"F1", "this help"},
          {"drop a .json", "open that scene"},
          {"click a plot", "scrub to that iteration"},
      };
      if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_SizingFixedFit)) {
        for (const auto& [key, action] : rows) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.4f, 1.0f), "%s", key);
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(action);
        }
        ImGui::EndTable();
      }
      ImGui::TextDisabled("Every edit in the panel recomputes its run at once.");
    }
    ImGui::End();
  }
}

void Viewer::markStage(std::size_t stage) {
  if (!profile_ || !currentFrameMeasured_) return;
  glFinish();
  const auto now = std::chrono::steady_clock::now();
  benchStages_[stage].push_back(std::chrono::duration<double, std::milli>(now - stageStart_).count());
  stageStart_ = now;
}

WindowRect Viewer::toPixels(const UiRect& rect) const {
  const ImGuiIO& io = ImGui::GetIO();
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_.handle(), &width, &height);
  const int x0 = std::clamp(static_cast<int>(std::floor(rect.x0 * io.DisplayFramebufferScale.x)), 0, width);
  const int y0 = std::clamp(static_cast<int>(std::floor(rect.y0 * io.DisplayFramebufferScale.y)), 0, height);
  const int x1 = std::clamp(static_cast<int>(std::ceil(rect.x1 * io.DisplayFramebufferScale.x)), 0, width);
  const int y1 = std::clamp(static_cast<int>(std::ceil(rect.y1 * io.DisplayFramebufferScale.y)), 0, height);
  return WindowRect{x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

Viewer::FrameDrawing Viewer::renderFrame(const Layout& layout, double now) {
  int framebufferWidth = 0, framebufferHeight = 0;
  glfwGetFramebufferSize(window_.handle(), &framebufferWidth, &framebufferHeight);
  const ImGuiIO& io = ImGui::GetIO();
  ImDrawData& drawData = *ImGui::GetDrawData();
  const render::Viewport viewport = sceneViewport(layout);
  const render::FrameOptions options = frameOptions();
  const UiRect sceneRect{layout.scene.x, layout.scene.y, layout.scene.x + layout.scene.width,
                         layout.scene.y + layout.scene.height};
  const UiRect display{0, 0, io.DisplaySize.x, io.DisplaySize.y};

  // What must be repainted: everything when the back buffer is not kept (or was lost); otherwise what the
  // UI draws differently, plus the scene when its picture changes. Disjoint rectangles in whole ImGui
  // units, so the clears and ImGui's scissors cover the same pixels.
  std::vector<UiRect> damage = uiDamage_.update(drawData);
  const bool full = !presenter_->keepsBackBuffer() || repaintAll_ || framebufferWidth != framebufferSize_[0] ||
                    framebufferHeight != framebufferSize_[1];
  repaintAll_ = false;
  framebufferSize_ = {framebufferWidth, framebufferHeight};
  const bool sceneVisible = viewport.width > 0 && viewport.height > 0;
  const bool sceneWillDraw = sceneVisible && sceneView_->needsDraw(state_.camera, viewport, options, now);
  std::vector<UiRect> regions;
  if (full) {
    regions.push_back(display);
  } else {
    for (const UiRect& rect : damage) {
      const UiRect clipped = rect.intersected(display);
      if (!clipped.empty())
        regions.push_back({std::floor(clipped.x0), std::floor(clipped.y0), std::ceil(clipped.x1), std::ceil(clipped.y1)});
    }
    if (sceneWillDraw) regions.push_back(sceneRect);
    regions = mergeRects(std::move(regions));
    // UI damage over the scene before its anti-aliased frame exists: the scene is drawn again whole, so all
    // of it (and the UI over it) is repainted.
    const bool damagesScene = std::any_of(regions.begin(), regions.end(), [&](const UiRect& r) { return r.overlaps(sceneRect); });
    if (!sceneWillDraw && damagesScene && sceneView_->repaintRedrawsAll(now)) {
      regions.push_back(sceneRect);
      regions = mergeRects(std::move(regions));
    }
  }

  if (debugDamage_) {
    std::fprintf(stderr, "frame %lld full=%d:", static_cast<long long>(frameIndex_), full ? 1 : 0);
    for (const UiRect& r : regions) std::fprintf(stderr, " [%g,%g %gx%g]", r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    std::fprintf(stderr, "\n");
  }

  // Window background under the repainted regions: the panel and plots windows draw no background of
  // their own (a clear is much cheaper than ImGui's blended rectangles on a software rasteriser).
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, framebufferWidth, framebufferHeight);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(background.x, background.y, background.z, 1.0f);
  glEnable(GL_SCISSOR_TEST);
  const WindowRect scenePixels{viewport.x, framebufferHeight - viewport.y - viewport.height, viewport.width, viewport.height};
  std::vector<render::Viewport> repaint;  // parts of the scene the clears took away
  for (const UiRect& region : regions) {
    const WindowRect lost = render::intersect(toPixels(region.intersected(sceneRect)), scenePixels);
    if (!lost.empty()) repaint.push_back({lost.x, framebufferHeight - lost.y - lost.height, lost.width, lost.height});
    const UiRect inScene = region.intersected(sceneRect);
    const bool insideScene = inScene.x0 == region.x0 && inScene.y0 == region.y0 && inScene.x1 == region.x1 &&
                             inScene.y1 == region.y1;
    if (sceneWillDraw && insideScene) continue;  // the scene pass clears and fills all of it
    const WindowRect pixels = toPixels(region);
    glScissor(pixels.x, framebufferHeight - pixels.y - pixels.height, pixels.width, pixels.height);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  glDisable(GL_SCISSOR_TEST);
  markStage(1);

  // Scene pass: straight into the window while moving, once with MSAA when it comes to rest, or just the
  // cleared part of the cached picture copied back.
  lastPass_ = ScenePass::none;
  if (sceneVisible) lastPass_ = sceneView_->draw(state_.camera, viewport, options, now, repaint);
  if (lastPass_ == ScenePass::fast) ++fastSceneFrames_;
  if (lastPass_ == ScenePass::antialiased) ++antialiasedSceneFrames_;
  if (sceneVisible) captureRecordingFrame(viewport, now);
  markStage(2);
  if (regions.empty()) return FrameDrawing{};

  // ImGui pass, once per region. Its backend sets blending, scissor and its program; we make sure nothing
  // else leaks in.
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, framebufferWidth, framebufferHeight);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_MULTISAMPLE);
  FrameDrawing drawing{true, full, {}};
  if (full) {
    ImGui_ImplOpenGL3_RenderDrawData(&drawData);
  } else {
    const std::vector<ImVec4> clipRects = saveClipRects(drawData);
    for (const UiRect& region : regions) {
      clipDrawData(drawData, clipRects, region);
      ImGui_ImplOpenGL3_RenderDrawData(&drawData);
      drawing.rects.push_back(toPixels(region));
    }
  }
  markStage(3);
  return drawing;
}

void Viewer::writeWindowScreenshot(const std::string& path) {
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_.handle(), &width, &height);
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * height * 4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // GL rows go up; PNG rows go down. The window has no meaningful alpha.
  std::vector<std::uint8_t> image(pixels.size());
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  for (int y = 0; y < height; ++y)
    std::copy_n(pixels.data() + static_cast<std::size_t>(height - 1 - y) * row, row, image.data() + y * row);
  for (std::size_t i = 3; i < image.size(); i += 4) image[i] = 255;
  encode::writePng(path, encode::RgbaView{image.data(), width, height});
}

bool Viewer::idle() const {
  return !scriptActive() && busyFrames_ <= 0 && !state_.playback.playing() && !sceneView_->antialiasPending() &&
         !exportJob_.busy() && !recorder_;
}

// ---------------------------------------------------------------------------------------------------
// The loop

int Viewer::run() {
  using Clock = std::chrono::steady_clock;
  double previousNow = 0;
  while (!glfwWindowShouldClose(window_.handle()) && !exitCode_) {
    if (idle()) glfwWaitEventsTimeout(0.5);
    else if (dropDeadline_) glfwWaitEventsTimeout(0.01);  // leave the CPU to the program that drops
    else glfwPollEvents();
    const auto frameStart = Clock::now();
    stageStart_ = frameStart;
    const double now = scriptActive() ? static_cast<double>(frameIndex_) * kScriptFrameSeconds : glfwGetTime();
    const double elapsed = frameIndex_ == 0 ? 0.0 : now - previousNow;
    previousNow = now;

    processDrops();
    pollJobs();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // The layout needs only the display size (known now), so scripted input can aim at this frame's scene.
    const Layout layout = computeLayout();
    lastLayout_ = layout;
    if (scriptActive()) {
      feedScript();
      if (exitCode_) break;
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
    if (layout.showPlots && layout.plots.height > 0)
      plots_.draw(state_, ImVec2(layout.plots.x, layout.plots.y), ImVec2(layout.plots.width, layout.plots.height));
    drawOverlays(layout);
    ImGui::Render();

    // Every edit of this frame is in: recompute only the runs it touched, upload only what changed.
    const bool recomputed = !state_.session.recompute().empty();
    state_.playback.setLast(state_.session.lastIteration());
    if (jumpToEnd_) {
      state_.playback.scrub(state_.playback.last());
      jumpToEnd_ = false;
    }
    const bool uploaded = sceneView_->sync(state_.session);
    if (recomputed || uploaded || !(cameraBefore == state_.camera) || frameBefore != state_.playback.frame())
      busyFrames_ = 30;

    markStage(0);
    const FrameDrawing drawing = renderFrame(layout, now);
    if (screenshotRequest_) {
      try {
        writeWindowScreenshot(*screenshotRequest_);
        state_.say("screenshot: " + *screenshotRequest_, false);
      } catch (const std::exception& error) {
        state_.say(std::string("screenshot: ") + error.what(), true);
      }
      screenshotRequest_.reset();
    }
    if (scriptActive()) finishFrameScriptActions();
    if (drawing.drew) {
      if (drawing.full) presenter_->presentAll(framebufferSize_[0], framebufferSize_[1]);
      else
        for (const WindowRect& rect : drawing.rects) presenter_->present(rect, framebufferSize_[1]);
    }
    markStage(4);

    const double milliseconds = std::chrono::duration<double, std::milli>(Clock::now() - frameStart).count();
    // Without vertical-blank waits, an interactive window draws at most at the display's rate.
    if (!scriptActive() && presenter_->keepsBackBuffer())
      std::this_thread::sleep_until(frameStart + std::chrono::duration<double>(frameInterval_ * 0.98));
    frameStats_.add(milliseconds);
    if (currentFrameMeasured_) {
      benchSamples_.push_back(milliseconds);
      if (std::none_of(scriptInput_.begin(), scriptInput_.end(), [](const ScriptedInput& i) { return i.measured; }))
        printBench();
    }
    --busyFrames_;
    ++frameIndex_;
  }
  if (recorder_) stopRecording();
  saveSettingsNow();
  return exitCode_.value_or(0);
}

// ---------------------------------------------------------------------------------------------------
// Scripts

void Viewer::failScript(const std::string& message) {
  std::cerr << "gradscape: " << message << "\n";
  exitCode_ = 1;
}

bool Viewer::scriptBlocked() const {
  return !scriptInput_.empty() || scriptWaitFrames_ > 0 || scriptScreenshot_ || scriptPrintState_ ||
         scriptWaitForJobs_ || dropDeadline_;
}

void Viewer::queueClick(ImVec2 at, int button, bool ctrl) {
  ScriptedInput move{at};
  move.ctrl = ctrl;
  ScriptedInput press = move;
  press.down[static_cast<std::size_t>(button)] = true;
  scriptInput_.push_back(move);
  scriptInput_.push_back(press);
  scriptInput_.push_back(move);
  ScriptedInput rest{at};
  for (int i = 0; i < kClickSettleFrames; ++i) scriptInput_.push_back(rest);
}

void Viewer::queueDrag(int button, ImVec2 from, ImVec2 to, int steps) {
  ScriptedInput frame{from};
  frame.down[static_cast<std::size_t>(button)] = true;
  scriptInput_.push_back(ScriptedInput{from});
  scriptInput_.push_back(frame);
  for (int i = 1; i <= steps; ++i) {
    const float t = static_cast<float>(i) / static_cast<float>(steps);
    frame.position = ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
    scriptInput_.push_back(frame);
  }
  ScriptedInput release{to};
  scriptInput_.push_back(release);
  for (int i = 0; i < kClickSettleFrames; ++i) scriptInput_.push_back(release);
}

void Viewer::queueKey(int key) {
  ScriptedInput press{scriptMouse_};
  press.key = key;
  scriptInput_.push_back(press);
  scriptInput_.push_back(ScriptedInput{scriptMouse_});
}

void Viewer::feedScript() {
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = static_cast<float>(kScriptFrameSeconds);
  if (scriptMouse_.x < 0) scriptMouse_ = ImVec2(2, io.DisplaySize.y - 2);  // start over the panel's corner
  // `wait N` / `play N`: N whole frames pass before the next command (this frame is one of them).
  if (scriptWaitFrames_ > 0 && --scriptWaitFrames_ == 0 && pauseAfterWait_) {
    state_.playback.pause();
    pauseAfterWait_ = false;
  }
  // wait-drop: a drop delivered by this frame's events is already handled (processDrops); go on.
  if (dropDeadline_) {
    if (dropsReceived_ > dropsAwaited_) {
      ++dropsAwaited_;
      dropDeadline_.reset();
    } else if (std::chrono::steady_clock::now() > *dropDeadline_) {
      failScript(dropWaitWhere_ + ": no files were dropped on the window");
      return;
    }
  }

  while (!exitCode_ && !scriptBlocked() && scriptNext_ < launch_.script.size()) {
    const ScriptCommand& command = launch_.script[scriptNext_++];
    try {
      if (execute(command) == StepResult::yield) break;
    } catch (const Error& error) {
      if (expectError_ && std::string(error.what()).find(*expectError_) != std::string::npos) {
        expectError_.reset();
        continue;
      }
      failScript(*launch_.scriptOrigin + ":" + std::to_string(command.line) + ": " + error.what());
      return;
    }
  }
  if (!exitCode_ && !scriptBlocked() && scriptNext_ >= launch_.script.size()) {
    if (expectError_) {
      failScript(*launch_.scriptOrigin + ": expected an error containing '" + *expectError_ + "'");
      return;
    }
    if (launch_.screenshotPath && !finalScreenshotQueued_) {
      finalScreenshotQueued_ = true;
      scriptScreenshot_ = *launch_.screenshotPath;
      screenshotSettleFrames_ = 0;
    } else {
      printState();
      exitCode_ = 0;
      return;
    }
  }

  // This frame's synthetic input replaces whatever the real devices say.
  ScriptedInput input{scriptMouse_};
  if (!scriptInput_.empty()) {
    input = std::move(scriptInput_.front());
    scriptInput_.pop_front();
  }
  if (input.beforeFrame) input.beforeFrame();
  scriptMouse_ = input.position;
  io.MousePos = input.position;
  for (int button = 0; button < 5; ++button) io.MouseDown[button] = button < 3 && input.down[static_cast<std::size_t>(button)];
  io.MouseWheel = input.wheel;
  io.MouseWheelH = 0;
  io.KeyCtrl = input.ctrl;
  io.KeyShift = io.KeyAlt = io.KeySuper = false;
  for (const auto& [name, key] : kScriptKeys) io.KeysDown[key] = key == input.key;
  io.KeysDown[GLFW_KEY_LEFT_CONTROL] = input.ctrl;
  if (input.character) io.AddInputCharacter(input.character);
  currentFrameMeasured_ = input.measured;
}

void Viewer::checkExpectedError(const std::optional<std::string>& error, const ScriptCommand& command) {
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

void Viewer::executeSet(const ScriptCommand& command) {
  const std::string& path = command.args[0];
  const std::vector<std::string> values(command.args.begin() + 1, command.args.end());
  const auto one = [&]() -> const std::string& {
    if (values.size() != 1) throw Error(path + ": expected 1 value, got " + std::to_string(values.size()));
    return values[0];
  };
  render::Camera& camera = state_.camera;
  if (path == "camera.azimuth") camera.azimuth = parseNumber(one(), path);
  else if (path == "camera.elevation") camera.elevation = parseNumber(one(), path);
  else if (path == "camera.distance") camera.distance = parseNumber(one(), path);
  else if (path == "camera.orthographic") camera.orthographic = parseBool(one(), path);
  else if (path == "camera.pan") {
    if (values.size() != 2) throw Error(path + ": expected 2 values");
    camera.panX = parseNumber(values[0], path);
    camera.panY = parseNumber(values[1], path);
  } else if (path == "playback.speed") state_.playback.speed = parseNumber(one(), path);
  else if (path == "playback.loop") state_.playback.loop = parseBool(one(), path);
  else if (path == "overlay") state_.settings.showFrameTime = parseBool(one(), path);
  else if (path == "record.fps") {
    const double fps = parseNumber(one(), path);
    if (!(fps >= 1 && fps <= 60)) throw Error(path + ": must be 1..60");
    state_.settings.recordFps = fps;
  }
  else if (path == "profile") profile_ = parseBool(one(), path);
  else if (path == "plots") state_.settings.showPlots = parseBool(one(), path);
  else if (path == "axes") state_.showAxes = parseBool(one(), path);
  else if (path == "legend") state_.showLegend = parseBool(one(), path);
  else if (path == "help") state_.showHelp = parseBool(one(), path);
  else if (path == "panel.width") state_.settings.panelWidth = static_cast<float>(parseNumber(one(), path));
  else if (path == "selected") {
    const double index = parseNumber(one(), path);
    if (index < 0 || index >= static_cast<double>(state_.session.runCount())) throw Error(path + ": no such run");
    state_.selectedRun = static_cast<std::size_t>(index);
  } else if (path == "surface.expression") {
    std::string source;
    for (const auto& value : values) source += (source.empty() ? "" : " ") + value;
    const std::string error = panel_.editExpression(state_, source);
    checkExpectedError(error.empty() ? std::nullopt : std::optional<std::string>("surface.expression: " + error), command);
    return;
  } else if (isSceneFieldPath(path)) {
    std::optional<std::string> error;
    try {
      setSceneField(state_.session, path, values);
    } catch (const Error& failure) {
      error = failure.what();
    }
    checkExpectedError(error, command);
    return;
  } else {
    throw Error(path + ": unknown field");
  }
  normalizeCamera(camera);
  if (expectError_) checkExpectedError(std::nullopt, command);
}

Viewer::StepResult Viewer::execute(const ScriptCommand& command) {
  const std::string& verb = command.verb;
  const auto at = [&](std::size_t first) { return ImVec2(static_cast<float>(command.number(first)), static_cast<float>(command.number(first + 1))); };
  if (verb == "orbit" || verb == "pan") {
    const ImVec2 from = sceneCentre();
    const ImVec2 to(from.x + static_cast<float>(command.number(0)), from.y + static_cast<float>(command.number(1)));
    queueDrag(verb == "orbit" ? 0 : 1, from, to, 8);
    return StepResult::yield;
  }
  if (verb == "drag") {
    const long long button = command.integer(0);
    if (button < 0 || button > 2) throw Error("drag: button must be 0 (left), 1 (right) or 2 (middle)");
    queueDrag(static_cast<int>(button), at(1), at(3), 8);
    return StepResult::yield;
  }
  if (verb == "zoom") {
    ScriptedInput frame{sceneCentre()};
    frame.wheel = static_cast<float>(command.number(0));
    scriptInput_.push_back(ScriptedInput{sceneCentre()});
    scriptInput_.push_back(frame);
    return StepResult::yield;
  }
  if (verb == "click" || verb == "ctrl-click") {
    queueClick(at(0), 0, verb == "ctrl-click");
    return StepResult::yield;
  }
  if (verb == "double-click") {
    const ImVec2 where = command.args.size() == 2 ? at(0) : sceneCentre();
    ScriptedInput up{where}, down{where};
    down.down[0] = true;
    for (const auto& frame : {up, down, up, down, up}) scriptInput_.push_back(frame);
    for (int i = 0; i < kClickSettleFrames; ++i) scriptInput_.push_back(up);
    return StepResult::yield;
  }
  if (verb == "move") {
    scriptInput_.push_back(ScriptedInput{at(0)});
    return StepResult::yield;
  }
  if (verb == "key") {
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
    ScriptedInput press{scriptMouse_};
    press.key = key;
    press.ctrl = ctrl;
    ScriptedInput release{scriptMouse_};
    release.ctrl = ctrl;
    scriptInput_.push_back(press);
    scriptInput_.push_back(release);
    scriptInput_.push_back(ScriptedInput{scriptMouse_});
    return StepResult::yield;
  }
  if (verb == "type") {
    std::string text;
    for (const auto& word : command.args) text += (text.empty() ? "" : " ") + word;
    for (unsigned char c : text) {
      ScriptedInput frame{scriptMouse_};
      frame.character = c;
      scriptInput_.push_back(frame);
    }
    return StepResult::yield;
  }
  if (verb == "set") {
    executeSet(command);
    return StepResult::next;
  }
  if (verb == "add-run") {
    state_.selectedRun = state_.session.addRun(state_.session.newRunTemplate());
    return StepResult::next;
  }
  if (verb == "remove-run" || verb == "duplicate-run" || verb == "select") {
    const long long index = command.integer(0);
    if (index < 0 || static_cast<std::size_t>(index) >= state_.session.runCount())
      throw Error(verb + ": no run " + std::to_string(index));
    if (verb == "remove-run") {
      state_.session.removeRun(static_cast<std::size_t>(index));
      state_.selectedRun = std::min(state_.selectedRun, state_.session.runCount() > 0 ? state_.session.runCount() - 1 : 0);
    } else if (verb == "duplicate-run") {
      state_.selectedRun = state_.session.duplicateRun(static_cast<std::size_t>(index));
    } else {
      state_.selectedRun = static_cast<std::size_t>(index);
    }
    return StepResult::next;
  }
  if (verb == "step") {
    const long long count = command.args.empty() ? 1 : command.integer(0);
    if (std::llabs(count) <= 20) {
      for (long long i = 0; i < std::llabs(count); ++i) queueKey(count > 0 ? GLFW_KEY_RIGHT : GLFW_KEY_LEFT);
    } else {
      state_.playback.step(count);
    }
    return StepResult::yield;
  }
  if (verb == "play") {
    state_.playback.play();
    scriptWaitFrames_ = static_cast<int>(std::max<long long>(1, command.integer(0)));
    pauseAfterWait_ = true;
    return StepResult::yield;
  }
  if (verb == "pause") {
    state_.playback.pause();
    return StepResult::next;
  }
  if (verb == "scrub") {
    state_.playback.scrub(command.integer(0));
    return StepResult::next;
  }
  if (verb == "wait") {
    scriptWaitFrames_ = static_cast<int>(std::max<long long>(0, command.integer(0)));
    return StepResult::yield;
  }
  if (verb == "wait-drop") {
    const double seconds = command.number(0);
    if (!(seconds > 0 && seconds <= 600)) throw Error("wait-drop: seconds must be in (0, 600]");
    dropDeadline_ = std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
    dropWaitWhere_ = *launch_.scriptOrigin + ":" + std::to_string(command.line) + ": wait-drop " + command.args[0];
    return StepResult::yield;
  }
  if (verb == "screenshot") {
    scriptScreenshot_ = command.args[0];
    screenshotSettleFrames_ = 0;
    return StepResult::yield;
  }
  if (verb == "open") {
    openScene(command.args[0]);
    checkExpectedError(state_.messageIsError ? std::optional<std::string>(state_.message) : std::nullopt, command);
    return StepResult::next;
  }
  if (verb == "save") {
    saveScene(command.args[0]);
    checkExpectedError(state_.messageIsError ? std::optional<std::string>(state_.message) : std::nullopt, command);
    return StepResult::next;
  }
  if (verb == "export" || verb == "export-png") {
    WindowSize size{state_.settings.exportWidth, state_.settings.exportHeight};
    if (command.args.size() == 2) size = parseWindowSize(command.args[1], verb);
    state_.exportStatus.lastResult.clear();
    if (verb == "export-png") exportStill(command.args[0], size.width, size.height);
    else exportAnimation(command.args[0], size.width, size.height, state_.settings.exportFps);
    if (state_.exportStatus.lastFailed && !exportJob_.busy()) throw Error(state_.exportStatus.lastResult);
    scriptWaitForJobs_ = true;
    return StepResult::yield;
  }
  if (verb == "record") {
    if (command.args[0] == "start") {
      if (command.args.size() < 2) throw Error("record start: needs OUT [WxH]");
      const auto [width, height] = state_.settings.recordingSize();
      WindowSize size{width, height};
      if (command.args.size() == 3) size = parseWindowSize(command.args[2], "record");
      startRecording(command.args[1], size.width, size.height, state_.settings.recordFps);
      if (!recorder_) throw Error(state_.recordStatus.lastResult);
    } else if (command.args[0] == "stop") {
      stopRecording();
      if (state_.recordStatus.lastFailed) throw Error(state_.recordStatus.lastResult);
      std::cout << "recorded " << quoted(state_.recordStatus.lastResult) << "\n" << std::flush;
    } else {
      throw Error("record: expected start OUT [WxH] or stop");
    }
    return StepResult::next;
  }
  if (verb == "state") {
    scriptPrintState_ = true;
    return StepResult::yield;
  }
  if (verb == "bench") {
    const std::string& kind = command.args[0];
    const long long frames = command.integer(1);
    if (frames < 1 || frames > 100000) throw Error("bench: frames must be in [1, 100000]");
    benchKind_ = kind;
    benchSamples_.clear();
    const ImVec2 centre = sceneCentre();
    if (kind == "orbit") {
      ScriptedInput frame{centre};
      frame.down[0] = true;
      scriptInput_.push_back(ScriptedInput{centre});
      scriptInput_.push_back(frame);
      for (long long i = 0; i < frames; ++i) {
        // Back and forth, so long benchmarks stay in the same range of views.
        frame.position.x += (i / 60) % 2 == 0 ? 3.0f : -3.0f;
        frame.measured = true;
        scriptInput_.push_back(frame);
      }
      scriptInput_.push_back(ScriptedInput{frame.position});
    } else if (kind == "edit" || kind == "edit-all") {
      for (long long i = 0; i < frames; ++i) {
        ScriptedInput frame{scriptMouse_};
        frame.measured = true;
        const bool all = kind == "edit-all";
        frame.beforeFrame = [this, i, all] {
          Session& session = state_.session;
          const std::size_t count = all ? session.runCount() : std::min<std::size_t>(1, session.runCount());
          for (std::size_t r = 0; r < count; ++r) {
            core::RunSpec run = session.run(r);
            run.optimizer.lr *= i % 2 == 0 ? 1.05 : 1.0 / 1.05;  // as a slider drag does
            session.setRun(r, run);
          }
        };
        scriptInput_.push_back(std::move(frame));
      }
    } else if (kind == "idle") {
      for (long long i = 0; i < frames; ++i) {
        ScriptedInput frame{scriptMouse_};
        frame.measured = true;
        scriptInput_.push_back(frame);
      }
    } else {
      throw Error("bench: unknown kind '" + kind + "' (orbit, edit, edit-all, idle)");
    }
    // The summary is printed by finishFrameScriptActions once the last measured frame is done.
    return StepResult::yield;
  }
  if (verb == "resize") {
    glfwSetWindowSize(window_.handle(), static_cast<int>(command.integer(0)), static_cast<int>(command.integer(1)));
    scriptWaitFrames_ = 5;
    return StepResult::yield;
  }
  if (verb == "quit") {
    printState();
    exitCode_ = 0;
    return StepResult::yield;
  }
  if (verb == "expect-error") {
    std::string text;
    for (const auto& word : command.args) text += (text.empty() ? "" : " ") + word;
    expectError_ = text;
    return StepResult::next;
  }
  throw Error("unknown command '" + verb + "'");
}

void Viewer::finishFrameScriptActions() {
  if (scriptPrintState_) {
    printState();
    scriptPrintState_ = false;
  }
  if (scriptScreenshot_) {
    // Wait for the anti-aliased picture, as a person would see it once things rest.
    const bool atRest = !sceneView_->antialiasPending() && lastPass_ != ScenePass::fast;
    if (atRest || ++screenshotSettleFrames_ > 120) {
      try {
        writeWindowScreenshot(*scriptScreenshot_);
      } catch (const std::exception& error) {
        failScript(std::string("screenshot: ") + error.what());
      }
      scriptScreenshot_.reset();
    }
  }
}

void Viewer::printBench() {
  FrameStats stats(benchSamples_.size());
  for (double sample : benchSamples_) stats.add(sample);
  const double mean = stats.mean();
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_.handle(), &width, &height);
  std::printf("bench %s frames=%zu window=%dx%d scene=%dx%d mean_ms=%.3f median_ms=%.3f p95_ms=%.3f fps=%.1f",
              benchKind_.c_str(), benchSamples_.size(), width, height, static_cast<int>(lastLayout_.scene.width),
              static_cast<int>(lastLayout_.scene.height), mean, stats.quantile(0.5), stats.quantile(0.95),
              mean > 0 ? 1000.0 / mean : 0.0);
  static const char* const names[] = {"ui_ms", "clear_ms", "scene_ms", "imgui_ms", "swap_ms"};
  for (std::size_t stage = 0; stage < benchStages_.size(); ++stage) {
    if (benchStages_[stage].empty()) continue;
    FrameStats part(benchStages_[stage].size());
    for (double sample : benchStages_[stage]) part.add(sample);
    std::printf(" %s=%.3f", names[stage], part.quantile(0.5));
    benchStages_[stage].clear();
  }
  std::printf("\n");
  std::fflush(stdout);
  benchKind_.clear();
  benchSamples_.clear();
}

void Viewer::printState() {
  const render::Camera& camera = state_.camera;
  const Session& session = state_.session;
  const core::Surface& surface = session.scene().surface.surface;
  const core::Domain domain = session.scene().surface.domain();
  const render::Viewport viewport = sceneViewport(lastLayout_);
  std::ostringstream out;
  out << "state azimuth=" << fmt(camera.azimuth) << " elevation=" << fmt(camera.elevation)
      << " distance=" << fmt(camera.distance) << " orthographic=" << (camera.orthographic ? 1 : 0)
      << " pan=" << fmt(camera.panX) << "," << fmt(camera.panY) << " frame=" << state_.playback.frame()
      << " last=" << state_.playback.last() << " playing=" << (state_.playback.playing() ? 1 : 0)
      << " speed=" << fmt(state_.playback.speed) << " loop=" << (state_.playback.loop ? 1 : 0)
      << " selected=" << state_.selectedRun << " runs=" << session.runCount()
      << " surface=" << quoted(surface.text()) << " domain=" << fmt(domain.xMin) << "," << fmt(domain.xMax) << ","
      << fmt(domain.yMin) << "," << fmt(domain.yMax) << " grid=" << session.scene().render.gridResolution
      << " viewport=" << viewport.x << "," << viewport.y << "," << viewport.width << "x" << viewport.height
      << " help=" << (state_.showHelp ? 1 : 0) << " overlay=" << (state_.settings.showFrameTime ? 1 : 0)
      << " scene_pass=" << passName(lastPass_) << " antialias_pending=" << (sceneView_->antialiasPending() ? 1 : 0)
      << " fast_frames=" << fastSceneFrames_ << " antialiased_frames=" << antialiasedSceneFrames_
      << " frame_ms=" << fmt(std::round(frameStats_.mean() * 1000) / 1000)
      << " expression_error=" << quoted(panel_.expressionError())
      << " message=" << quoted(state_.message) << "\n";
  for (std::size_t i = 0; i < session.runCount(); ++i) {
    const core::RunSpec& run = session.run(i);
    const RunTrace& trace = session.trace(i);
    const render::RunStyle style = session.style(i);
    out << "run " << i << " visible=" << (session.visible(i) ? 1 : 0) << " label=" << quoted(style.label)
        << " color=" << formatHexColor(style.color) << " marker=" << core::markerName(style.marker)
        << " start=" << fmt(run.start[0]) << "," << fmt(run.start[1])
        << " optimizer=" << core::optimizerName(run.optimizer.kind) << " lr=" << fmt(run.optimizer.lr)
        << " iterations=" << run.iterations << " tolerance=" << fmt(run.tolerance) << " points=" << trace.points.size()
        << " stop=" << quoted(describeStop(trace.outcome));
    if (!trace.points.empty()) {
      const auto& last = trace.points.back();
      out << " final=" << fmt(last.x) << "," << fmt(last.y) << " loss=" << fmt(last.z);
    }
    out << "\n";
  }
  std::cout << out.str() << std::flush;
}

}  // namespace

int runViewer(ViewerLaunch launch) {
  Viewer viewer(std::move(launch));
  return viewer.run();
}

}  // namespace gradscape::app
