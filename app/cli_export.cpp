// The export command: parses and checks options, loads the scene, runs capture::exportScene, reports.
#include "cli_export.hpp"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/animation_exporter.hpp"
#include "core/error.hpp"
#include "core/scene.hpp"
#include "encode/atomic_file.hpp"
#include "encode/gif_writer.hpp"

namespace gradscape::app {
namespace {

constexpr const char* kExportUsage =
    "usage: gradscape export SCENE.json|- -o OUT [options]\n"
    "\n"
    "OUT's extension picks the format:\n"
    "  out.png              a still image of one frame (default: the last)\n"
    "  out.gif              animated GIF (one 255-colour palette, changed rectangles only)\n"
    "  out.mp4 / out.webm   H.264 / VP9 video through ffmpeg (needs ffmpeg on PATH)\n"
    "  frames/f_%04d.png    a PNG sequence, one file per frame\n"
    "Frame k shows iterations 0..k of every run; an animation has N+1 frames for the longest run's N.\n"
    "\n"
    "options:\n"
    "  -o, --output OUT     the file to write (written to a temporary beside it, renamed when complete)\n"
    "  --size WxH           image size in pixels, 1..8192 a side (default 1200x900)\n"
    "  --frame K|last       still: show iterations 0..K (default last)\n"
    "  --every K            animation: keep every K-th iteration, plus the last (default 1)\n"
    "  --fps F              animation: frames per second (default 20; GIF at most 50)\n"
    "  --hold S             animation: show the last frame S seconds longer (default 0)\n"
    "  --loop N             GIF: play N times, 0 = forever (default 0)\n"
    "  --azimuth A          camera azimuth in degrees (default: the scene's)\n"
    "  --elevation E        camera elevation in degrees (default: the scene's)\n"
    "  --orbit DEG          animation: turn the camera by DEG degrees from first to last frame\n"
    "  --no-msaa            no multisample anti-aliasing (faster, jaggier)\n"
    "  --dither             GIF: ordered dithering\n"
    "  --quiet              no progress bar and no summary line\n"
    "\n"
    "On success prints: wrote OUT (N frames, WxH, BYTES bytes, T s)\n";

constexpr int kMaxSide = 8192;
constexpr double kMaxFps = 120;
constexpr double kMaxGifFps = 50;

class UsageError : public Error {
 public:
  using Error::Error;
};

template <class Number>
std::optional<Number> parseNumber(std::string_view text) {
  Number value{};
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end) return std::nullopt;
  if constexpr (std::is_floating_point_v<Number>)
    if (!std::isfinite(value)) return std::nullopt;
  return value;
}

struct Parsed {
  std::string scenePath;
  std::string out;
  capture::ExportOptions options;
  bool quiet = false;
  // What was given, to reject options that do not apply to OUT's format.
  bool gaveFrame = false, gaveEvery = false, gaveFps = false, gaveHold = false, gaveLoop = false, gaveOrbit = false;
};

std::int64_t parseInteger(const std::string& option, const std::string& value, std::int64_t low, std::int64_t high) {
  const auto number = parseNumber<std::int64_t>(value);
  if (!number) throw UsageError(option + " " + value + ": expected a whole number");
  if (*number < low || *number > high)
    throw UsageError(option + " " + value + ": must be " + std::to_string(low) + ".." + std::to_string(high));
  return *number;
}

double parseReal(const std::string& option, const std::string& value) {
  const auto number = parseNumber<double>(value);
  if (!number) throw UsageError(option + " " + value + ": expected a number");
  return *number;
}

void parseSize(const std::string& value, capture::ExportOptions& options) {
  const auto x = value.find_first_of("xX");
  const auto width = x == std::string::npos ? std::nullopt : parseNumber<int>(std::string_view(value).substr(0, x));
  const auto height = x == std::string::npos ? std::nullopt : parseNumber<int>(std::string_view(value).substr(x + 1));
  if (!width || !height) throw UsageError("--size " + value + ": expected WIDTHxHEIGHT, like 1200x900");
  if (*width < 1 || *height < 1 || *width > kMaxSide || *height > kMaxSide)
    throw UsageError("--size " + value + ": width and height must be 1.." + std::to_string(kMaxSide));
  options.width = *width;
  options.height = *height;
}

Parsed parseArguments(int argc, char** argv) {
  Parsed parsed;
  auto& options = parsed.options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::optional<std::string> inlineValue;
    if (arg.starts_with("--") && arg.find('=') != std::string::npos) {
      inlineValue = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
    }
    const auto value = [&]() -> std::string {
      if (inlineValue) return *inlineValue;
      if (i + 1 >= argc) throw UsageError(arg + ": missing its value (see gradscape export --help)");
      return argv[++i];
    };
    const auto flag = [&] {
      if (inlineValue) throw UsageError(arg + " takes no value");
    };
    if (arg == "-o" || arg == "--output") {
      parsed.out = value();
      if (parsed.out.empty()) throw UsageError(arg + ": empty file name");
    } else if (arg == "--size") {
      parseSize(value(), options);
    } else if (arg == "--frame") {
      const std::string v = value();
      parsed.gaveFrame = true;
      if (v == "last")
        options.frame.reset();
      else
        options.frame = parseInteger("--frame", v, 0, core::kMaxIterations);
    } else if (arg == "--every") {
      options.every = parseInteger("--every", value(), 1, core::kMaxIterations);
      parsed.gaveEvery = true;
    } else if (arg == "--fps") {
      const std::string v = value();
      options.fps = parseReal("--fps", v);
      if (options.fps <= 0 || options.fps > kMaxFps) throw UsageError("--fps " + v + ": must be above 0 and at most 120");
      parsed.gaveFps = true;
    } else if (arg == "--hold") {
      const std::string v = value();
      options.holdSeconds = parseReal("--hold", v);
      if (options.holdSeconds < 0 || options.holdSeconds > 600) throw UsageError("--hold " + v + ": must be 0..600 seconds");
      parsed.gaveHold = true;
    } else if (arg == "--loop") {
      options.playCount = static_cast<int>(parseInteger("--loop", value(), 0, 65536));
      parsed.gaveLoop = true;
    } else if (arg == "--azimuth") {
      options.azimuth = parseReal("--azimuth", value());
    } else if (arg == "--elevation") {
      options.elevation = parseReal("--elevation", value());
    } else if (arg == "--orbit") {
      const std::string v = value();
      options.orbitDegrees = parseReal("--orbit", v);
      if (std::abs(options.orbitDegrees) > 36000) throw UsageError("--orbit " + v + ": at most 36000 degrees");
      parsed.gaveOrbit = true;
    } else if (arg == "--no-msaa") {
      flag();
      options.msaa = false;
    } else if (arg == "--dither") {
      flag();
      options.dither = true;
    } else if (arg == "--quiet" || arg == "-q") {
      flag();
      parsed.quiet = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UsageError("unknown option '" + arg + "' (see gradscape export --help)");
    } else if (!parsed.scenePath.empty()) {
      throw UsageError("expected one scene file, got '" + parsed.scenePath + "' and '" + arg + "'");
    } else {
      parsed.scenePath = arg;
    }
  }
  if (parsed.scenePath.empty()) throw UsageError("missing SCENE.json (see gradscape export --help)");
  if (parsed.out.empty()) throw UsageError("missing -o OUT (see gradscape export --help)");
  options.progress = !parsed.quiet;
  return parsed;
}

