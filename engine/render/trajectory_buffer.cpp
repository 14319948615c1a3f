// Append-only trajectory buffers with tail uploads (see trajectory_buffer.hpp).
#include "render/trajectory_buffer.hpp"

#include <algorithm>
#include <cstddef>

namespace gradscape::render {

namespace {
constexpr std::size_t kInitialCapacity = 256;
}

TrajectoryBuffer::TrajectoryBuffer() : buffer_(GL_ARRAY_BUFFER) {}

void TrajectoryBuffer::clear() { points_.clear(); }

void TrajectoryBuffer::reserveAndUploadAll(std::size_t capacity) {
  capacity_ = capacity;
  buffer_.allocate(capacity_ * sizeof(PathVertex), GL_DYNAMIC_DRAW);
  buffer_.setSubData(0, std::span<const PathVertex>(points_));
  bytesUploaded_ += points_.size() * sizeof(PathVertex);
}

void TrajectoryBuffer::append(std::span<const PathVertex> points) {
  if (points.empty()) return;
  const std::size_t oldSize = points_.size();
  points_.insert(points_.end(), points.begin(), points.end());
  if (points_.size() > capacity_) {
    std::size_t capacity = std::max(capacity_, kInitialCapacity);
    while (capacity < points_.size()) capacity *= 2;
    reserveAndUploadAll(capacity);
    return;
  }
  buffer_.setSubData(oldSize * sizeof(PathVertex), points);
  bytesUploaded_ += points.size_bytes();
}

void TrajectoryBuffer::replaceAll(std::vector<PathVertex> points) {
  points_ = std::move(points);
  std::size_t capacity = std::max(capacity_, kInitialCapacity);
  while (capacity < points_.size()) capacity *= 2;
  reserveAndUploadAll(capacity);
}

void TrajectoryBuffer::drawSegments(std::size_t firstPoint, std::size_t lastPoint) const {
  lastPoint = std::min(lastPoint, points_.size() == 0 ? 0 : points_.size() - 1);
  if (firstPoint >= lastPoint) return;
  // GL 3.3 has no base instance: point the per-instance attributes at the first segment instead.
  const std::size_t offset = firstPoint * sizeof(PathVertex);
  constexpr GLsizei kStride = sizeof(PathVertex);
  constexpr std::size_t kNormal = offsetof(PathVertex, normal);
  segments_.setAttribute(0, buffer_, 3, GL_FLOAT, false, kStride, offset, 1);
  segments_.setAttribute(1, buffer_, 3, GL_FLOAT, false, kStride, offset + kStride, 1);
  segments_.setAttribute(2, buffer_, 3, GL_FLOAT, false, kStride, offset + kNormal, 1);
  segments_.setAttribute(3, buffer_, 3, GL_FLOAT, false, kStride, offset + kStride + kNormal, 1);
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(lastPoint - firstPoint));
}

}  // namespace gradscape::render
