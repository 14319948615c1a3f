// ffmpeg subprocess (posix_spawn, stdin pipe, stderr captured) and the RGB -> yuv420p conversion.
#include "encode/video_writer.hpp"

#include <fcntl.h>
#include <sys/uio.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"

extern char** environ;

namespace gradscape::encode {
namespace {

std::string formatNumber(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// Fixed-point BT.709 limited range, 16 fractional bits.
inline std::uint8_t lumaOf(int r, int g, int b) {
  return static_cast<std::uint8_t>((11966 * r + 40254 * g + 4064 * b + (16 << 16) + (1 << 15)) >> 16);
}
// From sums of 4 pixels (the 2x2 block), so the divide by 4 folds into the shift.
inline std::uint8_t blueDifferenceOf(int r4, int g4, int b4) {
  return static_cast<std::uint8_t>((-6596 * r4 - 22189 * g4 + 28785 * b4 + (128 << 18) + (1 << 17)) >> 18);
}
inline std::uint8_t redDifferenceOf(int r4, int g4, int b4) {
  return static_cast<std::uint8_t>((28785 * r4 - 26145 * g4 - 2640 * b4 + (128 << 18) + (1 << 17)) >> 18);
}

}  // namespace

std::string findOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::string list = path;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(':', start), list.size());
    std::string directory = list.substr(start, end - start);
    if (directory.empty()) directory = ".";
    const std::string candidate = directory + "/" + name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
      return candidate;
    start = end + 1;
  }
  return "";
}

std::string requireFfmpeg() {
  std::string ffmpeg = findOnPath("ffmpeg");
  if (ffmpeg.empty())
    throw Error("ffmpeg not found on PATH: install it (apt-get install ffmpeg) to export .mp4/.webm");
  return ffmpeg;
}

Yuv420Frame::Yuv420Frame(int width, int height) : width_(width), height_(height) {
  if (width < 2 || height < 2 || width % 2 || height % 2) throw Error("yuv420p needs an even width and height");
  const std::size_t luma = static_cast<std::size_t>(width) * height;
  planes_.assign(luma + luma / 2, 0);
}

void Yuv420Frame::update(const RgbaView& rgba, const PixelRect& rect) {
  PixelRect area = rect.clipped(width_, height_);
  if (area.empty()) return;
  // Round out to whole 2x2 chroma blocks.
  const int left = area.x & ~1, top = area.y & ~1;
  const int right = std::min((area.x + area.width + 1) & ~1, width_);
  const int bottom = std::min((area.y + area.height + 1) & ~1, height_);
  const std::size_t lumaSize = static_cast<std::size_t>(width_) * height_;
  std::uint8_t* yPlane = planes_.data();
  std::uint8_t* uPlane = yPlane + lumaSize;
  std::uint8_t* vPlane = uPlane + lumaSize / 4;
  const int chromaWidth = width_ / 2;
  for (int y = top; y < bottom; y += 2) {
    const std::uint8_t* row0 = rgba.at(left, y);
    const std::uint8_t* row1 = rgba.at(left, y + 1);
    std::uint8_t* y0 = yPlane + static_cast<std::size_t>(y) * width_ + left;
    std::uint8_t* y1 = y0 + width_;
    std::uint8_t* u = uPlane + static_cast<std::size_t>(y / 2) * chromaWidth + left / 2;
    std::uint8_t* v = vPlane + static_cast<std::size_t>(y / 2) * chromaWidth + left / 2;
    for (int x = left; x < right; x += 2, row0 += 8, row1 += 8, y0 += 2, y1 += 2) {
      y0[0] = lumaOf(row0[0], row0[1], row0[2]);
      y0[1] = lumaOf(row0[4], row0[5], row0[6]);
      y1[0] = lumaOf(row1[0], row1[1], row1[2]);
      y1[1] = lumaOf(row1[4], row1[5], row1[6]);
      const int r4 = row0[0] + row0[4] + row1[0] + row1[4];
      const int g4 = row0[1] + row0[5] + row1[1] + row1[5];
      const int b4 = row0[2] + row0[6] + row1[2] + row1[6];
      *u++ = blueDifferenceOf(r4, g4, b4);
      *v++ = redDifferenceOf(r4, g4, b4);
    }
  }
}

