// printf-pattern validation and the PNG sequence writer.
#include "encode/png_sequence.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/error.hpp"
#include "encode/png_writer.hpp"

namespace gradscape::encode {
namespace {

struct Conversion {
  std::size_t begin, end;  // [begin, end) of "%...d"
  char type;
};

// Parses every '%' directive; returns false (with a reason) on one we do not allow.
bool scanDirectives(const std::string& text, std::vector<Conversion>& conversions, std::string& reason) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') continue;
    const std::size_t begin = i++;
    if (i < text.size() && text[i] == '%') continue;
    while (i < text.size() && std::strchr("0-+ #", text[i])) ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i >= text.size()) {
      reason = "a '%' at its end";
      return false;
    }
    const char type = text[i];
    if (type != 'd' && type != 'i' && type != 'u') {
      reason = "'" + text.substr(begin, i + 1 - begin) + "' is not an integer conversion like %d or %04d";
      return false;
    }
    if (i - begin > 6) {
      reason = "'" + text.substr(begin, i + 1 - begin) + "' is too wide";
      return false;
    }
    conversions.push_back({begin, i + 1, type});
  }
  return true;
}

}  // namespace

bool looksLikeSequencePattern(const std::string& text) {
  std::vector<Conversion> conversions;
  std::string reason;
  scanDirectives(text, conversions, reason);
  return !conversions.empty();
}

void validateSequencePattern(const std::string& pattern) {
  std::vector<Conversion> conversions;
  std::string reason;
  if (!scanDirectives(pattern, conversions, reason))
    throw Error("PNG sequence pattern " + pattern + ": " + reason);
  if (conversions.size() != 1)
    throw Error("PNG sequence pattern " + pattern + ": needs exactly one %d-style conversion, found " +
                std::to_string(conversions.size()));
  if (pattern.find('/', conversions[0].begin) != std::string::npos)
    throw Error("PNG sequence pattern " + pattern + ": the frame number must be in the file name, not a directory");
}

std::string formatSequencePath(const std::string& pattern, std::int64_t index) {
  validateSequencePattern(pattern);
  std::vector<Conversion> conversions;
  std::string reason;
  scanDirectives(pattern, conversions, reason);
  // Substitute with our own conversion spec widened to long long; the rest stays literal ("%%" -> "%").
  const Conversion& c = conversions[0];
  std::string spec = pattern.substr(c.begin, c.end - c.begin - 1) + "ll" + (c.type == 'u' ? "u" : "d");
  char number[64];
  std::snprintf(number, sizeof number, spec.c_str(), static_cast<long long>(index));
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (i == c.begin) {
      out += number;
      i = c.end - 1;
    } else if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] == '%') {
      out += '%';
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

PngSequenceWriter::PngSequenceWriter(std::string pattern, std::int64_t firstIndex, int workers)
    : pattern_(std::move(pattern)), firstIndex_(firstIndex) {
  validateSequencePattern(pattern_);
  const std::string first = formatSequencePath(pattern_, firstIndex_);
  const auto slash = first.rfind('/');
  const std::string directory = slash == std::string::npos ? "." : (slash == 0 ? "/" : first.substr(0, slash));
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    throw Error("cannot write " + first + ": directory " + directory + " does not exist");
  if (::access(directory.c_str(), W_OK) != 0)
    throw Error("cannot write " + first + ": " + std::strerror(errno));
  if (workers <= 0) workers = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
  maxQueued_ = static_cast<std::size_t>(workers);
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
}

PngSequenceWriter::~PngSequenceWriter() {
  {
    std::lock_guard lock(mutex_);
    dropping_ = true;
  }
  stopWorkers();
}

void PngSequenceWriter::stopWorkers() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  jobsChanged_.notify_all();
  for (auto& worker : workers_)
    if (worker.joinable()) worker.join();
}

void PngSequenceWriter::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      jobsChanged_.wait(lock, [this] { return !queue_.empty() || closing_; });
      if (queue_.empty() || dropping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    jobsChanged_.notify_all();  // a slot is free
    try {
      const std::uint64_t bytes = writePng(formatSequencePath(pattern_, job.index), {job.rgba.data(), job.width, job.height});
      std::lock_guard lock(mutex_);
      bytes_ += bytes;
    } catch (const std::exception& error) {
      {
        std::lock_guard lock(mutex_);
        // The earliest frame's error is the one reported, whichever worker hit its error first.
        if (error_.empty() || job.index < errorIndex_) {
          error_ = error.what();
          errorIndex_ = job.index;
        }
        dropping_ = true;  // the sequence has failed: stop writing more of it
      }
      // addFrame() may be waiting for a free slot that will never come: wake it to throw the error.
      jobsChanged_.notify_all();
    }
  }
}

void PngSequenceWriter::addFrame(const RgbaView& frame, const PixelRect&) {
  Job job{firstIndex_ + framesAdded_, frame.width, frame.height,
          std::vector<std::uint8_t>(frame.pixels, frame.pixels + frame.byteCount())};
  bool failed = false;
  {
    std::unique_lock lock(mutex_);
    jobsChanged_.wait(lock, [this] { return queue_.size() < maxQueued_ || !error_.empty(); });
    failed = !error_.empty();
    if (!failed) queue_.push_back(std::move(job));
  }
  if (failed) {
    stopWorkers();  // frames still being written may fail too: report the earliest
    std::lock_guard lock(mutex_);
    throw Error(error_);
  }
  jobsChanged_.notify_all();
  ++framesAdded_;
}

std::uint64_t PngSequenceWriter::finish() {
  stopWorkers();
  std::lock_guard lock(mutex_);
  if (!error_.empty()) throw Error(error_);
  return bytes_;
}

}  // namespace gradscape::encode
