// Output files that appear whole or not at all: written to a temporary beside OUT and renamed at commit.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gradscape::encode {

// A temporary file in OUT's directory (so the final rename is atomic) that becomes OUT on commit().
// Until then OUT is untouched: an error, an exception, Ctrl-C or a kill (see installInterruptCleanup)
// removes the temporary and leaves any existing OUT as it was.
class AtomicFile {
 public:
  // Throws gradscape::Error "cannot write OUT: <reason>" when the directory is missing or unwritable
  // or OUT names a directory. Nothing is rendered before this succeeds.
  explicit AtomicFile(std::string path);
  ~AtomicFile();  // removes the temporary unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Buffered; throws "cannot write OUT: disk full" / "file size limit exceeded (ulimit -f)" / strerror.
  void write(const void* data, std::size_t size);
  // Flushes, closes and renames the temporary onto OUT. Throws as write() does.
  void commit();
  // For a file written by another process (ffmpeg): closes our descriptor; the temporary stays
  // registered for cleanup, and commit() renames whatever the writer left there.
  void releaseToExternalWriter();

  const std::string& path() const { return path_; }
  const std::string& temporaryPath() const { return temporaryPath_; }
  // Bytes in the file (after commit: its size on disk).
  std::uint64_t size() const { return size_; }

 private:
  void flushBuffer();
  void closeDescriptor();
  [[noreturn]] void fail(int error) const;

  std::string path_;
  std::string temporaryPath_;
  int fd_ = -1;
  int cleanupSlot_ = -1;
  bool committed_ = false;
  std::uint64_t size_ = 0;
  std::vector<std::uint8_t> buffer_;
};

// Installs handlers for SIGINT, SIGTERM and SIGHUP that kill registered child processes, remove every
// live temporary and exit with status 128 + signal; ignores SIGPIPE (a dead ffmpeg is an EPIPE error)
// and SIGXFSZ (ulimit -f is an EFBIG error). Called once by the export command.
void installInterruptCleanup();

// Child processes (ffmpeg) the interrupt handler must kill before removing temporaries they write.
void registerChildProcess(pid_t pid);
void unregisterChildProcess(pid_t pid);

// The one-line reason for an errno when writing, with a hint for disk full and ulimit -f.
std::string describeWriteError(int error);

}  // namespace gradscape::encode
