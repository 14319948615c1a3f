// The runs' paths: each run's style, its points (data coordinates and the GPU trajectory built from
// them) and whether it diverged; drawn with alpha so that each run blends at most once per sample.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "core/trace.hpp"
#include "render/frame_options.hpp"
#include "render/frame_pass.hpp"
#include "render/gl_objects.hpp"
#include "render/legend.hpp"
#include "core/trace_points_view.hpp"
#include "render/path_points.hpp"
#include "render/path_segments.hpp"

namespace gradscape::render {

struct RunState {
  RunStyle style;
  std::vector<glm::dvec3> data;  // the points as appended (data coordinates), to rebuild for a new surface
  // The points when the caller lent them (PathLayer::Replacement::lend): read in place, and `data` stays
  // empty. 10,000 particles' copies were a tenth of an ensemble edit's frame.
  core::TracePointsView lent;
  PathPoints path;               // empty for a particle (style.particle): the particle layer draws it
  bool diverged = false;

  std::size_t pointCount() const { return lent.empty() ? data.size() : lent.size(); }
  // Point k in data coordinates, k < pointCount().
  glm::dvec3 point(std::size_t k) const {
    if (lent.empty()) return data[k];
    const core::TracePoint p = lent[k];
    return {p.x, p.y, p.z};
  }
};

// A point lying on the surface in world-box units with the surface normal there (normal 0 outside the
// domain or where the surface is not finite): how paths and the internals overlay sit on the surface.
PathVertex pathVertex(const glm::dvec3& data, const SurfacePlacement& placement);

// The last point index a frame at `iteration` shows for a run of `size` points (size must be > 0).
std::size_t lastShownPoint(std::size_t size, std::int64_t iteration);

class PathLayer {
 public:
  // Stencil ids 1..255 of the 8-bit stencil (0 is "no run"): run r has id r % kStencilIds + 1, so
  // drawAll draws the runs in batches of kStencilIds and clears the stencil between batches.
  static constexpr std::size_t kStencilIds = 255;

  PathLayer();

  // Number of runs and their styles; keeps the points of runs that still exist. True when the legend
  // changes (a run came or went, or a style changed).
  bool setRuns(std::span<const RunStyle> styles);
  std::size_t size() const { return runs_.size(); }
  // Throws gradscape::Error for a run that does not exist.
  RunState& run(std::size_t index);
  const RunState& run(std::size_t index) const;
  // The visible runs' legend rows, in run order (kept from setRuns to setRuns: asked every frame).
  const std::vector<LegendEntry>& legendEntries() const { return legend_; }
  // The runs drawn as paths, not particles, in run order: what a frame's loops over runs visit, so that an
  // ensemble's 10,000 particles cost them nothing (kept from setRuns to setRuns).
  std::span<const std::size_t> pathRuns() const { return pathRuns_; }

  void append(std::size_t run, std::span<const core::TracePoint> points, const SurfacePlacement& placement);
  // Clears each listed run and appends its points, as clear and append do; the vertices (a surface
  // evaluation a point) are computed on every core. An edit of every run's lr replaces 100 paths at once.
  // Each run at most once in `replacements`.
  struct Replacement {
    std::size_t run;
    core::TracePointsView points;  // an array, or a lane of a batch's columns
    // The points are not copied but read where they are (RunState::lent), until the run's next replace,
    // append or clear: the caller keeps them alive and unchanged until then. A path still computes its
    // vertices from them.
    bool lend = false;
    bool diverged = false;  // as setDiverged
  };
  void replace(std::span<const Replacement> replacements, const SurfacePlacement& placement);
  void clear(std::size_t run);
  // New box or surface: every point gets its world position and normal again.
  void placeAll(const SurfacePlacement& placement);
  // Bumps whenever a particle's points, style or placement change (the particle layer rebuilds then).
  std::uint64_t particleVersion() const { return particleVersion_; }
  // Bumps with each placeAll (a new surface or box).
  std::uint64_t placementVersion() const { return placementVersion_; }

  // Every visible run up to the frame's iteration, in run order.
  void drawAll(const ViewProjection& view, const FrameOptions& options, double chordGapWorld);
  // Part of a run's path: its segments ending in (firstPoint, lastPoint] (PathPoints::forEachDrawnPoint),
  // so that draws of consecutive ranges add up to the draw of their union.
  struct RunRange {
    std::size_t run;
    std::size_t firstPoint, lastPoint;
  };
  // Draws a few runs' ranges (ascending runs, each at most once) over what is there. Over a stencil a
  // previous drawAll left, this is only right while ids are unique (size() <= kStencilIds): otherwise a
  // run's new segments hide under an older path of a run with its id.
  void drawRanges(const ViewProjection& view, std::span<const RunRange> ranges, const FrameOptions& options,
                  double chordGapWorld);
  // Draws each run with a call of its own and its stencil id as the reference, as on a GL without
  // ARB_shader_stencil_export (path_segments.hpp); the pictures are the same (tests compare them).
  void drawEachRunAlone(bool alone);

 private:
  // Runs a thread takes at least in replace and in choosing kept points (a path of 1,000 points takes
  // some 20 us, a thread's start as much).
  static constexpr std::size_t kRunsPerTask = 8;

  std::vector<LegendEntry> collectLegendEntries() const;
  // drawAll and drawRanges: gathers the ranges' segments into one batch and draws them; with
  // clearBetweenBatches, the stencil is cleared before a run whose id an earlier run of the draw had.
  void draw(const ViewProjection& view, std::span<const RunRange> ranges, const FrameOptions& options,
            double chordGapWorld, bool clearBetweenBatches);

  std::vector<std::unique_ptr<RunState>> runs_;
  std::vector<LegendEntry> legend_;
  std::vector<std::size_t> pathRuns_;
  std::vector<std::size_t> placed_;  // replace's: the replacements the workers take (all but lent particles)
  std::uint64_t particleVersion_ = 0;
  std::uint64_t placementVersion_ = 0;
  std::vector<RunRange> ranges_;              // drawAll's, kept so frames allocate nothing
  std::vector<SegmentRange> rangeSegments_;   // draw's: each range's segments in batch_
  PathSegmentBatch batch_;
  bool eachRunAlone_ = !stencilExportSupported();
  gl::Program program_;
};

}  // namespace gradscape::render
