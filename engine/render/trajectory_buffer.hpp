// One run's path on the GPU: world-box points appended as the run is traced. Only the appended range is
// uploaded (glBufferSubData on the tail); the store doubles when full, so appends cost O(new points).
// A CPU mirror of the points serves markers, changed-rectangle bounds and re-uploads.
#pragma once

#include <glad/gl.h>

#include <cstddef>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "render/gl_objects.hpp"

namespace gradscape::render {

// One path point as trajectory.vert reads it (three RG32F texels: world.xy, world.z normal.x, normal.yz).
struct PathVertex {
  glm::vec3 world;   // world-box units
  glm::vec3 normal;  // unit surface normal there (world-box units, facing +z); 0 when off the surface
  friend bool operator==(const PathVertex&, const PathVertex&) = default;
};

class TrajectoryBuffer {
 public:
  // The texture unit drawSegments binds the points to (trajectory.vert's `pathPoints` sampler).
  static constexpr GLuint kPointsTextureUnit = 0;

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

  // Draws segments [firstPoint, lastPoint) -> (firstPoint+1 ... lastPoint]: one plain GL_TRIANGLES draw of
  // six vertices per segment, trajectory.vert finding segment and corner from gl_VertexID and fetching
  // both points from the buffer texture. Not instanced: llvmpipe runs its whole vertex pipeline once per
  // instance, which made 100 runs x 1000 segments cost hundreds of milliseconds.
  void drawSegments(std::size_t firstPoint, std::size_t lastPoint) const;

 private:
  void reserveAndUploadAll(std::size_t capacity);

  std::vector<PathVertex> points_;
  std::size_t capacity_ = 0;  // points the GL store holds
  std::size_t bytesUploaded_ = 0;
  gl::Buffer buffer_;
  gl::UniqueName<gl::TextureDeleter> pointsTexture_;  // GL_TEXTURE_BUFFER over buffer_
  gl::VertexArray noAttributes_;  // core profile draws need a vertex array, even one without attributes
};

}  // namespace gradscape::render
