// Flat 2-D geometry (see flat_mesh.hpp).
#include "render/flat_mesh.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

namespace gradscape::render {

static_assert(sizeof(FlatVertex) == 12, "flat.vert reads two floats and four bytes a vertex");

void FlatMesh::addTriangle(glm::dvec2 a, glm::dvec2 b, glm::dvec2 c, std::array<std::uint8_t, 4> rgba) {
  for (const glm::dvec2& p : {a, b, c})
    vertices.push_back({static_cast<float>(p.x), static_cast<float>(p.y), rgba});
}

void FlatMesh::addRect(double left, double top, double right, double bottom, std::array<std::uint8_t, 4> rgba) {
  addTriangle({left, top}, {right, top}, {left, bottom}, rgba);
  addTriangle({right, top}, {right, bottom}, {left, bottom}, rgba);
}

void FlatMesh::addLine(glm::dvec2 a, glm::dvec2 b, double width, std::array<std::uint8_t, 4> rgba, double extend) {
  glm::dvec2 along = b - a;
  const double length = glm::length(along);
  along = length > 1e-9 ? along / length : glm::dvec2(1, 0);
  const glm::dvec2 across = glm::dvec2(-along.y, along.x) * (0.5 * width);
  a -= along * extend;
  b += along * extend;
  addTriangle(a - across, a + across, b - across, rgba);
  addTriangle(a + across, b + across, b - across, rgba);
}

void FlatMesh::queueLabels(TextRenderer& text) const {
  for (const PlacedText& label : labels) text.add(label.utf8, label.anchor, label.sizePixels, glm::vec4(0, 0, 0, 1), label.h, label.v);
}

std::array<std::uint8_t, 4> rgba8(const glm::vec4& color) {
  std::array<std::uint8_t, 4> out{};
  for (int i = 0; i < 4; ++i)
    out[i] = static_cast<std::uint8_t>(std::lround(std::clamp(color[i], 0.0f, 1.0f) * 255.0f));
  return out;
}

FlatPainter::FlatPainter() {
  const GLsizei stride = sizeof(FlatVertex);
  array_.setAttribute(0, buffer_, 2, GL_FLOAT, false, stride, offsetof(FlatVertex, x));
  array_.setAttribute(1, buffer_, 4, GL_UNSIGNED_BYTE, true, stride, offsetof(FlatVertex, rgba));
}

void FlatPainter::upload(const FlatMesh& mesh) {
  count_ = static_cast<GLsizei>(mesh.vertices.size());
  if (count_ > 0) buffer_.setData(std::as_bytes(std::span(mesh.vertices)), GL_STATIC_DRAW);
}

void FlatPainter::draw(glm::vec2 viewportSize, float ndcDepth) const {
  if (count_ == 0) return;
  program_.use();
  program_.setUniform("viewportSize", viewportSize);
  program_.setUniform("ndcDepth", ndcDepth);
  array_.bind();
  glDrawArrays(GL_TRIANGLES, 0, count_);
  glBindVertexArray(0);
}

}  // namespace gradscape::render
