// One run's path on the CPU: its points in world-box units, as the run is traced, and the points a camera
// keeps of them. The points are drawn by PathSegmentBatch, which gathers the kept points of every run a
// frame draws into one GL store (path_segments.hpp).
//
// Drawing merges steps too small to see: for the camera of the draw, a point closer than
// kMergeRadiusPixels on screen to the last point kept is skipped, and segments join the kept points. On
// llvmpipe a path's cost is its overdraw (each segment's quad is shaded whole, since the round caps
// discard and the stencil is written), and a slow run's 1000 sub-pixel steps stack ~30 quads on every
// pixel. The choice for a point depends only on the points before it, so frame k's segments are a prefix
// of frame k+1's and the incremental animation still draws exactly what a full render draws.
//
// While the picture moves (the viewer's fast pass) a chord rule merges more: a point also goes when a
// straight segment from the last kept point to a later one passes within kMovingChordTolerancePixels of
// it. A converging run's late steps lie on a few nearly straight stretches on screen; on llvmpipe each
// segment's quad costs set-up and, for segments shorter than the line is wide, shades its pixels again
// (the round caps overlap), so long chords draw the same line for a fraction of the work. Whether a point
// goes is known only at a later point, so such a draw joins the last kept point to its last point itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "render/camera.hpp"

namespace gradscape::render {

// One path point as trajectory.vert reads it (three RG32F texels: world.xy, world.z normal.x, normal.yz).
struct PathVertex {
  glm::vec3 world;   // world-box units
  glm::vec3 normal;  // unit surface normal there (world-box units, facing +z); 0 when off the surface
  friend bool operator==(const PathVertex&, const PathVertex&) = default;
};

class PathPoints {
 public:
  // Pixels: a point this close to the last kept point is merged into the segment past it. matplotlib
  // itself simplifies line paths (path.simplify_threshold, 1/9 px); half a pixel changes only a few
  // edge pixels of a picture (see docs/performance.md) and removes most of the overdraw.
  static constexpr double kMergeRadiusPixels = 0.5;
  // The same while the picture moves (FrameOptions::moving): a path is 4 px wide at the viewer's size, so
  // merging steps under 1.5 px changes a few of its edge pixels (docs/performance.md, "Render speed").
  static constexpr double kMovingMergeRadiusPixels = 1.5;
  // Pixels: while moving, a point within this of the chord joining the kept points around it is merged
  // too (the chord rule above). 0 (every still frame, export, the tests' pictures): no chord rule.
  static constexpr double kMovingChordTolerancePixels = 0.5;

  void clear();
  void append(std::span<const PathVertex> points);
  // Appends `count` points for the caller to write (placed on the surface where they are stored).
  std::span<PathVertex> extend(std::size_t count);
  // Replaces every point (the data box changed).
  void replaceAll(std::vector<PathVertex> points);

  std::size_t size() const { return points_.size(); }
  std::span<const PathVertex> points() const { return points_; }

  // The indices of the points kept for `view` (0 first), ascending. Steps under mergeRadiusPixels are
  // merged (kMergeRadiusPixels or kMovingMergeRadiusPixels), and with a chord tolerance (> 0) the points
  // near chords.
  std::span<const std::int32_t> keptPoints(const ViewProjection& view, double mergeRadiusPixels = kMergeRadiusPixels,
                                           double chordTolerancePixels = 0.0);
  // Chooses the kept points for `view` (no GL call: several paths choose on several threads). The same
  // camera, radius and tolerance again only decide on the points appended since.
  void chooseKept(const ViewProjection& view, double mergeRadiusPixels, double chordTolerancePixels = 0.0);
  // Points decided on since construction: a fixed camera decides on appended points only (tests).
  std::size_t pointsExamined() const { return pointsExamined_; }

  // Calls visit(point) for each point the segments ending in (firstPoint, lastPoint] join, in order, as
  // the last chooseKept chose them: the kept points from the one that starts the first such segment, then
  // (with the chord rule, which decides on a point only at a later one) lastPoint itself when it is not
  // kept, since the points after the last kept one lie near the chord to it. Consecutive ranges' segments
  // add up to their union's. Visits nothing when no segment ends in the range.
  template <class Visit>
  void forEachDrawnPoint(std::size_t firstPoint, std::size_t lastPoint, Visit&& visit) const;

 private:
  // What the kept points were chosen for: the camera's clip transform, the viewport's size, the radius.
  struct ScreenKey {
    glm::dmat4 clipFromWorld;
    int width, height;
    double mergeRadius;
    double chordTolerance;
    friend bool operator==(const ScreenKey&, const ScreenKey&) = default;
  };

  // The chord rule's state between points (and between appends): the directions from the anchor that
  // pass within the tolerance of every point since it, as a wedge between two vectors (of any length),
  // and how far from the anchor those points reached (squared; nearSquared: (reach - tolerance) squared,
  // or -1 when that is not positive). Open: no point has left the merge radius yet.
  struct ChordWedge {
    bool open = true;
    glm::dvec2 clockwise{0}, counterclockwise{0};
    double reachSquared = 0;
    double nearSquared = -1;
    // Whether a chord to a point `step` pixels from the anchor still passes within `tolerance` of every
    // point since the anchor; if so the wedge narrows to hold this point too.
    bool admit(const glm::dvec2& step, double mergeRadius, double tolerance);
  };

  void keep(std::size_t point, const std::optional<glm::dvec2>& pixel);
  void resetKept() { keptFor_.reset(); }
  // The index in kept_ of the first kept point after `point` (kept_.size() when none is).
  std::size_t keptAfter(std::size_t point) const;

  std::vector<PathVertex> points_;

  std::optional<ScreenKey> keptFor_;  // empty: kept_ must be chosen again
  std::vector<std::int32_t> kept_;
  std::size_t keptExamined_ = 0;  // points kept_ has decided on
  std::size_t pointsExamined_ = 0;
  std::optional<glm::dvec2> anchorPixel_;  // the last kept point on screen; empty when behind the eye
  ChordWedge wedge_;
  std::optional<glm::dvec2> previousPixel_;  // the point before keptExamined_ on screen (the chord rule's)
};

template <class Visit>
void PathPoints::forEachDrawnPoint(std::size_t firstPoint, std::size_t lastPoint, Visit&& visit) const {
  if (points_.size() < 2 || firstPoint >= lastPoint || !keptFor_) return;
  // Segment s joins kept_[s] and kept_[s + 1]; those ending in (firstPoint, lastPoint] are s in
  // [firstSegment, endSegment).
  const std::size_t firstSegment = keptAfter(firstPoint) - 1;  // kept_[0] = 0 <= firstPoint
  const std::size_t endSegment = keptAfter(lastPoint) - 1;
  const bool tail = keptFor_->chordTolerance > 0 && static_cast<std::size_t>(kept_[endSegment]) < lastPoint;
  if (endSegment == firstSegment && !tail) return;
  for (std::size_t s = firstSegment; s <= endSegment; ++s) visit(points_[static_cast<std::size_t>(kept_[s])]);
  if (tail) visit(points_[lastPoint]);
}

}  // namespace gradscape::render
