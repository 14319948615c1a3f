// What one viewer frame costs, piece by piece, headless (EGL surfaceless, llvmpipe): recomputing edited
// runs, uploading them, the scene pass while orbiting, and the ImGui pass (panel + plots, with the UI
// damage tracking) at 1200x900.
// The window's own end-to-end figure comes from `gradscape view --script` with `bench orbit N`.
#include <benchmark/benchmark.h>
#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <memory>
#include <string>

#include "../support/headless_imgui.hpp"
#include "bench_scenes.hpp"
#include "core/scene.hpp"
#include "render/context.hpp"
#include "render/frame_layers.hpp"
#include "render/offscreen_target.hpp"
#include "render/renderer.hpp"
#include "viewer/panel.hpp"
#include "viewer/plots.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/session.hpp"
#include "viewer/ui_damage.hpp"

namespace gradscape::app {
namespace {

using bench::hundredRunsScene;

// Each iteration: every run's lr changes (as dragging a shared slider would), then all are traced again.
void editEveryLrAndRecompute(benchmark::State& state, Session& session) {
  session.recompute();
  int flip = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < session.runCount(); ++i) {
      core::RunSpec run = session.run(i);
      run.optimizer.lr *= (flip & 1) ? 1.01 : 1 / 1.01;
      session.setRun(i, run);
    }
    ++flip;
    benchmark::DoNotOptimize(session.recompute());
  }
}

void BM_RecomputeHundredRunsOfThousandIterations(benchmark::State& state) {
  Session session(hundredRunsScene());
  editEveryLrAndRecompute(state, session);
  state.counters["points"] = static_cast<double>(session.runCount() * 1001);
}
BENCHMARK(BM_RecomputeHundredRunsOfThousandIterations)->Unit(benchmark::kMillisecond);

// An edit of tests/bench/ensemble_10k.json's 10,000 particles (adam on himmelblau from a grid of starts):
// every particle's lr changes, as the viewer's slider does, then all are traced again (the batch core, every
// core). Arguments: iterations (200: the issue's edit; 500: the scene's) and noise sigma (the scene's is 1).
void BM_RecomputeEnsemble10k(benchmark::State& state) {
  const std::string json = R"({"surface": "himmelblau", "runs": [{"start": [0, 0], "optimizer": {"name": "adam", "lr": 0.05},
      "iterations": )" + std::to_string(state.range(0)) + R"(, "noise": {"sigma": )" + std::to_string(state.range(1)) +
                           R"(, "seed": 1}, "ensemble": {"count": 10000, "grid": true}}]})";
  Session session(core::parseScene(json, "ensemble"));
  editEveryLrAndRecompute(state, session);
  state.counters["points"] = static_cast<double>(session.runCount() * std::size_t(state.range(0) + 1));
}
BENCHMARK(BM_RecomputeEnsemble10k)->ArgsProduct({{200, 500}, {0, 1}})->ArgNames({"iterations", "sigma"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// The x, y and loss plots' 10-90 % bands of that ensemble (200 iterations, sigma 1), as an edit frame computes
// them: one gather of the 10,000 particles' points for the three quantities.
void BM_EnsembleBands10k(benchmark::State& state) {
  Session session(core::parseScene(R"({"surface": "himmelblau", "runs": [{"start": [0, 0], "optimizer": {"name": "adam",
      "lr": 0.05}, "iterations": 200, "noise": {"sigma": 1, "seed": 1}, "ensemble": {"count": 10000, "grid": true}}]})",
                                   "ensemble"));
  session.recompute();
  std::vector<BandMember> members;
  for (std::size_t i = 0; i < session.runCount(); ++i)
    members.push_back({session.trace(i).points(), session.trace(i).outcome.reason == core::StopReason::diverged});
  for (auto _ : state)
    benchmark::DoNotOptimize(ensembleBands<3>(std::span<const BandMember>(members), 200, [](const core::TracePoint& point) {
      return std::array<double, 3>{point.x, point.y, point.z};
    }));
}
BENCHMARK(BM_EnsembleBands10k)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same bands read from the columns the session keeps of the batch (what an edit frame does now).
void BM_EnsembleBands10kFromColumns(benchmark::State& state) {
  Session session(core::parseScene(R"({"surface": "himmelblau", "runs": [{"start": [0, 0], "optimizer": {"name": "adam",
      "lr": 0.05}, "iterations": 200, "noise": {"sigma": 1, "seed": 1}, "ensemble": {"count": 10000, "grid": true}}]})",
                                   "ensemble"));
  session.recompute();
  const core::TraceColumns* columns = session.columns(0, session.runCount());
  if (!columns) {
    state.SkipWithError("the session kept no columns");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(ensembleBandsOfColumns(*columns, 200));
}
BENCHMARK(BM_EnsembleBands10kFromColumns)->Unit(benchmark::kMillisecond)->UseRealTime();

