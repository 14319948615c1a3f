// Marching triangles over a sampled grid: contour segments per level (the 2-D view fills bands on the GPU,
// shaders/contour_fill.frag, from the same triangles).
#include "core/contours.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>
#include <type_traits>

namespace gradscape::core {
namespace {

constexpr std::uint8_t kNotFinite = 255;  // a vertex class for NaN and infinite samples

struct Vertex {
  int column, row;
  double value;
};

// Builds one grid's contours; `Evaluate` is a concrete surface evaluator, or std::nullptr_t for none.
template <class Evaluate>
class ContourBuilder {
 public:
  ContourBuilder(const ScalarGrid& grid, std::span<const double> levels, Evaluate evaluate)
      : grid_(grid), levels_(levels), evaluate_(evaluate) {}

  // The cells of rows [fromRow, toRow) (cell row r lies between sample rows r and r + 1).
  void build(Contours& out, int fromRow, int toRow) {
    out.lines.assign(levels_.size(), {});
    // classes[i]: how many levels are <= the sample (a line crosses an edge exactly where this differs).
    firstClassRow_ = fromRow;
    const std::size_t first = static_cast<std::size_t>(fromRow) * grid_.columns;
    classes_.resize(static_cast<std::size_t>(toRow + 1 - fromRow) * grid_.columns);
    for (std::size_t i = 0; i < classes_.size(); ++i) {
      const double v = grid_.values[first + i];
      classes_[i] = std::isfinite(v) ? static_cast<std::uint8_t>(std::upper_bound(levels_.begin(), levels_.end(), v) -
                                                                  levels_.begin())
                                     : kNotFinite;
    }
    for (int row = fromRow; row < toRow; ++row) {
      for (int column = 0; column + 1 < grid_.columns; ++column) {
        const std::uint8_t c00 = classAt(column, row), c10 = classAt(column + 1, row);
        const std::uint8_t c01 = classAt(column, row + 1), c11 = classAt(column + 1, row + 1);
        const bool finite = c00 != kNotFinite && c10 != kNotFinite && c01 != kNotFinite && c11 != kNotFinite;
        const bool uniform = finite && c00 == c10 && c00 == c01 && c00 == c11;
        if (finite && !uniform) {
          const Vertex v00 = vertex(column, row), v10 = vertex(column + 1, row);
          const Vertex v01 = vertex(column, row + 1), v11 = vertex(column + 1, row + 1);
          lineTriangle(out.lines, v00, v10, v11);
          lineTriangle(out.lines, v00, v11, v01);
        }
      }
    }
  }

 private:
  std::uint8_t classAt(int column, int row) const {
    return classes_[static_cast<std::size_t>(row - firstClassRow_) * grid_.columns + column];
  }
  Vertex vertex(int column, int row) const { return {column, row, grid_.at(column, row)}; }
  Point2 point(const Vertex& v) const { return {grid_.x(v.column), grid_.y(v.row)}; }

  // Where `level` crosses the edge a-b. Computed from the edge's endpoints in grid order, so the two
  // triangles sharing an edge get the very same point.
  Point2 crossing(Vertex a, Vertex b, double level) const {
    if (b.row < a.row || (b.row == a.row && b.column < a.column)) std::swap(a, b);
    const Point2 pa = point(a), pb = point(b);
    double t = (level - a.value) / (b.value - a.value);
    if constexpr (!std::is_same_v<Evaluate, std::nullptr_t>) t = refine(pa, pb, a.value - level, b.value - level, level, t);
    return {pa.x + (pb.x - pa.x) * t, pa.y + (pb.y - pa.y) * t};
  }

  // Newton on g(s) = f(pa + s (pb - pa)) - level over [0, 1], where g changes sign, with the exact
  // derivative g'(s) = grad f . (pb - pa) that every evaluation returns anyway; a step that would leave the
  // shrinking bracket bisects instead. From the linear interpolation's guess it settles in 3-4 evaluations
  // (false position took twice as many: most of a 1024^2 Rastrigin build's time).
  double refine(Point2 pa, Point2 pb, double g0, double /*g1*/, double level, double guess) const {
    const double dx = pb.x - pa.x, dy = pb.y - pa.y;
    double s0 = 0, s1 = 1;  // g(s0) has g0's sign, g(s1) the other
    double s = guess;
    for (int iteration = 0; iteration < 60; ++iteration) {
      const auto at = evaluate_(pa.x + dx * s, pa.y + dy * s);
      const double g = at.value - level;
      if (g == 0 || !std::isfinite(g)) return s;
      ((g < 0) == (g0 < 0) ? s0 : s1) = s;
      double next = s - g / (at.dx * dx + at.dy * dy);
      if (!(next > std::min(s0, s1) && next < std::max(s0, s1))) next = 0.5 * (s0 + s1);
      if (next == s || std::abs(s1 - s0) <= 4 * std::numeric_limits<double>::epsilon()) return s;
      s = next;
    }
    return s;
  }

