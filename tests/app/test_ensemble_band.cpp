// The ensemble band computed in blocks of iterations on every core (several quantities from one gather, each
// iteration's percentiles started from the previous one's) against the rule written out one iteration at a
// time on a sorted copy: the same count, mean and percentiles, bit for bit, over particles that stop early,
// diverge, start late, skip iterations or have no points.
#include <optional>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <random>
#include <vector>

#include "core/batch_descent.hpp"
#include "viewer/band_window_pass.hpp"
#include "viewer/ensemble_band.hpp"

namespace gradscape::app {
namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

double sortedPercentile(const std::vector<double>& sorted, double p) {
  const double position = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  if (below + 1 >= sorted.size()) return sorted[below];
  return sorted[below] + (sorted[below + 1] - sorted[below]) * (position - static_cast<double>(below));
}

// EnsembleBand's rule, one iteration at a time: a member's value at t is its last point at or before t,
// none before its first point, none after a diverged member's last point, none when not finite.
template <typename Value>
EnsembleBand referenceBand(const std::vector<BandMember>& members, std::int64_t last, Value value) {
  EnsembleBand band;
  const auto size = static_cast<std::size_t>(last + 1);
  band.count.assign(size, 0);
  band.mean.assign(size, NAN);
  band.low = band.high = band.mean;
  for (std::size_t t = 0; t < size; ++t) {
    std::vector<double> values;
    double sum = 0;
    for (const BandMember& member : members) {
      std::optional<std::size_t> at;
      for (std::size_t k = 0; k < member.points.size(); ++k)
        if (member.points[k].iteration <= static_cast<std::int64_t>(t)) at = k;
      if (!at) continue;
      const core::TracePoint point = member.points[*at];
      if (member.diverged && *at + 1 == member.points.size() && point.iteration < static_cast<std::int64_t>(t)) continue;
      const double v = value(point);
      if (!std::isfinite(v)) continue;
      values.push_back(v);
      sum += v;
    }
    if (values.empty()) continue;
    band.count[t] = static_cast<std::uint32_t>(values.size());
    band.mean[t] = sum / static_cast<double>(values.size());
    std::sort(values.begin(), values.end());
    band.low[t] = sortedPercentile(values, kBandLowPercentile);
    band.high[t] = sortedPercentile(values, kBandHighPercentile);
  }
  return band;
}

void expectSameBand(const EnsembleBand& got, const EnsembleBand& expected, const char* what) {
  ASSERT_EQ(got.mean.size(), expected.mean.size()) << what;
  std::size_t counted = 0;
  for (std::size_t t = 0; t < expected.mean.size(); ++t) {
    EXPECT_EQ(got.count[t], expected.count[t]) << what << " iteration " << t;
    EXPECT_TRUE(sameBits(got.mean[t], expected.mean[t])) << what << " mean at " << t << ": " << got.mean[t] << " vs " << expected.mean[t];
    EXPECT_TRUE(sameBits(got.low[t], expected.low[t])) << what << " 10 % at " << t << ": " << got.low[t] << " vs " << expected.low[t];
    EXPECT_TRUE(sameBits(got.high[t], expected.high[t])) << what << " 90 % at " << t << ": " << got.high[t] << " vs " << expected.high[t];
    counted += expected.count[t];
  }
  EXPECT_GT(counted, 0u) << what;
}

EnsembleBand referenceBand(const std::vector<BandMember>& members, std::int64_t last) {
  return referenceBand(members, last, [](const core::TracePoint& point) { return point.z; });
}

// `series.size()` members, member m's points written by fill(m, unit, points) (unit() uniform in [0, 1) from
// `seed`), which says whether it diverged.
template <typename Fill>
std::vector<BandMember> randomMembers(std::vector<std::vector<core::TracePoint>>& series, unsigned seed, Fill fill) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  const auto unit = [&] { return uniform(random); };
  std::vector<BandMember> members;
  for (std::size_t m = 0; m < series.size(); ++m) {
    const bool diverged = fill(m, unit, series[m]);
    members.push_back({series[m], diverged});
  }
  return members;
}

