// Export speed: the encoder stages on the article's real 1200x900 frame (palette, lookup, GIF LZW of a
// changed rectangle, RGB -> yuv420p), and whole exports of the article (201 frames) in-process.
//   BM_PaletteBuild          median cut + k-means + lookup table from the frame's histogram
//   BM_MapFullFrame          palette lookup of every pixel (what an orbit frame pays)
//   BM_GifChangedFrame       one animation frame through GifWriter: a marker-sized moving rectangle
//   BM_YuvFull / BM_YuvRect  RGB -> yuv420p of the whole frame / of a 64x64 changed rectangle
//   BM_Export/gif, /mp4      exportScene of the article at 1200x900 with MSAA (context creation included)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "capture/animation_exporter.hpp"
#include "core/scene.hpp"
#include "encode/gif_writer.hpp"
#include "encode/palette.hpp"
#include "encode/video_writer.hpp"
#include "render/context.hpp"
#include "render/offscreen_target.hpp"
#include "render/renderer.hpp"

namespace gradscape {
namespace {

constexpr int kWidth = 1200, kHeight = 900;

// The article's last frame, rendered once per process (4x MSAA, as exports do).
const std::vector<std::uint8_t>& articleFrame() {
  static const std::vector<std::uint8_t> pixels = [] {
    const auto context = render::HeadlessContext::create();
    const core::Scene scene = core::articleScene();
    render::Renderer renderer;
    renderer.setSurface(scene.surface, scene.render);
    std::vector<render::RunStyle> styles;
    for (std::size_t i = 0; i < scene.runs.size(); ++i)
      styles.push_back(render::runStyle(scene.runs[i], i));
    renderer.setRuns(styles);
    for (std::size_t i = 0; i < scene.runs.size(); ++i) {
      std::vector<core::TracePoint> points;
      core::traceRun(scene.surface.surface, scene.runs[i], [&](const core::TracePoint& p) { points.push_back(p); });
      renderer.appendTrajectory(i, points);
    }
    render::OffscreenTarget target(kWidth, kHeight, 4);
    target.bind();
    renderer.render(render::Camera::fromSpec(scene.cameraOrDefault()), {0, 0, kWidth, kHeight}, {});
    return target.readRgba();
  }();
  return pixels;
}

encode::RgbaView frameView() { return {articleFrame().data(), kWidth, kHeight}; }

const encode::Palette& articlePalette() {
  static const encode::Palette palette = [] {
    encode::ColorHistogram histogram;
    histogram.add(frameView());
    return encode::Palette::build(histogram);
  }();
  return palette;
}

std::string scratchPath(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string("gradscape_bench_") + name)).string();
}

void BM_PaletteBuild(benchmark::State& state) {
  encode::ColorHistogram histogram;
  histogram.add(frameView());
  for (auto _ : state) benchmark::DoNotOptimize(encode::Palette::build(histogram));
}
BENCHMARK(BM_PaletteBuild)->Unit(benchmark::kMillisecond);

void BM_MapFullFrame(benchmark::State& state) {
  const encode::Palette& palette = articlePalette();
  std::vector<std::uint8_t> indices(kWidth);
  for (auto _ : state)
    for (int y = 0; y < kHeight; ++y) palette.mapRow(frameView().row(y), kWidth, indices.data());
  state.SetItemsProcessed(state.iterations() * kWidth * kHeight);
}
BENCHMARK(BM_MapFullFrame)->Unit(benchmark::kMillisecond);

// A 24x24 "marker" walks across the real frame; each GIF frame is its old and new place.
void BM_GifChangedFrame(benchmark::State& state) {
  std::vector<std::uint8_t> picture = articleFrame();
  const encode::RgbaView view{picture.data(), kWidth, kHeight};
  const std::string path = scratchPath("frames.gif");
  auto writer = std::make_unique<encode::GifWriter>(path, kWidth, kHeight, articlePalette(), encode::GifOptions{});
  writer->addFrame(view, {});
  int step = 0;
  const auto markerAt = [](int k) { return PixelRect{300 + (k % 400), 300 + (k % 300) / 2, 24, 24}; };
  for (auto _ : state) {
    const PixelRect previous = markerAt(step), next = markerAt(++step);
    for (int y = next.y; y < next.y + next.height; ++y)
      for (int x = next.x; x < next.x + next.width; ++x) {
        std::uint8_t* p = picture.data() + (static_cast<std::size_t>(y) * kWidth + x) * 4;
        p[0] = static_cast<std::uint8_t>(p[0] ^ 0x5a);
        p[2] = static_cast<std::uint8_t>(255 - p[2]);
      }
    writer->addFrame(view, previous.united(next));
  }
  writer.reset();  // abandoned: nothing kept
}
BENCHMARK(BM_GifChangedFrame)->Unit(benchmark::kMicrosecond);

void BM_YuvFull(benchmark::State& state) {
  encode::Yuv420Frame yuv(kWidth, kHeight);
  for (auto _ : state) yuv.update(frameView(), PixelRect::whole(kWidth, kHeight));
}
BENCHMARK(BM_YuvFull)->Unit(benchmark::kMillisecond);

void BM_YuvRect(benchmark::State& state) {
  encode::Yuv420Frame yuv(kWidth, kHeight);
  for (auto _ : state) yuv.update(frameView(), {601, 401, 64, 64});
}
BENCHMARK(BM_YuvRect)->Unit(benchmark::kMicrosecond);

void BM_Export(benchmark::State& state, const char* extension) {
  const core::Scene scene = core::articleScene();
  capture::ExportOptions options;
  options.progress = false;
  const std::string path = scratchPath("article") + extension;
  for (auto _ : state) benchmark::DoNotOptimize(capture::exportScene(scene, path, options));
  std::filesystem::remove(path);
}
BENCHMARK_CAPTURE(BM_Export, gif, ".gif")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK_CAPTURE(BM_Export, mp4, ".mp4")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace gradscape

BENCHMARK_MAIN();
