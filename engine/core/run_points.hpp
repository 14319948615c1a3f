// Runs that carry their own path ("points": [[x, y], ...]) instead of an optimizer: parsing, limits, tracing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/scene.hpp"

namespace gradscape::core {

// The keys a run with "points" may have; any other (start, optimizer, iterations, tolerance, ...) is an
// error naming its JSON path.
inline constexpr std::array<const char*, 4> kPointsRunKeys{"points", "label", "color", "marker"};

// Reports an error at a JSON path ("runs[2].points[7][1]") and does not return (Reader::fail in scene.cpp).
using FailAt = std::function<void(const std::string& path, const std::string& what)>;

// Reads "points" of the run object `run` at `path` into spec.points, spec.start (the first point) and
// spec.iterations (points - 1), and rejects keys a points run may not have. Label, color and marker are
// left to the caller, which reads them as for any run.
void readRunPoints(const nlohmann::json& run, const std::string& path, RunSpec& spec, const FailAt& fail);

// Points of every points run in the scene (the limit kMaxScenePoints applies to the sum).
std::int64_t scenePointCount(const Scene& scene);

// The file-size limit load applies to this scene: kMaxSceneBytesWithPoints when it has a points run.
std::size_t sceneByteLimit(const Scene& scene);

// "points": one [x, y] per line, indented for a run of the canonical file (serializeScene).
std::string serializeRunPoints(const std::vector<std::array<double, 2>>& points);

}  // namespace gradscape::core
