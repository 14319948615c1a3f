// Playback over iterations: play/pause, step, scrub, speed in iterations per second, loop.
#pragma once

#include <cstdint>

namespace gradscape::app {

class Playback {
 public:
  std::int64_t frame() const { return frame_; }
  std::int64_t last() const { return last_; }
  bool playing() const { return playing_; }
  bool atEnd() const { return frame_ >= last_; }

  double speed = 60;  // iterations per second
  bool loop = false;

  // The last iteration any run reached. A frame that was at the end stays at the end.
  void setLast(std::int64_t last);
  // Starting at the end replays from the first iteration.
  void play();
  void pause() { playing_ = false; }
  void togglePlaying() { playing_ ? pause() : play(); }
  void step(std::int64_t delta);  // pauses
  void scrub(std::int64_t frame);  // clamps; keeps playing state
  // Advances by `seconds` of playing time; true when the frame changed.
  bool advance(double seconds);

 private:
  std::int64_t frame_ = 0;
  std::int64_t last_ = 0;
  bool playing_ = false;
  double carry_ = 0;  // fraction of an iteration not shown yet
};

}  // namespace gradscape::app
