// Playback state machine (no time source of its own: the viewer passes elapsed seconds).
#include "viewer/playback.hpp"

#include <algorithm>
#include <cmath>

namespace gradscape::app {

void Playback::setLast(std::int64_t last) {
  const bool followEnd = frame_ >= last_;
  last_ = std::max<std::int64_t>(0, last);
  frame_ = followEnd ? last_ : std::min(frame_, last_);
}

void Playback::play() {
  if (frame_ >= last_) frame_ = 0;
  carry_ = 0;
  playing_ = true;
}

void Playback::step(std::int64_t delta) {
  playing_ = false;
  scrub(frame_ + delta);
}

void Playback::scrub(std::int64_t frame) {
  frame_ = std::clamp<std::int64_t>(frame, 0, last_);
  carry_ = 0;
}

bool Playback::advance(double seconds) {
  if (!playing_) return false;
  carry_ += std::max(0.0, seconds) * std::max(0.0, speed);
  // The epsilon keeps 60 it/s at 1/60 s per frame at exactly one iteration per frame.
  const double whole = std::floor(carry_ + 1e-9);
  if (whole < 1) return false;
  carry_ = std::max(0.0, carry_ - whole);
  const std::int64_t before = frame_;
  std::int64_t next = frame_ + static_cast<std::int64_t>(std::min(whole, 1e15));
  if (next > last_) {
    if (loop && last_ > 0) {
      next %= last_ + 1;
    } else {
      next = last_;
      playing_ = false;
    }
  }
  frame_ = next;
  return frame_ != before;
}

}  // namespace gradscape::app
