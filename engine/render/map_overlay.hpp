// A map (`gradscape map`'s basin, loss or steps cells) laid over the surface: draped as a texture on the
// 3-D mesh and drawn under the contour lines in the 2-D view. One texel a cell, nearest filtering, so a
// pixel on the map has exactly its cell's colour (render::mapCellColors, the CLI picture's colours).
#pragma once

#include <array>
#include <optional>
#include <vector>

#include <glm/glm.hpp>

#include "core/scene.hpp"
#include "render/gl_objects.hpp"

namespace gradscape::render {

// The cells' colours over the scene's domain: grid × grid, row-major, j (y) outer, i (x) inner; cell
// (i, j) sits on the grid vertex x_i = x0 + i·(x1 − x0)/(grid − 1) (core/descent_map.hpp).
struct MapOverlay {
  int grid = 0;
  std::vector<core::Rgb> colors;
};

// The overlay's texture. A shader maps a domain fraction u in [0, 1] to the texel of the nearest vertex:
// (u·(grid − 1) + 0.5) / grid (shaders/map_texel.glsl).
class MapTexture {
 public:
  void upload(const MapOverlay& overlay);
  void clear() { texture_.reset(); }
  bool empty() const { return !texture_; }
  int grid() const { return grid_; }
  void bind(unsigned unit) const { texture_->bind(unit); }

 private:
  std::optional<gl::Texture2D> texture_;
  int grid_ = 0;
};

// The 2-D view's map: one textured rectangle over the plot area (pixels, top-left origin) showing the part
// of the domain the plot shows: `shown` is that part as domain fractions (u0, v0, u1, v1; v up), all of
// [0, 1]² without pan or zoom. The map is in data coordinates, so it follows the view's window.
class MapPlanePainter {
 public:
  void draw(const MapTexture& texture, glm::vec2 viewportSize, const std::array<double, 4>& plot,
            const std::array<double, 4>& shown) const;

 private:
  gl::Program program_ = gl::Program::fromFiles("map_plane.vert", "map_plane.frag");
  gl::VertexArray array_;
};

}  // namespace gradscape::render
