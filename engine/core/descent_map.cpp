// Maps: the grid of starts or hyperparameters, the batch run, and the grouping of end points into attractors.
#include "core/descent_map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

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

// The attractors' buckets: each square of a grid over the plane that holds an attractor's first point, and
// those attractors in index order. Open addressing over a power-of-two table, at most half full: a 256²
// map looks buckets up 260,000 times, and std::unordered_map's hashing and chains (with nine look-ups a
// cell then) were an eighth of `gradscape map`'s time.
class AttractorBuckets {
 public:
  // The first attractor of bucket (bx, by) (then next(a) along it), or -1.
  int first(std::int64_t bx, std::int64_t by) const { return slots_[find(bx, by)].head; }
  int next(int attractor) const { return next_[std::size_t(attractor)]; }
  // Attractor `index` (the next one: 0, 1, 2, ...) into bucket (bx, by), after those already there.
  void add(std::int64_t bx, std::int64_t by, int index) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    Slot& slot = slots_[find(bx, by)];
    next_.push_back(-1);
    if (slot.head < 0) {
      slot = {bx, by, index, index};
      ++used_;
    } else {
      next_[std::size_t(slot.tail)] = index;
      slot.tail = index;
    }
  }

 private:
  struct Slot {
    std::int64_t bx = 0, by = 0;
    int head = -1, tail = -1;  // the bucket's first and last attractor; -1: an empty slot
  };
  std::size_t find(std::int64_t bx, std::int64_t by) const {
    const std::size_t mask = slots_.size() - 1;
    std::uint64_t h = std::uint64_t(bx) * 0x9E3779B97F4A7C15ull ^ std::uint64_t(by) * 0xC2B2AE3D27D4EB4Full;
    for (std::size_t at = (h ^ (h >> 29)) & mask;; at = (at + 1) & mask)
      if (slots_[at].head < 0 || (slots_[at].bx == bx && slots_[at].by == by)) return at;
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& slot : old)
      if (slot.head >= 0) slots_[find(slot.bx, slot.by)] = slot;
  }
  std::vector<Slot> slots_ = std::vector<Slot>(1024);
  std::size_t used_ = 0;
  std::vector<int> next_;
};

// Groups finite end points: a point within `tolerance` of an attractor's first point joins the first such
// attractor (in order of appearance, row-major), else it starts a new one. Buckets of squares about twice the
// tolerance wide keep it linear in the number of cells: the attractors within `tolerance` of a point lie in
// the buckets that [x - tolerance, x + tolerance] x [y - tolerance, y + tolerance] touches, at most two a
// side (floor of a rounded product is monotonic, so that holds whatever the rounding of the width).
void assignAttractors(DescentMap& map, double tolerance) {
  AttractorBuckets buckets;
  const double perBucket = std::min(0.5 / tolerance, 1e300);  // finite: 0 * perBucket is 0
  auto bucketOf = [&](double v) {
    // Far points share the extreme buckets (still monotonic), where the cast would overflow.
    return std::int64_t(std::floor(std::clamp(v * perBucket, -4.0e18, 4.0e18)));
  };
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
    const std::int64_t xFrom = bucketOf(x - tolerance), xTo = bucketOf(x + tolerance);
    const std::int64_t yFrom = bucketOf(y - tolerance), yTo = bucketOf(y + tolerance);
    int found = -1;
    for (std::int64_t bx = xFrom; bx <= xTo; ++bx)
      for (std::int64_t by = yFrom; by <= yTo; ++by)
        // A bucket's attractors come in increasing index: past `found` none can be the first.
        for (int index = buckets.first(bx, by); index >= 0 && (found < 0 || index < found); index = buckets.next(index)) {
          const auto& a = map.attractors[std::size_t(index)];
          if (near(a[0] - x, a[1] - y)) {
            found = index;
            break;
          }
        }
    if (found < 0) {
      found = int(map.attractors.size());
      map.attractors.push_back({x, y});
      buckets.add(bucketOf(x), bucketOf(y), found);
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
