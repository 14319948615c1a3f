// The viewer's model: the scene being edited, every run's trace, and version counters that tell the
// renderer (and recorders) exactly what changed. Pure CPU: no GL, no window.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/batch_descent.hpp"
#include "core/batch_trace.hpp"
#include "core/scene.hpp"
#include "core/trace.hpp"
#include "core/trace_points_view.hpp"
#include "render/renderer.hpp"

namespace gradscape::app {

// A run's trace. Its points are its own (a run traced alone, or one of a batch of plain runs) or, for an
// ensemble's particle traced with its batch, one lane of the batch's columns, which the batch's particles
// share and which stay alive as long as one of them views them: an edit of 10,000 particles writes each
// point once, into the columns, instead of copying 64 MB out of them.
struct RunTrace {
  core::RunOutcome outcome;
  double bestLoss = 0;  // the lowest f among the points (0 when there are none)

  // Row 0 is the start. Valid until the run is traced again (or the session is replaced).
  core::TracePointsView points() const {
    return columns_ ? core::columnPoints(*columns_, lane_, count_) : core::TracePointsView(owned_);
  }
  // The lr each step used, as points (iteration k: the step from point k; the lr in z) for the lr plot; a
  // run without a schedule has its constant lr at the first and last step, kept here (a block of its own
  // for each of 10,000 particles was a tenth of their edit's recompute). Runs of a batch that share a
  // schedule share one series, each viewing its first steps.
  core::TracePointsView lrSeries() const {
    if (sharedLr_) return std::span<const core::TracePoint>(sharedLr_->data(), lrCount_);
    if (constantLr_) return std::span<const core::TracePoint>(constantLrPoints_.data(), lrCount_);
    return ownedLr_;
  }

 private:
  friend class Session;
  std::vector<core::TracePoint> owned_;
  std::shared_ptr<core::TraceColumns> columns_;  // when set, the points are lane_'s first count_ rows
  std::size_t lane_ = 0, count_ = 0;
  std::vector<core::TracePoint> ownedLr_;  // a scheduled run's own series
  std::shared_ptr<const std::vector<core::TracePoint>> sharedLr_;  // when set, the series is its first lrCount_
  bool constantLr_ = false;  // when set (and no sharedLr_), the series is constantLrPoints_'s first lrCount_
  std::array<core::TracePoint, 2> constantLrPoints_{};
  std::size_t lrCount_ = 0;
};

// What each edit invalidates; consumers remember the versions they last saw.
struct SessionVersions {
  std::uint64_t surface = 0;  // surface, domain or render options: rebuild the mesh
  std::uint64_t layout = 0;   // runs added, removed or reordered: re-upload every trajectory (unique across sessions)
  std::uint64_t styles = 0;   // colour, marker, label, visibility
};

class Session {
 public:
  explicit Session(core::Scene scene);

  const core::Scene& scene() const { return scene_; }
  std::size_t runCount() const { return scene_.runs.size(); }
  const core::RunSpec& run(std::size_t index) const { return scene_.runs.at(index); }
  bool visible(std::size_t index) const { return runs_.at(index).visible; }
  const RunTrace& trace(std::size_t index) const { return runs_.at(index).trace; }
  // Bumps each time run `index`'s points are recomputed.
  std::uint64_t traceVersion(std::size_t index) const { return runs_.at(index).traceVersion; }
  const SessionVersions& versions() const { return versions_; }

  // Edits. Each marks only what it affects; the traces are recomputed by recompute().
  // Throws gradscape::Error (e.g. "lr: must be >= 0 (got -1)") and keeps the old value when torch would
  // reject the optimizer, or when iterations/tolerance are out of range.
  void setSurface(const core::SurfaceSpec& surface);
  void setRenderOptions(const core::RenderSpec& render);
  void setRun(std::size_t index, const core::RunSpec& run);
  void setVisible(std::size_t index, bool visible);
  void setCamera(const core::CameraSpec& camera) { scene_.camera = camera; }
  void setViewMode(core::ViewMode mode) { scene_.viewMode = mode; }
  std::size_t addRun(const core::RunSpec& run);
  std::size_t duplicateRun(std::size_t index);
  void removeRun(std::size_t index);
  // Replaces everything (open, drop); the caller keeps the old session if loading failed.
  void replaceScene(core::Scene scene);

