// Headless export of a scene: traces its runs, renders frames offscreen (incrementally for a fixed
// camera) and feeds an encoder: PNG still, GIF, MP4, WebM or a PNG sequence.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scene.hpp"

namespace gradscape::render {
class Renderer;
}

namespace gradscape::capture {

enum class OutputFormat { png, gif, mp4, webm, pngSequence };

// From OUT: ".png" a still, ".gif", ".mp4", ".webm", or a printf pattern ending in .png (frames/f_%04d.png).
// Throws gradscape::Error naming OUT for anything else.
OutputFormat outputFormatFor(const std::string& path);
std::string_view formatName(OutputFormat format);
inline bool isAnimation(OutputFormat format) { return format != OutputFormat::png; }

struct ExportOptions {
  int width = 1200, height = 900;
  std::optional<std::int64_t> frame;  // stills: iterations 0..K; nothing = the last frame
  std::int64_t every = 1;             // animations: every K-th iteration, plus the last
  double fps = 20;
  double holdSeconds = 0;
  int playCount = 0;                  // GIF: times played, 0 = forever
  std::optional<double> azimuth, elevation;  // override the scene's camera
  double orbitDegrees = 0;            // animations: azimuth turns by this much from first to last frame
  std::optional<core::ViewMode> view;          // --view: overrides the scene's view.mode
  std::optional<core::HiddenPaths> hiddenPaths;  // --hidden-paths: overrides render.hidden_paths
  // --internals RUN: run RUN's internals at each frame's iteration (arrows, the Hessian's cross), as the
  // viewer's Internals section draws them for its selected run; --quiver: the 2-D panes' field of -grad f.
  std::optional<std::size_t> internalsRun;
  bool quiver = false;
  bool msaa = true;
  bool dither = false;                // GIF: ordered dithering
  bool progress = true;               // a progress bar when standard error is a terminal
  // Called after each frame with (frames done, frames in all), e.g. by the viewer's progress bar on its
  // export thread. Returning false cancels: exportScene throws gradscape::Error "export cancelled" and
  // leaves nothing at OUT.
  std::function<bool(std::int64_t done, std::int64_t total)> onFrame;
};

struct ExportResult {
  std::int64_t frames = 0;  // frames written (PNG still: 1)
  int width = 0, height = 0;
  std::uint64_t bytes = 0;  // bytes written (PNG sequence: all files)
};

// Whether every frame of an animation is drawn whole (the camera orbits, or the internals change each
// frame) rather than only the pixels the paths' new points change.
bool drawsWholeFrames(const ExportOptions& options);

// The iterations shown by the frames of an animation whose longest run ends at `lastIteration`:
// 0, every, 2*every, ... and always lastIteration.
std::vector<std::int64_t> frameIterations(std::int64_t lastIteration, std::int64_t every);

// The scene's runs, traced straight into the renderer's buffers in chunks (no second copy of long runs),
// with their styles. Returns the longest run's last iteration (0 when no run has a point). Export and
// the Python module's render share it.
std::int64_t traceIntoRenderer(const core::Scene& scene, render::Renderer& renderer);

// What the scene says about the picture besides its runs: surface, render options, legend title. Export
// and the Python module's render share it so they draw the same picture.
void showSceneLook(const core::Scene& scene, render::Renderer& renderer);

// Opens OUT (or checks ffmpeg / the sequence's directory) before making a GL context, so bad paths and a
// missing ffmpeg fail without rendering. Throws gradscape::Error with a one-line message; on any error
// nothing is left at OUT (an existing file stays as it was).
ExportResult exportScene(const core::Scene& scene, const std::string& out, const ExportOptions& options);

}  // namespace gradscape::capture
