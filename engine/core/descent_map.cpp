// Maps: the grid of starts or hyperparameters, the batch run, and the grouping of end points into attractors.
#include "core/descent_map.hpp"

#include <cmath>
#include <unordered_map>

#include "core/error.hpp"
#include "core/number_format.hpp"

namespace gradscape::core {
namespace {

// The grid's i-th of `count` vertices from a to b, as the issue spells it: a + i·(b − a)/(count − 1).
double linearVertex(double a, double b, int i, int count) { return a + i * (b - a) / (count - 1); }

std::string axisFlag(bool isX) { return isX ? "--x" : "--y"; }

void checkAxis(const OptimizerConfig& optimizer, const PhaseAxis& axis, bool isX) {
  const std::string name(numericHyperparameterName(axis.which));
  if (!optimizerHas(optimizer.kind, axis.which))
    throw Error(axisFlag(isX) + " " + name + ": " + std::string(optimizerName(optimizer.kind)) +
                " has no hyperparameter '" + name + "' (it has " + numericHyperparameterNames(optimizer.kind) + ")");
}

// Every cell's config must be one torch accepts; torch's rules are intervals, so the four corners decide.
void checkCorners(const OptimizerConfig& optimizer, const PhaseAxis& x, const PhaseAxis& y) {
  for (double xv : {x.from, x.to})
    for (double yv : {y.from, y.to}) {
      OptimizerConfig corner = optimizer;
      setHyperparameter(corner, x.which, xv);
      setHyperparameter(corner, y.which, yv);
      try {
        validate(corner);
      } catch (const Error& error) {
        throw Error("--x " + std::string(numericHyperparameterName(x.which)) + " = " + formatShortest(xv) + ", --y " +
                    std::string(numericHyperparameterName(y.which)) + " = " + formatShortest(yv) + ": " + error.what());
      }
    }
}

// Groups finite end points: a point within `tolerance` of an attractor's first point joins the first such
// attractor (in order of appearance, row-major), else it starts a new one. A hash grid of tolerance-sized
// buckets keeps it linear in the number of cells.
void assignAttractors(DescentMap& map, double tolerance) {
  struct Key {
    std::int64_t bx, by;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const { return std::hash<std::int64_t>()(k.bx * 73856093 ^ k.by * 19349663); }
  };
  std::unordered_map<Key, std::vector<int>, KeyHash> buckets;
  auto bucketOf = [&](double v) { return std::int64_t(std::floor(v / tolerance)); };
  for (MapCell& cell : map.cells) {
    if (cell.end.status == StopReason::diverged) continue;
    const double x = cell.end.x, y = cell.end.y;
    const std::int64_t bx = bucketOf(x), by = bucketOf(y);
    int found = -1;
    for (std::int64_t dx = -1; dx <= 1; ++dx)
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        const auto bucket = buckets.find({bx + dx, by + dy});
        if (bucket == buckets.end()) continue;
        for (int index : bucket->second) {
          const auto& a = map.attractors[std::size_t(index)];
          if (std::hypot(a[0] - x, a[1] - y) < tolerance && (found < 0 || index < found)) found = index;
        }
      }
    if (found < 0) {
      found = int(map.attractors.size());
      map.attractors.push_back({x, y});
      buckets[{bx, by}].push_back(found);
    }
    cell.attractor = found;
  }
}

}  // namespace

double PhaseAxis::value(int i, int count) const {
  if (scale == AxisScale::linear) return linearVertex(from, to, i, count);
  if (i == 0) return from;
  if (i == count - 1) return to;
  return std::exp(linearVertex(std::log(from), std::log(to), i, count));
}

void checkMapSpec(const Scene& scene, const MapSpec& spec) {
  if (spec.runIndex >= scene.runs.size())
    throw Error("--run " + std::to_string(spec.runIndex) + ": the scene has " + std::to_string(scene.runs.size()) +
                (scene.runs.size() == 1 ? " run (0)" : " runs (0.." + std::to_string(scene.runs.size() - 1) + ")"));
  const RunSpec& run = scene.runs[spec.runIndex];
  if (run.points)
    throw Error("--run " + std::to_string(spec.runIndex) + ": the run carries its points and has no optimizer to map");
  // The batch core runs plain descent; a map of these would not be the runs' traces.
  if (run.noise.active() || run.schedule)
    throw Error("--run " + std::to_string(spec.runIndex) + ": maps of runs with " +
                (run.noise.active() ? "noise" : "a schedule") + " are not supported yet");
  if (spec.kind != MapKind::phase) return;
  const OptimizerConfig& optimizer = scene.runs[spec.runIndex].optimizer;
  checkAxis(optimizer, *spec.xAxis, true);
  checkAxis(optimizer, *spec.yAxis, false);
  checkCorners(optimizer, *spec.xAxis, *spec.yAxis);
}

DescentMap computeMap(const Scene& scene, const MapSpec& spec, const BatchOptions& options) {
  checkMapSpec(scene, spec);
  DescentMap map;
  map.spec = spec;
  map.domain = scene.surface.domain();
  const int n = spec.grid;
  const std::size_t cells = std::size_t(n) * std::size_t(n);
  const RunSpec& run = scene.runs[spec.runIndex];

  BatchJob job;
  job.surface = scene.surface.surface;
  job.run = run;
  job.startX.resize(cells);
  job.startY.resize(cells);
  map.cells.resize(cells);
  if (spec.kind == MapKind::phase) {
    LaneHyperparameter x{spec.xAxis->which, std::vector<double>(cells)}, y{spec.yAxis->which, std::vector<double>(cells)};
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const std::size_t c = std::size_t(j) * n + i;
        job.startX[c] = run.start[0];
        job.startY[c] = run.start[1];
        x.values[c] = map.cells[c].x = spec.xAxis->value(i, n);
        y.values[c] = map.cells[c].y = spec.yAxis->value(j, n);
      }
    job.perLane = {std::move(x), std::move(y)};
  } else {
    const Domain& d = map.domain;
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const std::size_t c = std::size_t(j) * n + i;
        job.startX[c] = map.cells[c].x = linearVertex(d.xMin, d.xMax, i, n);
        job.startY[c] = map.cells[c].y = linearVertex(d.yMin, d.yMax, j, n);
      }
  }
  const std::vector<LaneEnd> ends = runBatch(job, options);
  for (std::size_t c = 0; c < cells; ++c) map.cells[c].end = ends[c];
  if (spec.kind == MapKind::basin) {
    const Domain& d = map.domain;
    assignAttractors(map, kAttractorTolerance * std::hypot(d.xMax - d.xMin, d.yMax - d.yMin));
  }
  return map;
}

}  // namespace gradscape::core
