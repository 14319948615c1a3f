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

namespace gradscape::core {
namespace {

struct TorchRow {
  std::string kind, surface;
  double x, y, value, dx, dy;
};

double parseNumber(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) throw std::runtime_error("bad number " + text);
  return value;
}

std::vector<TorchRow> readTorchValues() {
  std::ifstream in(GRADSCAPE_TEST_DATA "/surfaces/torch_values.tsv");
  std::vector<TorchRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    for (std::size_t start = 0;;) {
      const std::size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() != 7) throw std::runtime_error("bad row: " + line);
    rows.push_back({fields[0], fields[1], parseNumber(fields[2]), parseNumber(fields[3]), parseNumber(fields[4]),
                    parseNumber(fields[5]), parseNumber(fields[6])});
  }
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
