// PolylineBatch: segments with their neighbours, drawn on the CPU once per change, put on screen as the
// picture's covered parts.
#include "render/polyline_batch.hpp"

#include <glad/gl.h>

#include <algorithm>
#include <cstddef>
#include <optional>

#include "render/gl_objects.hpp"
#include "render/polyline_raster.hpp"

namespace gradscape::render {

struct PolylineBatch::Gpu {
  gl::Program program = gl::Program::fromFiles("polyline_image.vert", "polyline_image.frag");
  gl::Buffer corners{GL_ARRAY_BUFFER};  // the covered parts' quads, six corners each
  gl::VertexArray vertexArray;
  std::vector<glm::vec2> cornerData;  // scratch: the upload
  std::optional<gl::Texture2D> texture;  // at least the picture's size
  PolylineImage image;
  std::vector<float> scratch;
  int framebufferWidth = 0, framebufferHeight = 0;  // what the picture was drawn for
};

PolylineBatch::PolylineBatch() = default;
PolylineBatch::~PolylineBatch() = default;
PolylineBatch::PolylineBatch(PolylineBatch&&) noexcept = default;
PolylineBatch& PolylineBatch::operator=(PolylineBatch&&) noexcept = default;

void PolylineBatch::clear() {
  segments_.clear();
  pictureCurrent_ = false;
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
  pictureCurrent_ = false;
}

void PolylineBatch::draw(int framebufferWidth, int framebufferHeight, const Viewport& scissor) {
  if (segments_.empty() || scissor.width <= 0 || scissor.height <= 0) return;
  if (!gpu_) gpu_ = std::make_unique<Gpu>();
  Gpu& gpu = *gpu_;
  // Drawn once per change: the compositor calls this once per damaged region, each with its own scissor.
  if (!pictureCurrent_ || gpu.framebufferWidth != framebufferWidth || gpu.framebufferHeight != framebufferHeight) {
    rasterizePolylines(segments_, framebufferWidth, framebufferHeight, gpu.image, gpu.scratch);
    gpu.framebufferWidth = framebufferWidth, gpu.framebufferHeight = framebufferHeight;
    const PolylineImage& image = gpu.image;
    const PixelRect& place = image.place;
    const bool fits = gpu.texture && gpu.texture->width() >= place.width && gpu.texture->height() >= place.height;
    if (!place.empty() && !fits) {
      // Room to grow: a plot's picture changes size with its curves.
      const int width = place.width + place.width / 4, height = place.height + place.height / 4;
      gpu.texture.emplace(width, height, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
      gpu.texture->setFilter(GL_NEAREST, GL_NEAREST);
    }
    if (!place.empty())
      gpu.texture->setSubImage(0, 0, place.width, place.height, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    gpu.cornerData.clear();
    for (const PixelRect& part : image.covered) {
      // The picture's rows go up in the texture and in the vertex shader's coordinates.
      const glm::vec2 low(part.x, place.height - part.y - part.height);
      const glm::vec2 high(part.x + part.width, place.height - part.y);
      for (const glm::vec2 corner : {low, glm::vec2(high.x, low.y), glm::vec2(low.x, high.y), glm::vec2(low.x, high.y),
                                     glm::vec2(high.x, low.y), high})
        gpu.cornerData.push_back(corner);
    }
    if (!gpu.cornerData.empty()) {
      gpu.corners.setData(std::span<const glm::vec2>(gpu.cornerData), GL_STREAM_DRAW);
      gpu.vertexArray.setAttribute(0, gpu.corners, 2, GL_FLOAT, false, sizeof(glm::vec2), 0);
    }
    pictureCurrent_ = true;
  }
  const PixelRect& place = gpu.image.place;
  if (gpu.cornerData.empty()) return;
  glViewport(place.x, framebufferHeight - place.y - place.height, place.width, place.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(scissor.x, scissor.y, scissor.width, scissor.height);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  // Premultiplied: colour and alpha end as straight-alpha blending in order would leave them.
  glBlendFuncSeparate(GL_ONE, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glDisable(GL_CULL_FACE);
  constexpr GLuint kUnit = 0;
  gpu.texture->bind(kUnit);
  gpu.program.use();
  gpu.program.setUniform("image", static_cast<int>(kUnit));
  gpu.program.setUniform("pictureSize", glm::vec2(place.width, place.height));
  gpu.program.setUniform("textureSize", glm::vec2(gpu.texture->width(), gpu.texture->height()));
  gpu.vertexArray.bind();
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(gpu.cornerData.size()));
  glViewport(0, 0, framebufferWidth, framebufferHeight);
}

}  // namespace gradscape::render
