// Ticks and tick labels against matplotlib 3.6's MaxNLocator(steps=[1,2,2.5,5,10]) + ScalarFormatter.
// The expected rows were printed by matplotlib itself (the generator is in the comment below), not by us.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/ticks.hpp"

namespace gradscape::core {
namespace {

// Generated with matplotlib 3.6.3 (Debian 12):
//   loc = ticker.MaxNLocator(nbins=n, steps=[1, 2, 2.5, 5, 10]); raw = loc.tick_values(vmin, vmax)
//   f = ticker.ScalarFormatter(); f.create_dummy_axis(); f.axis.set_view_interval(vmin, vmax)
//   labels = f.format_ticks(raw); shown = ticks with transforms._interval_contains_close; f.get_offset()
struct MatplotlibCase {
  double vmin, vmax;
  int bins;
  std::vector<double> raw;
  std::vector<double> shown;
  std::vector<std::string> labels;
  std::string offsetText;
};

#define MINUS "\xE2\x88\x92"
const std::vector<MatplotlibCase> kCases = {
    {-1, 1, 7, {-1.0, -0.5, 0.0, 0.5, 1.0}, {-1.0, -0.5, 0.0, 0.5, 1.0}, {MINUS "1.0", MINUS "0.5", "0.0", "0.5", "1.0"}, ""},
    {-1, 1, 9, {-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0}, {-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0},
     {MINUS "1.00", MINUS "0.75", MINUS "0.50", MINUS "0.25", "0.00", "0.25", "0.50", "0.75", "1.00"}, ""},
    {0, 1, 7, {0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0}, {0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0},
     {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}, ""},
    {-2, 2, 7, {-2.0, -1.0, 0.0, 1.0, 2.0}, {-2.0, -1.0, 0.0, 1.0, 2.0}, {MINUS "2", MINUS "1", "0", "1", "2"}, ""},
    {-3, 3, 7, {-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0}, {-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0},
     {MINUS "3", MINUS "2", MINUS "1", "0", "1", "2", "3"}, ""},
    {-0.37, 0.42, 7, {-0.4, -0.2, 0.0, 0.20000000000000007, 0.4, 0.6}, {-0.2, 0.0, 0.20000000000000007, 0.4},
     {MINUS "0.2", "0.0", "0.2", "0.4"}, ""},
    {0, 100, 7, {0.0, 20.0, 40.0, 60.0, 80.0, 100.0}, {0.0, 20.0, 40.0, 60.0, 80.0, 100.0}, {"0", "20", "40", "60", "80", "100"}, ""},
    {0.001, 0.0015, 5, {0.001, 0.0011, 0.0012000000000000001, 0.0013000000000000002, 0.0014000000000000002, 0.0015},
     {0.001, 0.0011, 0.0012000000000000001, 0.0013000000000000002, 0.0014000000000000002, 0.0015},
     {"0.0010", "0.0011", "0.0012", "0.0013", "0.0014", "0.0015"}, ""},
    {1000000.0, 1000005.0, 7, {1000000.0, 1000001.0, 1000002.0, 1000003.0, 1000004.0, 1000005.0},
     {1000000.0, 1000001.0, 1000002.0, 1000003.0, 1000004.0, 1000005.0}, {"0", "1", "2", "3", "4", "5"}, "+1e6"},
    {-1e-07, 3e-07, 7, {-1e-07, 0.0, 1e-07, 2e-07, 3e-07}, {-1e-07, 0.0, 1e-07, 2e-07, 3e-07}, {MINUS "1", "0", "1", "2", "3"},
     "1e" MINUS "7"},
    {1234.5, 1236.7, 7, {1234.5, 1235.0, 1235.5, 1236.0, 1236.5, 1237.0}, {1234.5, 1235.0, 1235.5, 1236.0, 1236.5},
     {"1234.5", "1235.0", "1235.5", "1236.0", "1236.5"}, ""},
    {-5, 17, 4, {-10.0, 0.0, 10.0, 20.0}, {0.0, 10.0}, {"0", "10"}, ""},
    {0, 25000000.0, 7, {0.0, 5000000.0, 10000000.0, 15000000.0, 20000000.0, 25000000.0},
     {0.0, 5000000.0, 10000000.0, 15000000.0, 20000000.0, 25000000.0}, {"0.0", "0.5", "1.0", "1.5", "2.0", "2.5"}, "1e7"},
    {-1, 1, 1, {-1.0, 0.0, 1.0}, {-1.0, 0.0, 1.0}, {MINUS "1", "0", "1"}, ""},
    {-172.17, 1.0, 7, {-175.0, -150.0, -125.0, -100.0, -75.0, -50.0, -25.0, 0.0, 25.0},
     {-150.0, -125.0, -100.0, -75.0, -50.0, -25.0, 0.0},
     {MINUS "150", MINUS "125", MINUS "100", MINUS "75", MINUS "50", MINUS "25", "0"}, ""},
    {-1, 1, 3, {-1.0, 0.0, 1.0}, {-1.0, 0.0, 1.0}, {MINUS "1", "0", "1"}, ""},
    {100000, 100010, 7, {100000.0, 100002.0, 100004.0, 100006.0, 100008.0, 100010.0},
     {100000.0, 100002.0, 100004.0, 100006.0, 100008.0, 100010.0}, {"0", "2", "4", "6", "8", "10"}, "+1e5"},
};

TEST(Ticks, RawLocationsMatchMatplotlib) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(testing::Message() << "[" << c.vmin << ", " << c.vmax << "] bins " << c.bins);
    const std::vector<double> raw = maxNLocatorTicks(c.vmin, c.vmax, c.bins);
    ASSERT_EQ(raw.size(), c.raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) EXPECT_NEAR(raw[i], c.raw[i], 1e-12 * (1 + std::abs(c.raw[i])));
  }
}