// Options that mean nothing for OUT's format are errors rather than silently ignored.
void checkOptionsApply(const Parsed& parsed, capture::OutputFormat format) {
  using capture::OutputFormat;
  const std::string name(capture::formatName(format));
  const auto reject = [&](bool given, const char* option, const char* appliesTo) {
    if (given) throw UsageError(std::string(option) + " does not apply to " + name + " output (" + appliesTo + ")");
  };
  const bool animation = capture::isAnimation(format);
  const bool timed = format == OutputFormat::gif || format == OutputFormat::mp4 || format == OutputFormat::webm;
  reject(parsed.gaveFrame && animation, "--frame", "a .png still");
  reject(parsed.gaveEvery && !animation, "--every", "animations");
  reject(parsed.gaveOrbit && !animation, "--orbit", "animations");
  reject(parsed.gaveFps && !timed, "--fps", ".gif, .mp4, .webm");
  reject(parsed.gaveHold && !timed, "--hold", ".gif, .mp4, .webm");
  reject(parsed.gaveLoop && format != OutputFormat::gif, "--loop", ".gif");
  reject(parsed.options.dither && format != OutputFormat::gif, "--dither", ".gif");
  if (format == OutputFormat::gif && parsed.options.fps > kMaxGifFps)
    throw UsageError("--fps: a GIF plays frames shorter than 2/100 s as 1/10 s in browsers; use --fps 50 or less "
                     "(or --every to skip iterations)");
  if (format == OutputFormat::gif && parsed.options.holdSeconds + 1 / parsed.options.fps > encode::kMaxGifFrameSeconds)
    throw UsageError("--hold: a GIF frame lasts at most 655 s");
}

