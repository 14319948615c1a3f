// The 2-D view's filled contours drawn by the GPU: the sampled grid as a float texture, the levels and band
// colours as buffer textures, and one rectangle whose fragments find their band (shaders/contour_fill.*).
// Filled as polygons, a 1024^2 grid of Rastrigin made a million triangle vertices on the CPU per edit;
// here the cost is a texture upload and one pass over the plot area's pixels.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <glm/vec2.hpp>

#include "render/gl_objects.hpp"

namespace gradscape::render {

// What the fill needs from a build (no GL: made on any thread).
struct ContourFillData {
  int columns = 0, rows = 0;
  std::vector<float> values;  // row-major, row 0 at yMin; finite doubles past float's range are clamped to it
  std::vector<float> levels;
  std::vector<std::array<std::uint8_t, 4>> colors;  // levels.size() - 1 bands
};

// `values`: the grid's doubles (row-major, columns x rows).
ContourFillData contourFillData(int columns, int rows, std::span<const double> values, std::span<const double> levels,
                                std::vector<std::array<std::uint8_t, 4>> colors);

class ContourFill {
 public:
  ContourFill();
  void upload(const ContourFillData& data);
  // Fills `plot` (left, top, width, height: pane pixels, top-left origin), which the grid spans exactly,
  // with whatever blend and depth state the caller set. Nothing before an upload with two levels or more.
  void draw(glm::vec2 viewportSize, const std::array<double, 4>& plot) const;

 private:
  gl::Program program_ = gl::Program::fromFiles("contour_fill.vert", "contour_fill.frag");
  gl::VertexArray array_;  // none of its attributes: the rectangle comes from gl_VertexID
  std::optional<gl::Texture2D> grid_;
  gl::BufferTexture levels_{GL_R32F}, colors_{GL_RGBA8};
  int levelCount_ = 0;
};

}  // namespace gradscape::render
