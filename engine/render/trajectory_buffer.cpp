// Append-only trajectory buffers with tail uploads, drawn without instancing (see trajectory_buffer.hpp).
#include "render/trajectory_buffer.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace gradscape::render {

namespace {

constexpr std::size_t kInitialCapacity = 256;
constexpr std::size_t kTexelsPerPoint = sizeof(PathVertex) / (2 * sizeof(float));  // RG32F texels
constexpr GLint kCornersPerSegment = 4;  // the quad's corners, trajectory.vert's gl_VertexID % 4
constexpr GLint kIndicesPerSegment = 6;  // two triangles over them: 0 1 2, 2 1 3

static_assert(sizeof(PathVertex) == 6 * sizeof(float), "trajectory.vert reads six floats per point");

std::size_t grownCapacity(std::size_t current, std::size_t needed) {
  std::size_t capacity = std::max(current, kInitialCapacity);
  while (capacity < needed) capacity *= 2;
  return capacity;
}

}  // namespace

TrajectoryBuffer::TrajectoryBuffer()
    : pointsTexture_(GL_RG32F), keptTexture_(GL_R32I), cornerIndices_(GL_ELEMENT_ARRAY_BUFFER) {}

void TrajectoryBuffer::clear() {
  points_.clear();
  resetKept();
}

void TrajectoryBuffer::reserveAndUploadAll(std::size_t capacity) {
  const std::size_t maxTexels = gl::BufferTexture::maxTexels();
  if (capacity * kTexelsPerPoint > maxTexels) {
    // Doubling may overshoot a limit the points still fit in.
    capacity = std::max(points_.size(), std::size_t{1});
    if (capacity * kTexelsPerPoint > maxTexels)
      throw Error("trajectory of " + std::to_string(points_.size()) +
                  " points exceeds this OpenGL's buffer texture limit (" +
                  std::to_string(maxTexels / kTexelsPerPoint) + " points)");
  }
  capacity_ = capacity;
  pointsTexture_.allocate(capacity_ * sizeof(PathVertex));
  pointsTexture_.setSubData(0, std::span<const PathVertex>(points_));
  bytesUploaded_ += points_.size() * sizeof(PathVertex);
}

void TrajectoryBuffer::append(std::span<const PathVertex> points) {
  if (points.empty()) return;
  const std::size_t oldSize = points_.size();
  points_.insert(points_.end(), points.begin(), points.end());
  if (points_.size() > capacity_) {
    reserveAndUploadAll(grownCapacity(capacity_, points_.size()));
    return;
  }
  pointsTexture_.setSubData(oldSize * sizeof(PathVertex), points);
  bytesUploaded_ += points.size_bytes();
}

void TrajectoryBuffer::replaceAll(std::vector<PathVertex> points) {
  points_ = std::move(points);
  resetKept();
  reserveAndUploadAll(grownCapacity(capacity_, points_.size()));
}

void TrajectoryBuffer::updateKept(const ViewProjection& view, double mergeRadiusPixels, double chordTolerancePixels) {
  chooseKept(view, mergeRadiusPixels, chordTolerancePixels);
  uploadKept();
}

void TrajectoryBuffer::keep(std::size_t point, const std::optional<glm::dvec2>& pixel) {
  kept_.push_back(static_cast<std::int32_t>(point));
  anchorPixel_ = pixel;
  wedge_ = ChordWedge{};
}

namespace {

// > 0 when b points counterclockwise of a.
double cross(const glm::dvec2& a, const glm::dvec2& b) { return a.x * b.y - a.y * b.x; }

}  // namespace

bool TrajectoryBuffer::ChordWedge::admit(const glm::dvec2& step, double mergeRadius, double tolerance) {
  const double distance = glm::length(step);
  if (open) {
    if (distance < mergeRadius || !(distance > 0)) return true;  // merged as by the radius rule alone
  } else if (cross(clockwise, step) < 0 || cross(step, counterclockwise) < 0 || distance < reach - tolerance) {
    return false;  // the chord to this point would pass a point since the anchor further than the tolerance
  }
  if (!(distance > tolerance)) return true;  // every direction passes within the tolerance of this point
  // The directions from the anchor passing within the tolerance of this point: its own, turned by up to
  // asin(tolerance / distance) either way.
  const glm::dvec2 along = step / distance;
  const double sine = tolerance / distance, cosine = std::sqrt(1 - sine * sine);
  const glm::dvec2 turnedClockwise(along.x * cosine + along.y * sine, along.y * cosine - along.x * sine);
  const glm::dvec2 turnedCounterclockwise(along.x * cosine - along.y * sine, along.y * cosine + along.x * sine);
  if (open) {
    *this = ChordWedge{false, turnedClockwise, turnedCounterclockwise, distance};
    return true;
  }
  if (cross(clockwise, turnedClockwise) > 0) clockwise = turnedClockwise;
  if (cross(turnedCounterclockwise, counterclockwise) > 0) counterclockwise = turnedCounterclockwise;
  reach = std::max(reach, distance);
  return true;
}

