// Contour lines and filled contour bands of a surface sampled on a grid (marching triangles: each grid cell
// split along its rising diagonal, so lines and fills agree exactly and no saddle cell is ambiguous).
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
  // bands[k]: triangles (three points each) where levels[k] <= f < levels[k + 1]; the first band also takes
  // everything below levels[1] and the last everything at or above its lower level, so the fill covers
  // the domain even when the levels come from a clipped colour range.
  std::vector<std::vector<Point2>> bands;
};

// Lines at every level and bands between consecutive levels (ascending, at least two for bands).
// With `refine`, each vertex found by linear interpolation along a grid edge is moved along that edge to
// where the surface itself equals the level (a bracketed root search), so f(vertex) == level to rounding;
// without it, vertices are the linear interpolation (cheaper for slow expressions).
// A cell with a non-finite corner is left out. `threads` > 1 splits the rows into stripes built at once;
// the result is the same, vertex for vertex, in the same order.
Contours buildContours(const ScalarGrid& grid, std::span<const double> levels, const Surface* refine,
                       bool withLines = true, bool withBands = true, int threads = 1);

}  // namespace gradscape::core
