// PolylineBatch: segments with their neighbours, uploaded once per change as four corners each, one draw.
#include "render/polyline_batch.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cstddef>

#include "render/gl_objects.hpp"

namespace gradscape::render {

// One corner of a segment's quad: the segment's data repeated in each of its four vertices. (Instancing,
// four vertices an instance, would upload a quarter of it, but llvmpipe draws each instance as a draw of
// its own: with a few thousand segments that cost more main-thread time than the curves saved.)
struct CornerVertex {
  PolylineBatch::Segment segment;
  float corner;  // 0..3: bit 0 the end (start or end), bit 1 the side
};

struct PolylineBatch::Gpu {
  gl::Program program = gl::Program::fromFiles("polyline.vert", "polyline.frag");
  gl::Buffer vertices{GL_ARRAY_BUFFER};
  gl::Buffer indices{GL_ELEMENT_ARRAY_BUFFER};
  gl::VertexArray vertexArray;
  std::size_t capacity = 0;  // segments the buffers hold
  std::vector<CornerVertex> corners;  // scratch: the upload
};

PolylineBatch::PolylineBatch() = default;
PolylineBatch::~PolylineBatch() = default;
PolylineBatch::PolylineBatch(PolylineBatch&&) noexcept = default;
PolylineBatch& PolylineBatch::operator=(PolylineBatch&&) noexcept = default;

void PolylineBatch::clear() {
  segments_.clear();
  uploaded_ = false;
}

void PolylineBatch::addPolyline(std::span<const glm::vec2> points, glm::u8vec4 rgba, float width) {
  if (points.size() < 2) return;
  const std::size_t last = points.size() - 1;
  for (std::size_t k = 0; k < last; ++k) {
    Segment segment{};
    segment.start = points[k];
    segment.end = points[k + 1];
    segment.previous = k > 0 ? points[k - 1] : points[k];
    segment.next = k + 1 < last ? points[k + 2] : points[k + 1];
    segment.color[0] = rgba.r, segment.color[1] = rgba.g, segment.color[2] = rgba.b, segment.color[3] = rgba.a;
    segment.halfWidth = 0.5f * width;
    segment.neighbours = static_cast<float>((k > 0 ? 1 : 0) | (k + 1 < last ? 2 : 0));
    segments_.push_back(segment);
  }
  uploaded_ = false;
}

void PolylineBatch::draw(int framebufferWidth, int framebufferHeight, const Viewport& scissor) {
  if (segments_.empty() || scissor.width <= 0 || scissor.height <= 0) return;
  if (!gpu_) gpu_ = std::make_unique<Gpu>();
  Gpu& gpu = *gpu_;
  if (!uploaded_) {
    if (segments_.size() > gpu.capacity) {
      // Room to grow: an edit that adds a few segments does not reallocate.
      gpu.capacity = segments_.size() + segments_.size() / 2;
      gpu.vertices.allocate(gpu.capacity * 4 * sizeof(CornerVertex), GL_STREAM_DRAW);
      std::vector<std::uint32_t> quads(gpu.capacity * 6);
      for (std::size_t k = 0; k < gpu.capacity; ++k) {
        const auto first = static_cast<std::uint32_t>(4 * k);
        const std::uint32_t quad[6] = {first, first + 1, first + 2, first + 2, first + 1, first + 3};
        std::copy(quad, quad + 6, quads.begin() + static_cast<std::ptrdiff_t>(6 * k));
      }
      gpu.indices.setData(std::span<const std::uint32_t>(quads));
      gpu.vertexArray.setElementBuffer(gpu.indices);
      constexpr GLsizei stride = sizeof(CornerVertex);
      gpu.vertexArray.setAttribute(0, gpu.vertices, 2, GL_FLOAT, false, stride, offsetof(Segment, previous));
      gpu.vertexArray.setAttribute(1, gpu.vertices, 2, GL_FLOAT, false, stride, offsetof(Segment, start));
      gpu.vertexArray.setAttribute(2, gpu.vertices, 2, GL_FLOAT, false, stride, offsetof(Segment, end));
      gpu.vertexArray.setAttribute(3, gpu.vertices, 2, GL_FLOAT, false, stride, offsetof(Segment, next));
      gpu.vertexArray.setAttribute(4, gpu.vertices, 4, GL_UNSIGNED_BYTE, true, stride, offsetof(Segment, color));
      gpu.vertexArray.setAttribute(5, gpu.vertices, 2, GL_FLOAT, false, stride, offsetof(Segment, halfWidth));
      gpu.vertexArray.setAttribute(6, gpu.vertices, 1, GL_FLOAT, false, stride, offsetof(CornerVertex, corner));
    }
    gpu.corners.clear();
    for (const Segment& segment : segments_)
      for (int corner = 0; corner < 4; ++corner) gpu.corners.push_back({segment, static_cast<float>(corner)});
    gpu.vertices.setSubData(0, std::span<const CornerVertex>(gpu.corners));
    uploaded_ = true;
  }

  glViewport(0, 0, framebufferWidth, framebufferHeight);
  glEnable(GL_SCISSOR_TEST);
  glScissor(scissor.x, scissor.y, scissor.width, scissor.height);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_CULL_FACE);
  gpu.program.use();
  gpu.program.setUniform("framebufferSize", glm::vec2(framebufferWidth, framebufferHeight));
  gpu.vertexArray.bind();
  glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(6 * segments_.size()), GL_UNSIGNED_INT, nullptr);
}

}  // namespace gradscape::render
