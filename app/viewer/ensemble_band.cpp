// Percentiles for the ensemble band.
#include "viewer/ensemble_band.hpp"

#include <emmintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
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
    // One pass: counts below and up to each window, the least value above each, and the values inside (most
    // values are in neither window: two at a time, SSE2, and only a pair with one inside is looked at).
    double* const lowKept = scratch;
    double* const highKept = scratch + count;
    std::size_t lowBelow = 0, lowUpTo = 0, highBelow = 0, highUpTo = 0, lowIn = 0, highIn = 0;
    constexpr double kNone = std::numeric_limits<double>::infinity();
    double lowAbove = kNone, highAbove = kNone;
    const auto keep = [&](double v) {
      if (v >= lowFrom && v <= lowTo) lowKept[lowIn++] = v;
      if (v >= highFrom && v <= highTo) highKept[highIn++] = v;
    };
    {
      const __m128d lowFromV = _mm_set1_pd(lowFrom), lowToV = _mm_set1_pd(lowTo);
      const __m128d highFromV = _mm_set1_pd(highFrom), highToV = _mm_set1_pd(highTo), none = _mm_set1_pd(kNone);
      __m128i lowBelowV = _mm_setzero_si128(), lowUpToV = lowBelowV, highBelowV = lowBelowV, highUpToV = lowBelowV;
      __m128d lowAboveV = none, highAboveV = none;
      std::size_t i = 0;
      for (; i + 2 <= count; i += 2) {
        const __m128d v = _mm_loadu_pd(values + i);
        const __m128d lowUnder = _mm_cmplt_pd(v, lowFromV), lowWithin = _mm_cmple_pd(v, lowToV);
        const __m128d highUnder = _mm_cmplt_pd(v, highFromV), highWithin = _mm_cmple_pd(v, highToV);
        // A true comparison is all ones, that is -1 as an integer.
        lowBelowV = _mm_sub_epi64(lowBelowV, _mm_castpd_si128(lowUnder));
        lowUpToV = _mm_sub_epi64(lowUpToV, _mm_castpd_si128(lowWithin));
        highBelowV = _mm_sub_epi64(highBelowV, _mm_castpd_si128(highUnder));
        highUpToV = _mm_sub_epi64(highUpToV, _mm_castpd_si128(highWithin));
        lowAboveV = _mm_min_pd(lowAboveV, _mm_or_pd(_mm_andnot_pd(lowWithin, v), _mm_and_pd(lowWithin, none)));
        highAboveV = _mm_min_pd(highAboveV, _mm_or_pd(_mm_andnot_pd(highWithin, v), _mm_and_pd(highWithin, none)));
        const __m128d inside = _mm_or_pd(_mm_andnot_pd(lowUnder, lowWithin), _mm_andnot_pd(highUnder, highWithin));
        if (_mm_movemask_pd(inside) != 0) {
          keep(values[i]);
          keep(values[i + 1]);
        }
      }
      alignas(16) std::uint64_t counts[4][2];
      _mm_store_si128(reinterpret_cast<__m128i*>(counts[0]), lowBelowV);
      _mm_store_si128(reinterpret_cast<__m128i*>(counts[1]), lowUpToV);
      _mm_store_si128(reinterpret_cast<__m128i*>(counts[2]), highBelowV);
      _mm_store_si128(reinterpret_cast<__m128i*>(counts[3]), highUpToV);
      lowBelow = counts[0][0] + counts[0][1];
      lowUpTo = counts[1][0] + counts[1][1];
      highBelow = counts[2][0] + counts[2][1];
      highUpTo = counts[3][0] + counts[3][1];
      alignas(16) double least[2][2];
      _mm_store_pd(least[0], lowAboveV);
      _mm_store_pd(least[1], highAboveV);
      lowAbove = std::min(least[0][0], least[0][1]);
      highAbove = std::min(least[1][0], least[1][1]);
      for (; i < count; ++i) {
        const double v = values[i];
        lowBelow += v < lowFrom;
        lowUpTo += v <= lowTo;
        highBelow += v < highFrom;
        highUpTo += v <= highTo;
        if (v > lowTo) lowAbove = std::min(lowAbove, v);
        if (v > highTo) highAbove = std::min(highAbove, v);
        keep(v);
      }
    }
    const bool lowHit = lowBelow <= lowRank && lowRank < lowUpTo;
    const bool highHit = highBelow <= highRank && highRank < highUpTo;
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

std::array<EnsembleBand, 3> ensembleBandsOfColumns(const core::TraceColumns& columns, std::int64_t last) {
  std::array<EnsembleBand, 3> bands;
  const auto size = static_cast<std::size_t>(std::max<std::int64_t>(0, last) + 1);
  for (EnsembleBand& band : bands) band_detail::resetBand(band, size);
  const std::size_t n = columns.runs;
  if (n == 0 || columns.rows == 0) return bands;
  const double* const data[3] = {columns.x.data(), columns.y.data(), columns.loss.data()};
  // Rows a pass reads side by side: as many sums in flight as the adder has room for (each is a chain of
  // dependent additions in member order).
  constexpr std::size_t kBlock = 8;
  const std::size_t blocks = (size + kBlock - 1) / kBlock;
  const std::size_t runs = band_detail::blockRuns(n, size, blocks);
  core::parallelFor(runs, 1, [&](std::size_t run) {
    thread_local std::vector<double> gathered, scratch;  // grown only (see ensembleBands)
    if (gathered.size() < kBlock * n) gathered.resize(kBlock * n);
    if (scratch.size() < 2 * n) scratch.resize(2 * n);
    std::array<band_detail::BandSelector, 3> selectors;
    for (std::size_t block = run * blocks / runs; block < (run + 1) * blocks / runs; ++block) {
      const std::size_t first = block * kBlock, width = std::min(size, first + kBlock) - first;
      // Past the last row every particle stays where it ended (or gone, NaN).
      std::size_t rows[kBlock];
      for (std::size_t b = 0; b < width; ++b) rows[b] = std::min(first + b, columns.rows - 1);
      for (std::size_t q = 0; q < 3; ++q) {
        std::size_t counted[kBlock] = {};
        double sum[kBlock] = {};
        // Tile by tile (each row's kColumnTile values are together), particles in order.
        for (std::size_t tile = 0; tile * core::kColumnTile < n; ++tile) {
          const std::size_t lanes = std::min(core::kColumnTile, n - tile * core::kColumnTile);
          const double* row[kBlock];
          for (std::size_t b = 0; b < width; ++b) row[b] = data[q] + (tile * columns.rows + rows[b]) * core::kColumnTile;
          for (std::size_t lane = 0; lane < lanes; ++lane)
            for (std::size_t b = 0; b < width; ++b) {
              const double v = row[b][lane];
              if (!std::isfinite(v)) continue;
              gathered[b * n + counted[b]++] = v;
              sum[b] += v;
            }
        }
        for (std::size_t b = 0; b < width; ++b)
          band_detail::finishIteration(bands[q], first + b, gathered.data() + b * n, counted[b], sum[b], selectors[q],
                                       scratch.data());
      }
    }
  });
  return bands;
}

}  // namespace gradscape::app
