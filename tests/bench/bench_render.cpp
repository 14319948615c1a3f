// Renderer speed at 1200x900 on the article's scene (EGL surfaceless, glFinish per frame):
//   BM_OrbitFrame/S/L        full redraw with the camera moving every frame, S samples (1: no MSAA, 4),
//                            L = 1: everything, 0: without axes box and legend (where the time goes)
//   BM_AnimationFrame/1, /4  the exporter's incremental frame (fixed camera): new segments, markers and the
//                            readback of the changed rectangle
//   BM_ManyRunsFrame/M       100 runs x 1000 iterations (issue 6's load), no MSAA: M = 0 a full redraw with
//                            the camera moving, M = 1 the incremental animation step (one new segment per run),
//                            M = 2 the full redraw at iteration 0 (no segments: what the rest of the frame costs)
//   BM_EnsembleFrame/M      10,000 particles x 500 steps (tests/bench/ensemble_10k.json) at the viewer's scene
//                            pane size (800x684), no MSAA: M = 0 the camera orbits at frame 343, M = 1 the
//                            animation plays (frame k + 1 each time, fixed camera), M = 2 the surface alone
//   BM_RasterizePlotCurves  the viewer's plot curves after an edit of 100 runs (three 256x170 plots of 100
//                            curves of 9 points, 1.6 px wide) drawn on the CPU; no GL
// Goals (issue 4): >= 120 frames/s orbiting without MSAA, >= 40 with 4x MSAA. Issue 6: 100 runs x 1000
// iterations recomputed and shown within one frame.
#include <benchmark/benchmark.h>

#include <glad/gl.h>

#include <sys/resource.h>

#include <cmath>
#include <vector>

#include "bench_scenes.hpp"
#include "core/scene.hpp"
#include "core/trace.hpp"
#include "process_tuning.hpp"
#include "render/context.hpp"
#include "render/offscreen_target.hpp"
#include "render/polyline_raster.hpp"
#include "render/renderer.hpp"

namespace {

using namespace gradscape;

constexpr int kWidth = 1200, kHeight = 900;

// CPU seconds of every thread of the process (llvmpipe rasterises on worker threads). On a loaded host
// the wall time per frame inflates; CPU time per frame does much less, so both are reported.
double processCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

using bench::hundredRunsScene;

void showScene(render::Renderer& renderer, const core::Scene& scene) {
  renderer.setSurface(scene.surface, scene.render);
  std::vector<render::RunStyle> styles;
  for (std::size_t i = 0; i < scene.runs.size(); ++i) styles.push_back(render::runStyle(scene.runs[i], i));
  renderer.setRuns(styles);
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    std::vector<core::TracePoint> points;
    core::traceRun(scene.surface.surface, scene.runs[i], [&](const core::TracePoint& p) { points.push_back(p); });
    renderer.appendTrajectory(i, points);
  }
}

// One whole frame, finished (llvmpipe rasterises on glFinish).
void drawFrame(render::Renderer& renderer, render::OffscreenTarget& target, const render::Camera& camera,
               const render::Viewport& viewport, const render::FrameOptions& options) {
  target.bind();
  renderer.render(camera, viewport, options);
  glFinish();
}

void BM_OrbitFrame(benchmark::State& state) {
  const int samples = static_cast<int>(state.range(0));
  const auto context = render::HeadlessContext::create();
  render::Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  render::OffscreenTarget target(kWidth, kHeight, samples);
  render::Camera camera = render::Camera::fromSpec(scene.cameraOrDefault());
  const render::Viewport viewport{0, 0, kWidth, kHeight};
  render::FrameOptions options;  // every iteration
  options.axes = options.legend = state.range(1) != 0;
  for (int warmUp = 0; warmUp < 3; ++warmUp) drawFrame(renderer, target, camera, viewport, options);  // shaders compile
  const double cpuBefore = processCpuSeconds();
  for (auto _ : state) {
    camera.azimuth += 2;  // an orbit: nothing can be reused from the previous frame
    drawFrame(renderer, target, camera, viewport, options);
  }
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["cpu_ms_all_threads"] = 1e3 * (processCpuSeconds() - cpuBefore) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_OrbitFrame)->Args({1, 1})->Args({4, 1})->Args({1, 0})->Args({4, 0})->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

