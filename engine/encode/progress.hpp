// A progress bar on standard error (frames done/total, frames per second, ETA), only when it is a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace gradscape::encode {

class Progress {
 public:
  // Draws only when `enabled` and `stream` is a terminal; redraws at most every 100 ms.
  Progress(std::int64_t total, bool enabled, std::FILE* stream = stderr);
  ~Progress();  // clears the bar
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::int64_t done);
  void finish();
  bool active() const { return active_; }

  // The bar's text (without the carriage return), exposed for tests.
  static std::string format(std::int64_t done, std::int64_t total, double elapsedSeconds, int width = 30);

 private:
  std::int64_t total_;
  bool active_;
  std::FILE* stream_;
  std::chrono::steady_clock::time_point start_, lastDraw_;
  bool drawn_ = false;
};

}  // namespace gradscape::encode