// Mesa allocates each 1200x900 4x-MSAA buffer (~17 MB) with malloc and zero-fills it, and this VM class
// pays ~9 us per 4 KiB page fault: an article export takes ~33,000 faults, ~0.3 s of its ~1.1 s of CPU.
// glibc's malloc.hugetlb tunable backs large allocations with 2 MiB transparent huge pages when the
// kernel's THP mode is "madvise" (Debian's default), cutting that to ~10,000 faults. Tunables are read
// only at process start, so the export command re-executes itself once with it set. Nothing has been
// read or written yet, so the re-executed process sees the same arguments and standard input.
// GRADSCAPE_NO_HUGEPAGES=1 turns this off.
void reexecWithHugePages() {
  if (std::getenv("GRADSCAPE_NO_HUGEPAGES")) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables && std::strstr(tunables, "glibc.malloc.hugetlb")) return;  // already (or deliberately) set
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  const std::string modes((std::istreambuf_iterator<char>(mode)), std::istreambuf_iterator<char>());
  if (modes.find("[madvise]") == std::string::npos) return;  // "always" needs no help, "never" allows none
  std::ifstream file("/proc/self/cmdline", std::ios::binary);
  const std::string commandLine((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (std::size_t start = 0; start < commandLine.size();) {
    const std::size_t end = commandLine.find('\0', start);
    args.push_back(commandLine.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (args.empty()) return;
  const std::string value = tunables && *tunables ? std::string(tunables) + ":glibc.malloc.hugetlb=1" : "glibc.malloc.hugetlb=1";
  if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  ::execv("/proc/self/exe", argv.data());
  // exec failed (no /proc?): carry on in this process, only slower.
  if (tunables) ::setenv("GLIBC_TUNABLES", tunables, 1); else ::unsetenv("GLIBC_TUNABLES");
}

// An animation with a still camera draws a few thousand pixels a frame after the first: llvmpipe's rasteriser
// threads cost more to wake and wait for (three flushes a frame: marker save, resolve, readback) than
// they save, so Mesa rasterises on the calling thread. Article GIF: 200 frames 70-75 -> 25-27 ms, the
// first frame unchanged, the export 0.348 -> 0.305 s (farm-bench, 10 pairs); the MP4 is unchanged
// (ffmpeg sets its pace). Whole frames keep the threads: an orbit (6.2 s without them, against 5.2)
// and a still PNG (0.38 against 0.33 s). Must run before the GL context exists; a user's own
// LP_NUM_THREADS wins.
void rasteriseOnOneThreadForStillCamera(capture::OutputFormat format, const capture::ExportOptions& options) {
  if (format != capture::OutputFormat::png && options.orbitDegrees == 0) ::setenv("LP_NUM_THREADS", "0", /*overwrite=*/0);
}

}  // namespace

int runExportCommand(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kExportUsage, stdout);
      return 0;
    }
  }
  reexecWithHugePages();
  try {
    // Ctrl-C or a kill removes the temporaries; SIGPIPE and SIGXFSZ become errors we report.
    encode::installInterruptCleanup();
    const Parsed parsed = parseArguments(argc, argv);
    const capture::OutputFormat format = capture::outputFormatFor(parsed.out);
    checkOptionsApply(parsed, format);
    const core::Scene scene = core::loadScene(parsed.scenePath);
    core::checkKeptPoints(scene.runs, (parsed.scenePath == "-" ? "<stdin>" : parsed.scenePath) + ": runs");
    rasteriseOnOneThreadForStillCamera(format, parsed.options);
    const capture::ExportResult result = capture::exportScene(scene, parsed.out, parsed.options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!parsed.quiet)
      std::printf("wrote %s (%lld frames, %dx%d, %llu bytes, %.2f s)\n", parsed.out.c_str(),
                  static_cast<long long>(result.frames), result.width, result.height,
                  static_cast<unsigned long long>(result.bytes), seconds);
    return 0;
  } catch (const UsageError& error) {
    std::fprintf(stderr, "gradscape: export: %s\n", error.what());
    return 2;
  } catch (const Error& error) {
    std::fprintf(stderr, "gradscape: %s\n", error.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "gradscape: out of memory\n");
    return 1;
  }
}

}  // namespace gradscape::app