void TrajectoryBuffer::chooseKept(const ViewProjection& view, double mergeRadiusPixels, double chordTolerancePixels) {
  const ScreenKey key{view.projection() * view.view(), view.viewport().width, view.viewport().height,
                      mergeRadiusPixels, chordTolerancePixels};
  if (!keptFor_ || !(*keptFor_ == key)) {
    keptFor_ = key;
    kept_.clear();
    keptExamined_ = 0;
    keptUploaded_ = 0;
    anchorPixel_.reset();
    wedge_ = ChordWedge{};
    previousPixel_.reset();
  }
  if (keptExamined_ == points_.size()) return;

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

void TrajectoryBuffer::uploadKept() {
  if (keptUploaded_ == kept_.size()) return;
  // Upload what is new; a full store grows (doubling) and is sent again whole.
  if (kept_.size() > keptCapacity_) {
    keptCapacity_ = grownCapacity(keptCapacity_, kept_.size());
    keptTexture_.allocate(keptCapacity_ * sizeof(std::int32_t));
    keptUploaded_ = 0;
    // Segment s's corners are vertices 4s..4s+3: indexed, llvmpipe shades each corner once (its vertex
    // cache) where six unindexed vertices shaded two of them twice; the triangles are the same.
    std::vector<std::uint32_t> indices;
    indices.reserve(keptCapacity_ * kIndicesPerSegment);
    for (std::uint32_t s = 0; s < keptCapacity_; ++s)
      for (const std::uint32_t corner : {0u, 1u, 2u, 2u, 1u, 3u}) indices.push_back(kCornersPerSegment * s + corner);
    noAttributes_.bind();  // the element binding is vertex-array state: ours, not whatever array is bound
    cornerIndices_.setData(std::span<const std::uint32_t>(indices));
  }
  const std::span<const std::int32_t> fresh = std::span<const std::int32_t>(kept_).subspan(keptUploaded_);
  keptTexture_.setSubData(keptUploaded_ * sizeof(std::int32_t), fresh);
  keptBytesUploaded_ += fresh.size_bytes();
  keptUploaded_ = kept_.size();
}

std::span<const std::int32_t> TrajectoryBuffer::keptPoints(const ViewProjection& view, double mergeRadiusPixels,
                                                           double chordTolerancePixels) {
  updateKept(view, mergeRadiusPixels, chordTolerancePixels);
  return kept_;
}

void TrajectoryBuffer::drawSegments(const gl::Program& program, const ViewProjection& view, std::size_t firstPoint,
                                    std::size_t lastPoint, double mergeRadiusPixels, double chordTolerancePixels) {
  if (points_.size() < 2 || firstPoint >= lastPoint) return;
  updateKept(view, mergeRadiusPixels, chordTolerancePixels);
  // Segment s joins kept_[s] and kept_[s + 1]; draw those ending in (firstPoint, lastPoint].
  const auto endsAfter = [&](std::size_t point) {
    return static_cast<std::size_t>(std::upper_bound(kept_.begin(), kept_.end(), static_cast<std::int64_t>(point),
                                                     [](std::int64_t p, std::int32_t k) { return p < k; }) -
                                    kept_.begin());
  };
  const std::size_t firstSegment = endsAfter(firstPoint) - 1;  // kept_[0] = 0 <= firstPoint
  const std::size_t endSegment = endsAfter(lastPoint) - 1;
  // The chord rule decides on a point only at a later one: the points after the last kept one up to
  // lastPoint lie near the chord to lastPoint (trajectory.vert draws segment endSegment to there).
  const bool tail = chordTolerancePixels > 0 && static_cast<std::size_t>(kept_[endSegment]) < lastPoint;
  const std::size_t segments = endSegment - firstSegment + (tail ? 1 : 0);
  if (segments == 0) return;
  program.setUniform("tailSegment", tail ? static_cast<int>(endSegment) : -1);
  program.setUniform("tailPoint", static_cast<int>(lastPoint));
  pointsTexture_.bind(kPointsTextureUnit);
  keptTexture_.bind(kKeptTextureUnit);
  glActiveTexture(GL_TEXTURE0);
  // Bound again each draw: another layer's index upload while our array was bound would have replaced it.
  noAttributes_.setElementBuffer(cornerIndices_);
  glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(segments) * kIndicesPerSegment, GL_UNSIGNED_INT,
                 reinterpret_cast<const void*>(firstSegment * kIndicesPerSegment * sizeof(std::uint32_t)));
}

}  // namespace gradscape::render
