// The export command: parses and checks options, loads the scene, runs capture::exportScene, reports.
#include "cli_export.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/animation_exporter.hpp"
#include "command.hpp"
#include "command_line.hpp"
#include "core/scene.hpp"
#include "encode/atomic_file.hpp"
#include "encode/gif_writer.hpp"
#include "process_tuning.hpp"

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
    "  --view 3d|2d|split   the 3-D view, the 2-D contour view, or both side by side (3-D left);\n"
    "                       default: the scene's view.mode. The camera options move the 3-D view only\n"
    "  --hidden-paths hide|faint  what the surface hides of paths and markers: left out, or drawn faintly\n"
    "                       on top (default: the scene's render.hidden_paths)\n"
    "  --internals RUN      why run RUN's step goes there, at each frame's iteration: -grad f, the step, the\n"
    "                       optimizer's state and the Hessian's eigen-cross (RUN as `gradscape trace` numbers it)\n"
    "  --quiver             the 2-D view: a field of -grad f over the plot\n"
    "  --no-msaa            no multisample anti-aliasing (faster, jaggier)\n"
    "  --dither             GIF: ordered dithering\n"
    "  --quiet              no progress bar and no summary line\n"
    "\n"
    "On success prints: wrote OUT (N frames, WxH, BYTES bytes, T s)\n";

constexpr int kMaxSide = 8192;
constexpr double kMaxFps = 120;
constexpr double kMaxGifFps = 50;

struct Parsed {
  std::string scenePath;
  std::string out;
  capture::ExportOptions options;
  bool quiet = false;
  // What was given, to reject options that do not apply to OUT's format.
  bool gaveFrame = false, gaveEvery = false, gaveFps = false, gaveHold = false, gaveLoop = false, gaveOrbit = false;
  std::string cameraFlag;  // the first of --azimuth, --elevation, --orbit given (none with --view 2d)
};

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
  parsed.scenePath = walkArguments(argc, argv, "export", [&](const std::string& arg, FlagValue& value) {
    if (arg == "-o" || arg == "--output") {
      parsed.out = value.take();
      if (parsed.out.empty()) throw UsageError(arg + ": empty file name");
    } else if (arg == "--size") {
      parseSize(value.take(), options);
    } else if (arg == "--frame") {
      const std::string v = value.take();
      parsed.gaveFrame = true;
      if (v == "last")
        options.frame.reset();
      else
        options.frame = parseInteger("--frame", v, 0, core::kMaxIterations);
    } else if (arg == "--every") {
      options.every = parseInteger("--every", value.take(), 1, core::kMaxIterations);
      parsed.gaveEvery = true;
    } else if (arg == "--fps") {
      const std::string v = value.take();
      options.fps = parseReal("--fps", v);
      if (options.fps <= 0 || options.fps > kMaxFps) throw UsageError("--fps " + v + ": must be above 0 and at most 120");
      parsed.gaveFps = true;
    } else if (arg == "--hold") {
      const std::string v = value.take();
      options.holdSeconds = parseReal("--hold", v);
      if (options.holdSeconds < 0 || options.holdSeconds > 600) throw UsageError("--hold " + v + ": must be 0..600 seconds");
      parsed.gaveHold = true;
    } else if (arg == "--loop") {
      options.playCount = static_cast<int>(parseInteger("--loop", value.take(), 0, 65536));
      parsed.gaveLoop = true;
    } else if (arg == "--view") {
      const std::string v = value.take();
      options.view = core::findViewMode(v);
      if (!options.view) throw UsageError("--view " + v + ": expected 3d, 2d or split");
    } else if (arg == "--hidden-paths") {
      const std::string v = value.take();
      options.hiddenPaths = core::findHiddenPaths(v);
      if (!options.hiddenPaths) throw UsageError("--hidden-paths " + v + ": expected hide or faint");
    } else if (arg == "--azimuth") {
      options.azimuth = parseReal("--azimuth", value.take());
      if (parsed.cameraFlag.empty()) parsed.cameraFlag = arg;
    } else if (arg == "--elevation") {
      options.elevation = parseReal("--elevation", value.take());
      if (parsed.cameraFlag.empty()) parsed.cameraFlag = arg;
    } else if (arg == "--orbit") {
      if (parsed.cameraFlag.empty()) parsed.cameraFlag = arg;
      const std::string v = value.take();
      options.orbitDegrees = parseReal("--orbit", v);
      if (std::abs(options.orbitDegrees) > 36000) throw UsageError("--orbit " + v + ": at most 36000 degrees");
      parsed.gaveOrbit = true;
    } else if (arg == "--internals") {
      options.internalsRun = static_cast<std::size_t>(parseInteger("--internals", value.take(), 0, core::kMaxRuns - 1));
    } else if (arg == "--quiver") {
      value.none();
      options.quiver = true;
    } else if (arg == "--no-msaa") {
      value.none();
      options.msaa = false;
    } else if (arg == "--dither") {
      value.none();
      options.dither = true;
    } else if (arg == "--quiet" || arg == "-q") {
      value.none();
      parsed.quiet = true;
    } else {
      return false;
    }
    return true;
  });
  if (parsed.out.empty()) throw UsageError("missing -o OUT (see gradscape export --help)");
  if (options.view == core::ViewMode::twoD && !parsed.cameraFlag.empty())
    throw UsageError(parsed.cameraFlag + " moves the 3-D view: it does not apply to --view 2d");
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
  // What the format cannot carry is the input's fault, not the command line's (like an odd MP4 size).
  if (format == OutputFormat::gif && parsed.options.fps > kMaxGifFps)
    throw Error("--fps: a GIF plays frames shorter than 2/100 s as 1/10 s in browsers; use --fps 50 or less "
                     "(or --every to skip iterations)");
  if (format == OutputFormat::gif && parsed.options.holdSeconds + 1 / parsed.options.fps > encode::kMaxGifFrameSeconds)
    throw Error("--hold: a GIF frame lasts at most 655 s");
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
  reexecWithHugePagesForSoftwareRendering();
  // llvmpipe bins each frame's triangles into blocks it frees after the frame: kept, the next frame does
  // not fault them in again (an orbit redraws every frame whole).
  keepFreedMemoryForReuse();
  // Ctrl-C or a kill removes the temporaries; SIGPIPE and SIGXFSZ become errors we report.
  encode::installInterruptCleanup();
  const Parsed parsed = parseArguments(argc, argv);
  const capture::OutputFormat format = capture::outputFormatFor(parsed.out);
  checkOptionsApply(parsed, format);
  const core::Scene scene = core::loadScene(parsed.scenePath);
  core::checkKeptPoints(scene.runs, (parsed.scenePath == "-" ? "<stdin>" : parsed.scenePath) + ": runs");
  // With a still camera each frame after the first draws a few thousand pixels; whole frames (a still
  // PNG, an orbit, the internals drawn anew each frame) keep the rasteriser threads.
  if (format != capture::OutputFormat::png && !capture::drawsWholeFrames(parsed.options)) rasteriseOnCallingThread();
  const capture::ExportResult result = capture::exportScene(scene, parsed.out, parsed.options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!parsed.quiet)
    std::printf("wrote %s (%lld frames, %dx%d, %llu bytes, %.2f s)\n", parsed.out.c_str(), static_cast<long long>(result.frames),
                result.width, result.height, static_cast<unsigned long long>(result.bytes), seconds);
  return 0;
}

}  // namespace gradscape::app
