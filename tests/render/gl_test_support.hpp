// Shared by the render tests: a headless GL context per test process with a KHR_debug log that fails the
// test on any GL error, images (read back, saved, loaded, compared) and scene loading into a Renderer.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <stb_image.h>
#include <stb_image_write.h>

#include "core/scene.hpp"
#include "core/trace.hpp"
#include "render/context.hpp"
#include "render/offscreen_target.hpp"
#include "render/renderer.hpp"

namespace gradscape::render::test {

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // rows top-down

  const std::uint8_t* at(int x, int y) const { return rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4; }
  std::array<int, 3> rgb(int x, int y) const {
    const std::uint8_t* p = at(x, y);
    return {p[0], p[1], p[2]};
  }
};

inline std::string outputPath(const std::string& name) {
  std::filesystem::create_directories(GRADSCAPE_TEST_OUTPUT);
  return std::string(GRADSCAPE_TEST_OUTPUT) + "/" + name;
}

inline void savePng(const Image& image, const std::string& path) {
  stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(), image.width * 4);
}

inline Image loadPng(const std::string& path) {
  Image image;
  int channels = 0;
  stbi_uc* pixels = stbi_load(path.c_str(), &image.width, &image.height, &channels, 4);
  if (pixels == nullptr) return {};
  image.rgba.assign(pixels, pixels + static_cast<std::size_t>(image.width) * image.height * 4);
  stbi_image_free(pixels);
  return image;
}

inline Image readTarget(const OffscreenTarget& target) {
  return {target.width(), target.height(), target.readRgba()};
}

// One frame of `renderer` into a single-sample target of width x height, read back.
inline Image renderImage(Renderer& renderer, const Camera& camera, int width, int height, const FrameOptions& options) {
  OffscreenTarget target(width, height, 1);
  target.bind();
  renderer.render(camera, Viewport{0, 0, width, height}, options);
  return readTarget(target);
}

struct ImageDifference {
  int maxChannel = 0;          // largest |a - b| over all channels
  double meanChannel = 0;      // mean |a - b| over all channels
  std::size_t pixelsDiffering = 0;
  Image diff;                  // |a - b| per channel, amplified x4, opaque
};

inline ImageDifference compareImages(const Image& a, const Image& b) {
  ImageDifference result;
  if (a.width != b.width || a.height != b.height) {
    result.maxChannel = 255;
    result.meanChannel = 255;
    return result;
  }
  result.diff = {a.width, a.height, std::vector<std::uint8_t>(a.rgba.size(), 255)};
  double sum = 0;
  for (std::size_t i = 0; i < a.rgba.size(); i += 4) {
    int pixelMax = 0;
    for (int c = 0; c < 3; ++c) {
      const int d = std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c]));
      pixelMax = std::max(pixelMax, d);
      sum += d;
      result.diff.rgba[i + c] = static_cast<std::uint8_t>(std::min(255, d * 4));
    }
    result.maxChannel = std::max(result.maxChannel, pixelMax);
    if (pixelMax > 0) ++result.pixelsDiffering;
  }
  result.meanChannel = sum / (a.rgba.size() / 4 * 3);
  return result;
}

// Sets the scene's surface and runs, traces every run completely and appends it.
inline void showScene(Renderer& renderer, const core::Scene& scene) {
  renderer.setSurface(scene.surface, scene.render);
  std::vector<RunStyle> styles;
  for (std::size_t i = 0; i < scene.runs.size(); ++i) styles.push_back(runStyle(scene.runs[i], i));
  renderer.setRuns(styles);
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    std::vector<core::TracePoint> points;
    const core::RunOutcome outcome =
        core::traceRun(scene.surface.surface, scene.runs[i], [&](const core::TracePoint& p) { points.push_back(p); });
    renderer.clearTrajectory(i);
    renderer.appendTrajectory(i, points);
    renderer.setDiverged(i, outcome.reason == core::StopReason::diverged);
  }
}

// Frame `iteration` of `mode` with the default camera into a new target of `width` x `height`, read back.
inline Image renderView(Renderer& renderer, core::ViewMode mode, int width, int height, std::int64_t iteration = -1) {
  OffscreenTarget target(width, height, 4);
  target.bind();
  FrameOptions options;
  options.view = mode;
  options.iteration = iteration;
  renderer.render(Camera{}, Viewport{0, 0, width, height}, options);
  return readTarget(target);
}

// One EGL surfaceless debug context per test; any GL error recorded during the test fails it.
class GlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    context_ = HeadlessContext::create(/*debugContext=*/true);
    errors_ = GlErrorLog::install();
  }
  void TearDown() override {
    EXPECT_EQ(errors_->take(), "") << "GL errors during the test";
    errors_.reset();
    context_.reset();
  }
  std::string takeGlErrors() { return errors_->take(); }

 private:
  std::unique_ptr<HeadlessContext> context_;
  std::unique_ptr<GlErrorLog> errors_;
};

}  // namespace gradscape::render::test
