// ensembleBands' body (a template over the plotted quantities).
//
// 10,000 particles x 200 iterations made the band the edit frame's largest cost after the descent. Each pass
// gathers a block of iterations for every quantity at once (a particle's points for a block share a few
// cache lines, and x, y and loss come from the same points), and each worker takes a run of consecutive
// blocks, so an iteration's percentiles can start from the previous iteration's (BandSelector). Sums still
// run in member order and the order statistics are the same values, so the band is the same bits.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "core/parallel_for.hpp"

namespace gradscape::app {

namespace band_detail {

// Iterations one pass over the members gathers (a member's points for them are 512 bytes in a row).
inline constexpr std::size_t kBlockIterations = 16;
// Members whose points are fetched ahead of their turn: each member's points are a separate allocation, so
// the hardware prefetcher cannot guess the next one, and waiting on each member's first line bounded the gather.
inline constexpr std::size_t kPrefetchMembers = 8;
// Below this many member-iterations one core does it all (threads cost more than they save).
inline constexpr std::size_t kParallelWork = 1 << 16;
// Runs of consecutive blocks per core: each run's first iteration has no previous one to start from, more
// runs balance a loaded host better.
inline constexpr std::size_t kRunsPerCore = 2;

// The index of the last point at or before `iteration` (points are in iteration order), or points.size()
// when there is none. An ensemble trace holds iteration k at index k: that is looked at first.
inline std::size_t lastPointAt(const core::TracePointsView& points, std::int64_t iteration) {
  const auto guess = static_cast<std::size_t>(iteration);
  if (guess < points.size() && points[guess].iteration == iteration &&
      (guess + 1 == points.size() || points[guess + 1].iteration > iteration))
    return guess;
  const auto after = std::upper_bound(points.begin(), points.end(), iteration,
                                      [](std::int64_t i, const core::TracePoint point) { return i < point.iteration; });
  return after == points.begin() ? points.size() : static_cast<std::size_t>(after - points.begin()) - 1;
}

// percentile(values, pLow) and percentile(values, pHigh) (pLow <= pHigh) of values[0..count), count > 0;
// reorders them.
void bandPercentiles(double* values, std::size_t count, double pLow, double pHigh, double& low, double& high);

// bandPercentiles for one quantity at consecutive iterations, whose values move little from one iteration to
// the next: one pass counts the values below a window around each of the previous iteration's two order
// statistics and keeps those inside it, and only the few kept ones are selected among. A window that misses
// (the wanted rank is not inside it) widens and that iteration takes the full selection.
class BandSelector {
 public:
  // As bandPercentiles with kBandLowPercentile and kBandHighPercentile; reorders values. `scratch` has room
  // for 2 * count values.
  void select(double* values, std::size_t count, double* scratch, double& low, double& high);
  // The next call has no previous iteration to start from.
  void forget() { guessed_ = false; }
  // Calls answered from the windows alone (tests check the fast way is taken).
  std::size_t windowed() const { return windowed_; }

 private:
  struct Window {
    double centre = 0, halfWidth = 0;
  };
  bool guessed_ = false;
  std::size_t windowed_ = 0;
  Window low_, high_;
};

// Every iteration 0..size - 1 of `band` counted by no particle yet.
inline void resetBand(EnsembleBand& band, std::size_t size) {
  band.count.assign(size, 0);
  band.mean.assign(size, std::numeric_limits<double>::quiet_NaN());
  band.low = band.high = band.mean;
}

// How many runs of consecutive blocks the members' iterations are split into (one per task).
inline std::size_t blockRuns(std::size_t members, std::size_t iterations, std::size_t blocks) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return members * iterations < kParallelWork ? 1 : std::min(cores * kRunsPerCore, blocks);
}

// Iteration t of `band` from the `count` finite values gathered for it (reordered) and their sum in member
// order. `scratch` has room for 2 * count values.
inline void finishIteration(EnsembleBand& band, std::size_t t, double* values, std::size_t count, double sum,
                            BandSelector& selector, double* scratch) {
  if (count == 0) {
    selector.forget();
    return;
  }
  band.count[t] = static_cast<std::uint32_t>(count);
  band.mean[t] = sum / static_cast<double>(count);
  selector.select(values, count, scratch, band.low[t], band.high[t]);
}

}  // namespace band_detail

