// Numbered PNG files from a printf pattern (frames/f_%04d.png), each written atomically.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "encode/frame_sink.hpp"

namespace gradscape::encode {

// True when `text` holds a printf integer conversion (%d, %04d, %i, %u...), i.e. names a sequence.
bool looksLikeSequencePattern(const std::string& text);
// Throws gradscape::Error unless `pattern` has exactly one %d-style conversion (flags '0', '-', '+',
// ' ', a width; no precision or length) and otherwise only literal text or "%%".
void validateSequencePattern(const std::string& pattern);
// The pattern with `index` substituted.
std::string formatSequencePath(const std::string& pattern, std::int64_t index);

// PNG encoding costs ~0.1 s a frame while an incremental frame renders in ~1 ms, so frames are encoded
// by worker threads (one per core, at most 4) from a short queue; each file is written atomically.
class PngSequenceWriter final : public FrameSink {
 public:
  // Validates the pattern and checks that its directory exists and is writable (before any rendering).
  explicit PngSequenceWriter(std::string pattern, std::int64_t firstIndex = 0, int workers = 0);
  ~PngSequenceWriter() override;  // without finish(): frames not yet written are dropped
  PngSequenceWriter(const PngSequenceWriter&) = delete;
  PngSequenceWriter& operator=(const PngSequenceWriter&) = delete;

  // Queues frame k for pattern % (firstIndex + k); waits while the queue is full. Throws the first
  // error a worker met.
  void addFrame(const RgbaView& frame, const PixelRect& changed) override;
  // Waits for every file; throws the first error. Returns the bytes of all files.
  std::uint64_t finish() override;

  int framesAdded() const { return framesAdded_; }

 private:
  struct Job {
    std::int64_t index;
    int width, height;
    std::vector<std::uint8_t> rgba;
  };
  void work();
  void stopWorkers();

  std::string pattern_;
  std::int64_t firstIndex_;
  int framesAdded_ = 0;
  std::mutex mutex_;
  std::condition_variable jobsChanged_;
  std::deque<Job> queue_;
  std::size_t maxQueued_;
  bool closing_ = false, dropping_ = false;
  std::string error_;
  std::int64_t errorIndex_ = 0;  // the frame error_ belongs to
  std::uint64_t bytes_ = 0;
  std::vector<std::thread> workers_;
};

}  // namespace gradscape::encode
