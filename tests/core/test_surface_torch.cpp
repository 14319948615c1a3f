// Surfaces against torch itself: value and gradient of every catalog surface and of expressions using every
// function and operator, as the trace oracle's torch computes them (tests/oracle/gen_torch_surfaces.py).
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/surface.hpp"
#include "core/torch_table.hpp"

namespace gradscape::core {
namespace {

struct TorchRow {
  std::string kind, surface;
  double x, y, value, dx, dy;
};

std::vector<TorchRow> readTorchValues() {
  std::vector<TorchRow> rows;
  for (const auto& f : test::readTable(GRADSCAPE_TEST_DATA "/surfaces/torch_values.tsv", 7))
    rows.push_back({f[0], f[1], test::parseNumber(f[2]), test::parseNumber(f[3]), test::parseNumber(f[4]),
                    test::parseNumber(f[5]), test::parseNumber(f[6])});
  return rows;
}

bool sameValue(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Bit for bit: gradscape replays torch's operations in torch's order with the same C library functions
// (the oracle runs torch's portable kernels). A difference of an ulp means an operation left that order
// (or this machine's libm rounds differently from the one that made the file).
TEST(SurfaceTorchReference, ValuesAndGradientsEqualTorchExactly) {
  const std::vector<TorchRow> rows = readTorchValues();
  ASSERT_GT(rows.size(), 1000u);
  std::set<std::string> catalogNames, expressions;
  int differing = 0;
  for (const TorchRow& row : rows) {
    const Surface surface =
        row.kind == "catalog" ? Surface::fromCatalog(row.surface) : Surface::fromExpression(row.surface);
    (row.kind == "catalog" ? catalogNames : expressions).insert(row.surface);
    const ValueAndGradient ours = surface.valueAndGradient(row.x, row.y);
    const bool same = sameValue(ours.value, row.value) && sameValue(ours.dx, row.dx) && sameValue(ours.dy, row.dy);
    if (!same && ++differing <= 5)
      ADD_FAILURE() << row.surface << " at (" << row.x << ", " << row.y << "): " << ours.value << ", " << ours.dx
                    << ", " << ours.dy << " vs torch " << row.value << ", " << row.dx << ", " << row.dy;
    EXPECT_TRUE(sameValue(surface.value(row.x, row.y), row.value)) << row.surface;
  }
  EXPECT_EQ(differing, 0) << "of " << rows.size() << " rows";
  EXPECT_EQ(catalogNames.size(), catalog().size());
  EXPECT_GE(expressions.size(), 20u);
}

}  // namespace
}  // namespace gradscape::core
