// Temporary-then-rename output files, and the signal handler that removes temporaries on Ctrl-C or kill.
#include "encode/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace gradscape::encode {
namespace {

// A signal handler can only reach process-wide state, so the live temporaries and children are kept in
// fixed tables of lock-free atomics (async-signal-safe to read); nothing else in the program is global.
constexpr int kCleanupSlots = 64;
constexpr std::size_t kMaxTemporaryPath = 4096;
struct CleanupSlot {
  std::atomic<int> state{0};  // 0 free, 1 being filled, 2 live
  char path[kMaxTemporaryPath];
};
std::array<CleanupSlot, kCleanupSlots> g_temporaries;
constexpr int kChildSlots = 8;
std::array<std::atomic<pid_t>, kChildSlots> g_children{};
std::atomic<unsigned> g_temporaryCounter{0};

int registerTemporary(const std::string& path) {
  if (path.size() >= kMaxTemporaryPath) return -1;
  for (int i = 0; i < kCleanupSlots; ++i) {
    int expected = 0;
    if (g_temporaries[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_temporaries[i].path, path.c_str(), path.size() + 1);
      g_temporaries[i].state.store(2);
      return i;
    }
  }
  return -1;  // more than kCleanupSlots open outputs: still correct, only not cleaned on a signal
}

void unregisterTemporary(int slot) {
  if (slot >= 0) g_temporaries[slot].state.store(0);
}

void writeStderr(const char* text) {
  ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

extern "C" void removeTemporariesAndExit(int signo) {
  for (auto& child : g_children) {
    const pid_t pid = child.exchange(0);
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  for (auto& slot : g_temporaries)
    if (slot.state.load() == 2) ::unlink(slot.path);
  writeStderr(signo == SIGINT ? "\ngradscape: interrupted, nothing written\n"
                              : "\ngradscape: terminated, nothing written\n");
  ::_exit(128 + signo);
}

std::string directoryOf(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string baseNameOf(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

constexpr std::size_t kBufferBytes = 1 << 16;

}  // namespace

std::string describeWriteError(int error) {
  if (error == ENOSPC) return "disk full (No space left on device)";
  if (error == EFBIG) return "file size limit exceeded (File too large; see ulimit -f)";
  if (error == EDQUOT) return "disk quota exceeded";
  return std::strerror(error);
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  if (path_.empty()) throw Error("no output file given");
  struct stat info {};
  if (::stat(path_.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
    throw Error("cannot write " + path_ + ": it is a directory");
  // The rename at commit would replace a device node or FIFO (say /dev/something.png, as root) with a file.
  if (::stat(path_.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
    throw Error("cannot write " + path_ + ": not a regular file");
  const std::string directory = directoryOf(path_);
  // The name stays short enough for NAME_MAX even when OUT's name is long.
  std::string base = baseNameOf(path_).substr(0, 160);
  for (int attempt = 0;; ++attempt) {
    temporaryPath_ = directory + "/." + base + "." + std::to_string(::getpid()) + "-" +
                     std::to_string(g_temporaryCounter.fetch_add(1)) + ".tmp";
    // Register before creating, so a signal between the two still removes the file.
    cleanupSlot_ = registerTemporary(temporaryPath_);
    fd_ = ::open(temporaryPath_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0) break;
    const int error = errno;
    unregisterTemporary(cleanupSlot_);
    cleanupSlot_ = -1;
    if (error == EEXIST && attempt < 100) continue;
    temporaryPath_.clear();
    if (error == ENOENT) throw Error("cannot write " + path_ + ": directory " + directory + " does not exist");
    throw Error("cannot write " + path_ + ": " + describeWriteError(error));
  }
  buffer_.reserve(kBufferBytes);
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  closeDescriptor();
  if (!temporaryPath_.empty()) ::unlink(temporaryPath_.c_str());
  unregisterTemporary(cleanupSlot_);
}

void AtomicFile::fail(int error) const {
  throw Error("cannot write " + path_ + ": " + describeWriteError(error));
}

void AtomicFile::write(const void* data, std::size_t size) {
  if (fd_ < 0) throw Error("cannot write " + path_ + ": file already closed");
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  if (buffer_.size() + size > kBufferBytes) flushBuffer();
  if (size >= kBufferBytes) {
    while (size > 0) {
      const ssize_t written = ::write(fd_, bytes, size);
      if (written < 0) {
        if (errno == EINTR) continue;
        fail(errno);
      }
      bytes += written;
      size -= static_cast<std::size_t>(written);
      size_ += static_cast<std::uint64_t>(written);
    }
    return;
  }
  buffer_.insert(buffer_.end(), bytes, bytes + size);
}

void AtomicFile::flushBuffer() {
  const std::uint8_t* bytes = buffer_.data();
  std::size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, bytes, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      buffer_.clear();
      fail(error);
    }
    bytes += written;
    left -= static_cast<std::size_t>(written);
    size_ += static_cast<std::uint64_t>(written);
  }
  buffer_.clear();
}

void AtomicFile::closeDescriptor() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void AtomicFile::releaseToExternalWriter() {
  if (fd_ >= 0) flushBuffer();
  closeDescriptor();
}

void AtomicFile::commit() {
  if (committed_) return;
  if (fd_ >= 0) {
    flushBuffer();
    // close() can report a deferred write error (NFS, quota): checked, not ignored.
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(errno);
  }
  struct stat info {};
  if (::stat(temporaryPath_.c_str(), &info) != 0) fail(errno);
  size_ = static_cast<std::uint64_t>(info.st_size);
  if (::rename(temporaryPath_.c_str(), path_.c_str()) != 0) fail(errno);
  committed_ = true;
  unregisterTemporary(cleanupSlot_);
  cleanupSlot_ = -1;
}

void installInterruptCleanup() {
  struct sigaction action {};
  action.sa_handler = removeTemporariesAndExit;
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGINT);
  sigaddset(&action.sa_mask, SIGTERM);
  sigaddset(&action.sa_mask, SIGHUP);
  for (int signo : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signo, &action, nullptr);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, nullptr);
  ::sigaction(SIGXFSZ, &ignore, nullptr);
}

void registerChildProcess(pid_t pid) {
  for (auto& child : g_children) {
    pid_t expected = 0;
    if (child.compare_exchange_strong(expected, pid)) return;
  }
}

void unregisterChildProcess(pid_t pid) {
  for (auto& child : g_children) {
    pid_t expected = pid;
    if (child.compare_exchange_strong(expected, 0)) return;
  }
}

}  // namespace gradscape::encode
