// Linear, log and symlog colour scales and their contour levels (matplotlib's Normalize, LogNorm with a
// documented shift, SymLogNorm with linscale 1; levels as contour's _autolev picks them).
#include "core/color_scale.hpp"

#include <algorithm>
#include <cmath>

#include "core/ticks.hpp"

namespace gradscape::core {
namespace {

constexpr std::string_view kColorScaleNames[] = {"linear", "log", "symlog"};
// SymLogNorm's linscale 1 in base 10: the linear part spans linscale / (1 - 1/base) decades' worth.
constexpr double kSymlogLinearScale = 1 / (1 - 0.1);

// contour._autolev's trim: keep one level at or below vmin and one at or above vmax, unless that leaves
// fewer than three.
std::vector<double> trimToRange(const std::vector<double>& levels, double vmin, double vmax) {
  std::size_t first = 0, last = levels.size();
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i] < vmin) first = i;
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (levels[i] > vmax) {
      last = i + 1;
      break;
    }
  if (last < first + 3) return levels;
  return {levels.begin() + static_cast<std::ptrdiff_t>(first), levels.begin() + static_cast<std::ptrdiff_t>(last)};
}

// ticker.LogLocator(base 10, subs (1.0,), numticks 9 with no axis).tick_values: powers of ten.
std::vector<double> logLocatorTicks(double vmin, double vmax) {
  const double logMin = std::log10(vmin), logMax = std::log10(vmax);
  const int decades = static_cast<int>(std::floor(logMax) - std::ceil(logMin));
  int stride = (decades + 1) / 9 + 1;
  if (stride >= decades) stride = std::max(1, decades - 1);
  std::vector<double> ticks;
  const int from = static_cast<int>(std::floor(logMin)) - stride, to = static_cast<int>(std::ceil(logMax)) + 2 * stride;
  for (int exponent = from; exponent < to; exponent += stride) ticks.push_back(std::pow(10.0, exponent));
  return ticks;
}

double roundToOneDigit(double value) {
  if (value == 0 || !std::isfinite(value)) return value;
  const double unit = std::pow(10.0, std::floor(std::log10(std::abs(value))));
  return std::round(value / unit) * unit;
}

}  // namespace

std::string_view colorScaleName(ColorScaleKind kind) { return kColorScaleNames[static_cast<std::size_t>(kind)]; }

std::optional<ColorScaleKind> findColorScale(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kColorScaleNames); ++i)
    if (kColorScaleNames[i] == name) return static_cast<ColorScaleKind>(i);
  return std::nullopt;
}

ColorScale::ColorScale(ColorScaleKind kind, double vmin, double vmax, std::optional<double> symlogThreshold)
    : kind_(kind), vmin_(vmin), vmax_(vmax) {
  if (kind == ColorScaleKind::log && !(vmin > 0)) logShift_ = vmin - kLogFloor * (vmax - vmin);
  if (kind == ColorScaleKind::log && vmax == vmin && !(vmin > 0)) logShift_ = vmin - 1;
  const double largest = std::max(std::abs(vmin), std::abs(vmax));
  symlogThreshold_ = symlogThreshold ? *symlogThreshold : largest > 0 ? largest * kSymlogDefaultFraction : 1;
  low_ = transform(vmin);
  high_ = transform(vmax);
}

double ColorScale::transform(double value) const {
  switch (kind_) {
    case ColorScaleKind::linear: return value;
    case ColorScaleKind::log: {
      const double shifted = value - logShift_;
      return shifted > 0 ? std::log10(shifted) : -HUGE_VAL;
    }
    case ColorScaleKind::symlog: break;
  }
  const double magnitude = std::abs(value), threshold = symlogThreshold_;
  if (magnitude <= threshold) return value * kSymlogLinearScale;
  return std::copysign(threshold * (kSymlogLinearScale + std::log10(magnitude / threshold)), value);
}

double ColorScale::inverse(double transformed) const {
  switch (kind_) {
    case ColorScaleKind::linear: return transformed;
    case ColorScaleKind::log: return std::pow(10.0, transformed) + logShift_;
    case ColorScaleKind::symlog: break;
  }
  const double threshold = symlogThreshold_, magnitude = std::abs(transformed);
  if (magnitude <= threshold * kSymlogLinearScale) return transformed / kSymlogLinearScale;
  return std::copysign(threshold * std::pow(10.0, magnitude / threshold - kSymlogLinearScale), transformed);
}

double ColorScale::normalize(double value) const {
  if (!(high_ > low_)) return 0;
  return (transform(value) - low_) / (high_ - low_);
}

double ColorScale::valueAt(double normalized) const {
  if (!(high_ > low_)) return vmin_;
  return inverse(low_ + normalized * (high_ - low_));
}

std::vector<double> ColorScale::contourLevels() const {
  switch (kind_) {
    case ColorScaleKind::linear: break;
    case ColorScaleKind::log: {
      if (!(vmax_ > vmin_)) break;
      std::vector<double> levels = logLocatorTicks(vmin_ - logShift_, vmax_ - logShift_);
      if (logShift_ != 0) {
        // Decades of f - shift, shown at real values: rounded to one significant digit in f so the colour
        // bar reads 0.6, 10, 100 rather than 0.64, 9.64, 99.64 (still one level per decade of f - shift).
        for (double& level : levels) level = roundToOneDigit(level + logShift_);
        levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
        // The decade below vmin would be a value of f the surface never takes (-0.02 under Rosenbrock, whose
        // minimum is 0): the bottom level is the minimum itself, where the shifted scale starts.
        levels = trimToRange(levels, vmin_, vmax_);
        if (levels.front() < vmin_) levels.front() = vmin_;
        return levels;
      }
      return trimToRange(levels, vmin_, vmax_);
    }
    case ColorScaleKind::symlog: {
      // 0, plus and minus the threshold, and every power of ten beyond it on either side.
      std::vector<double> levels{0};
      const double reach = std::max(std::abs(vmin_), std::abs(vmax_));
      double magnitude = std::pow(10.0, std::ceil(std::log10(symlogThreshold_)));
      for (int decade = 0; decade < 64; ++decade, magnitude *= 10) {  // 64: a bound for NaN or inf ranges
        levels.push_back(magnitude);
        levels.push_back(-magnitude);
        if (magnitude >= reach) break;
      }
      std::sort(levels.begin(), levels.end());
      levels = trimToRange(levels, vmin_, vmax_);
      std::size_t inside = 0;
      for (double level : levels) inside += level > vmin_ && level < vmax_;
      if (inside >= 2) return levels;
      break;  // a range within the linear part: linear levels say more
    }
  }
  return trimToRange(maxNLocatorTicks(vmin_, vmax_, 8, 1, LocatorSteps::maxNLocatorDefault), vmin_, vmax_);
}

}  // namespace gradscape::core