template <std::size_t N, typename Values>
std::array<EnsembleBand, N> ensembleBands(std::span<const BandMember> members, std::int64_t last, Values values) {
  std::array<EnsembleBand, N> bands;
  const auto size = static_cast<std::size_t>(std::max<std::int64_t>(0, last) + 1);
  for (EnsembleBand& band : bands) band_detail::resetBand(band, size);
  constexpr std::size_t kBlock = band_detail::kBlockIterations;
  const std::size_t n = members.size();
  const std::size_t blocks = (size + kBlock - 1) / kBlock;
  const std::size_t runs = band_detail::blockRuns(n, size, blocks);
  core::parallelFor(runs, 1, [&](std::size_t run) {
    // gathered[(q * kBlock + b) * n + i]: quantity q's i-th counted value at iteration first + b. Kept by
    // each thread (the pool's live on) and grown only: 10,000 particles take 4 MB a run of blocks, which
    // zeroed and faulted in anew cost an edit frame some milliseconds.
    thread_local std::vector<double> gathered, scratch;
    if (gathered.size() < N * kBlock * n) gathered.resize(N * kBlock * n);
    if (scratch.size() < 2 * n) scratch.resize(2 * n);
    std::array<band_detail::BandSelector, N> selectors;
    for (std::size_t block = run * blocks / runs; block < (run + 1) * blocks / runs; ++block) {
      const std::size_t first = block * kBlock, end = std::min(size, first + kBlock);
      std::size_t counted[N][kBlock] = {};
      double sum[N][kBlock] = {};
      for (std::size_t m = 0; m < n; ++m) {
        if (m + band_detail::kPrefetchMembers < n) {
          const auto ahead = members[m + band_detail::kPrefetchMembers].points.contiguous();
          if (first < ahead.size()) {
            const auto* from = reinterpret_cast<const char*>(ahead.data() + first);
            const auto* to = reinterpret_cast<const char*>(ahead.data() + std::min(ahead.size(), end));
            for (; from < to; from += 64) __builtin_prefetch(from);
          }
        }
        const BandMember& member = members[m];
        const core::TracePointsView& points = member.points;
        std::size_t k = band_detail::lastPointAt(points, static_cast<std::int64_t>(first));
        for (std::size_t t = first; t < end; ++t) {
          const auto iteration = static_cast<std::int64_t>(t);
          if (k == points.size()) {  // no point yet
            if (points.empty() || points[0].iteration > iteration) continue;
            k = 0;
          }
          while (k + 1 < points.size() && points[k + 1].iteration <= iteration) ++k;
          // A particle that stopped early holds its last value; a diverged one leaves after its last point.
          if (member.diverged && k + 1 == points.size() && points[k].iteration < iteration) continue;
          const std::array<double, N> v = values(points[k]);  // by value: a column lane has no TracePoint to refer to
          const std::size_t b = t - first;
          for (std::size_t q = 0; q < N; ++q) {
            if (!std::isfinite(v[q])) continue;
            gathered[(q * kBlock + b) * n + counted[q][b]++] = v[q];
            sum[q][b] += v[q];
          }
        }
      }
      for (std::size_t q = 0; q < N; ++q)
        for (std::size_t t = first; t < end; ++t) {
          const std::size_t b = t - first;
          band_detail::finishIteration(bands[q], t, gathered.data() + (q * kBlock + b) * n, counted[q][b], sum[q][b],
                                       selectors[q], scratch.data());
        }
    }
  });
  return bands;
}

template <typename Value>
EnsembleBand ensembleBand(std::span<const BandMember> members, std::int64_t last, Value value) {
  return std::move(ensembleBands<1>(members, last, [&value](const core::TracePoint& point) {
    return std::array<double, 1>{value(point)};
  })[0]);
}

}  // namespace gradscape::app
