// An ensemble's curve in the plots: the mean over its particles at each iteration and the band between
// the 10th and 90th percentiles, instead of one line a particle.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/batch_trace.hpp"
#include "core/trace.hpp"
#include "core/trace_points_view.hpp"

namespace gradscape::app {

// One particle's series as the band reads it.
struct BandMember {
  core::TracePointsView points;  // an array, or a lane of its batch's columns
  bool diverged = false;  // its points end where it diverged
};

// Per iteration 0..last: how many particles count, their mean and the 10 % / 90 % percentiles (linear
// interpolation between order statistics, numpy's default). A particle that stopped early (tolerance, or
// fewer iterations) holds its last value to the end: it sits at its end point. A diverged particle leaves
// the statistics from the iteration it diverged at (its values would be infinite); an iteration no
// particle counts at has count 0 and NaN values.
struct EnsembleBand {
  std::vector<std::uint32_t> count;
  std::vector<double> mean, low, high;
  std::int64_t last() const { return static_cast<std::int64_t>(mean.size()) - 1; }
};

inline constexpr double kBandLowPercentile = 0.10, kBandHighPercentile = 0.90;

// `value` picks the plotted quantity from a point.
template <typename Value>
EnsembleBand ensembleBand(std::span<const BandMember> members, std::int64_t last, Value value);
// N quantities' bands from one pass over the members' points (the x, y and loss plots of an edit):
// `values(point)` gives a std::array<double, N>; band q is ensembleBand's with value(point) = values(point)[q].
template <std::size_t N, typename Values>
std::array<EnsembleBand, N> ensembleBands(std::span<const BandMember> members, std::int64_t last, Values values);

// ensembleBands<3> of x, y and loss (plotValue's) over every run of `columns` as members (a batch's
// particles, all visible), read row by row instead of gathered from each particle's trace: the same bits.
// A column's repeated last point and its NaN after a divergence are what a member's trace means there.
std::array<EnsembleBand, 3> ensembleBandsOfColumns(const core::TraceColumns& columns, std::int64_t last);

// The p-quantile (0..1) of `values` by linear interpolation between order statistics; reorders `values`.
double percentile(std::vector<double>& values, double p);

}  // namespace gradscape::app

#include "viewer/ensemble_band_impl.hpp"