TEST(EnsembleBand, BlocksOnEveryCoreGiveTheOneIterationAtATimeBits) {
  constexpr std::int64_t kLast = 150;
  std::vector<std::vector<core::TracePoint>> series(3000);
  const auto members = randomMembers(series, 11, [&](std::size_t m, auto& unit, std::vector<core::TracePoint>& points) {
    const int kind = static_cast<int>(m % 10);
    // 0-4 full traces, 5 stops early, 6 diverges, 7 skips iterations (a recorded path), 8 starts late, 9 none
    // every 37th; a few values not finite; ties from rounding to a coarse grid.
    const std::int64_t stop = kind == 5 || kind == 6 ? static_cast<std::int64_t>(unit() * kLast) : kLast;
    if (kind == 9 && m % 37 == 0) return false;
    double value = 1 + 10 * unit();
    for (std::int64_t k = kind == 8 ? 20 + static_cast<std::int64_t>(m % 50) : 0; k <= stop; k += kind == 7 ? 3 : 1) {
      value *= 0.9 + 0.15 * unit();
      double z = std::round(value * 64) / 64;
      if (unit() < 0.002) z = unit() < 0.5 ? NAN : INFINITY;
      points.push_back({k, 0, 0, m % 2 ? z : -z});
    }
    return kind == 6;
  });
  const auto value = [](const core::TracePoint& point) { return point.z; };
  expectSameBand(ensembleBand(std::span<const BandMember>(members), kLast, value), referenceBand(members, kLast), "3000");
  // Fewer members than the threshold for threads, and fewer iterations than a block.
  const std::vector<BandMember> few(members.begin(), members.begin() + 23);
  expectSameBand(ensembleBand(std::span<const BandMember>(few), kLast, value), referenceBand(few, kLast), "23");
  expectSameBand(ensembleBand(std::span<const BandMember>(members), 5, value), referenceBand(members, 5), "6 iterations");
}

// x, y and loss from one gather: each the band of its own quantity. x drifts slowly (the previous
// iteration's percentiles are good starting points), y jumps every 20 iterations (they are not: the selector
// must notice and select in full), loss has ties and values that are not finite in one quantity only.
TEST(EnsembleBand, OneGatherForThreeQuantitiesGivesEachQuantitysBits) {
  constexpr std::int64_t kLast = 120;
  std::vector<std::vector<core::TracePoint>> series(2000);
  const auto members = randomMembers(series, 5, [&](std::size_t m, auto& unit, std::vector<core::TracePoint>& points) {
    const bool diverges = m % 17 == 3, stops = m % 13 == 5;
    const std::int64_t stop = diverges || stops ? 10 + static_cast<std::int64_t>(unit() * 100) : kLast;
    double x = 4 * unit() - 2;
    for (std::int64_t k = 0; k <= stop; ++k) {
      x += 0.02 * (unit() - 0.5) - 0.01 * x;
      const double y = (k / 20 % 2 ? 50.0 : -50.0) * static_cast<double>(k / 20 + 1) + unit();
      double z = std::round(std::abs(x) * 16) / 16;
      if (unit() < 0.003) z = NAN;
      points.push_back({k, x, y, z});
    }
    return diverges;
  });
  const auto bands = ensembleBands<3>(std::span<const BandMember>(members), kLast, [](const core::TracePoint& point) {
    return std::array<double, 3>{point.x, point.y, point.z};
  });
  expectSameBand(bands[0], referenceBand(members, kLast, [](const core::TracePoint& point) { return point.x; }), "x");
  expectSameBand(bands[1], referenceBand(members, kLast, [](const core::TracePoint& point) { return point.y; }), "y");
  expectSameBand(bands[2], referenceBand(members, kLast), "loss");
}

// `runs` traced together by the batch core (traceBatch), with their columns, and each as a band member.
struct TracedBatch {
  std::vector<std::vector<core::TracePoint>> points;
  std::vector<core::BatchTraced> traced;
  core::TraceColumns columns;
  std::vector<BandMember> members;
};

std::unique_ptr<TracedBatch> traceTogether(const core::Surface& surface, const std::vector<core::RunSpec>& runs) {
  auto batch = std::make_unique<TracedBatch>();  // members point into its points: it stays where it is
  batch->points.resize(runs.size());
  std::vector<const core::RunSpec*> specs;
  std::vector<std::vector<core::TracePoint>*> lists;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    specs.push_back(&runs[i]);
    lists.push_back(&batch->points[i]);
  }
  batch->traced = core::traceBatch(surface, specs, lists, {}, &batch->columns);
  for (std::size_t i = 0; i < runs.size(); ++i)
    batch->members.push_back({batch->points[i], batch->traced[i].outcome.reason == core::StopReason::diverged});
  return batch;
}

