// Percentiles for the ensemble band.
#include "viewer/ensemble_band.hpp"

namespace gradscape::app {

namespace {

// Where the p-quantile of `count` values sits among the order statistics (numpy's linear rule).
double quantilePosition(double p, std::size_t count) { return std::clamp(p, 0.0, 1.0) * static_cast<double>(count - 1); }

// The order statistic at `below` and the next one, interpolated at `position`.
double interpolate(double a, double b, double position, std::size_t below) {
  return a + (b - a) * (position - static_cast<double>(below));
}

}  // namespace

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double position = quantilePosition(p, values.size());
  const auto below = static_cast<std::size_t>(std::floor(position));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below), values.end());
  const double a = values[below];
  if (below + 1 >= values.size()) return a;
  // The next order statistic is the smallest of what nth_element left above `below`.
  const double b = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
  return interpolate(a, b, position, below);
}

// The high quantile is selected only among what the low selection left above it, and the low one's next
// order statistic is the least of the values between the two (the high selection put everything above the
// high one's place after it). The order statistics are percentile()'s, so the results are its bits.
void band_detail::bandPercentiles(double* values, std::size_t count, double pLow, double pHigh, double& low, double& high) {
  const double lowPosition = quantilePosition(pLow, count), highPosition = quantilePosition(pHigh, count);
  const auto lowBelow = static_cast<std::size_t>(std::floor(lowPosition));
  const auto highBelow = std::max(lowBelow, static_cast<std::size_t>(std::floor(highPosition)));
  double* const end = values + count;
  std::nth_element(values, values + lowBelow, end);
  if (highBelow > lowBelow) std::nth_element(values + lowBelow + 1, values + highBelow, end);
  const double a = values[lowBelow];
  low = lowBelow + 1 >= count
            ? a
            : interpolate(a, *std::min_element(values + lowBelow + 1, highBelow > lowBelow ? values + highBelow + 1 : end),
                          lowPosition, lowBelow);
  const double c = values[highBelow];
  high = highBelow + 1 >= count ? c : interpolate(c, *std::min_element(values + highBelow + 1, end), highPosition, highBelow);
}

}  // namespace gradscape::app