VideoWriter::VideoWriter(const std::string& path, int width, int height, VideoOptions options)
    : file_(path), options_(options), yuv_{Yuv420Frame(width, height), Yuv420Frame(width, height)} {
  if (!(options_.fps > 0)) throw Error("video: fps must be positive");
  const std::string ffmpeg = requireFfmpeg();
  file_.releaseToExternalWriter();

  std::vector<std::string> args = {"ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error",
                                   "-f", "rawvideo", "-pix_fmt", "yuv420p",
                                   "-video_size", std::to_string(width) + "x" + std::to_string(height),
                                   "-framerate", formatNumber(options_.fps), "-i", "pipe:0", "-an"};
  const std::vector<std::string> tags = {"-colorspace", "bt709", "-color_primaries", "bt709",
                                         "-color_trc", "bt709", "-color_range", "tv"};
  if (options_.codec == VideoCodec::h264) {
    // ultrafast: our frames are flat colours and thin lines that barely change, so the cheap analysis loses
    // nothing visible but halves x264's CPU time, most of an export's time. zerolatency: no lookahead and
    // slice threads, so each frame is encoded as it arrives and nothing is left to flush at the end.
    // Rate: when only paths move, CRF 20 settles on a low quantiser anyway (the P-frames are nearly all
    // skipped blocks), so a constant quantiser of 14 gives the same quality without the down-scaled
    // look-ahead frames CRF computes for each frame. When the camera moves, CRF spends the bits where they
    // are seen. The measured figures of all three: docs/performance.md (session 4 and 3 tables).
    const char* rate = options_.fewPixelsChange ? "-qp" : "-crf";
    const char* rateValue = options_.fewPixelsChange ? "14" : "20";
    for (const char* a : {"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", rate, rateValue, "-pix_fmt", "yuv420p"})
      args.push_back(a);
    args.insert(args.end(), tags.begin(), tags.end());
    for (const char* a : {"-movflags", "+faststart", "-f", "mp4"}) args.push_back(a);
  } else {
    for (const char* a : {"-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1",
                          "-b:v", "0", "-crf", "32", "-pix_fmt", "yuv420p"})
      args.push_back(a);
    args.insert(args.end(), tags.begin(), tags.end());
    for (const char* a : {"-f", "webm"}) args.push_back(a);
  }
  args.push_back("-y");
  args.push_back(file_.temporaryPath());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(std::string("cannot create a pipe to ffmpeg: ") + std::strerror(errno));
  // A larger pipe lets ffmpeg read a whole frame per wake-up.
  ::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
  const int pipeBytes = ::fcntl(fds[1], F_GETPIPE_SZ);
  splice_ = pipeBytes > 0 && yuv_[0].bytes().size() > static_cast<std::size_t>(pipeBytes);
  ffmpegStderr_ = std::tmpfile();

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  if (ffmpegStderr_) posix_spawn_file_actions_adddup2(&actions, fileno(ffmpegStderr_), STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults, empty, blocked, previous;
  sigemptyset(&defaults);
  for (int signo : {SIGPIPE, SIGXFSZ, SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, signo);
  sigemptyset(&empty);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setsigmask(&attributes, &empty);
  // Its own process group: Ctrl-C reaches only us, and our handler kills ffmpeg before removing its file.
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);

  // Block the interrupt signals between spawning and registering, so no signal can leave ffmpeg running.
  sigemptyset(&blocked);
  for (int signo : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&blocked, signo);
  ::pthread_sigmask(SIG_BLOCK, &blocked, &previous);
  const int spawned = ::posix_spawn(&ffmpeg_, ffmpeg.c_str(), &actions, &attributes, argv.data(), environ);
  if (spawned == 0) registerChildProcess(ffmpeg_);
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(fds[0]);
  if (spawned != 0) {
    ffmpeg_ = -1;
    ::close(fds[1]);
    throw Error("cannot start " + ffmpeg + ": " + std::strerror(spawned));
  }
  pipe_ = fds[1];
}

VideoWriter::~VideoWriter() {
  if (pipe_ >= 0) ::close(pipe_);
  if (ffmpeg_ > 0) {
    ::kill(ffmpeg_, SIGKILL);
    ::waitpid(ffmpeg_, nullptr, 0);
    unregisterChildProcess(ffmpeg_);
  }
  if (ffmpegStderr_) std::fclose(ffmpegStderr_);
}

int VideoWriter::waitForFfmpeg() {
  int status = 0;
  while (::waitpid(ffmpeg_, &status, 0) < 0 && errno == EINTR) {
  }
  unregisterChildProcess(ffmpeg_);
  ffmpeg_ = -1;
  return status;
}

std::string VideoWriter::ffmpegMessage() {
  if (!ffmpegStderr_) return "";
  std::fflush(ffmpegStderr_);
  std::rewind(ffmpegStderr_);
  std::string text;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, ffmpegStderr_)) > 0) text.append(buffer, n);
  // The last non-empty line is the one that says what went wrong.
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  const auto newline = text.find_last_of('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

namespace {

// ffmpeg keeps SIGXFSZ's default, so `ulimit -f` kills it: say so in words, not just a number.
std::string describeFfmpegSignal(int signo) {
  if (signo == SIGXFSZ) return "killed by signal " + std::to_string(signo) + " (file size limit exceeded; see ulimit -f)";
  return "killed by signal " + std::to_string(signo) + " (" + ::strsignal(signo) + ")";
}

}  // namespace

void VideoWriter::failWithFfmpegMessage(const std::string& what) {
  if (pipe_ >= 0) ::close(pipe_);
  pipe_ = -1;
  const int status = ffmpeg_ > 0 ? waitForFfmpeg() : 0;
  std::string message = ffmpegMessage();
  if (message.empty() && WIFSIGNALED(status)) message = describeFfmpegSignal(WTERMSIG(status));
  if (message.empty() && WIFEXITED(status)) message = "exit status " + std::to_string(WEXITSTATUS(status));
  throw Error("cannot write " + file_.path() + ": ffmpeg " + what + (message.empty() ? "" : ": " + message));
}

namespace {

// Blocks SIGPIPE on this thread while it writes to ffmpeg, so a dead ffmpeg is an EPIPE we report
// rather than a signal that kills whatever process uses the writer (tests, the viewer's worker).
// A SIGPIPE raised meanwhile is consumed before the mask is restored.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&pipeOnly_);
    sigaddset(&pipeOnly_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeOnly_, &previous_);
  }
  ~ScopedSigpipeBlock() {
    const struct timespec immediately {};
    while (sigtimedwait(&pipeOnly_, nullptr, &immediately) == SIGPIPE) {
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  sigset_t pipeOnly_{}, previous_{};
};

}  // namespace

void VideoWriter::sendFrame(const Yuv420Frame& frame) {
  const std::uint8_t* bytes = frame.bytes().data();
  std::size_t left = frame.bytes().size();
  int writeError = 0;
  {
    const ScopedSigpipeBlock noSigpipe;
    while (left > 0) {
      ssize_t sent;
      if (splice_) {
        iovec range{const_cast<std::uint8_t*>(bytes), left};
        sent = ::vmsplice(pipe_, &range, 1, 0);
        if (sent < 0 && (errno == EINVAL || errno == ENOSYS)) {  // not for this pipe after all: copy
          splice_ = false;
          continue;
        }
      } else {
        sent = ::write(pipe_, bytes, left);
      }
      if (sent < 0) {
        if (errno == EINTR) continue;
        writeError = errno;
        break;
      }
      bytes += sent;
      left -= static_cast<std::size_t>(sent);
    }
  }
  if (writeError == EPIPE) failWithFfmpegMessage("stopped");
  if (writeError != 0) throw Error(std::string("cannot send a frame to ffmpeg: ") + std::strerror(writeError));
}

void VideoWriter::addFrame(const RgbaView& frame, const PixelRect& changed) {
  if (frame.width != yuv_[0].width() || frame.height != yuv_[0].height())
    throw Error("video: frame size differs from the video's");
  // The other buffer still shows the frame before the previous one: bring it up to date where the
  // previous frame and this one changed (both whole while the buffers are new).
  current_ ^= 1;
  const PixelRect whole = PixelRect::whole(frame.width, frame.height);
  yuv_[current_].update(frame, framesAdded_ < 2 ? whole : changed.united(previousChange_));
  previousChange_ = changed;
  sendFrame(yuv_[current_]);
  ++framesAdded_;
}

std::uint64_t VideoWriter::finish() {
  if (framesAdded_ == 0) throw Error("video: no frames");
  const long holdFrames = std::lround(options_.holdSeconds * options_.fps);
  for (long i = 0; i < holdFrames; ++i) sendFrame(yuv_[current_]);
  ::close(pipe_);
  pipe_ = -1;
  const int status = waitForFfmpeg();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string message = ffmpegMessage();
    if (message.empty())
      message = WIFSIGNALED(status) ? describeFfmpegSignal(WTERMSIG(status))
                                    : "exit status " + std::to_string(WEXITSTATUS(status));
    throw Error("cannot write " + file_.path() + ": ffmpeg failed: " + message);
  }
  file_.commit();
  return file_.size();
}

}  // namespace gradscape::encode