// The x, y and loss bands from the batch's columns against those gathered from its traces.
void expectColumnBandsAsGathered(const TracedBatch& batch, std::int64_t last) {
  const auto fromColumns = ensembleBandsOfColumns(batch.columns, last);
  const auto gathered = ensembleBands<3>(std::span<const BandMember>(batch.members), last, [](const core::TracePoint& point) {
    return std::array<double, 3>{point.x, point.y, point.z};
  });
  expectSameBand(fromColumns[0], gathered[0], "x");
  expectSameBand(fromColumns[1], gathered[1], "y");
  expectSameBand(fromColumns[2], gathered[2], "loss");
}

// The bands read from a batch's columns against the bands gathered from the same particles' traces (and the
// rule itself for x): particles that run to the end, stop early on the tolerance, diverge, or start where f is
// not finite, and iterations past the last row (another run is longer).
TEST(EnsembleBand, ColumnsOfABatchGiveTheBandsOfItsTraces) {
  const core::Surface surface = core::Surface::fromCatalog("himmelblau");
  core::RunSpec shared;
  shared.optimizer.lr = 0.02;
  shared.iterations = 120;
  shared.tolerance = 1e-4;
  std::mt19937_64 random(4);
  std::uniform_real_distribution<double> coordinate(-7, 7);
  std::vector<core::RunSpec> runs(1001, shared);
  for (core::RunSpec& run : runs) run.start = {coordinate(random), coordinate(random)};
  runs[17].start = {NAN, 1};
  const auto batch = traceTogether(surface, runs);
  int ends[3] = {};
  for (const core::BatchTraced& traced : batch->traced) ++ends[static_cast<int>(traced.outcome.reason)];
  ASSERT_GT(ends[static_cast<int>(core::StopReason::iterations)], 10);
  ASSERT_GT(ends[static_cast<int>(core::StopReason::tolerance)], 10);
  ASSERT_GT(ends[static_cast<int>(core::StopReason::diverged)], 10);
  for (const std::int64_t last : {std::int64_t{120}, std::int64_t{140}}) {
    expectColumnBandsAsGathered(*batch, last);
    expectSameBand(ensembleBandsOfColumns(batch->columns, last)[0],
                   referenceBand(batch->members, last, [](const core::TracePoint& point) { return point.x; }), "x");
  }
}

// Tiles with every value finite take ensembleBandsOfColumns' fast gather (no test a value): the same bits as
// the gathered traces, with a tile that has a particle which diverges in it among them.
TEST(EnsembleBand, ColumnsWithAllFiniteTilesGiveTheBandsOfTheirTraces) {
  const core::Surface surface = core::Surface::fromCatalog("himmelblau");
  core::RunSpec shared;
  shared.optimizer.lr = 0.005;
  shared.iterations = 60;
  std::mt19937_64 random(6);
  std::uniform_real_distribution<double> coordinate(-4, 4);
  std::vector<core::RunSpec> runs(300, shared);
  for (core::RunSpec& run : runs) run.start = {coordinate(random), coordinate(random)};
  runs[200].start = {40, 40};  // diverges: its tile (the fourth) takes the per-value gather
  const auto batch = traceTogether(surface, runs);
  for (std::size_t i = 0; i < runs.size(); ++i)
    ASSERT_EQ(batch->traced[i].outcome.reason, i == 200 ? core::StopReason::diverged : core::StopReason::iterations)
        << "run " << i;
  expectColumnBandsAsGathered(*batch, 60);
}

// The selector started from the previous iteration against percentile() on the same values: values that
// drift, jump, collapse onto one value, spread out again and change in count, with many ties.
TEST(EnsembleBand, SelectorFromThePreviousIterationGivesPercentilesValues) {
  std::mt19937_64 random(9);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> values(5000), scratch(2 * values.size());
  for (double& v : values) v = unit(random);
  band_detail::BandSelector selector;
  std::size_t count = values.size();
  for (int t = 0; t < 400; ++t) {
    for (double& v : values) {
      if (t % 50 == 25) v = 1000 * v + 7;            // a jump: every window misses
      else if (t % 100 == 60) v = 3;                 // all equal
      else if (t % 100 == 61) v = 3 + unit(random);  // and apart again
      else v += 0.01 * (unit(random) - 0.3);
      if (t % 7 == 0) v = std::round(v * 256) / 256;  // ties
    }
    count = values.size() - static_cast<std::size_t>(t % 40) * 20;
    std::vector<double> a(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(count)), b = a, c = a;
    double low = 0, high = 0;
    selector.select(c.data(), count, scratch.data(), low, high);
    ASSERT_TRUE(sameBits(low, percentile(a, kBandLowPercentile))) << "iteration " << t;
    ASSERT_TRUE(sameBits(high, percentile(b, kBandHighPercentile))) << "iteration " << t;
  }
  // Most iterations drift: those take the windows (the jumps, the collapse and the iteration after a miss do not).
  EXPECT_GT(selector.windowed(), 300u);
  EXPECT_LT(selector.windowed(), 395u);
}

