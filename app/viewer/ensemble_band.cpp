// Percentiles for the ensemble band.
#include "viewer/ensemble_band.hpp"

namespace gradscape::app {

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double position = std::clamp(p, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below), values.end());
  const double a = values[below];
  if (below + 1 >= values.size()) return a;
  // The next order statistic is the smallest of what nth_element left above `below`.
  const double b = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
  return a + (b - a) * (position - static_cast<double>(below));
}

}  // namespace gradscape::app
