// Runs that carry their own path: the "points" key of a run, its restrictions and its canonical text.
#include "core/run_points.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <nlohmann/json.hpp>

namespace gradscape::core {

void readRunPoints(const nlohmann::json& run, const std::string& path, RunSpec& spec, const FailAt& fail) {
  for (const auto& [key, unused] : run.items()) {
    if (std::find(kPointsRunKeys.begin(), kPointsRunKeys.end(), key) != kPointsRunKeys.end()) continue;
    fail(path + "." + key, "not allowed in a run with \"points\" (such a run takes only points, label, color and marker)");
  }
  const std::string where = path + ".points";
  const nlohmann::json& points = run.at("points");
  if (!points.is_array()) fail(where, "expected an array of [x, y] points");
  if (points.empty()) fail(where, "expected at least one [x, y] point");
  if (points.size() > static_cast<std::size_t>(kMaxScenePoints))
    fail(where, "too many points (" + std::to_string(points.size()) + "; a scene holds at most " +
                    std::to_string(kMaxScenePoints) + ")");
  auto values = std::make_shared<std::vector<std::array<double, 2>>>();
  values->reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    const nlohmann::json& point = points[i];
    if (!point.is_array() || point.size() != 2) fail(at, "expected 2 numbers [x, y]");
    std::array<double, 2> xy{};
    for (std::size_t c = 0; c < 2; ++c) {
      const std::string coordinate = at + "[" + std::to_string(c) + "]";
      if (!point[c].is_number()) fail(coordinate, "expected a number");
      xy[c] = point[c].get<double>();
      if (!std::isfinite(xy[c])) fail(coordinate, "expected a finite number");
    }
    values->push_back(xy);
  }
  spec.start = values->front();
  spec.iterations = static_cast<std::int64_t>(values->size()) - 1;
  spec.points = std::move(values);
}

std::int64_t scenePointCount(const Scene& scene) {
  std::int64_t count = 0;
  for (const RunSpec& run : scene.runs)
    if (run.points) count += static_cast<std::int64_t>(run.points->size());
  return count;
}

std::size_t sceneByteLimit(const Scene& scene) {
  for (const RunSpec& run : scene.runs)
    if (run.points) return kMaxSceneBytesWithPoints;
  return kMaxSceneBytes;
}

std::string serializeRunPoints(const std::vector<std::array<double, 2>>& points) {
  // The numbers as the rest of the file writes them (integral values without a fraction).
  const auto number = [](double value) {
    if (value == std::floor(value) && std::fabs(value) < 9.0e15)
      return nlohmann::ordered_json(static_cast<std::int64_t>(value)).dump();
    return nlohmann::ordered_json(value).dump();
  };
  std::string text = "[\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    text += "        [" + number(points[i][0]) + ", " + number(points[i][1]) + "]";
    text += i + 1 < points.size() ? ",\n" : "\n";
  }
  text += "      ]";
  return text;
}

}  // namespace gradscape::core