  // Traces every run whose inputs changed since the last call; returns their indices.
  std::vector<std::size_t> recompute();
  bool needsRecompute() const;
  // What the frame's loops over all runs ask, kept up to date by the edits: with an ensemble's 10,000
  // particles each scan of every run was a noticeable part of a playing frame (the plots asked several).
  // The largest last iteration over all runs (0 with no runs).
  std::int64_t lastIteration() const { return lastIteration_; }
  // The runs that are not an ensemble's particles, in run order.
  const std::vector<std::size_t>& plainRuns() const { return plainRuns_; }
  bool anySchedule() const { return scheduledRuns_ > 0; }
  // Bumps with every edit of a run, its visibility or its trace (and with runs added or removed).
  std::uint64_t contentVersion() const { return contentVersion_; }
  // The points of runs [first, end) by iteration (core::TraceColumns) when an ensemble's particles were
  // traced together exactly so and none has been traced again since; nullptr otherwise. What the bands read
  // in order instead of visiting 10,000 separate traces.
  const core::TraceColumns* columns(std::size_t first, std::size_t end) const;

  // How the renderer should draw each run (defaults resolved per index).
  std::vector<render::RunStyle> styles() const;
  render::RunStyle style(std::size_t index) const;

  // A run for "add": sgd from a point on the right of the domain.
  core::RunSpec newRunTemplate() const;

 private:
  struct RunState {
    bool visible = true;
    bool dirty = true;
    std::uint64_t traceVersion = 0;
    RunTrace trace;
  };
  void checkIndex(std::size_t index) const;
  // A run's noise stream is its index, as when a scene file is loaded (docs/scene-format.md): after runs
  // are added or removed, the viewer's traces stay the ones the saved file gives.
  void renumberNoiseStreams(std::size_t from);
  // plainRuns_ and scheduledRuns_ from scratch (runs added, removed or replaced).
  void indexRuns();
  std::int64_t lastIterationOf(std::size_t index) const;
  // The columns the particle batch `batch` (run indices) is traced into: the ones its runs view now when no
  // other run views them (an edit of the whole ensemble writes over its 48 MB), new ones otherwise.
  std::shared_ptr<core::TraceColumns> batchColumns(std::span<const std::size_t> batch) const;
  // RunTrace::lrSeries of the runs just traced, on every core. Runs that share a schedule share its
  // series: it is computed once for the longest, and each run views its first steps.
  void fillLrSeries(std::span<const std::size_t> runs);

  core::Scene scene_;
  std::vector<RunState> runs_;
  SessionVersions versions_;
  std::uint64_t nextTraceVersion_ = 1;
  // keptPointCount of scene_.runs, kept up to date: an edit of every particle checks it once each.
  std::int64_t keptPoints_ = 0;
  // Each batch's noise deviates (by the batch's first run), drawn once for all the edits that keep its seed.
  std::map<std::size_t, core::NoiseCache> noiseCaches_;
  std::int64_t lastIteration_ = 0;
  std::vector<std::size_t> plainRuns_;
  std::size_t scheduledRuns_ = 0;
  std::uint64_t contentVersion_ = 0;
};

// Inputs of the descent (start, optimizer, iterations, tolerance, noise, schedule) differ: the trace must
// be redone.
bool traceInputsDiffer(const core::RunSpec& a, const core::RunSpec& b);
// The lr series of RunTrace::lrSeries for the first `steps` steps of `run`.
std::vector<core::TracePoint> stepLrSeries(const core::RunSpec& run, std::size_t steps);
// The same into `series` (its storage reused: an edit of 100 scheduled runs refills as many series).
void fillStepLrSeries(const core::RunSpec& run, std::size_t steps, std::vector<core::TracePoint>& series);
// The series of a run without a schedule (its constant lr at the first and last step) into `points`;
// returns how many (0 to 2).
std::size_t constantLrSeries(const core::RunSpec& run, std::size_t steps, std::array<core::TracePoint, 2>& points);
// 3d -> 2d -> split -> 3d: what the V key and the panel's button step through.
inline core::ViewMode nextViewMode(core::ViewMode mode) {
  return mode == core::ViewMode::threeD ? core::ViewMode::twoD
         : mode == core::ViewMode::twoD ? core::ViewMode::split
                                        : core::ViewMode::threeD;
}
// One of an ensemble's particles (drawn and plotted as the ensemble, not as a run of its own).
bool isParticle(const core::RunSpec& run);
// Label, colour or marker differ.
bool styleDiffers(const core::RunSpec& a, const core::RunSpec& b);

}  // namespace gradscape::app
