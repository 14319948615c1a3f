// Progress bar drawing with \r on a terminal; silent when standard error is a file or a pipe.
#include "encode/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace gradscape::encode {

Progress::Progress(std::int64_t total, bool enabled, std::FILE* stream)
    : total_(std::max<std::int64_t>(total, 1)),
      active_(enabled && ::isatty(::fileno(stream))),
      stream_(stream),
      start_(std::chrono::steady_clock::now()),
      lastDraw_(start_) {}

Progress::~Progress() { finish(); }

std::string Progress::format(std::int64_t done, std::int64_t total, double elapsedSeconds, int width) {
  total = std::max<std::int64_t>(total, 1);
  done = std::clamp<std::int64_t>(done, 0, total);
  const int filled = static_cast<int>(static_cast<double>(done) * width / static_cast<double>(total));
  std::string bar = "[" + std::string(filled, '#') + std::string(width - filled, ' ') + "]";
  char text[160];
  const double rate = elapsedSeconds > 0 ? static_cast<double>(done) / elapsedSeconds : 0;
  if (rate > 0) {
    const double eta = static_cast<double>(total - done) / rate;
    std::snprintf(text, sizeof text, " %lld/%lld frames  %.0f frames/s  ETA %.1f s", static_cast<long long>(done),
                  static_cast<long long>(total), rate, eta);
  } else {
    std::snprintf(text, sizeof text, " %lld/%lld frames", static_cast<long long>(done), static_cast<long long>(total));
  }
  return bar + text;
}

void Progress::update(std::int64_t done) {
  if (!active_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - lastDraw_ < std::chrono::milliseconds(100) && done < total_) return;
  lastDraw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stream_, "\r%s\x1b[K", format(done, total_, elapsed).c_str());
  std::fflush(stream_);
  drawn_ = true;
}

void Progress::finish() {
  if (active_ && drawn_) {
    std::fputs("\r\x1b[K", stream_);
    std::fflush(stream_);
  }
  drawn_ = false;
}

}  // namespace gradscape::encode