TEST(Ticks, LabelsAndOffsetMatchMatplotlib) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(testing::Message() << "[" << c.vmin << ", " << c.vmax << "] bins " << c.bins);
    const AxisTicks ticks = autoTicks(c.vmin, c.vmax, c.bins);
    ASSERT_EQ(ticks.values.size(), c.shown.size());
    for (std::size_t i = 0; i < ticks.values.size(); ++i)
      EXPECT_NEAR(ticks.values[i], c.shown[i], 1e-12 * (1 + std::abs(c.shown[i])));
    EXPECT_EQ(ticks.labels, c.labels);
    EXPECT_EQ(ticks.offsetText, c.offsetText);
  }
}

TEST(Ticks, ArticleAxesGetFiveTicksEveryHalf) {
  // The article's 4x3 in figure: the square 3-D axes are 0.5775 x 4 in wide, labels are 10 pt.
  const int bins = autoTickBins(0.5775 * 4 * 72, 10);
  EXPECT_EQ(bins, 5);
  const AxisTicks ticks = autoTicks(-1, 1, bins);
  EXPECT_EQ(ticks.labels, (std::vector<std::string>{MINUS "1.0", MINUS "0.5", "0.0", "0.5", "1.0"}));
}

TEST(Ticks, AsciiMinusWhenUnicodeMinusIsOff) {
  TickOptions options;
  options.unicodeMinus = false;
  EXPECT_EQ(autoTicks(-1, 1, 5, options).labels.front(), "-1.0");
}

TEST(Ticks, AutoBinsAreClippedLikeAutoLocator) {
  EXPECT_EQ(autoTickBins(1000, 10), 9);  // long axis: at most 9 bins
  EXPECT_EQ(autoTickBins(10, 10), 1);    // tiny axis: at least min_n_ticks - 1
  EXPECT_EQ(autoTickBins(223.2, 10), 7);
}

TEST(Ticks, ReversedAndDegenerateRangesStayFinite) {
  EXPECT_EQ(autoTicks(1, -1, 5).labels, autoTicks(-1, 1, 5).labels);
  const AxisTicks flat = autoTicks(0, 0, 5);
  EXPECT_FALSE(flat.values.empty());
  for (double v : flat.values) EXPECT_TRUE(std::isfinite(v));
  EXPECT_TRUE(maxNLocatorTicks(std::nan(""), 1, 5).empty());
  EXPECT_TRUE(autoTicks(-INFINITY, 1, 5).values.empty());
}

}  // namespace
}  // namespace gradscape::core
