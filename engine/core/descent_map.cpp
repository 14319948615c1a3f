// Maps: the grid of starts or hyperparameters, the batch run, and the grouping of end points into attractors.
#include "core/descent_map.hpp"

#include <cmath>
#include <unordered_map>

#include "core/error.hpp"
#include "core/number_format.hpp"
#include "core/scene_values.hpp"

namespace gradscape::core {
namespace {

// The grid's i-th of `count` vertices from a to b, as the issue spells it: a + i·(b − a)/(count − 1).
double linearVertex(double a, double b, int i, int count) { return a + i * (b - a) / (count - 1); }

void checkAxis(const OptimizerConfig& optimizer, const PhaseAxis& axis, const std::string& argument) {
  const std::string name = axis.name();
  if (axis.noiseSigma) {
    if (!(std::min(axis.from, axis.to) >= 0)) throw Error(argument + " noise.sigma: must be >= 0");
    return;
  }
  if (!optimizerHas(optimizer.kind, axis.which))
    throw Error(argument + " " + name + ": " + std::string(optimizerName(optimizer.kind)) +
                " has no hyperparameter '" + name + "' (it has " + numericHyperparameterNames(optimizer.kind) + ")");
}

// A schedule sets lr (and, cycling momentum, momentum or beta1) every step for every cell alike: an axis
// on what it sets would be overwritten.
void checkAxisNotScheduled(const ScheduleSpec& schedule, const PhaseAxis& axis, const std::string& argument) {
  const bool cycles = (schedule.kind == ScheduleKind::CyclicLR || schedule.kind == ScheduleKind::OneCycleLR) &&
                      schedule.cycleMomentum;
  const bool set = !axis.noiseSigma && (axis.which == NumericHyperparameter::lr ||
                   (cycles && (axis.which == NumericHyperparameter::momentum || axis.which == NumericHyperparameter::beta1)));
  if (set)
    throw Error(argument + " " + axis.name() + ": the run's " +
                std::string(scheduleName(schedule.kind)) + " sets it every step");
}

// Every cell's config must be one torch accepts; torch's rules are intervals, so the four corners decide.
void checkCorners(const OptimizerConfig& optimizer, const PhaseAxis& x, const PhaseAxis& y, const MapArgumentNames& names) {
  for (double xv : {x.from, x.to})
    for (double yv : {y.from, y.to}) {
      OptimizerConfig corner = optimizer;
      if (!x.noiseSigma) setHyperparameter(corner, x.which, xv);
      if (!y.noiseSigma) setHyperparameter(corner, y.which, yv);
      try {
        validate(corner);
      } catch (const Error& error) {
        throw Error(names.x + " " + x.name() + " = " + formatShortest(xv) + ", " + names.y + " " + y.name() + " = " +
                    formatShortest(yv) + ": " + error.what());
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
  // hypot(dx, dy) < tolerance decides, as it always has; glibc's hypot is within an ulp of the distance and
  // dx^2 + dy^2 within a few ulps of its square, so a squared distance more than a relative 1e-9 from
  // tolerance^2 gives the same answer without the call (skipped where tolerance^2 could underflow).
  const double square = tolerance * tolerance;
  const bool shortcut = square > 1e-200 && square < 1e200;
  const double surelyFar = square * (1 + 1e-9), surelyNear = square * (1 - 1e-9);
  auto near = [&](double dx, double dy) {
    if (shortcut) {
      const double d2 = dx * dx + dy * dy;
      if (d2 > surelyFar) return false;
      if (d2 < surelyNear) return true;
    }
    return std::hypot(dx, dy) < tolerance;
  };
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
          if ((found < 0 || index < found) && near(a[0] - x, a[1] - y)) found = index;
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

std::string_view mapKindName(MapKind kind) {
  static constexpr std::string_view kNames[] = {"basin", "loss", "steps", "phase"};
  return kNames[static_cast<int>(kind)];
}

std::optional<MapKind> parseMapKind(std::string_view name) {
  for (MapKind kind : {MapKind::basin, MapKind::loss, MapKind::steps, MapKind::phase})
    if (mapKindName(kind) == name) return kind;
  return std::nullopt;
}

// "lr, momentum, ..., momentum_decay or noise.sigma": what an axis may name, for messages.
static std::string phaseAxisNames() {
  std::string names;
  for (int i = 0; i < kNumericHyperparameterCount; ++i)
    names += std::string(numericHyperparameterName(NumericHyperparameter(i))) + (i + 1 < kNumericHyperparameterCount ? ", " : "");
  return names + " or noise.sigma";
}

PhaseAxis parsePhaseAxis(std::string_view text) {
  const std::string shape = "expected NAME:FROM:TO:linear|log, like lr:1e-4:1:log";
  std::string parts[4];
  std::size_t count = 0, at = 0;
  while (count < 4) {
    const std::size_t colon = text.find(':', at);
    parts[count++] = std::string(text.substr(at, colon == std::string_view::npos ? std::string_view::npos : colon - at));
    if (colon == std::string_view::npos) break;
    at = colon + 1;
    if (count == 4) throw Error(shape);
  }
  if (count != 4) throw Error(shape);
  PhaseAxis axis;
  axis.noiseSigma = parts[0] == "noise.sigma";
  if (!axis.noiseSigma && !parseNumericHyperparameter(parts[0], axis.which))
    throw Error("unknown hyperparameter '" + parts[0] + "' (expected " + phaseAxisNames() + ")");
  const auto from = parseNumber(parts[1]), to = parseNumber(parts[2]);
  if (!from || !to) throw Error("FROM and TO must be finite numbers");
  axis.from = *from;
  axis.to = *to;
  if (parts[3] == "linear") axis.scale = AxisScale::linear;
  else if (parts[3] == "log") axis.scale = AxisScale::log;
  else throw Error("the scale must be linear or log, not '" + parts[3] + "'");
  if (axis.scale == AxisScale::log && !(axis.from > 0 && axis.to > 0)) throw Error("a log axis needs positive ends");
  return axis;
}

std::string PhaseAxis::name() const {
  return noiseSigma ? "noise.sigma" : std::string(numericHyperparameterName(which));
}

double PhaseAxis::value(int i, int count) const {
  if (scale == AxisScale::linear) return linearVertex(from, to, i, count);
  if (i == 0) return from;
  if (i == count - 1) return to;
  return std::exp(linearVertex(std::log(from), std::log(to), i, count));
}

void checkMapSpec(const Scene& scene, const MapSpec& spec, const MapArgumentNames& names) {
  const std::string run = names.run + " " + std::to_string(spec.runIndex);
  if (spec.runIndex >= scene.runs.size())
    throw Error(run + ": the scene has " + std::to_string(scene.runs.size()) +
                (scene.runs.size() == 1 ? " run (0)" : " runs (0.." + std::to_string(scene.runs.size() - 1) + ")"));
  const RunSpec& mapped = scene.runs[spec.runIndex];
  if (mapped.points)
    throw Error(run + ": the run carries its points and has no optimizer to map");
  if (spec.kind != MapKind::phase) return;
  const OptimizerConfig& optimizer = scene.runs[spec.runIndex].optimizer;
  checkAxis(optimizer, *spec.xAxis, names.x);
  checkAxis(optimizer, *spec.yAxis, names.y);
  if (mapped.schedule) {
    checkAxisNotScheduled(*mapped.schedule, *spec.xAxis, names.x);
    checkAxisNotScheduled(*mapped.schedule, *spec.yAxis, names.y);
  }
  checkCorners(optimizer, *spec.xAxis, *spec.yAxis, names);
}

DescentMap computeMap(const Scene& scene, const MapSpec& spec, const BatchOptions& options, const MapArgumentNames& names) {
  checkMapSpec(scene, spec, names);
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
    std::vector<double> xs(cells), ys(cells);
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const std::size_t c = std::size_t(j) * n + i;
        job.startX[c] = run.start[0];
        job.startY[c] = run.start[1];
        xs[c] = map.cells[c].x = spec.xAxis->value(i, n);
        ys[c] = map.cells[c].y = spec.yAxis->value(j, n);
      }
    for (auto [axis, values] : {std::pair{&*spec.xAxis, &xs}, std::pair{&*spec.yAxis, &ys}}) {
      if (axis->noiseSigma) job.noiseSigmaPerLane = std::move(*values);
      else job.perLane.push_back({axis->which, std::move(*values)});
    }
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
