// Flat 2-D geometry in viewport pixels (top-left origin): coloured triangles and lines of a width in
// pixels, built on the CPU (FlatMesh) and drawn in one call (FlatPainter). The 2-D view and the colour bar
// draw with it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "render/gl_objects.hpp"
#include "render/text.hpp"

namespace gradscape::render {

struct FlatVertex {
  float x = 0, y = 0;                  // viewport pixels, top-left origin
  std::array<std::uint8_t, 4> rgba{};  // straight alpha
};

// A string placed on the picture (queued into a TextRenderer each time the mesh is drawn).
struct PlacedText {
  std::string utf8;
  glm::vec2 anchor;  // viewport pixels, top-left origin
  float sizePixels;
  HAlign h;
  VAlign v;
};

struct FlatMesh {
  std::vector<FlatVertex> vertices;  // triangles, three vertices each
  std::vector<PlacedText> labels;    // black text drawn over the triangles

  void clear() {
    vertices.clear();
    labels.clear();
  }
  // Queues every label into `text` (black).
  void queueLabels(TextRenderer& text) const;
  void addTriangle(glm::dvec2 a, glm::dvec2 b, glm::dvec2 c, std::array<std::uint8_t, 4> rgba);
  // An axis-aligned rectangle from (left, top) to (right, bottom).
  void addRect(double left, double top, double right, double bottom, std::array<std::uint8_t, 4> rgba);
  // A segment `width` pixels wide (butt ends; `extend` pixels longer at each end, matplotlib's projecting cap).
  void addLine(glm::dvec2 a, glm::dvec2 b, double width, std::array<std::uint8_t, 4> rgba, double extend = 0);
};

std::array<std::uint8_t, 4> rgba8(const glm::vec4& color);

// Uploads a FlatMesh and draws it with shaders/flat.{vert,frag}.
class FlatPainter {
 public:
  FlatPainter();
  void upload(const FlatMesh& mesh);
  // Into the current viewport of `viewportSize` pixels, at NDC depth `ndcDepth`, with whatever blend and
  // depth state the caller set.
  void draw(glm::vec2 viewportSize, float ndcDepth = 0) const;
  bool empty() const { return count_ == 0; }

 private:
  gl::Program program_ = gl::Program::fromFiles("flat.vert", "flat.frag");
  gl::Buffer buffer_{GL_ARRAY_BUFFER};
  gl::VertexArray array_;
  GLsizei count_ = 0;
};

}  // namespace gradscape::render