// The two nested selections against percentile() itself for every count up to a few hundred.
TEST(EnsembleBand, NestedSelectionsGivePercentilesValues) {
  std::mt19937_64 random(3);
  std::uniform_int_distribution<int> level(-40, 40);  // many ties
  for (std::size_t count = 1; count < 300; ++count) {
    std::vector<double> values(count);
    for (double& v : values) v = level(random) / 8.0;
    for (const auto& [pLow, pHigh] : {std::pair{0.1, 0.9}, std::pair{0.5, 0.5}, std::pair{0.0, 1.0}, std::pair{0.25, 0.3}}) {
      std::vector<double> a = values, b = values, c = values;
      double low = 0, high = 0;
      band_detail::bandPercentiles(c.data(), c.size(), pLow, pHigh, low, high);
      EXPECT_TRUE(sameBits(low, percentile(a, pLow))) << count << " p " << pLow;
      EXPECT_TRUE(sameBits(high, percentile(b, pHigh))) << count << " p " << pHigh;
    }
  }
}

// Each window pass against the same rule written one value at a time (windowPassTail from the first value):
// the same counts, least values above, and kept values in member order, for every length around the vector
// widths, windows that hold none, some or all values, and ties on the windows' ends.
TEST(EnsembleBand, EveryWindowPassCountsAndKeepsAsTheRuleOneValueAtATime) {
  std::vector<std::pair<const char*, band_detail::WindowPass>> passes{{"sse2", band_detail::windowPassSse2}};
  if (core::simdPathSupported(core::SimdPath::avx512)) passes.emplace_back("avx512", band_detail::windowPassAvx512);
  else GTEST_LOG_(INFO) << "this CPU has no AVX-512: only the SSE2 pass is checked";
  std::mt19937_64 random(12);
  std::uniform_int_distribution<int> level(-64, 64);  // ties, and values exactly on the windows' ends
  const std::vector<band_detail::WindowBounds> windows{
      {-2, 1, 3, 5}, {-0.5, 0.5, -0.5, 0.5}, {100, 200, -200, -100}, {-8, 8, -8, 8}, {0.125, 0.125, 7.5, 7.75}};
  for (std::size_t count = 0; count < 70; ++count)
    for (const band_detail::WindowBounds& w : windows) {
      std::vector<double> values(count);
      for (double& v : values) v = level(random) / 8.0;
      std::vector<double> lowWant(count), highWant(count);
      band_detail::WindowCounts want;
      want.lowAbove = want.highAbove = std::numeric_limits<double>::infinity();
      band_detail::windowPassTail(values.data(), 0, count, w, lowWant.data(), highWant.data(), want);
      for (const auto& [name, pass] : passes) {
        std::vector<double> lowKept(count), highKept(count);
        const band_detail::WindowCounts got = pass(values.data(), count, w, lowKept.data(), highKept.data());
        const std::string what = std::string(name) + ", " + std::to_string(count) + " values, window " + std::to_string(w.lowFrom);
        EXPECT_EQ(got.lowBelow, want.lowBelow) << what;
        EXPECT_EQ(got.lowUpTo, want.lowUpTo) << what;
        EXPECT_EQ(got.highBelow, want.highBelow) << what;
        EXPECT_EQ(got.highUpTo, want.highUpTo) << what;
        EXPECT_EQ(got.lowAbove, want.lowAbove) << what;
        EXPECT_EQ(got.highAbove, want.highAbove) << what;
        ASSERT_EQ(got.lowIn, want.lowIn) << what;
        ASSERT_EQ(got.highIn, want.highIn) << what;
        EXPECT_TRUE(std::equal(lowKept.begin(), lowKept.begin() + std::ptrdiff_t(got.lowIn), lowWant.begin())) << what;
        EXPECT_TRUE(std::equal(highKept.begin(), highKept.begin() + std::ptrdiff_t(got.highIn), highWant.begin())) << what;
      }
    }
}

}  // namespace
}  // namespace gradscape::app
