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

void TrajectoryBuffer::updateKept(const ViewProjection& view, double mergeRadiusPixels) {
  chooseKept(view, mergeRadiusPixels);
  uploadKept();
}

void TrajectoryBuffer::chooseKept(const ViewProjection& view, double mergeRadiusPixels) {
  const ScreenKey key{view.projection() * view.view(), view.viewport().width, view.viewport().height,
                      mergeRadiusPixels};
  if (!keptFor_ || !(*keptFor_ == key)) {
    keptFor_ = key;
    kept_.clear();
    keptExamined_ = 0;
    keptUploaded_ = 0;
    anchorPixel_.reset();
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
  const double mergeRadiusSquared = mergeRadiusPixels * mergeRadiusPixels;
  for (std::size_t i = keptExamined_; i < points_.size(); ++i) {
    const std::optional<glm::dvec2> pixel = pixelOf(points_[i].world);
    if (i > 0 && pixel && anchorPixel_) {
      const glm::dvec2 step = *pixel - *anchorPixel_;
      if (glm::dot(step, step) < mergeRadiusSquared) continue;
    }
    kept_.push_back(static_cast<std::int32_t>(i));
    anchorPixel_ = pixel;
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

std::span<const std::int32_t> TrajectoryBuffer::keptPoints(const ViewProjection& view, double mergeRadiusPixels) {
  updateKept(view, mergeRadiusPixels);
  return kept_;
}

void TrajectoryBuffer::drawSegments(const ViewProjection& view, std::size_t firstPoint, std::size_t lastPoint,
                                    double mergeRadiusPixels) {
  if (points_.size() < 2 || firstPoint >= lastPoint) return;
  updateKept(view, mergeRadiusPixels);
  // Segment s joins kept_[s] and kept_[s + 1]; draw those ending in (firstPoint, lastPoint].
  const auto endsAfter = [&](std::size_t point) {
    return static_cast<std::size_t>(std::upper_bound(kept_.begin(), kept_.end(), static_cast<std::int64_t>(point),
                                                     [](std::int64_t p, std::int32_t k) { return p < k; }) -
                                    kept_.begin());
  };
  const std::size_t firstSegment = endsAfter(firstPoint) - 1;  // kept_[0] = 0 <= firstPoint
  const std::size_t endSegment = endsAfter(lastPoint) - 1;
  if (firstSegment >= endSegment) return;
  pointsTexture_.bind(kPointsTextureUnit);
  keptTexture_.bind(kKeptTextureUnit);
  glActiveTexture(GL_TEXTURE0);
  // Bound again each draw: another layer's index upload while our array was bound would have replaced it.
  noAttributes_.setElementBuffer(cornerIndices_);
  glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(endSegment - firstSegment) * kIndicesPerSegment, GL_UNSIGNED_INT,
                 reinterpret_cast<const void*>(firstSegment * kIndicesPerSegment * sizeof(std::uint32_t)));
}

}  // namespace gradscape::render