struct GlFixture {
  std::unique_ptr<render::HeadlessContext> context = render::HeadlessContext::create();
};

// Recompute + upload + draw of the 100-run scene after every run changed: the whole edit frame's engine part.
void BM_EditAllRunsFrame(benchmark::State& state) {
  GlFixture gl;
  Session session(hundredRunsScene());
  SceneView view;
  session.recompute();
  view.sync(session);
  const render::Viewport viewport{0, 0, 800, 684};
  render::OffscreenTarget target(viewport.width, viewport.height, 1);
  render::Camera camera = render::Camera::fromSpec(session.scene().cameraOrDefault());
  render::FrameOptions options;
  options.antialias = false;
  int flip = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < session.runCount(); ++i) {
      core::RunSpec run = session.run(i);
      run.optimizer.lr *= (flip & 1) ? 1.01 : 1 / 1.01;
      session.setRun(i, run);
    }
    ++flip;
    session.recompute();
    view.sync(session);
    target.bind();
    view.renderer().render(camera, viewport, options);
    glFinish();
  }
}
BENCHMARK(BM_EditAllRunsFrame)->Unit(benchmark::kMillisecond)->UseRealTime();

// The parts of that frame: uploading 100 changed trajectories, and drawing 100 paths of 1001 points.
void BM_UploadHundredRuns(benchmark::State& state) {
  GlFixture gl;
  Session session(hundredRunsScene());
  session.recompute();
  render::Renderer renderer;
  renderer.setSurface(session.scene().surface, session.scene().render);
  const auto styles = session.styles();
  renderer.setRuns(styles);
  // As the viewer's SessionUploader does: one batch, the points lent, vertices computed on every core.
  std::vector<render::PathLayer::Replacement> replacements;
  for (std::size_t i = 0; i < session.runCount(); ++i) replacements.push_back({i, session.trace(i).points(), true});
  for (auto _ : state) {
    renderer.replaceTrajectories(replacements);
    glFinish();
  }
}
BENCHMARK(BM_UploadHundredRuns)->Unit(benchmark::kMillisecond)->UseRealTime();

