// Contours: every line vertex lies where f equals its level (or within the cell's curvature of it, unrefined),
// cells with a non-finite corner are left out, and threads do not change the result.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/color_scale.hpp"
#include "core/contours.hpp"

namespace gradscape::core {
namespace {

std::vector<double> levelsOf(const ScalarGrid& grid, ColorScaleKind kind) {
  const auto [low, high] = std::minmax_element(grid.values.begin(), grid.values.end());
  return ColorScale(kind, *low, *high).contourLevels();
}

struct Case {
  const char* surface;
  bool expression;
  ColorScaleKind scale;
};

class ContourVertices : public ::testing::TestWithParam<Case> {};

TEST_P(ContourVertices, LieOnTheirLevel) {
  const Case c = GetParam();
  const Surface surface = c.expression ? Surface::fromExpression(c.surface) : Surface::fromCatalog(c.surface);
  const Domain domain = c.expression ? Domain{-2, 2, -1.5, 2.5} : surface.defaultDomain();
  const ScalarGrid grid = sampleGrid(surface, domain, 97, 83, 2);
  const std::vector<double> levels = levelsOf(grid, c.scale);
  const Contours contours = buildContours(grid, levels, &surface);
  ASSERT_EQ(contours.lines.size(), levels.size());
  std::size_t vertices = 0, levelsWithLines = 0;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    levelsWithLines += !contours.lines[i].empty();
    for (const Point2& p : contours.lines[i]) {
      ++vertices;
      EXPECT_GE(p.x, domain.xMin);
      EXPECT_LE(p.x, domain.xMax);
      // To rounding of f near the level (its size, not the surface's range).
      ASSERT_NEAR(surface.value(p.x, p.y), levels[i], 1e-10 * std::max(1.0, std::abs(levels[i])))
          << c.surface << " level " << levels[i] << " at (" << p.x << ", " << p.y << ")";
    }
  }
  EXPECT_GT(vertices, 200u);
  EXPECT_GE(levelsWithLines, 3u);
}

INSTANTIATE_TEST_SUITE_P(Surfaces, ContourVertices,
                         ::testing::Values(Case{"rosenbrock", false, ColorScaleKind::log},
                                           Case{"rosenbrock", false, ColorScaleKind::linear},
                                           Case{"himmelblau", false, ColorScaleKind::linear},
                                           Case{"rastrigin", false, ColorScaleKind::linear},
                                           Case{"beale", false, ColorScaleKind::log},
                                           Case{"saddle", false, ColorScaleKind::symlog},
                                           Case{"sin(3*x)*cos(2*y) + 0.1*x^2", true, ColorScaleKind::linear}));

// Without refinement a vertex is the linear interpolation along its grid edge: off the level by at most
// the surface's curvature over one cell, and the refined vertex lies on the same edge.
TEST(Contours, UnrefinedVerticesInterpolateLinearly) {
  const Surface surface = Surface::fromExpression("x^2 + y^2");
  const ScalarGrid grid = sampleGrid(surface, {-1, 1, -1, 1}, 41, 41);
  const std::vector<double> levels{0.25};
  const Contours contours = buildContours(grid, levels, nullptr);
  ASSERT_FALSE(contours.lines[0].empty());
  double worst = 0;
  for (const Point2& p : contours.lines[0]) worst = std::max(worst, std::abs(surface.value(p.x, p.y) - 0.25));
  EXPECT_GT(worst, 1e-6);   // linear interpolation of a curved f: not exact
  EXPECT_LT(worst, 0.005);  // but within a cell's curvature (h^2 = 0.0025, times f'' = 2, over 4)
}

TEST(Contours, NonFiniteCellsAreLeftOut) {
  const Surface surface = Surface::fromExpression("log(x)");
  const ScalarGrid grid = sampleGrid(surface, {-1, 1, -1, 1}, 21, 21);
  const std::vector<double> levels{-2, -1, 0};
  const Contours contours = buildContours(grid, levels, &surface);
  for (std::size_t i = 0; i < levels.size(); ++i)
    for (const Point2& p : contours.lines[i]) {
      EXPECT_GT(p.x, 0);
      EXPECT_NEAR(std::log(p.x), levels[i], 1e-10);
    }
  EXPECT_FALSE(contours.lines[1].empty());
}

// Stripes of rows built on several threads join into the one-thread result, vertex for vertex and in order
// (a stripe that dropped its last row, or joined out of order, would differ).
TEST(Contours, StripesOnThreadsGiveTheOneThreadResult) {
  const Surface surface = Surface::fromCatalog("rastrigin");
  const ScalarGrid grid = sampleGrid(surface, surface.defaultDomain(), 131, 77, 2);
  const std::vector<double> levels = levelsOf(grid, ColorScaleKind::linear);
  const auto flat = [](const std::vector<std::vector<Point2>>& parts) {
    std::vector<double> out;
    for (const auto& part : parts) {
      out.push_back(static_cast<double>(part.size()));
      for (const Point2& p : part) out.insert(out.end(), {p.x, p.y});
    }
    return out;
  };
  const Contours one = buildContours(grid, levels, &surface, 1);
  ASSERT_FALSE(flat(one.lines).empty());
  for (int threads : {2, 3, 8}) {
    const Contours many = buildContours(grid, levels, &surface, threads);
    EXPECT_EQ(flat(many.lines), flat(one.lines)) << threads << " threads";
  }
}

}  // namespace
}  // namespace gradscape::core