void BM_AnimationFrame(benchmark::State& state) {
  const int samples = static_cast<int>(state.range(0));
  const auto context = render::HeadlessContext::create();
  render::Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  render::OffscreenTarget target(kWidth, kHeight, samples);
  const render::Camera camera = render::Camera::fromSpec(scene.cameraOrDefault());
  render::FrameOptions options;
  options.iteration = 0;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(kWidth) * kHeight * 4);
  std::int64_t iteration = 0;
  renderer.beginAnimation(target, camera, options);
  std::size_t changedPixels = 0;
  const double cpuBefore = processCpuSeconds();
  for (auto _ : state) {
    if (++iteration > 200) {  // start over, untimed: the static layer is drawn once per export
      state.PauseTiming();
      renderer.beginAnimation(target, camera, options);
      glFinish();
      iteration = 1;
      state.ResumeTiming();
    }
    const PixelRect changed = renderer.advanceTo(iteration);
    target.readRgbaRect(changed, pixels);  // glReadPixels waits for the frame
    changedPixels += static_cast<std::size_t>(changed.width) * changed.height;
  }
  renderer.endAnimation();
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["cpu_ms_all_threads"] = 1e3 * (processCpuSeconds() - cpuBefore) / static_cast<double>(state.iterations());
  state.counters["changed_px"] = benchmark::Counter(static_cast<double>(changedPixels) / state.iterations());
}
BENCHMARK(BM_AnimationFrame)->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

void BM_ManyRunsFrame(benchmark::State& state) {
  const bool incremental = state.range(0) == 1;
  const auto context = render::HeadlessContext::create();
  render::Renderer renderer;
  const core::Scene scene = hundredRunsScene();
  showScene(renderer, scene);
  render::OffscreenTarget target(kWidth, kHeight, 1);
  render::Camera camera = render::Camera::fromSpec(scene.cameraOrDefault());
  const render::Viewport viewport{0, 0, kWidth, kHeight};
  render::FrameOptions options;
  options.antialias = false;
  if (state.range(0) == 2) options.iteration = 0;
  for (int warmUp = 0; warmUp < 2; ++warmUp) {  // llvmpipe compiles shaders on first use
    target.bind();
    renderer.render(camera, viewport, options);
    glFinish();
  }
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(kWidth) * kHeight * 4);
  std::int64_t iteration = 0;
  std::size_t changedPixels = 0;
  if (incremental) {
    options.iteration = 0;
    renderer.beginAnimation(target, camera, options);
  }
  const double cpuBefore = processCpuSeconds();
  for (auto _ : state) {
    if (!incremental) {
      camera.azimuth += 2;
      target.bind();
      renderer.render(camera, viewport, options);
      glFinish();
      continue;
    }
    if (++iteration > 1000) {  // start over, untimed
      state.PauseTiming();
      renderer.beginAnimation(target, camera, options);
      glFinish();
      iteration = 1;
      state.ResumeTiming();
    }
    const PixelRect changed = renderer.advanceTo(iteration);
    target.readRgbaRect(changed, pixels);
    changedPixels += static_cast<std::size_t>(changed.width) * changed.height;
  }
  if (incremental) renderer.endAnimation();
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["cpu_ms_all_threads"] = 1e3 * (processCpuSeconds() - cpuBefore) / static_cast<double>(state.iterations());
  if (incremental)
    state.counters["changed_px"] = benchmark::Counter(static_cast<double>(changedPixels) / state.iterations());
}
BENCHMARK(BM_ManyRunsFrame)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

