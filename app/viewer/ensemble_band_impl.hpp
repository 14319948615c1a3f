// ensembleBand's body (a template over the plotted quantity).
//
// 10,000 particles x 200 iterations made the band the edit frame's largest cost after the descent: one
// iteration at a time touched a cache line of every particle per iteration, and two full selections ran
// per iteration on one core. Now each pass gathers a block of iterations (a particle's points for a block
// share a few cache lines), blocks are shared among the cores, and the two percentiles come from nested
// selections (bandPercentiles). Sums still run in member order and the order statistics are the same
// values, so the band is the same bits.
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

// The index of the last point at or before `iteration` (points are in iteration order), or points.size()
// when there is none. An ensemble trace holds iteration k at index k: that is looked at first.
inline std::size_t lastPointAt(std::span<const core::TracePoint> points, std::int64_t iteration) {
  const auto guess = static_cast<std::size_t>(iteration);
  if (guess < points.size() && points[guess].iteration == iteration &&
      (guess + 1 == points.size() || points[guess + 1].iteration > iteration))
    return guess;
  const auto after = std::upper_bound(points.begin(), points.end(), iteration,
                                      [](std::int64_t i, const core::TracePoint& point) { return i < point.iteration; });
  return after == points.begin() ? points.size() : static_cast<std::size_t>(after - points.begin()) - 1;
}

// percentile(values, pLow) and percentile(values, pHigh) (pLow <= pHigh) of values[0..count), count > 0;
// reorders them.
void bandPercentiles(double* values, std::size_t count, double pLow, double pHigh, double& low, double& high);

}  // namespace band_detail

template <typename Value>
EnsembleBand ensembleBand(std::span<const BandMember> members, std::int64_t last, Value value) {
  EnsembleBand band;
  const auto size = static_cast<std::size_t>(std::max<std::int64_t>(0, last) + 1);
  band.count.assign(size, 0);
  band.mean.assign(size, std::numeric_limits<double>::quiet_NaN());
  band.low = band.high = band.mean;
  constexpr std::size_t kBlock = band_detail::kBlockIterations;
  const std::size_t blocks = (size + kBlock - 1) / kBlock;
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers = members.size() * size < band_detail::kParallelWork ? 1 : std::min(cores, blocks);
  core::parallelFor(workers, 1, [&](std::size_t worker) {
    // values[b * members.size() + i]: the i-th counted value at iteration first + b.
    std::vector<double> values(kBlock * members.size());
    for (std::size_t block = worker; block < blocks; block += workers) {
      const std::size_t first = block * kBlock, end = std::min(size, first + kBlock);
      std::size_t counted[kBlock] = {};
      double sum[kBlock] = {};
      for (std::size_t m = 0; m < members.size(); ++m) {
        if (m + band_detail::kPrefetchMembers < members.size()) {
          const auto ahead = members[m + band_detail::kPrefetchMembers].points;
          if (first < ahead.size()) {
            const auto* from = reinterpret_cast<const char*>(ahead.data() + first);
            const auto* to = reinterpret_cast<const char*>(ahead.data() + std::min(ahead.size(), end));
            for (; from < to; from += 64) __builtin_prefetch(from);
          }
        }
        const BandMember& member = members[m];
        const auto points = member.points;
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
          const double v = value(points[k]);
          if (!std::isfinite(v)) continue;
          const std::size_t b = t - first;
          values[b * members.size() + counted[b]++] = v;
          sum[b] += v;
        }
      }
      for (std::size_t t = first; t < end; ++t) {
        const std::size_t b = t - first;
        if (counted[b] == 0) continue;
        band.count[t] = static_cast<std::uint32_t>(counted[b]);
        band.mean[t] = sum[b] / static_cast<double>(counted[b]);
        band_detail::bandPercentiles(values.data() + b * members.size(), counted[b], kBandLowPercentile,
                                     kBandHighPercentile, band.low[t], band.high[t]);
      }
    }
  });
  return band;
}

}  // namespace gradscape::app
