// Bench figures for scripted runs.
#include "viewer/frame_profiler.hpp"

#include <cstdio>

#include "render/window_framebuffer.hpp"
#include "viewer/frame_stats.hpp"

namespace gradscape::app {

void FrameProfiler::mark(FrameStage stage) {
  if (!detailed || !measured_) return;
  render::finishGpuWork();
  const auto now = std::chrono::steady_clock::now();
  stages_[static_cast<std::size_t>(stage)].push_back(std::chrono::duration<double, std::milli>(now - stageStart_).count());
  stageStart_ = now;
}

void FrameProfiler::startBench(std::string kind) {
  kind_ = std::move(kind);
  samples_.clear();
}

std::string FrameProfiler::report(int windowWidth, int windowHeight, int sceneWidth, int sceneHeight) {
  FrameStats stats(samples_.size());
  for (double sample : samples_) stats.add(sample);
  const double mean = stats.mean();
  char text[512];
  std::snprintf(text, sizeof text,
                "bench %s frames=%zu window=%dx%d scene=%dx%d mean_ms=%.3f median_ms=%.3f p95_ms=%.3f fps=%.1f",
                kind_.c_str(), samples_.size(), windowWidth, windowHeight, sceneWidth, sceneHeight, mean,
                stats.quantile(0.5), stats.quantile(0.95), mean > 0 ? 1000.0 / mean : 0.0);
  std::string out = text;
  static const char* const names[] = {"ui_ms", "clear_ms", "scene_ms", "imgui_ms", "swap_ms"};
  for (std::size_t stage = 0; stage < stages_.size(); ++stage) {
    if (stages_[stage].empty()) continue;
    FrameStats part(stages_[stage].size());
    for (double sample : stages_[stage]) part.add(sample);
    std::snprintf(text, sizeof text, " %s=%.3f", names[stage], part.quantile(0.5));
    out += text;
    stages_[stage].clear();
  }
  kind_.clear();
  samples_.clear();
  return out + "\n";
}

}  // namespace gradscape::app
