// The scripted `bench` verb's measurements: each measured frame's time and, with `set profile true`,
// the time of each stage of the frame (GL work finished after each, so the time lands where it is spent).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace gradscape::app {

enum class FrameStage : std::size_t { ui, clear, scene, imgui, swap };

class FrameProfiler {
 public:
  bool detailed = false;  // `set profile true`

  void beginFrame(std::chrono::steady_clock::time_point start) { stageStart_ = start; }
  void setMeasured(bool measured) { measured_ = measured; }
  bool measured() const { return measured_; }
  // Ends `stage` of a measured frame (only when detailed).
  void mark(FrameStage stage);
  void addFrame(double milliseconds) { samples_.push_back(milliseconds); }

  void startBench(std::string kind);
  // "bench KIND frames=... mean_ms=..." and the stage medians; starts over.
  std::string report(int windowWidth, int windowHeight, int sceneWidth, int sceneHeight);

 private:
  bool measured_ = false;
  std::string kind_;
  std::vector<double> samples_;
  std::chrono::steady_clock::time_point stageStart_;
  std::array<std::vector<double>, 5> stages_;
};

}  // namespace gradscape::app
