// The runs' paths (see path_layer.hpp).
#include "render/path_layer.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/parallel_for.hpp"
#include "core/run_expansion.hpp"
#include "render/surface_mesh.hpp"
#include "render/sweep_legend.hpp"

namespace gradscape::render {

namespace {

// pathVertex with the surface's domain and evaluator in hand: a batch of points visits the surface once
// (its evaluation inlined) instead of once a point. The same arithmetic, so the same bits. It writes the
// vertex where it goes, field by field: a PathVertex built on the stack and copied there made every point
// wait on a store-to-load forward that fails (narrow stores, wide loads), half the upload's time.
template <class Evaluate>
[[gnu::always_inline]] inline void placeVertex(const glm::dvec3& data, const SurfacePlacement& placement,
                                               const core::Domain& domain, const Evaluate& evaluate,
                                               PathVertex& vertex) {
  vertex.world = dataToWorld(placement.box, data);
  vertex.normal = glm::vec3(0);
  if (!(data.x >= domain.xMin && data.x <= domain.xMax && data.y >= domain.yMin && data.y <= domain.yMax))
    return;
  const core::ValueAndGradient f = evaluate(data.x, data.y);
  if (!std::isfinite(f.value) || !std::isfinite(f.dx) || !std::isfinite(f.dy)) return;
  const glm::dvec3& scale = placement.worldPerData;
  const glm::dvec3 normal(-f.dx * scale.z / scale.x, -f.dy * scale.z / scale.y, 1.0);
  if (std::isfinite(glm::length(normal))) vertex.normal = glm::vec3(glm::normalize(normal));
}

// Calls place(placeOne) with placeOne(data, vertex) writing pathVertex(data, placement) to vertex.
template <class Place>
void withPathVertices(const SurfacePlacement& placement, Place&& place) {
  if (!placement.surface) {
    place([&](const glm::dvec3& data, PathVertex& vertex) {
      vertex.world = dataToWorld(placement.box, data);
      vertex.normal = glm::vec3(0);
    });
    return;
  }
  const core::Domain domain = placement.surface->domain();
  placement.surface->surface.visit([&](auto evaluate) {
    place([&](const glm::dvec3& data, PathVertex& vertex) { placeVertex(data, placement, domain, evaluate, vertex); });
  });
}

}  // namespace

// A path point in world-box units with the surface normal there (0 outside the domain or where the
// surface is not finite: such points are not on the surface).
PathVertex pathVertex(const glm::dvec3& data, const SurfacePlacement& placement) {
  PathVertex vertex;
  withPathVertices(placement, [&](const auto& placeOne) { placeOne(data, vertex); });
  return vertex;
}

namespace {

glm::dvec3 dataOf(const glm::dvec3& point) { return point; }
glm::dvec3 dataOf(const core::TracePoint& point) { return {point.x, point.y, point.z}; }

// Writes the vertices of `points` (pathVertex's; dvec3s or trace points, indexed) to `out`, visiting the
// surface once.
template <class Points>
void placeEach(const Points& points, const SurfacePlacement& placement, std::span<PathVertex> out) {
  withPathVertices(placement, [&](const auto& placeOne) {
    for (std::size_t k = 0; k < points.size(); ++k) placeOne(dataOf(points[k]), out[k]);
  });
}
void placeVertices(std::span<const glm::dvec3> points, const SurfacePlacement& placement, std::span<PathVertex> out) {
  placeEach(points, placement, out);
}
void placeVertices(const core::TracePointsView& points, const SurfacePlacement& placement, std::span<PathVertex> out) {
  // An array is read without the view's test a point.
  if (const auto array = points.contiguous(); array.size() == points.size()) placeEach(array, placement, out);
  else placeEach(points, placement, out);
}

// Appends `points` to the run's own data and, for a path (a particle is data only: the particle layer
// uploads every particle at once), their vertices to the path.
void appendPoints(RunState& state, const core::TracePointsView& points, const SurfacePlacement& placement) {
  if (!state.lent.empty()) {  // the lent points become the run's own before more follow them
    for (const core::TracePoint point : state.lent) state.data.emplace_back(point.x, point.y, point.z);
    state.lent = {};
  }
  const std::size_t first = state.data.size();
  if (first == 0) state.data.reserve(points.size());  // not on later appends: that would grow it one by one
  for (const core::TracePoint point : points) state.data.emplace_back(point.x, point.y, point.z);
  if (!state.style.particle) placeVertices(points, placement, state.path.extend(points.size()));
}

}  // namespace

std::size_t lastShownPoint(std::size_t size, std::int64_t iteration) {
  if (iteration < 0) return size - 1;
  return std::min(size - 1, static_cast<std::size_t>(iteration));
}

namespace {
// trajectory.vert/.frag, writing each run's stencil id from the fragment shader when stencilExport.
gl::Program trajectoryProgram(bool stencilExport) {
  const std::string defines[] = {"STENCIL_EXPORT"};
  return gl::Program::fromFiles("trajectory.vert", "trajectory.frag",
                                stencilExport ? std::span<const std::string>(defines) : std::span<const std::string>());
}
}  // namespace

PathLayer::PathLayer() : program_(trajectoryProgram(!eachRunAlone_)) {}

void PathLayer::drawEachRunAlone(bool alone) {
  alone = alone || !stencilExportSupported();
  if (alone == eachRunAlone_) return;
  eachRunAlone_ = alone;
  program_ = trajectoryProgram(!alone);
}

namespace {
double mergeRadiusFor(const FrameOptions& options) {
  return options.moving ? PathPoints::kMovingMergeRadiusPixels : PathPoints::kMergeRadiusPixels;
}
double chordToleranceFor(const FrameOptions& options) {
  return options.moving ? PathPoints::kMovingChordTolerancePixels : 0.0;
}
}  // namespace

bool PathLayer::setRuns(std::span<const RunStyle> styles) {
  bool changed = runs_.size() != styles.size();
  while (runs_.size() > styles.size()) runs_.pop_back();
  while (runs_.size() < styles.size()) runs_.push_back(std::make_unique<RunState>());
  for (std::size_t i = 0; i < styles.size(); ++i) {
    if (runs_[i]->style == styles[i]) continue;
    if (runs_[i]->style.particle != styles[i].particle) clear(i);  // points go to the other layer now
    runs_[i]->style = styles[i];
    changed = true;
  }
  if (changed) {
    ++particleVersion_;
    legend_ = collectLegendEntries();
    pathRuns_.clear();
    for (std::size_t i = 0; i < runs_.size(); ++i)
      if (!runs_[i]->style.particle) pathRuns_.push_back(i);
  }
  return changed;
}

RunState& PathLayer::run(std::size_t index) {
  return const_cast<RunState&>(static_cast<const PathLayer&>(*this).run(index));
}

const RunState& PathLayer::run(std::size_t index) const {
  if (index >= runs_.size())
    throw Error("renderer: run " + std::to_string(index) + " does not exist (" + std::to_string(runs_.size()) +
                " runs)");
  return *runs_[index];
}

std::vector<LegendEntry> PathLayer::collectLegendEntries() const {
  std::vector<LegendEntry> entries;
  const core::RunGroup* lastGroup = nullptr;
  for (const auto& state : runs_) {
    const RunStyle& style = state->style;
    if (!style.visible || !style.inLegend) continue;
    // A sweep's runs share one row and its colour bar (an ensemble's row is its member 0's, inLegend).
    if (style.group && style.group->sweep) {
      if (style.group.get() != lastGroup)
        entries.push_back({style.marker, groupLegendLabel(*style.group), sweepKeyOf(*style.group)});
      lastGroup = style.group.get();
      continue;
    }
    lastGroup = nullptr;
    entries.push_back({style.marker, style.label});
  }
  return entries;
}

void PathLayer::append(std::size_t index, std::span<const core::TracePoint> points,
                       const SurfacePlacement& placement) {
  RunState& state = run(index);
  appendPoints(state, points, placement);
  if (state.style.particle) ++particleVersion_;
}

void PathLayer::replace(std::span<const Replacement> replacements, const SurfacePlacement& placement) {
  for (const Replacement& replacement : replacements) run(replacement.run);  // throws before any work
  // One pass clears every run and takes lent points as they are; only paths (whose vertices are computed)
  // and copied particles go on to the workers. 10,000 lent particles cost a pass over their states, not
  // three.
  placed_.clear();
  for (std::size_t k = 0; k < replacements.size(); ++k) {
    const Replacement& replacement = replacements[k];
    clear(replacement.run);
    RunState& state = *runs_[replacement.run];
    state.diverged = replacement.diverged;
    if (replacement.lend) state.lent = replacement.points;
    if (!replacement.lend || !state.style.particle) placed_.push_back(k);
  }
  core::parallelFor(placed_.size(), kRunsPerTask, [&](std::size_t c) {
    const Replacement& replacement = replacements[placed_[c]];
    RunState& state = *runs_[replacement.run];
    if (!replacement.lend) appendPoints(state, replacement.points, placement);
    else placeVertices(state.lent, placement, state.path.extend(state.lent.size()));
  });
}

void PathLayer::clear(std::size_t index) {
  RunState& state = run(index);
  state.data.clear();
  state.lent = {};
  state.path.clear();
  state.diverged = false;
  if (state.style.particle) ++particleVersion_;
}

void PathLayer::placeAll(const SurfacePlacement& placement) {
  ++particleVersion_;
  ++placementVersion_;
  for (auto& state : runs_) {
    if (state->style.particle) continue;
    std::vector<PathVertex> vertices(state->pointCount());
    if (state->lent.empty()) placeVertices(std::span<const glm::dvec3>(state->data), placement, vertices);
    else placeVertices(state->lent, placement, vertices);
    if (!vertices.empty() || state->path.size() != 0) state->path.replaceAll(std::move(vertices));
  }
}

void PathLayer::drawAll(const ViewProjection& view, const FrameOptions& options, double chordGapWorld) {
  // A new camera (every orbiting frame) makes each path project all its points again to choose the ones
  // it keeps: the paths choose on every core, then draw in order here.
  const double mergeRadius = mergeRadiusFor(options);
  const double chordTolerance = chordToleranceFor(options);
  core::parallelFor(pathRuns_.size(), kRunsPerTask, [&](std::size_t k) {
    RunState& state = *runs_[pathRuns_[k]];
    if (state.style.visible && state.path.size() >= 2) state.path.chooseKept(view, mergeRadius, chordTolerance);
  });
  ranges_.clear();
  for (const std::size_t r : pathRuns_) {
    const RunState& state = *runs_[r];
    if (state.style.visible && state.path.size() >= 2)
      ranges_.push_back({r, 0, lastShownPoint(state.path.size(), options.iteration)});
  }
  draw(view, ranges_, options, chordGapWorld, true);
}

void PathLayer::drawRanges(const ViewProjection& view, std::span<const RunRange> ranges, const FrameOptions& options,
                           double chordGapWorld) {
  for (const RunRange& range : ranges) run(range.run);  // throws before any work
  draw(view, ranges, options, chordGapWorld, false);
}

void PathLayer::draw(const ViewProjection& view, std::span<const RunRange> ranges, const FrameOptions& options,
                     double chordGapWorld, bool clearBetweenBatches) {
  const double mergeRadius = mergeRadiusFor(options);
  const double chordTolerance = chordToleranceFor(options);
  batch_.clear();
  rangeSegments_.clear();
  for (const RunRange& range : ranges) {
    RunState& state = *runs_[range.run];
    state.path.chooseKept(view, mergeRadius, chordTolerance);  // drawAll's choice stands: nothing new to decide
    batch_.beginRun(state.style.color, static_cast<int>(range.run % kStencilIds) + 1);
    state.path.forEachDrawnPoint(range.firstPoint, range.lastPoint,
                                 [&](const PathVertex& point) { batch_.addPoint(point); });
    rangeSegments_.push_back(batch_.endRun());
  }
  if (batch_.segmentCount() == 0) return;
  batch_.upload();

  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);
  glDepthMask(GL_FALSE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  // Each run blends at most once per sample (segments overlap at joints): the stencil holds the id
  // of the last run drawn there, and a run only draws where the id differs. With the stencil exported,
  // the reference given here is replaced by each fragment's run id.
  glEnable(GL_STENCIL_TEST);
  glStencilMask(0xFF);
  glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
  glStencilFunc(GL_NOTEQUAL, 0, 0xFF);
  program_.use();
  setSurfaceDepthUniforms(program_, view, chordGapWorld);
  program_.setUniform("halfWidth", static_cast<float>(0.5 * view.pointsToPixels(options.lineWidthPoints)));
  program_.setUniform("pathPoints", static_cast<int>(PathSegmentBatch::kPointsTextureUnit));
  program_.setUniform("segments", static_cast<int>(PathSegmentBatch::kSegmentsTextureUnit));
  program_.setUniform("runs", static_cast<int>(PathSegmentBatch::kRunsTextureUnit));
  program_.setUniform("alpha", static_cast<float>(options.lineAlpha));

  // render.hidden_paths "faint" draws each run twice, the samples the surface hides (the depth test's
  // complement) faintly after the visible ones; the stencil still lets each run blend once per sample,
  // which holds only if a run's two draws follow each other.
  const bool faint = options.hiddenPartsAlpha() > 0;
  const bool oneDrawPerBatch = !eachRunAlone_ && !faint;
  // Runs come in batches of kStencilIds (run r has id r % kStencilIds + 1); a new batch forgets the
  // previous batch's ids where clearBetweenBatches, or run r would not draw where run r - kStencilIds did.
  // With at most kStencilIds runs this never happens.
  bool drawnSinceClear = false;  // a batch that drew nothing (an ensemble's particles) needs no clear
  SegmentRange pending;          // one-draw mode: the batch's segments not yet drawn
  std::size_t batch = ranges.empty() ? 0 : ranges.front().run / kStencilIds;
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    const std::size_t r = ranges[k].run;
    if (r / kStencilIds != batch) {
      batch_.draw(pending);
      pending = {};
      if (clearBetweenBatches && drawnSinceClear) {
        glClearStencil(0);
        glClear(GL_STENCIL_BUFFER_BIT);
        drawnSinceClear = false;
      }
      batch = r / kStencilIds;
    }
    const SegmentRange segments = rangeSegments_[k];
    if (segments.count == 0) continue;
    drawnSinceClear = true;
    if (oneDrawPerBatch) {
      pending = pending.count == 0 ? segments : SegmentRange{pending.first, segments.end() - pending.first};
      continue;
    }
    if (eachRunAlone_) glStencilFunc(GL_NOTEQUAL, static_cast<GLint>(r % kStencilIds) + 1, 0xFF);
    batch_.draw(segments);
    if (faint) {
      glDepthFunc(GL_GREATER);
      program_.setUniform("alpha", static_cast<float>(options.hiddenPartsAlpha()));
      batch_.draw(segments);
      glDepthFunc(GL_LEQUAL);
      program_.setUniform("alpha", static_cast<float>(options.lineAlpha));
    }
  }
  batch_.draw(pending);
  glDisable(GL_STENCIL_TEST);
}

}  // namespace gradscape::render
