// The viewer's model and its dirty tracking.
#include "viewer/session.hpp"

#include <algorithm>
#include <atomic>
#include <span>

#include "core/batch_trace.hpp"
#include "core/error.hpp"
#include "core/optimizer.hpp"
#include "core/parallel_for.hpp"
#include "core/run_expansion.hpp"
#include "core/schedule.hpp"

namespace gradscape::app {

// Fewer dirty runs alike than this are traced one by one: a batch slab pads to 64 lanes.
constexpr std::size_t kMinBatchRuns = 16;

bool traceInputsDiffer(const core::RunSpec& a, const core::RunSpec& b) {
  return a.start != b.start || !(a.optimizer == b.optimizer) || a.iterations != b.iterations ||
         a.tolerance != b.tolerance || a.noise != b.noise || a.schedule != b.schedule || a.points != b.points;
}

static core::TracePoint lrPoint(std::size_t k, double lr) { return {static_cast<std::int64_t>(k), 0, 0, lr}; }

std::size_t constantLrSeries(const core::RunSpec& run, std::size_t steps, std::array<core::TracePoint, 2>& points) {
  if (steps == 0 || run.points) return 0;
  points[0] = lrPoint(0, run.optimizer.lr);
  if (steps == 1) return 1;
  points[1] = lrPoint(steps - 1, run.optimizer.lr);
  return 2;
}

void fillStepLrSeries(const core::RunSpec& run, std::size_t steps, std::vector<core::TracePoint>& series) {
  series.clear();
  if (!run.schedule) {
    std::array<core::TracePoint, 2> points;
    series.assign(points.begin(), points.begin() + std::ptrdiff_t(constantLrSeries(run, steps, points)));
    return;
  }
  if (steps == 0 || run.points) return;
  // The scheduler on its own copy of the parameter group, stepped as the trace steps it: lr does not
  // depend on the path, so this gives the trace's lrs without touching the descent's hot loop.
  core::OptimizerConfig group = run.optimizer;
  core::LrScheduler scheduler(*run.schedule, group);
  series.reserve(steps);
  for (std::size_t k = 0; k < steps; ++k) {
    series.push_back(lrPoint(k, group.lr));
    scheduler.step(group);
  }
}

std::vector<core::TracePoint> stepLrSeries(const core::RunSpec& run, std::size_t steps) {
  std::vector<core::TracePoint> series;
  fillStepLrSeries(run, steps, series);
  return series;
}

bool isParticle(const core::RunSpec& run) { return run.group && run.group->ensemble; }

bool styleDiffers(const core::RunSpec& a, const core::RunSpec& b) {
  return a.label != b.label || a.color != b.color || a.marker != b.marker;
}

// Layout versions are unique across sessions, so that an uploader given another session replaces every run:
// the renderer reads particles' points in place (SessionUploader::sync) and must not keep another session's.
static std::uint64_t nextLayoutVersion() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

Session::Session(core::Scene scene) { replaceScene(std::move(scene)); }

void Session::replaceScene(core::Scene scene) {
  core::checkKeptPoints(scene.runs, "runs");
  scene_ = std::move(scene);
  keptPoints_ = core::keptPointCount(scene_.runs);
  runs_.assign(scene_.runs.size(), RunState{});
  noiseCaches_.clear();
  lastIteration_ = 0;
  indexRuns();
  ++versions_.surface;
  versions_.layout = nextLayoutVersion();
  ++versions_.styles;
}

void Session::checkIndex(std::size_t index) const {
  if (index >= runs_.size())
    throw Error("runs[" + std::to_string(index) + "]: no such run (the scene has " + std::to_string(runs_.size()) + ")");
}

void Session::setSurface(const core::SurfaceSpec& surface) {
  scene_.surface = surface;
  ++versions_.surface;
  for (auto& run : runs_) run.dirty = true;
}

void Session::setRenderOptions(const core::RenderSpec& render) {
  if (render.gridResolution < 2 || render.gridResolution > core::kMaxGridResolution)
    throw Error("render.grid: must be in [2, " + std::to_string(core::kMaxGridResolution) + "]");
  if (render == scene_.render) return;
  // Hidden paths are a frame option (FrameOptions::hiddenPaths): nothing to rebuild when only they change.
  core::RenderSpec uploaded = render;
  uploaded.display.hiddenPaths = scene_.render.display.hiddenPaths;
  const bool rebuild = !(uploaded == scene_.render);
  scene_.render = render;
  if (rebuild) ++versions_.surface;
}

void Session::setRun(std::size_t index, const core::RunSpec& run) {
  checkIndex(index);
  // A run that carries its points (runs[i].points) is a recorded path: nothing moves it.
  if (scene_.runs[index].points && traceInputsDiffer(scene_.runs[index], run))
    throw Error("the run carries its points: its start, optimizer and iterations are the recorded path's; "
                "only label, colour, marker and visibility change");
  core::validate(run.optimizer);
  if (run.iterations < 0 || run.iterations > core::kMaxIterations)
    throw Error("iterations: must be in [0, " + std::to_string(core::kMaxIterations) + "]");
  if (!(run.tolerance >= 0)) throw Error("tolerance: must be >= 0");
  if (run.schedule) {
    try {
      core::validate(*run.schedule, run.optimizer.kind, run.iterations);
    } catch (const Error& error) {
      throw Error(std::string("schedule.") + error.what());
    }
  }
  const std::int64_t keptPoints = keptPoints_ - core::keptPointCount(scene_.runs[index]) + core::keptPointCount(run);
  core::checkKeptPoints(keptPoints, scene_.runs.size(), "iterations");
  core::RunSpec& current = scene_.runs[index];
  core::RunSpec edited = run;
  edited.noise.stream = index;
  const bool traceChanged = traceInputsDiffer(current, edited);
  const bool styleChanged = styleDiffers(current, edited);
  const bool indexChanged = isParticle(current) != isParticle(edited) || current.schedule.has_value() != edited.schedule.has_value();
  current = std::move(edited);
  keptPoints_ = keptPoints;
  if (indexChanged) indexRuns();
  ++contentVersion_;
  if (traceChanged) runs_[index].dirty = true;
  if (styleChanged) ++versions_.styles;
}

void Session::setVisible(std::size_t index, bool visible) {
  checkIndex(index);
  if (runs_[index].visible == visible) return;
  runs_[index].visible = visible;
  ++versions_.styles;
  ++contentVersion_;
}

std::size_t Session::addRun(const core::RunSpec& run) {
  if (scene_.runs.size() >= core::kMaxRuns) throw Error("runs: at most " + std::to_string(core::kMaxRuns) + " runs");
  core::validate(run.optimizer);
  core::checkKeptPoints(keptPoints_ + core::keptPointCount(run), scene_.runs.size() + 1, "runs");
  scene_.runs.push_back(run);
  keptPoints_ += core::keptPointCount(run);
  scene_.runs.back().noise.stream = scene_.runs.size() - 1;
  runs_.push_back(RunState{});
  indexRuns();
  versions_.layout = nextLayoutVersion();
  ++versions_.styles;
  return scene_.runs.size() - 1;
}

std::size_t Session::duplicateRun(std::size_t index) {
  checkIndex(index);
  core::RunSpec copy = scene_.runs[index];
  // A copy is there to be varied: give it its own colour and marker so the two can be told apart.
  copy.color.reset();
  copy.marker.reset();
  if (copy.label) *copy.label += " (copy)";
  const bool visible = runs_[index].visible;
  const std::size_t added = addRun(copy);
  runs_[added].visible = visible;
  return added;
}

void Session::removeRun(std::size_t index) {
  checkIndex(index);
  keptPoints_ -= core::keptPointCount(scene_.runs[index]);
  const bool heldLast = lastIterationOf(index) == lastIteration_;
  scene_.runs.erase(scene_.runs.begin() + static_cast<std::ptrdiff_t>(index));
  runs_.erase(runs_.begin() + static_cast<std::ptrdiff_t>(index));
  renumberNoiseStreams(index);
  indexRuns();
  if (heldLast) {
    lastIteration_ = 0;
    for (std::size_t i = 0; i < runs_.size(); ++i) lastIteration_ = std::max(lastIteration_, lastIterationOf(i));
  }
  versions_.layout = nextLayoutVersion();
  ++versions_.styles;
}

void Session::renumberNoiseStreams(std::size_t from) {
  for (std::size_t i = from; i < scene_.runs.size(); ++i) {
    core::NoiseSpec& noise = scene_.runs[i].noise;
    if (noise.stream == i) continue;
    noise.stream = i;
    if (noise.active()) runs_[i].dirty = true;
  }
}

bool Session::needsRecompute() const {
  return std::any_of(runs_.begin(), runs_.end(), [](const RunState& run) { return run.dirty; });
}

void Session::fillLrSeries(std::span<const std::size_t> runs) {
  const std::vector<core::RunSpec>& specs = scene_.runs;
  std::shared_ptr<const std::vector<core::TracePoint>> shared;
  const bool oneSchedule = !runs.empty() && specs[runs[0]].schedule &&
                           std::all_of(runs.begin(), runs.end(), [&](std::size_t i) { return core::batchCompatible(specs[i], specs[runs[0]]); });
  if (oneSchedule)
    shared = std::make_shared<const std::vector<core::TracePoint>>(stepLrSeries(specs[runs[0]], std::size_t(specs[runs[0]].iterations)));
  core::parallelFor(runs.size(), 64, [&](std::size_t c) {
    RunTrace& trace = runs_[runs[c]].trace;
    const std::size_t count = trace.points().size();
    const std::size_t steps = count == 0 ? 0 : count - 1;
    const core::RunSpec& spec = specs[runs[c]];
    trace.constantLr_ = !spec.schedule;
    if (oneSchedule) {
      trace.sharedLr_ = shared;
      trace.lrCount_ = std::min(steps, shared->size());
    } else {
      trace.sharedLr_.reset();
      if (trace.constantLr_) trace.lrCount_ = constantLrSeries(spec, steps, trace.constantLrPoints_);
      else fillStepLrSeries(spec, steps, trace.ownedLr_);  // in the series' own storage: no allocation a run
    }
  });
}

std::shared_ptr<core::TraceColumns> Session::batchColumns(std::span<const std::size_t> batch) const {
  const std::shared_ptr<core::TraceColumns>& current = runs_[batch[0]].trace.columns_;
  if (!current) return std::make_shared<core::TraceColumns>();
  long viewers = 0;
  for (const std::size_t i : batch) viewers += runs_[i].trace.columns_ == current ? 1 : 0;
  // use_count counts the traces that hold them (nothing else keeps them).
  return current.use_count() == viewers ? current : std::make_shared<core::TraceColumns>();
}

std::vector<std::size_t> Session::recompute() {
  std::vector<std::size_t> changed;
  // Whether a run that ends at lastIteration_ is traced again (it may end earlier now: all runs are looked at).
  bool lastMayDrop = false;
  for (std::size_t i = 0; i < runs_.size(); ++i)
    if (runs_[i].dirty) {
      changed.push_back(i);
      lastMayDrop = lastMayDrop || lastIterationOf(i) == lastIteration_;
    }
  const core::Surface& surface = scene_.surface.surface;
  // Consecutive dirty runs that differ only in start and noise stream (an ensemble's particles after an
  // edit) are traced together by the batch core, SIMD across runs on every core; the others one by one
  // with traceRun, on every core. Either way each run's points are traceRun's bits at any thread count.
  std::vector<std::size_t> singles;
  std::vector<const core::RunSpec*> specs;
  std::vector<std::vector<core::TracePoint>*> lists;
  for (std::size_t c = 0; c < changed.size();) {
    std::size_t end = c + 1;
    while (end < changed.size() && changed[end] == changed[end - 1] + 1 &&
           core::batchCompatible(scene_.runs[changed[end]], scene_.runs[changed[c]]))
      ++end;
    if (end - c < kMinBatchRuns || scene_.runs[changed[c]].points) {
      singles.insert(singles.end(), changed.begin() + std::ptrdiff_t(c), changed.begin() + std::ptrdiff_t(end));
      c = end;
      continue;
    }
    const std::span<const std::size_t> batch(changed.data() + c, end - c);
    specs.clear();
    lists.clear();
    for (const std::size_t i : batch) specs.push_back(&scene_.runs[i]);
    core::BatchOptions options;
    options.noiseCache = &noiseCaches_[batch[0]];
    // An ensemble's particles keep their points in the columns alone (the bands read them in order); the
    // runs of another batch (a sweep of starts) get arrays of their own, which the plots read.
    const bool particles = isParticle(scene_.runs[batch[0]]);
    std::shared_ptr<core::TraceColumns> columns;
    if (particles) columns = batchColumns(batch);
    else
      for (const std::size_t i : batch) lists.push_back(&runs_[i].trace.owned_);
    const std::vector<core::BatchTraced> traced = core::traceBatch(surface, specs, lists, options, columns.get());
    for (std::size_t k = 0; k < batch.size(); ++k) {
      RunTrace& trace = runs_[batch[k]].trace;
      trace.outcome = traced[k].outcome;
      trace.bestLoss = traced[k].bestLoss;
      trace.columns_ = columns;
      trace.lane_ = k;
      trace.count_ = traced[k].points;
      if (particles && trace.owned_.capacity() != 0) std::vector<core::TracePoint>().swap(trace.owned_);
    }
    c = end;
  }
  core::parallelFor(singles.size(), 16, [&](std::size_t c) {
    RunState& state = runs_[singles[c]];
    const core::RunSpec& spec = scene_.runs[singles[c]];
    state.trace.columns_.reset();
    auto& points = state.trace.owned_;
    points.clear();
    points.reserve(static_cast<std::size_t>(std::min<std::int64_t>(spec.iterations, 1 << 20)) + 1);
    state.trace.outcome = core::traceRun(surface, spec, [&points](const core::TracePoint& point) { points.push_back(point); });
    state.trace.bestLoss = points.empty() ? 0 : points.front().z;
    for (const core::TracePoint& point : points) state.trace.bestLoss = std::min(state.trace.bestLoss, point.z);
  });
  fillLrSeries(changed);
  for (const std::size_t i : changed) {
    runs_[i].dirty = false;
    runs_[i].traceVersion = nextTraceVersion_++;
  }
  if (lastMayDrop) lastIteration_ = 0;
  for (std::size_t i = 0; lastMayDrop && i < runs_.size(); ++i) lastIteration_ = std::max(lastIteration_, lastIterationOf(i));
  for (const std::size_t i : changed) lastIteration_ = std::max(lastIteration_, lastIterationOf(i));
  if (!changed.empty()) ++contentVersion_;
  return changed;
}

const core::TraceColumns* Session::columns(std::size_t first, std::size_t end) const {
  if (first >= end || end > runs_.size()) return nullptr;
  const std::shared_ptr<core::TraceColumns>& columns = runs_[first].trace.columns_;
  if (!columns || columns->runs != end - first) return nullptr;
  // Every run of the range views its own lane of them, in order (a run traced again since views others).
  for (std::size_t r = 0; r < end - first; ++r)
    if (runs_[first + r].trace.columns_ != columns || runs_[first + r].trace.lane_ != r) return nullptr;
  return columns.get();
}

std::int64_t Session::lastIterationOf(std::size_t index) const {
  const core::TracePointsView points = runs_[index].trace.points();
  return points.empty() ? 0 : std::max<std::int64_t>(0, points.back().iteration);
}

void Session::indexRuns() {
  plainRuns_.clear();
  scheduledRuns_ = 0;
  for (std::size_t i = 0; i < scene_.runs.size(); ++i) {
    if (!isParticle(scene_.runs[i])) plainRuns_.push_back(i);
    if (scene_.runs[i].schedule) ++scheduledRuns_;
  }
  ++contentVersion_;
}

render::RunStyle Session::style(std::size_t index) const {
  checkIndex(index);
  render::RunStyle style = render::runStyle(scene_.runs[index], index);
  style.visible = runs_[index].visible;
  return style;
}

std::vector<render::RunStyle> Session::styles() const {
  std::vector<render::RunStyle> result;
  result.reserve(runs_.size());
  for (std::size_t i = 0; i < runs_.size(); ++i) result.push_back(style(i));
  return result;
}

core::RunSpec Session::newRunTemplate() const {
  const core::Domain domain = scene_.surface.domain();
  core::RunSpec run;
  // Spread new starts over the domain so added runs do not sit on top of each other.
  const double t = static_cast<double>(runs_.size() % 7) / 7.0;
  run.start = {domain.xMin + (0.2 + 0.6 * t) * (domain.xMax - domain.xMin),
               domain.yMin + (0.8 - 0.6 * t) * (domain.yMax - domain.yMin)};
  return run;
}

}  // namespace gradscape::app
