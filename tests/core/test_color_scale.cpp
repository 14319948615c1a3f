// Colour scales and contour levels: normalisation under linear, log and symlog, and levels against the ones
// matplotlib 3.6's contour/contourf pick for the same data range.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/color_scale.hpp"

namespace gradscape::core {
namespace {

void expectLevels(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-12 * std::abs(expected[i])) << i;
}

// Expected values: matplotlib 3.6.3, plt.contourf(Z).levels (and contourf(Z, norm=LogNorm()).levels) for a Z
// spanning [lo, hi].
TEST(ContourLevels, LinearMatchesMatplotlib) {
  expectLevels(ColorScale(ColorScaleKind::linear, 0, 2500.5).contourLevels(), {0, 400, 800, 1200, 1600, 2000, 2400, 2800});
  expectLevels(ColorScale(ColorScaleKind::linear, -1, 1).contourLevels(), {-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1});
  expectLevels(ColorScale(ColorScaleKind::linear, -0.93, 0.71).contourLevels(), {-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75});
  expectLevels(ColorScale(ColorScaleKind::linear, 3.2, 1234).contourLevels(), {0, 200, 400, 600, 800, 1000, 1200, 1400});
}

TEST(ContourLevels, LogOfPositiveRangeMatchesMatplotlib) {
  expectLevels(ColorScale(ColorScaleKind::log, 0.01, 3000).contourLevels(), {1e-3, 1e-2, 0.1, 1, 10, 100, 1e3, 1e4});
  expectLevels(ColorScale(ColorScaleKind::log, 0.5, 7).contourLevels(), {0.1, 1, 10});
  expectLevels(ColorScale(ColorScaleKind::log, 1e-6, 2e4).contourLevels(), {1e-8, 1e-6, 1e-4, 1e-2, 1, 100, 1e4, 1e6});
  expectLevels(ColorScale(ColorScaleKind::log, 2, 9e11).contourLevels(), {1, 100, 1e4, 1e6, 1e8, 1e10, 1e12});
}

TEST(ColorScale, LogShiftsANonPositiveMinimumAndKeepsRealValues) {
  const ColorScale scale(ColorScaleKind::log, 0, 3600);
  EXPECT_DOUBLE_EQ(scale.logShift(), -3600 * kLogFloor);
  EXPECT_DOUBLE_EQ(scale.normalize(0), 0);
  EXPECT_DOUBLE_EQ(scale.normalize(3600), 1);
  EXPECT_NEAR(scale.valueAt(scale.normalize(1.5)), 1.5, 1e-12);
  // Five decades of f - shift: where f - shift is ten times the floor (0.036), a fifth of the way up.
  EXPECT_NEAR(scale.normalize(0.324), 1 / std::log10(1e5 + 1), 1e-12);
  const std::vector<double> levels = scale.contourLevels();
  ASSERT_GE(levels.size(), 5u);
  EXPECT_EQ(levels.front(), 0);  // the minimum itself, not the decade below it (a value f never takes)
  EXPECT_GE(levels.back(), 3600);
  for (std::size_t i = 1; i < levels.size(); ++i) EXPECT_LT(levels[i - 1], levels[i]);
  // Real values rounded to one digit: 100 and 1000 are levels, not 99.964.
  EXPECT_NE(std::find(levels.begin(), levels.end(), 100.0), levels.end());
  EXPECT_NE(std::find(levels.begin(), levels.end(), 1000.0), levels.end());
}

TEST(ColorScale, LogOfNegativeRangeIsMonotonic) {
  const ColorScale scale(ColorScaleKind::log, -50, 950);
  double previous = -1;
  for (double f = -50; f <= 950; f += 7.5) {
    const double t = scale.normalize(f);
    EXPECT_GT(t, previous);
    previous = t;
  }
  EXPECT_NEAR(scale.normalize(scale.valueAt(0.37)), 0.37, 1e-12);
}

TEST(ColorScale, SymlogIsLinearInsideTheThresholdAndLogOutside) {
  const ColorScale scale(ColorScaleKind::symlog, -1000, 1000, 1.0);
  EXPECT_DOUBLE_EQ(scale.normalize(0), 0.5);
  // Each decade beyond the threshold takes the same share of the bar.
  const double d1 = scale.normalize(100) - scale.normalize(10), d2 = scale.normalize(1000) - scale.normalize(100);
  EXPECT_NEAR(d1, d2, 1e-12);
  EXPECT_NEAR(scale.normalize(-10), 1 - scale.normalize(10), 1e-12);
  for (double t : {0.05, 0.3, 0.5, 0.62, 0.99}) EXPECT_NEAR(scale.normalize(scale.valueAt(t)), t, 1e-12);
  const std::vector<double> levels = scale.contourLevels();
  EXPECT_EQ(levels, (std::vector<double>{-1000, -100, -10, -1, 0, 1, 10, 100, 1000}));
}

TEST(ColorScale, SymlogDefaultThresholdComesFromTheRange) {
  EXPECT_DOUBLE_EQ(ColorScale(ColorScaleKind::symlog, -20, 500).symlogThreshold(), 500 * kSymlogDefaultFraction);
  EXPECT_DOUBLE_EQ(ColorScale(ColorScaleKind::symlog, 0, 0).symlogThreshold(), 1);
}

TEST(ColorScale, LinearIsMatplotlibsNormalize) {
  const ColorScale scale(ColorScaleKind::linear, -2, 6);
  EXPECT_DOUBLE_EQ(scale.normalize(0), 0.25);
  EXPECT_DOUBLE_EQ(scale.normalize(8), 1.25);
  EXPECT_DOUBLE_EQ(ColorScale(ColorScaleKind::linear, 3, 3).normalize(7), 0);
  EXPECT_DOUBLE_EQ(ColorScale(ColorScaleKind::linear, -1, 1).normalize(0), 0.5);
  EXPECT_DOUBLE_EQ(ColorScale(ColorScaleKind::linear, -1, 1).normalize(-1), 0);
  EXPECT_DOUBLE_EQ(ColorScale(ColorScaleKind::linear, 1, 5).normalize(3), 0.5);
}

TEST(ColorScale, NamesRoundTrip) {
  for (auto kind : {ColorScaleKind::linear, ColorScaleKind::log, ColorScaleKind::symlog})
    EXPECT_EQ(findColorScale(colorScaleName(kind)), kind);
  EXPECT_FALSE(findColorScale("Log"));
}

}  // namespace
}  // namespace gradscape::core
