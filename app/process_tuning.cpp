// Process-level tuning: for llvmpipe the huge-page re-exec and the rasteriser thread count; for the viewer
// the allocator's reuse of freed memory.
#include "process_tuning.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace gradscape::app {
namespace {

std::string readWholeFile(const char* path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

}  // namespace

bool renderingInSoftware() {
  if (const char* software = std::getenv("LIBGL_ALWAYS_SOFTWARE"); software && *software && std::strcmp(software, "0") != 0) return true;
  // Mesa's surfaceless EGL picks a GPU through a DRM render node; with none it falls back to llvmpipe.
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/dri", error)) {
    if (!entry.path().filename().string().starts_with("renderD")) continue;
    const int fd = ::open(entry.path().c_str(), O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
      ::close(fd);
      return false;
    }
  }
  return true;
}

void reexecWithHugePagesForSoftwareRendering() {
  if (std::getenv("GRADSCAPE_NO_HUGEPAGES")) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables && std::strstr(tunables, "glibc.malloc.hugetlb")) return;  // already (or deliberately) set
  // "always" needs no help, "never" allows none.
  if (readWholeFile("/sys/kernel/mm/transparent_hugepage/enabled").find("[madvise]") == std::string::npos) return;
  // A GPU driver keeps its big buffers in video memory: the re-exec would only add a process start.
  if (!renderingInSoftware()) return;
  const std::string commandLine = readWholeFile("/proc/self/cmdline");
  std::vector<std::string> args;
  for (std::size_t start = 0; start < commandLine.size();) {
    const std::size_t end = commandLine.find('\0', start);
    args.push_back(commandLine.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (args.empty()) return;
  const std::string value = tunables && *tunables ? std::string(tunables) + ":glibc.malloc.hugetlb=1" : "glibc.malloc.hugetlb=1";
  const std::string previous = tunables ? tunables : "";
  if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  ::execv("/proc/self/exe", argv.data());
  // exec failed (no /proc?): carry on in this process, only slower.
  if (tunables) ::setenv("GLIBC_TUNABLES", previous.c_str(), 1); else ::unsetenv("GLIBC_TUNABLES");
}

void rasteriseOnCallingThread() { ::setenv("LP_NUM_THREADS", "0", /*overwrite=*/0); }

void keepFreedMemoryForReuse() {
  ::mallopt(M_MMAP_THRESHOLD, 64 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

}  // namespace gradscape::app
