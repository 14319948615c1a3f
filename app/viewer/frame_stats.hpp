// Rolling frame-time statistics for the overlay and scripted benchmarks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace gradscape::app {

class FrameStats {
 public:
  explicit FrameStats(std::size_t window = 120) : window_(window) {}

  void add(double milliseconds) {
    if (samples_.size() < window_) samples_.push_back(milliseconds);
    else samples_[next_] = milliseconds;
    next_ = (next_ + 1) % window_;
  }
  void clear() { samples_.clear(), next_ = 0; }
  std::size_t count() const { return samples_.size(); }

  double mean() const {
    if (samples_.empty()) return 0;
    double sum = 0;
    for (double sample : samples_) sum += sample;
    return sum / static_cast<double>(samples_.size());
  }
  // q in [0, 1]: 0.5 the median, 0.95 the 95th percentile (nearest rank).
  double quantile(double q) const {
    if (samples_.empty()) return 0;
    std::vector<double> sorted = samples_;
    std::sort(sorted.begin(), sorted.end());
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(rank, sorted.size() - 1)];
  }
  const std::vector<double>& samples() const { return samples_; }

 private:
  std::size_t window_;
  std::vector<double> samples_;
  std::size_t next_ = 0;
};

}  // namespace gradscape::app
