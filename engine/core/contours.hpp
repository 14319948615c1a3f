// Contour lines of a surface sampled on a grid (marching triangles: each grid cell split along its rising
// diagonal, so no saddle cell is ambiguous; the 2-D view's GPU fill splits cells the same way, so lines and
// bands agree).
#pragma once

#include <span>
#include <vector>

#include "core/surface.hpp"

namespace gradscape::core {

struct Point2 {
  double x = 0, y = 0;
};

// f sampled at columns x rows points spaced evenly over the domain, corners included.
struct ScalarGrid {
  Domain domain;
  int columns = 0, rows = 0;
  std::vector<double> values;  // values[row * columns + column]; row 0 at yMin, column 0 at xMin

  double x(int column) const { return domain.xMin + (domain.xMax - domain.xMin) * column / (columns - 1); }
  double y(int row) const { return domain.yMin + (domain.yMax - domain.yMin) * row / (rows - 1); }
  double at(int column, int row) const { return values[static_cast<std::size_t>(row) * columns + column]; }
};

// columns, rows >= 2. Spreads the rows over `threads` threads (1: the calling thread only).
ScalarGrid sampleGrid(const Surface& surface, const Domain& domain, int columns, int rows, int threads = 1);

struct Contours {
  std::vector<double> levels;
  // lines[i]: segments at levels[i], two points each.
  std::vector<std::vector<Point2>> lines;
};

// Lines at every level (ascending).
// With `refine`, each vertex found by linear interpolation along a grid edge is moved along that edge to
// where the surface itself equals the level (a bracketed root search), so f(vertex) == level to rounding;
// without it, vertices are the linear interpolation (cheaper for slow expressions).
// A cell with a non-finite corner is left out. `threads` > 1 splits the rows into stripes built at once;
// the result is the same, vertex for vertex, in the same order.
Contours buildContours(const ScalarGrid& grid, std::span<const double> levels, const Surface* refine, int threads = 1);

}  // namespace gradscape::core
