// Many runs' path segments in one GL store (see path_segments.hpp).
#include "render/path_segments.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "core/error.hpp"
#include "render/frame_pass.hpp"

namespace gradscape::render {

namespace {

constexpr std::size_t kTexelsPerPoint = sizeof(PathVertex) / (2 * sizeof(float));  // RG32F texels
constexpr std::uint32_t kCornersPerSegment = 4;  // the quad's corners, trajectory.vert's gl_VertexID % 4
constexpr std::array<std::uint32_t, 6> kCornerOrder{0, 1, 2, 2, 1, 3};  // two triangles over them
constexpr std::size_t kInitialSegments = 1024;

static_assert(sizeof(PathVertex) == 6 * sizeof(float), "trajectory.vert reads six floats per point");

}  // namespace

bool stencilExportSupported() { return GLAD_GL_ARB_shader_stencil_export != 0; }

PathSegmentBatch::PathSegmentBatch()
    : pointsTexture_(GL_RG32F), segmentsTexture_(GL_RG32I), runsTexture_(GL_RGBA32F),
      cornerIndices_(GL_ELEMENT_ARRAY_BUFFER) {}

void PathSegmentBatch::clear() {
  points_.clear();
  segments_.clear();
  runs_.clear();
}

void PathSegmentBatch::beginRun(core::Rgb color, int stencilId) {
  runs_.emplace_back(glm::vec3(toVec4(color, 1.0)), static_cast<float>(stencilId));  // the colour every layer uses
  runFirstPoint_ = points_.size();
  runFirstSegment_ = segments_.size();
}

void PathSegmentBatch::addPoint(const PathVertex& point) {
  if (points_.size() > runFirstPoint_)
    segments_.emplace_back(static_cast<int>(points_.size() - 1), static_cast<int>(runs_.size() - 1));
  points_.push_back(point);
}

SegmentRange PathSegmentBatch::endRun() {
  if (segments_.size() == runFirstSegment_) points_.resize(runFirstPoint_);  // a lone point draws nothing
  return {runFirstSegment_, segments_.size() - runFirstSegment_};
}

void PathSegmentBatch::upload() {
  if (segments_.empty()) return;
  const std::size_t maxTexels = gl::BufferTexture::maxTexels();
  if (points_.size() * kTexelsPerPoint > maxTexels)
    throw Error("paths of " + std::to_string(points_.size()) + " drawn points exceed this OpenGL's buffer texture limit (" +
                std::to_string(maxTexels / kTexelsPerPoint) + " points)");
  pointsTexture_.setData(std::span<const PathVertex>(points_));
  segmentsTexture_.setData(std::span<const glm::ivec2>(segments_));
  runsTexture_.setData(std::span<const glm::vec4>(runs_));
  if (segments_.size() > indexedSegments_) {
    // Segment s's corners are vertices 4s..4s+3: indexed, llvmpipe shades each corner once (its vertex
    // cache) where six unindexed vertices shaded two of them twice; the triangles are the same.
    indexedSegments_ = std::max(kInitialSegments, indexedSegments_);
    while (indexedSegments_ < segments_.size()) indexedSegments_ *= 2;
    std::vector<std::uint32_t> indices;
    indices.reserve(indexedSegments_ * kCornerOrder.size());
    for (std::uint32_t s = 0; s < indexedSegments_; ++s)
      for (const std::uint32_t corner : kCornerOrder) indices.push_back(kCornersPerSegment * s + corner);
    noAttributes_.bind();  // the element binding is vertex-array state: ours, not whatever array is bound
    cornerIndices_.setData(std::span<const std::uint32_t>(indices));
  }
}

void PathSegmentBatch::draw(SegmentRange segments) {
  if (segments.count == 0) return;
  pointsTexture_.bind(kPointsTextureUnit);
  segmentsTexture_.bind(kSegmentsTextureUnit);
  runsTexture_.bind(kRunsTextureUnit);
  glActiveTexture(GL_TEXTURE0);
  // Bound again each draw: another layer's index upload while our array was bound would have replaced it.
  noAttributes_.setElementBuffer(cornerIndices_);
  glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(segments.count * kCornerOrder.size()), GL_UNSIGNED_INT,
                 reinterpret_cast<const void*>(segments.first * kCornerOrder.size() * sizeof(std::uint32_t)));
}

}  // namespace gradscape::render