// Issue 16: 10,000 particles x 500 steps at >= 60 fps in the viewer's 1200x900 window, whose scene pane is
// 800x684 and whose fast pass has no MSAA. The ensemble is traced without the batch core (the same points).
// The process is tuned as `gradscape view` is (app::keepFreedMemoryForReuse: llvmpipe's binned blocks stay).
void BM_EnsembleFrame(benchmark::State& state) {
  static const bool tuned = (app::keepFreedMemoryForReuse(), true);
  (void)tuned;
  const int mode = static_cast<int>(state.range(0));
  const auto context = render::HeadlessContext::create();
  render::Renderer renderer;
  core::Scene scene = core::parseScene(R"({"surface": "himmelblau", "runs": [{"start": [0, 0],
      "optimizer": {"name": "adam", "lr": 0.05}, "iterations": 500, "noise": {"sigma": 1, "seed": 1},
      "color": "#ff7f0e", "ensemble": {"count": 10000, "grid": true}}], "camera": {"azimuth": -60, "elevation": 50}})",
                                       "ensemble_10k");
  if (mode == 2) scene.runs.clear();
  showScene(renderer, scene);
  constexpr int kPaneWidth = 800, kPaneHeight = 684;
  render::OffscreenTarget target(kPaneWidth, kPaneHeight, 1);
  render::Camera camera = render::Camera::fromSpec(scene.cameraOrDefault());
  const render::Viewport viewport{0, 0, kPaneWidth, kPaneHeight};
  render::FrameOptions options;
  options.antialias = false;
  options.moving = true;
  options.iteration = 343;
  for (int warmUp = 0; warmUp < 3; ++warmUp) drawFrame(renderer, target, camera, viewport, options);  // shaders compile
  const double cpuBefore = processCpuSeconds();
  for (auto _ : state) {
    if (mode == 1)
      options.iteration = options.iteration % 500 + 1;
    else
      camera.azimuth += 2;
    drawFrame(renderer, target, camera, viewport, options);
  }
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["cpu_ms_all_threads"] = 1e3 * (processCpuSeconds() - cpuBefore) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_EnsembleFrame)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

// Three plots side by side in a 1200x900 framebuffer, where the viewer puts them under the scene: x and
// y decaying from their starts to 0 (y ten times faster: most of its curves run flat along one row) and a
// falling loss.
std::vector<render::PolylineBatch> plotCurveBatches() {
  std::vector<render::PolylineBatch> batches(3);
  for (int plot = 0; plot < 3; ++plot) {
    const float left = 408.0f + 264.0f * static_cast<float>(plot), top = 708.0f, width = 256.0f, height = 170.0f;
    for (int run = 0; run < 100; ++run) {
      const float start = -0.9f + 0.2f * static_cast<float>(run % 10);
      const float rate = 0.004f + 0.0005f * static_cast<float>(run);
      std::vector<glm::vec2> points;
      for (int k = 0; k <= 8; ++k) {
        const float iteration = 125.0f * static_cast<float>(k);
        const float value = plot == 0   ? start * std::exp(-rate * iteration)
                            : plot == 1 ? start * std::exp(-10 * rate * iteration)
                                        : 1.0f - 0.2f * rate * iteration;
        points.emplace_back(left + width * iteration / 1000.0f, top + height * (0.5f - 0.5f * value));
      }
      const glm::u8vec4 color(static_cast<std::uint8_t>(run * 37), static_cast<std::uint8_t>(run * 91), 200, 255);
      batches[static_cast<std::size_t>(plot)].addPolyline(points, color, 1.6f);
    }
  }
  return batches;
}

void BM_RasterizePlotCurves(benchmark::State& state) {
  const std::vector<render::PolylineBatch> batches = plotCurveBatches();
  render::PolylineImage image;
  std::vector<float> scratch;
  std::size_t pixels = 0;
  for (auto _ : state) {
    for (const render::PolylineBatch& batch : batches) {
      render::rasterizePolylines(batch.segments(), kWidth, kHeight, image, scratch);
      pixels += image.rgba.size() / 4;
    }
    benchmark::DoNotOptimize(image.rgba.data());
  }
  state.counters["picture_px"] = static_cast<double>(pixels) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RasterizePlotCurves)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