  void lineTriangle(std::vector<std::vector<Point2>>& lines, const Vertex& a, const Vertex& b, const Vertex& c) const {
    const double low = std::min({a.value, b.value, c.value}), high = std::max({a.value, b.value, c.value});
    auto level = std::upper_bound(levels_.begin(), levels_.end(), low);  // first level > low
    for (; level != levels_.end() && *level <= high; ++level) {
      const double l = *level;
      const bool ba = a.value < l, bb = b.value < l, bc = c.value < l;
      Point2 ends[2];
      int found = 0;
      if (ba != bb) ends[found++] = crossing(a, b, l);
      if (bb != bc) ends[found++] = crossing(b, c, l);
      if (found < 2 && bc != ba) ends[found++] = crossing(c, a, l);
      if (found == 2 && (ends[0].x != ends[1].x || ends[0].y != ends[1].y)) {
        auto& segments = lines[static_cast<std::size_t>(level - levels_.begin())];
        segments.push_back(ends[0]);
        segments.push_back(ends[1]);
      }
    }
  }

  const ScalarGrid& grid_;
  std::span<const double> levels_;
  Evaluate evaluate_;
  std::vector<std::uint8_t> classes_;  // sample rows firstClassRow_ onwards
  int firstClassRow_ = 0;
};

// Appends `part`'s segments after `whole`'s, level by level.
void append(Contours& whole, Contours&& part) {
  for (std::size_t k = 0; k < whole.lines.size(); ++k)
    whole.lines[k].insert(whole.lines[k].end(), part.lines[k].begin(), part.lines[k].end());
}

}  // namespace

ScalarGrid sampleGrid(const Surface& surface, const Domain& domain, int columns, int rows, int threads) {
  ScalarGrid grid{domain, columns, rows, std::vector<double>(static_cast<std::size_t>(columns) * rows)};
  surface.visit([&](auto evaluate) {
    auto fillRows = [&](int fromRow, int toRow) {
      for (int row = fromRow; row < toRow; ++row) {
        const double y = grid.y(row);
        double* out = grid.values.data() + static_cast<std::size_t>(row) * columns;
        for (int column = 0; column < columns; ++column) out[column] = evaluate(grid.x(column), y).value;
      }
    };
    threads = std::clamp(threads, 1, rows);
    std::vector<std::jthread> workers;
    for (int t = 1; t < threads; ++t) workers.emplace_back(fillRows, rows * t / threads, rows * (t + 1) / threads);
    fillRows(0, rows / threads);
  });
  return grid;
}

Contours buildContours(const ScalarGrid& grid, std::span<const double> levels, const Surface* refine, int threads) {
  Contours contours;
  contours.levels.assign(levels.begin(), levels.end());
  if (grid.columns < 2 || grid.rows < 2 || levels.empty() || levels.size() >= kNotFinite) return contours;
  // Stripes of cell rows, one a thread, joined in row order: the very output of one thread.
  const int cellRows = grid.rows - 1;
  threads = std::clamp(threads, 1, cellRows);
  std::vector<Contours> stripes(static_cast<std::size_t>(threads));
  const auto buildStripes = [&](auto evaluate) {
    const auto buildStripe = [&](int t) {
      ContourBuilder(grid, contours.levels, evaluate)
          .build(stripes[t], cellRows * t / threads, cellRows * (t + 1) / threads);
    };
    std::vector<std::jthread> workers;
    for (int t = 1; t < threads; ++t) workers.emplace_back(buildStripe, t);
    buildStripe(0);
  };
  if (refine) refine->visit(buildStripes);
  else buildStripes(nullptr);
  contours.lines = std::move(stripes[0].lines);
  for (std::size_t t = 1; t < stripes.size(); ++t) append(contours, std::move(stripes[t]));
  return contours;
}

}  // namespace gradscape::core
