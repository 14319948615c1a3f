// Percentiles for the ensemble band.
#include "viewer/ensemble_band.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

namespace {

// Fewer values than this take the full selection: the pass and its bookkeeping would save little.
constexpr std::size_t kGuidedMinimum = 256;

// The order statistic of rank `rank` among all values, found among the `kept` ones (rank - rank of kept[0]
// = `within` < kept count), and percentile()'s interpolation toward the next one: the least kept value
// after it, or `above` (the least value above the window) when it is the last kept.
double interpolateKept(double* kept, std::size_t keptCount, std::size_t within, bool hasNext, double above,
                       double position, std::size_t rank) {
  std::nth_element(kept, kept + within, kept + keptCount);
  const double a = kept[within];
  if (!hasNext) return a;
  const double b = within + 1 < keptCount ? *std::min_element(kept + within + 1, kept + keptCount) : above;
  return interpolate(a, b, position, rank);
}

}  // namespace

void band_detail::BandSelector::select(double* values, std::size_t count, double* scratch, double& low, double& high) {
  const double lowPosition = quantilePosition(kBandLowPercentile, count);
  const double highPosition = quantilePosition(kBandHighPercentile, count);
  const auto lowRank = static_cast<std::size_t>(std::floor(lowPosition));
  const auto highRank = std::max(lowRank, static_cast<std::size_t>(std::floor(highPosition)));
  // The kept values a window should hold: few enough to select among cheaply, enough that the order
  // statistic's move from one iteration to the next seldom leaves it.
  const double target = 32.0 + static_cast<double>(count) / 64.0;
  if (guessed_ && count >= kGuidedMinimum) {
    const double lowFrom = low_.centre - low_.halfWidth, lowTo = low_.centre + low_.halfWidth;
    const double highFrom = high_.centre - high_.halfWidth, highTo = high_.centre + high_.halfWidth;
    double* const lowKept = scratch;
    double* const highKept = scratch + count;
    std::size_t lowBelow = 0, highBelow = 0, lowIn = 0, highIn = 0;
    constexpr double kNone = std::numeric_limits<double>::infinity();
    double lowAbove = kNone, highAbove = kNone;
    for (std::size_t i = 0; i < count; ++i) {
      const double v = values[i];
      lowBelow += v < lowFrom;
      lowKept[lowIn] = v;
      lowIn += (v >= lowFrom) & (v <= lowTo);
      lowAbove = v > lowTo && v < lowAbove ? v : lowAbove;
      highBelow += v < highFrom;
      highKept[highIn] = v;
      highIn += (v >= highFrom) & (v <= highTo);
      highAbove = v > highTo && v < highAbove ? v : highAbove;
    }
    const bool lowHit = lowBelow <= lowRank && lowRank < lowBelow + lowIn;
    const bool highHit = highBelow <= highRank && highRank < highBelow + highIn;
    if (lowHit && highHit) {
      low = interpolateKept(lowKept, lowIn, lowRank - lowBelow, lowRank + 1 < count, lowAbove, lowPosition, lowRank);
      low_.centre = lowKept[lowRank - lowBelow];
      high = interpolateKept(highKept, highIn, highRank - highBelow, highRank + 1 < count, highAbove, highPosition,
                             highRank);
      high_.centre = highKept[highRank - highBelow];
      // The values inside a window grow about with its width.
      low_.halfWidth *= std::clamp(target / static_cast<double>(lowIn), 0.5, 2.0);
      high_.halfWidth *= std::clamp(target / static_cast<double>(highIn), 0.5, 2.0);
      ++windowed_;
      return;
    }
    if (!lowHit) low_.halfWidth *= 4;
    if (!highHit) high_.halfWidth *= 4;
  }
  bandPercentiles(values, count, kBandLowPercentile, kBandHighPercentile, low, high);
  // bandPercentiles left the two order statistics in their places.
  const double a = values[lowRank], c = values[highRank];
  // A first width: a fiftieth of the spread between them, never zero (a spread of 0 would stay 0).
  const double floor = std::max({(c - a) / 50.0, std::abs(a) * 1e-9, std::abs(c) * 1e-9, 1e-300});
  if (!guessed_) low_.halfWidth = high_.halfWidth = floor;
  low_.halfWidth = std::max(low_.halfWidth, floor);
  high_.halfWidth = std::max(high_.halfWidth, floor);
  if (!std::isfinite(low_.halfWidth)) low_.halfWidth = floor;
  if (!std::isfinite(high_.halfWidth)) high_.halfWidth = floor;
  low_.centre = a;
  high_.centre = c;
  guessed_ = true;
}

}  // namespace gradscape::app
