// One run's path on the GPU: world-box points appended as the run is traced. Only the appended range is
// uploaded (glBufferSubData on the tail); the store doubles when full, so appends cost O(new points).
// A CPU mirror of the points serves markers, changed-rectangle bounds and re-uploads.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "render/gl_objects.hpp"

namespace gradscape::render {

// One path point as trajectory.vert reads it.
struct PathVertex {
  glm::vec3 world;   // world-box units
  glm::vec3 normal;  // unit surface normal there (world-box units, facing +z); 0 when off the surface
  friend bool operator==(const PathVertex&, const PathVertex&) = default;
};

class TrajectoryBuffer {
 public:
  TrajectoryBuffer();

  void clear();
  void append(std::span<const PathVertex> points);
  // Replaces every point (the data box changed); one full upload.
  void replaceAll(std::vector<PathVertex> points);

  std::size_t size() const { return points_.size(); }
  std::span<const PathVertex> points() const { return points_; }
  std::size_t capacity() const { return capacity_; }
  // Bytes sent to the GPU since construction (tests check appends upload only their range).
  std::size_t bytesUploaded() const { return bytesUploaded_; }

  // Draws segments [firstPoint, lastPoint) -> (firstPoint+1 ... lastPoint] as instanced quads
  // (trajectory.vert): point i and i+1 per instance.
  void drawSegments(std::size_t firstPoint, std::size_t lastPoint) const;

 private:
  void reserveAndUploadAll(std::size_t capacity);

  std::vector<PathVertex> points_;
  std::size_t capacity_ = 0;  // points the GL store holds
  std::size_t bytesUploaded_ = 0;
  gl::Buffer buffer_;
  mutable gl::VertexArray segments_;  // attribute offsets move with the first drawn segment
};

}  // namespace gradscape::render
