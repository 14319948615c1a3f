// Append-only trajectory buffers with tail uploads, drawn without instancing (see trajectory_buffer.hpp).
#include "render/trajectory_buffer.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"

namespace gradscape::render {

namespace {

constexpr std::size_t kInitialCapacity = 256;
constexpr std::size_t kTexelsPerPoint = sizeof(PathVertex) / (2 * sizeof(float));  // RG32F texels
constexpr GLint kVerticesPerSegment = 6;  // two triangles; trajectory.vert maps them to the quad's corners

static_assert(sizeof(PathVertex) == 6 * sizeof(float), "trajectory.vert reads six floats per point");

GLuint newTexture() {
  GLuint id = 0;
  glGenTextures(1, &id);
  return id;
}

}  // namespace

TrajectoryBuffer::TrajectoryBuffer() : buffer_(GL_ARRAY_BUFFER), pointsTexture_(newTexture()) {}

void TrajectoryBuffer::clear() { points_.clear(); }

void TrajectoryBuffer::reserveAndUploadAll(std::size_t capacity) {
  GLint maxTexels = 0;
  glGetIntegerv(GL_MAX_TEXTURE_BUFFER_SIZE, &maxTexels);
  if (capacity * kTexelsPerPoint > static_cast<std::size_t>(maxTexels)) {
    // Fall back to the exact size before giving up: doubling may overshoot a limit the points fit in.
    capacity = std::max(points_.size(), std::size_t{1});
    if (capacity * kTexelsPerPoint > static_cast<std::size_t>(maxTexels))
      throw Error("trajectory of " + std::to_string(points_.size()) + " points exceeds this OpenGL's buffer texture limit (" +
                  std::to_string(maxTexels / static_cast<GLint>(kTexelsPerPoint)) + " points)");
  }
  capacity_ = capacity;
  buffer_.allocate(capacity_ * sizeof(PathVertex), GL_DYNAMIC_DRAW);
  buffer_.setSubData(0, std::span<const PathVertex>(points_));
  bytesUploaded_ += points_.size() * sizeof(PathVertex);
  // The texture refers to the buffer object, whose store was just replaced: attach it again.
  glBindTexture(GL_TEXTURE_BUFFER, pointsTexture_.get());
  glTexBuffer(GL_TEXTURE_BUFFER, GL_RG32F, buffer_.id());
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
  glActiveTexture(GL_TEXTURE0 + kPointsTextureUnit);
  glBindTexture(GL_TEXTURE_BUFFER, pointsTexture_.get());
  noAttributes_.bind();
  glDrawArrays(GL_TRIANGLES, static_cast<GLint>(firstPoint) * kVerticesPerSegment,
               static_cast<GLsizei>(lastPoint - firstPoint) * kVerticesPerSegment);
}

}  // namespace gradscape::render