// Choosing the kept points of 100 paths of 1001 points on one thread, for a new camera each time (two
// azimuths in turn): the chord rule of the viewer's fast pass (range 1) or the still frame's radius (0).
void BM_ChooseKeptHundredRuns(benchmark::State& state) {
  GlFixture gl;
  Session session(hundredRunsScene());
  session.recompute();
  render::FrameLayers layers;
  layers.scenery.setSurface(session.scene().surface, session.scene().render);
  const auto styles = session.styles();
  layers.paths.setRuns(styles);
  std::vector<render::PathLayer::Replacement> replacements;
  for (std::size_t i = 0; i < session.runCount(); ++i) replacements.push_back({i, session.trace(i).points(), true});
  layers.paths.replace(replacements, layers.placement());
  const bool moving = state.range(0) != 0;
  const double radius = moving ? render::PathPoints::kMovingMergeRadiusPixels : render::PathPoints::kMergeRadiusPixels;
  const double tolerance = moving ? render::PathPoints::kMovingChordTolerancePixels : 0.0;
  render::Camera camera = render::Camera::fromSpec(session.scene().cameraOrDefault());
  const render::Viewport viewport{0, 0, 800, 684};
  const render::ViewProjection views[2] = {render::ViewProjection(camera, render::DataBox{}, viewport),
                                           render::ViewProjection((camera.azimuth += 0.5, camera), render::DataBox{}, viewport)};
  std::size_t kept = 0, turn = 0;
  for (auto _ : state) {
    const render::ViewProjection& view = views[turn++ % 2];
    for (std::size_t i = 0; i < layers.paths.size(); ++i)
      kept += layers.paths.run(i).path.keptPoints(view, radius, tolerance).size();
  }
  state.counters["kept_points"] = static_cast<double>(kept) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ChooseKeptHundredRuns)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DrawHundredRuns(benchmark::State& state) {
  GlFixture gl;
  Session session(hundredRunsScene());
  SceneView view;
  session.recompute();
  view.sync(session);
  const render::Viewport viewport{0, 0, 800, 684};
  render::OffscreenTarget target(viewport.width, viewport.height, 1);
  render::Camera camera = render::Camera::fromSpec(session.scene().cameraOrDefault());
  render::FrameOptions options;
  options.antialias = false;
  options.moving = state.range(0) != 0;  // 1: the viewer's fast pass while orbiting (paths merge more)
  for (auto _ : state) {
    camera.azimuth += 0.5;
    target.bind();
    view.renderer().render(camera, viewport, options);
    glFinish();
  }
}
BENCHMARK(BM_DrawHundredRuns)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The article's scene drawn at a new azimuth every frame, 800x684 (the scene area of a 1200x900 window),
// no MSAA: the scene pass of an orbiting frame.
void BM_OrbitScenePass(benchmark::State& state) {
  GlFixture gl;
  Session session(core::articleScene());
  SceneView view;
  session.recompute();
  view.sync(session);
  // range(1): the scene's size in percent of 800x684 (a moving picture could be drawn smaller).
  const int percent = static_cast<int>(state.range(1));
  const render::Viewport viewport{0, 0, 800 * percent / 100, 684 * percent / 100};
  render::OffscreenTarget target(viewport.width, viewport.height, static_cast<int>(state.range(0)));
  render::Camera camera = render::Camera::fromSpec(session.scene().cameraOrDefault());
  render::FrameOptions options;
  options.antialias = state.range(0) > 1;
  for (auto _ : state) {
    camera.azimuth += 0.9;
    target.bind();
    view.renderer().render(camera, viewport, options);
    glFinish();
  }
}
BENCHMARK(BM_OrbitScenePass)
    ->Args({1, 100})
    ->Args({4, 100})
    ->Args({1, 50})
    ->Args({1, 150})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

class NoActions final : public ViewerActions {
 public:
  void openScene(const std::string&) override {}
  void saveScene(const std::string&) override {}
  void exportStill(const std::string&, int, int) override {}
  void exportAnimation(const std::string&, int, int, double) override {}
  void cancelExport() override {}
  void startRecording(const std::string&, int, int, double) override {}
  void stopRecording() override {}
  void takeScreenshot() override {}
  void resetCamera() override {}
};

