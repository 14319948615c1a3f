// Scenes: what surface, which runs, which view. Loaded from and saved to JSON v1 (docs/scene-format.md).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/noise.hpp"
#include "core/optimizer.hpp"
#include "core/scene_display.hpp"
#include "core/scene_values.hpp"
#include "core/schedule.hpp"
#include "core/surface.hpp"

namespace gradscape::core {

struct SurfaceSpec {
  Surface surface = Surface::fromCatalog("saddle");
  std::optional<Domain> domainOverride;  // "x"/"y" given in the file
  Domain domain() const { return domainOverride ? *domainOverride : surface.defaultDomain(); }
};

struct RunGroup;  // run_expansion.hpp

struct RunSpec {
  std::array<double, 2> start{0, 0};
  OptimizerConfig optimizer;  // sgd, lr 0.01 when the file has none
  std::int64_t iterations = 200;
  double tolerance = 0;
  std::optional<std::string> label;
  std::optional<Rgb> color;
  std::optional<Marker> marker;
  // "noise" (noise.hpp; sigma 0 = none) and "schedule" (schedule.hpp).
  NoiseSpec noise;
  std::optional<ScheduleSpec> schedule;
  // Set when this run is member `member` of a sweep or an ensemble (run_expansion.hpp): saving writes
  // the group once, at its member 0.
  std::shared_ptr<const RunGroup> group;
  std::int64_t member = 0;
  // "points": a path given instead of an optimizer (run_points.hpp). Then start is points[0] and
  // iterations is points - 1; optimizer and tolerance are unused. Shared: scenes are copied often.
  std::shared_ptr<const std::vector<std::array<double, 2>>> points;
};

// Derived defaults for the optional run keys.
std::string defaultLabel(const RunSpec& run);  // "x = 1, y = 0.25"
Rgb defaultColor(std::size_t runIndex);
Marker defaultMarker(std::size_t runIndex);

struct CameraSpec {
  double azimuth = -60;   // matplotlib's defaults when a scene has no camera
  double elevation = 30;
  double distance = 10;   // matplotlib's default eye distance (its 'dist')
  bool orthographic = false;
  friend bool operator==(const CameraSpec&, const CameraSpec&) = default;
};

// Optional extension keys ("render": {...}); defaults keep the article's picture.
struct RenderSpec {
  int gridResolution = 81;      // "grid": vertices per side
  int edgeStride = 2;           // "edge_stride": black edge line every n-th grid line (0 = none)
  std::optional<std::array<double, 2>> colorRange;  // "color_range": vmin, vmax; default the data range
  DisplayRenderSpec display;   // "colorbar", "color_scale", "symlog_threshold", "hidden_paths" (scene_display.hpp)
  friend bool operator==(const RenderSpec&, const RenderSpec&) = default;
};

struct Scene {
  SurfaceSpec surface;
  std::vector<RunSpec> runs;
  std::optional<CameraSpec> camera;
  RenderSpec render;
  ViewMode viewMode = ViewMode::threeD;                 // "view": {"mode": ...}
  std::string legendTitle{kDefaultLegendTitle};          // "legend": {"title": ...}

  CameraSpec cameraOrDefault() const { return camera ? *camera : CameraSpec{}; }
};

// Limits that keep hostile files from exhausting the machine (documented in docs/scene-format.md, "Limits").
inline constexpr std::int64_t kMaxIterations = 10'000'000;
inline constexpr std::size_t kMaxRuns = 1000;
inline constexpr int kMaxGridResolution = 1024;
inline constexpr std::size_t kMaxSceneBytes = 1 << 20;
// Runs with "points" carry their path in the file: at most kMaxScenePoints in a scene, and a file that
// has them may be larger, up to kMaxSceneBytes plus 64 bytes a point (the longest line serializeScene
// writes for one point is 62 bytes), so any scene that fits the point limit saves and loads back.
inline constexpr std::int64_t kMaxScenePoints = 1'000'000;
inline constexpr std::size_t kMaxSceneBytesWithPoints = kMaxSceneBytes + 64 * static_cast<std::size_t>(kMaxScenePoints);
// Export and the viewer keep every point of every run in memory (a CPU and a GPU copy, about 90 bytes a
// point): at most this many points in all, about 1.8 GB. `gradscape trace` streams any number.
inline constexpr std::int64_t kMaxKeptPoints = 20'000'000;

// Points a picture of these runs keeps: iterations + 1 per run.
std::int64_t keptPointCount(std::span<const RunSpec> runs);
inline std::int64_t keptPointCount(const RunSpec& run) { return (run.iterations > 0 ? run.iterations : 0) + 1; }
// Throws "WHERE: 2 runs ask for N points ...; export and view keep at most ..." past kMaxKeptPoints
// (WHERE: "scene.json: runs", or the field being edited).
void checkKeptPoints(std::int64_t points, std::size_t runCount, const std::string& where);
inline void checkKeptPoints(std::span<const RunSpec> runs, const std::string& where) {
  checkKeptPoints(keptPointCount(runs), runs.size(), where);
}

// `origin` names the source in errors ("scene.json", "<stdin>"):
//   "scene.json: runs[1].optimizer.betas: expected 2 numbers"
Scene parseScene(std::string_view json, const std::string& origin);
Scene loadScene(const std::string& path);  // "-" reads standard input
// Canonical JSON (2-space indent, trailing newline). save -> load -> save is byte-identical.
std::string serializeScene(const Scene& scene);
// Why parseScene would refuse `text` for its size, or nothing: over kMaxSceneBytes is allowed only for a
// file with "points" in its first kMaxSceneBytes, and never over kMaxSceneBytesWithPoints. Savers check
// their text with it, so whatever they write loads back.
std::optional<std::string> sceneSizeProblem(std::string_view text);
bool mayCarryPoints(std::string_view text);

// The article's scene (assets/scenes/article.json), built in so `gradscape` runs with no files.
Scene articleScene();
// Its JSON text, as in the spec.
extern const char* const kArticleSceneJson;

}  // namespace gradscape::core
