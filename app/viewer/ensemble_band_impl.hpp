// ensembleBand's body (a template over the plotted quantity).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace gradscape::app {

template <typename Value>
EnsembleBand ensembleBand(std::span<const BandMember> members, std::int64_t last, Value value) {
  EnsembleBand band;
  const auto size = static_cast<std::size_t>(std::max<std::int64_t>(0, last) + 1);
  band.count.assign(size, 0);
  band.mean.assign(size, std::numeric_limits<double>::quiet_NaN());
  band.low = band.high = band.mean;
  std::vector<double> values;
  values.reserve(members.size());
  // Where each member's walk through its points has got to (points are in iteration order).
  std::vector<std::size_t> cursor(members.size(), 0);
  for (std::size_t t = 0; t < size; ++t) {
    const auto iteration = static_cast<std::int64_t>(t);
    values.clear();
    double sum = 0;
    for (std::size_t m = 0; m < members.size(); ++m) {
      const auto points = members[m].points;
      std::size_t& k = cursor[m];
      while (k + 1 < points.size() && points[k + 1].iteration <= iteration) ++k;
      if (points.empty() || points[k].iteration > iteration) continue;
      if (members[m].diverged && k + 1 == points.size() && points[k].iteration < iteration) continue;
      const double v = value(points[k]);
      if (!std::isfinite(v)) continue;
      values.push_back(v);
      sum += v;
    }
    if (values.empty()) continue;
    band.count[t] = static_cast<std::uint32_t>(values.size());
    band.mean[t] = sum / static_cast<double>(values.size());
    band.low[t] = percentile(values, kBandLowPercentile);
    band.high[t] = percentile(values, kBandHighPercentile);
  }
  return band;
}

}  // namespace gradscape::app