// The ImGui pass of a 1200x900 window: panel and plots built and drawn (the window's clear included).
void BM_UiPass(benchmark::State& state) {
  GlFixture gl;
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1200, 900);
  io.DeltaTime = 1.0f / 120;
  ImGui::StyleColorsDark();
  ImGui_ImplOpenGL3_Init("#version 330 core");
  ViewerState viewer(core::articleScene());
  viewer.session.recompute();
  viewer.playback.setLast(viewer.session.lastIteration());
  Panel panel;
  PlotsWindow plots;
  NoActions actions;
  render::OffscreenTarget target(1200, 900, 1);
  for (auto _ : state) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    const float width = panel.draw(viewer, actions, 900);
    if (state.range(0)) plots.draw(viewer, ImVec2(width, 684), ImVec2(1200 - width, 216));
    ImGui::Render();
    target.bind();
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0.06f, 0.06f, 0.06f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glFinish();
  }
  state.counters["vertices"] = ImGui::GetDrawData()->TotalVtxCount;
  state.counters["curve_segments"] = static_cast<double>(plots.curveSegments());  // ImGui holds none of them
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
}
BENCHMARK(BM_UiPass)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The plots' own work in an edit-all frame of the 100-run scene, on the CPU (no GL): extents, every curve
// decimated and simplified again, the draw lists built (edits and re-traces outside the timing).
// range(0) = 1: oscillating runs.
void BM_PlotsAfterEditAll(benchmark::State& state) {
  const gradscape::testing::HeadlessImGui imgui(ImVec2(1200, 900));
  // As the viewer's GL backend: draw lists over 65,536 vertices (the oscillating runs') split commands.
  ImGui::GetIO().BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
  ViewerState viewer(hundredRunsScene(state.range(0) != 0));
  viewer.session.recompute();
  viewer.playback.setLast(viewer.session.lastIteration());
  PlotsWindow plots;
  int flip = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (std::size_t i = 0; i < viewer.session.runCount(); ++i) {
      core::RunSpec run = viewer.session.run(i);
      run.optimizer.lr *= (flip & 1) ? 1.01 : 1 / 1.01;
      viewer.session.setRun(i, run);
    }
    ++flip;
    viewer.session.recompute();
    state.ResumeTiming();
    ImGui::NewFrame();
    plots.draw(viewer, ImVec2(400, 684), ImVec2(800, 216));
    ImGui::Render();
  }
  state.counters["vertices"] = ImGui::GetDrawData()->TotalVtxCount;
  state.counters["curve_segments"] = static_cast<double>(plots.curveSegments());  // ImGui holds none of them
}
BENCHMARK(BM_PlotsAfterEditAll)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The UI part of a 100-run frame in a 1200x900 window: panel and plots built, the UI damage found, and
// the damaged regions drawn as the viewer does. range(0) = 0: every run's lr changes each frame (all
// curves change); 1: only the cursor moves (playback). range(1): the damage tracker's triangle limit
// (above it a draw list is compared per draw command; 1e9 compares every list triangle by triangle).
// range(2) = 1: oscillating runs.
void BM_HundredRunsUiFrame(benchmark::State& state) {
  GlFixture gl;
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1200, 900);
  io.DeltaTime = 1.0f / 120;
  ImGui::StyleColorsDark();
  ImGui_ImplOpenGL3_Init("#version 330 core");
  ViewerState viewer(hundredRunsScene(state.range(2) != 0));
  viewer.session.recompute();
  viewer.playback.setLast(viewer.session.lastIteration());
  viewer.playback.scrub(500);
  Panel panel;
  PlotsWindow plots;
  NoActions actions;
  UiDamageTracker damage(static_cast<std::size_t>(state.range(1)));
  render::OffscreenTarget target(1200, 900, 1);
  const bool edit = state.range(0) == 0;
  int flip = 0;
  double damagedArea = 0;
  for (auto _ : state) {
    if (edit) {
      for (std::size_t i = 0; i < viewer.session.runCount(); ++i) {
        core::RunSpec run = viewer.session.run(i);
        run.optimizer.lr *= (flip & 1) ? 1.01 : 1 / 1.01;
        viewer.session.setRun(i, run);
      }
      viewer.session.recompute();
    } else {
      viewer.playback.scrub(viewer.playback.frame() >= 999 ? 1 : viewer.playback.frame() + 1);
    }
    ++flip;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    const float width = panel.draw(viewer, actions, 900);
    plots.draw(viewer, ImVec2(width, 684), ImVec2(1200 - width, 216));
    ImGui::Render();
    ImDrawData& data = *ImGui::GetDrawData();
    const std::vector<UiRect> regions = damage.update(data);
    target.bind();
    glDisable(GL_SCISSOR_TEST);
    const std::vector<ImVec4> clipRects = saveClipRects(data);
    for (const UiRect& region : regions) {
      damagedArea += region.area();
      clipDrawData(data, clipRects, region);
      ImGui_ImplOpenGL3_RenderDrawData(&data);
    }
    glFinish();
  }
  state.counters["vertices"] = ImGui::GetDrawData()->TotalVtxCount;
  state.counters["curve_segments"] = static_cast<double>(plots.curveSegments());  // ImGui holds none of them
  state.counters["damaged_px"] = damagedArea / static_cast<double>(state.iterations());
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
}
BENCHMARK(BM_HundredRunsUiFrame)
    ->Args({0, 20000, 0})
    ->Args({1, 20000, 0})
    ->Args({0, 1000000000, 0})
    ->Args({1, 1000000000, 0})
    ->Args({0, 20000, 1})
    ->Args({1, 20000, 1})
    ->Args({0, 1000000000, 1})
    ->Args({1, 1000000000, 1})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace gradscape::app

BENCHMARK_MAIN();
