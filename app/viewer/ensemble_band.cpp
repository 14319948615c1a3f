// Percentiles for the ensemble band.
#include "viewer/ensemble_band.hpp"

#include "viewer/band_window_pass.hpp"

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
    // One pass: counts below and up to each window, the least value above each, and the values inside.
    static const WindowPass pass = bestWindowPass();
    double* const lowKept = scratch;
    double* const highKept = scratch + count;
    const WindowCounts w = pass(values, count, {lowFrom, lowTo, highFrom, highTo}, lowKept, highKept);
    const bool lowHit = w.lowBelow <= lowRank && lowRank < w.lowUpTo;
    const bool highHit = w.highBelow <= highRank && highRank < w.highUpTo;
    if (lowHit && highHit) {
      low = interpolateKept(lowKept, w.lowIn, lowRank - w.lowBelow, lowRank + 1 < count, w.lowAbove, lowPosition, lowRank);
      low_.centre = lowKept[lowRank - w.lowBelow];
      high = interpolateKept(highKept, w.highIn, highRank - w.highBelow, highRank + 1 < count, w.highAbove, highPosition,
                             highRank);
      high_.centre = highKept[highRank - w.highBelow];
      // The values inside a window grow about with its width.
      low_.halfWidth *= std::clamp(target / static_cast<double>(w.lowIn), 0.5, 2.0);
      high_.halfWidth *= std::clamp(target / static_cast<double>(w.highIn), 0.5, 2.0);
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

namespace {

// Rows a pass of ensembleBandsOfColumns reads side by side: as many sums in flight as the adder has room
// for (each is a chain of dependent additions in member order).
constexpr std::size_t kColumnBlock = 8;
// Tiles ahead whose rows ensembleBandsOfColumns fetches before it reads them.
constexpr std::size_t kPrefetchTiles = 2;

// Whether rows[b][0..lanes) are all finite for every b < kColumnBlock (x - x is 0 exactly for finite x).
bool allFinite(const double* const* rows, std::size_t lanes) {
  __m128d bad = _mm_setzero_pd();
  for (std::size_t b = 0; b < kColumnBlock; ++b) {
    std::size_t lane = 0;
    for (; lane + 2 <= lanes; lane += 2) {
      const __m128d v = _mm_loadu_pd(rows[b] + lane);
      bad = _mm_or_pd(bad, _mm_cmpneq_pd(_mm_sub_pd(v, v), _mm_setzero_pd()));
    }
    if (lane < lanes && !std::isfinite(rows[b][lane])) return false;
  }
  return _mm_movemask_pd(bad) == 0;
}

// Appends the finite values of rows[b][0..lanes) (b < width) to row b's gathered values (gathered + b * n,
// counted[b] of them so far) and adds them to sum[b], in lane order.
void gatherRows(const double* const* rows, std::size_t width, std::size_t lanes, double* gathered, std::size_t n,
                std::size_t* counted, double* sum) {
  if (width == kColumnBlock && allFinite(rows, lanes)) {
    // The common case, without a test a value: the eight sums stay in registers, each still added in order.
    double s[kColumnBlock];
    double* out[kColumnBlock];
    for (std::size_t b = 0; b < kColumnBlock; ++b) {
      s[b] = sum[b];
      out[b] = gathered + b * n + counted[b];
      counted[b] += lanes;
    }
    for (std::size_t lane = 0; lane < lanes; ++lane)
      for (std::size_t b = 0; b < kColumnBlock; ++b) {
        const double v = rows[b][lane];
        out[b][lane] = v;
        s[b] += v;
      }
    for (std::size_t b = 0; b < kColumnBlock; ++b) sum[b] = s[b];
    return;
  }
  for (std::size_t lane = 0; lane < lanes; ++lane)
    for (std::size_t b = 0; b < width; ++b) {
      const double v = rows[b][lane];
      if (!std::isfinite(v)) continue;
      gathered[b * n + counted[b]++] = v;
      sum[b] += v;
    }
}

}  // namespace

std::array<EnsembleBand, 3> ensembleBandsOfColumns(const core::TraceColumns& columns, std::int64_t last) {
  std::array<EnsembleBand, 3> bands;
  const auto size = static_cast<std::size_t>(std::max<std::int64_t>(0, last) + 1);
  for (EnsembleBand& band : bands) band_detail::resetBand(band, size);
  const std::size_t n = columns.runs;
  if (n == 0 || columns.rows == 0) return bands;
  const double* const data[3] = {columns.x.data(), columns.y.data(), columns.loss.data()};
  const std::size_t blocks = (size + kColumnBlock - 1) / kColumnBlock;
  const std::size_t runs = band_detail::blockRuns(n, size, blocks);
  core::parallelFor(runs, 1, [&](std::size_t run) {
    thread_local std::vector<double> gathered, scratch;  // grown only (see ensembleBands)
    if (gathered.size() < kColumnBlock * n) gathered.resize(kColumnBlock * n);
    if (scratch.size() < 2 * n) scratch.resize(2 * n);
    std::array<band_detail::BandSelector, 3> selectors;
    for (std::size_t block = run * blocks / runs; block < (run + 1) * blocks / runs; ++block) {
      const std::size_t first = block * kColumnBlock, width = std::min(size, first + kColumnBlock) - first;
      // Past the last row every particle stays where it ended (or gone, NaN).
      std::size_t rows[kColumnBlock];
      for (std::size_t b = 0; b < width; ++b) rows[b] = std::min(first + b, columns.rows - 1);
      for (std::size_t q = 0; q < 3; ++q) {
        std::size_t counted[kColumnBlock] = {};
        double sum[kColumnBlock] = {};
        // Tile by tile (each row's kColumnTile values are together), particles in order.
        for (std::size_t tile = 0; tile * core::kColumnTile < n; ++tile) {
          const std::size_t lanes = std::min(core::kColumnTile, n - tile * core::kColumnTile);
          const double* row[kColumnBlock];
          for (std::size_t b = 0; b < width; ++b) row[b] = data[q] + (tile * columns.rows + rows[b]) * core::kColumnTile;
          // A block's rows of one tile are a page of their own, the next tile's a hundred kilobytes on: the
          // hardware prefetcher does not follow, and waiting on each page's lines bounded this loop.
          if ((tile + kPrefetchTiles) * core::kColumnTile < n) {
            const std::size_t ahead = (tile + kPrefetchTiles) * columns.rows;
            for (std::size_t b = 0; b < width; ++b) {
              const auto* line = reinterpret_cast<const char*>(data[q] + (ahead + rows[b]) * core::kColumnTile);
              for (std::size_t byte = 0; byte < core::kColumnTile * sizeof(double); byte += 64) __builtin_prefetch(line + byte);
            }
          }
          gatherRows(row, width, lanes, gathered.data(), n, counted, sum);
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
