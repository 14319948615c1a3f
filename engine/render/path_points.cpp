// One run's path points and the points a camera keeps (see path_points.hpp).
#include "render/path_points.hpp"

#include <algorithm>
#include <cmath>

namespace gradscape::render {

void PathPoints::clear() {
  points_.clear();
  resetKept();
}

void PathPoints::append(std::span<const PathVertex> points) { points_.insert(points_.end(), points.begin(), points.end()); }

std::span<PathVertex> PathPoints::extend(std::size_t count) {
  const std::size_t first = points_.size();
  points_.resize(first + count);
  return std::span<PathVertex>(points_).subspan(first);
}

void PathPoints::replaceAll(std::vector<PathVertex> points) {
  points_ = std::move(points);
  resetKept();
}

void PathPoints::keep(std::size_t point, const std::optional<glm::dvec2>& pixel) {
  kept_.push_back(static_cast<std::int32_t>(point));
  anchorPixel_ = pixel;
  wedge_ = ChordWedge{};
}

namespace {

// > 0 when b points counterclockwise of a.
double cross(const glm::dvec2& a, const glm::dvec2& b) { return a.x * b.y - a.y * b.x; }

}  // namespace

bool PathPoints::ChordWedge::admit(const glm::dvec2& step, double mergeRadius, double tolerance) {
  // Squared lengths and unnormalised directions: a direction's side of another is the sign of their cross
  // product at any positive scale, so no step needs a division, and only a step that narrows the wedge a
  // square root (two, when it also reaches further). A fraction of the quotients' and roots' latency.
  const double squared = glm::dot(step, step);
  if (open) {
    if (squared < mergeRadius * mergeRadius || !(squared > 0)) return true;  // merged as by the radius rule alone
  } else if (cross(clockwise, step) < 0 || cross(step, counterclockwise) < 0 || squared < nearSquared) {
    return false;  // the chord to this point would pass a point since the anchor further than the tolerance
  }
  const double toleranceSquared = tolerance * tolerance;
  if (!(squared > toleranceSquared)) return true;  // every direction passes within the tolerance of this point
  // The directions from the anchor passing within the tolerance of this point: its own, turned by up to
  // asin(tolerance / distance) either way, here scaled by distance squared: step * cos + across * sin.
  const double along = std::sqrt(squared - toleranceSquared);
  const glm::dvec2 across(-step.y * tolerance, step.x * tolerance);  // counterclockwise of the step
  const glm::dvec2 turnedClockwise = step * along - across;
  const glm::dvec2 turnedCounterclockwise = step * along + across;
  if (open) {
    open = false;
    clockwise = turnedClockwise;
    counterclockwise = turnedCounterclockwise;
  } else {
    if (cross(clockwise, turnedClockwise) > 0) clockwise = turnedClockwise;
    if (cross(turnedCounterclockwise, counterclockwise) > 0) counterclockwise = turnedCounterclockwise;
  }
  if (squared > reachSquared) {
    // A later point nearer the anchor than reach - tolerance would be passed by more than the tolerance.
    reachSquared = squared;
    const double near = std::sqrt(squared) - tolerance;
    nearSquared = near > 0 ? near * near : -1;
  }
  return true;
}

void PathPoints::chooseKept(const ViewProjection& view, double mergeRadiusPixels, double chordTolerancePixels) {
  const ScreenKey key{view.projection() * view.view(), view.viewport().width, view.viewport().height,
                      mergeRadiusPixels, chordTolerancePixels};
  if (!keptFor_ || !(*keptFor_ == key)) {
    keptFor_ = key;
    kept_.clear();
    keptExamined_ = 0;
    anchorPixel_.reset();
    wedge_ = ChordWedge{};
    previousPixel_.reset();
  }
  if (keptExamined_ == points_.size()) return;
  pointsExamined_ += points_.size() - keptExamined_;

  // Pixels from clip coordinates (only distances matter, so no viewport offset or y flip).
  const glm::dvec2 halfViewport(0.5 * key.width, 0.5 * key.height);
  const auto pixelOf = [&](const glm::vec3& world) -> std::optional<glm::dvec2> {
    const glm::dvec4 clip = key.clipFromWorld * glm::dvec4(glm::dvec3(world), 1.0);
    if (!(clip.w > 0)) return std::nullopt;
    const glm::dvec2 pixel = glm::dvec2(clip) / clip.w * halfViewport;
    if (!std::isfinite(pixel.x) || !std::isfinite(pixel.y)) return std::nullopt;
    return pixel;
  };
  if (!(chordTolerancePixels > 0)) {
    const double mergeRadiusSquared = mergeRadiusPixels * mergeRadiusPixels;
    for (std::size_t i = keptExamined_; i < points_.size(); ++i) {
      const std::optional<glm::dvec2> pixel = pixelOf(points_[i].world);
      if (i > 0 && pixel && anchorPixel_) {
        const glm::dvec2 step = *pixel - *anchorPixel_;
        if (glm::dot(step, step) < mergeRadiusSquared) continue;
      }
      keep(i, pixel);
    }
    keptExamined_ = points_.size();
    return;
  }
  // The chord rule: a point is kept once the chord from the anchor to the point after it would pass
  // further than the tolerance from a point since the anchor (so its own chord is the last that held).
  for (std::size_t i = keptExamined_; i < points_.size(); ++i) {
    const std::optional<glm::dvec2> pixel = pixelOf(points_[i].world);
    if (i == 0 || !pixel || !anchorPixel_) {
      // Nothing to measure (the start, or behind the eye): the merged point before, if any, and this one.
      if (i > 0 && static_cast<std::size_t>(kept_.back()) != i - 1) keep(i - 1, previousPixel_);
      keep(i, pixel);
    } else if (!wedge_.admit(*pixel - *anchorPixel_, mergeRadiusPixels, chordTolerancePixels)) {
      keep(i - 1, previousPixel_);
      wedge_.admit(*pixel - *anchorPixel_, mergeRadiusPixels, chordTolerancePixels);  // a new wedge holds it
    }
    previousPixel_ = pixel;
  }
  keptExamined_ = points_.size();
}

std::span<const std::int32_t> PathPoints::keptPoints(const ViewProjection& view, double mergeRadiusPixels,
                                                     double chordTolerancePixels) {
  chooseKept(view, mergeRadiusPixels, chordTolerancePixels);
  return kept_;
}

std::size_t PathPoints::keptAfter(std::size_t point) const {
  return static_cast<std::size_t>(std::upper_bound(kept_.begin(), kept_.end(), static_cast<std::int64_t>(point),
                                                   [](std::int64_t p, std::int32_t k) { return p < k; }) -
                                  kept_.begin());
}

}  // namespace gradscape::render
