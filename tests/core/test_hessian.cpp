// Exact Hessians (second-order forward-mode AD) against torch.autograd.functional.hessian on every catalog
// surface and on expressions using every function (tests/oracle/gen_torch_hessians.py), and the eigen-cross.
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/expression.hpp"
#include "core/hessian.hpp"
#include "core/torch_table.hpp"

namespace gradscape::core {
namespace {

struct HessianRow {
  std::string kind, surface;
  double x, y, value, dxx, dxy, dyy;
};

std::vector<HessianRow> readTorchHessians() {
  std::vector<HessianRow> rows;
  for (const auto& f : test::readTable(GRADSCAPE_TEST_DATA "/surfaces/torch_hessians.tsv", 8))
    rows.push_back({f[0], f[1], test::parseNumber(f[2]), test::parseNumber(f[3]), test::parseNumber(f[4]),
                    test::parseNumber(f[5]), test::parseNumber(f[6]), test::parseNumber(f[7])});
  return rows;
}

// Torch's double backward and the forward-mode pass round in different orders: agreement to ~1e-12 of the
// Hessian's size (finite differences would be off by ~1e-5).
TEST(HessianTorchReference, MatchesTorchOnEveryCatalogSurfaceAndExpression) {
  const std::vector<HessianRow> rows = readTorchHessians();
  ASSERT_GT(rows.size(), 300u);
  std::set<std::string> catalogNames, expressions;
  for (const HessianRow& row : rows) {
    const Surface surface =
        row.kind == "catalog" ? Surface::fromCatalog(row.surface) : Surface::fromExpression(row.surface);
    (row.kind == "catalog" ? catalogNames : expressions).insert(row.surface);
    const ValueGradientHessian h = exactHessian(surface, row.x, row.y);
    const double size = std::max({1.0, std::abs(row.dxx), std::abs(row.dxy), std::abs(row.dyy)});
    const std::string where = row.surface + " at (" + std::to_string(row.x) + ", " + std::to_string(row.y) + ")";
    EXPECT_NEAR(h.value, row.value, 1e-12 * std::max(1.0, std::abs(row.value))) << where;
    EXPECT_NEAR(h.dxx, row.dxx, 1e-11 * size) << where;
    EXPECT_NEAR(h.dxy, row.dxy, 1e-11 * size) << where;
    EXPECT_NEAR(h.dyy, row.dyy, 1e-11 * size) << where;
  }
  EXPECT_EQ(catalogNames.size(), catalog().size());
  EXPECT_GE(expressions.size(), 15u);
}

// The gradient the Hessian pass carries is the surface's own exact gradient.
TEST(Hessian, GradientAgreesWithTheSurfaces) {
  for (const CatalogEntry& entry : catalog()) {
    const Surface surface = Surface::fromCatalog(entry.name);
    for (double x : {-0.7, 0.3, 1.1})
      for (double y : {-0.4, 0.6}) {
        const ValueGradientHessian h = exactHessian(surface, x, y);
        const ValueAndGradient g = surface.valueAndGradient(x, y);
        const double size = std::max({1.0, std::abs(g.dx), std::abs(g.dy)});
        EXPECT_NEAR(h.dx, g.dx, 1e-12 * size) << entry.name;
        EXPECT_NEAR(h.dy, g.dy, 1e-12 * size) << entry.name;
      }
  }
}

TEST(Hessian, EigenCrossOfAKnownMatrix) {
  // [[2, 1], [1, 2]]: eigenvalues 3 along (1, 1)/sqrt2 and 1 along (-1, 1)/sqrt2.
  const HessianEigen eigen = hessianEigen(2, 1, 2);
  EXPECT_NEAR(eigen.values[0], 3, 1e-15);
  EXPECT_NEAR(eigen.values[1], 1, 1e-15);
  EXPECT_NEAR(eigen.vectors[0][0], std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(eigen.vectors[0][1], std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(eigen.vectors[1][0], -std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(eigen.condition, 3, 1e-15);
  // The saddle: +2 along x, -2 along y; a condition number of 1.
  const HessianEigen saddle = hessianEigen(2, 0, -2);
  EXPECT_EQ(saddle.values[0], 2);
  EXPECT_EQ(saddle.values[1], -2);
  EXPECT_EQ(saddle.vectors[0][0], 1);
  EXPECT_EQ(saddle.condition, 1);
  // Each (value, vector) pair satisfies H v = lambda v.
  const double dxx = -3, dxy = 2.5, dyy = 7;
  const HessianEigen any = hessianEigen(dxx, dxy, dyy);
  for (int i = 0; i < 2; ++i) {
    const auto& v = any.vectors[i];
    EXPECT_NEAR(dxx * v[0] + dxy * v[1], any.values[i] * v[0], 1e-12);
    EXPECT_NEAR(dxy * v[0] + dyy * v[1], any.values[i] * v[1], 1e-12);
  }
}

}  // namespace
}  // namespace gradscape::core
