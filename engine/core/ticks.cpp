// matplotlib's AutoLocator and ScalarFormatter (3.6), ported step by step so the ticks and labels match.
#include "core/ticks.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <span>
#include <tuple>
#include <utility>

namespace gradscape::core {
namespace {

constexpr const char* kUnicodeMinus = "\xE2\x88\x92";  // U+2212, as matplotlib's axes.unicode_minus

// Python's float divmod (CPython float_divmod): floor division and a remainder with the divisor's sign.
// matplotlib's tick arithmetic relies on these exact semantics.
std::pair<double, double> pythonDivmod(double dividend, double divisor) {
  double remainder = std::fmod(dividend, divisor);
  double quotient = (dividend - remainder) / divisor;
  if (remainder != 0) {
    if ((divisor < 0) != (remainder < 0)) {
      remainder += divisor;
      quotient -= 1.0;
    }
  } else {
    remainder = std::copysign(0.0, divisor);
  }
  double floored;
  if (quotient != 0) {
    floored = std::floor(quotient);
    if (quotient - floored > 0.5) floored += 1.0;
  } else {
    floored = std::copysign(0.0, dividend / divisor);
  }
  return {floored, remainder};
}

double pythonFloorDiv(double dividend, double divisor) { return pythonDivmod(dividend, divisor).first; }

// matplotlib.transforms.nonsingular with increasing=True.
std::pair<double, double> nonsingular(double vmin, double vmax, double expander, double tiny) {
  if (!std::isfinite(vmin) || !std::isfinite(vmax)) return {-expander, expander};
  if (vmax < vmin) std::swap(vmin, vmax);
  const double maxAbs = std::max(std::abs(vmin), std::abs(vmax));
  if (maxAbs < (1e6 / tiny) * DBL_MIN) {
    vmin = -expander;
    vmax = expander;
  } else if (vmax - vmin <= maxAbs * tiny) {
    if (vmax == 0 && vmin == 0) {
      vmin = -expander;
      vmax = expander;
    } else {
      vmin -= expander * std::abs(vmin);
      vmax += expander * std::abs(vmax);
    }
  }
  return {vmin, vmax};
}

// ticker.scale_range: the power of ten of a bin, and an offset when the range sits far from zero.
std::pair<double, double> scaleRange(double vmin, double vmax, int bins) {
  const double span = std::abs(vmax - vmin);
  const double mean = (vmax + vmin) / 2;
  double offset = 0;
  if (std::abs(mean) / span >= 100) offset = std::copysign(std::pow(10.0, std::floor(std::log10(std::abs(mean)))), mean);
  const double scale = std::pow(10.0, std::floor(std::log10(span / bins)));
  return {scale, offset};
}

// ticker._Edge_integer: integer multiples of a step, forgiving float error near the edges.
struct EdgeInteger {
  double step;
  double offset;

  bool closeTo(double ms, double edge) const {
    double tolerance = 1e-10;
    if (offset > 0) {
      const double digits = std::log10(offset / step);
      tolerance = std::min(0.4999, std::max(1e-10, std::pow(10.0, digits - 12)));
    }
    return std::abs(ms - edge) < tolerance;
  }
  double lessEqual(double x) const {  // largest n with n * step <= x
    auto [d, m] = pythonDivmod(x, step);
    return closeTo(m / step, 1) ? d + 1 : d;
  }
  double greaterEqual(double x) const {  // smallest n with n * step >= x
    auto [d, m] = pythonDivmod(x, step);
    return closeTo(m / step, 0) ? d : d + 1;
  }
};

// _interval_contains_close with rtol 1e-10: which ticks an axis draws.
bool insideClose(double value, double low, double high) {
  if (low > high) std::swap(low, high);
  const double tolerance = (high - low) * 1e-10;
  return low - tolerance <= value && value <= high + tolerance;
}

std::string printfDouble(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string fixMinus(std::string text, bool unicodeMinus) {
  if (!unicodeMinus) return text;
  std::string out;
  for (char c : text) {
    if (c == '-')
      out += kUnicodeMinus;
    else
      out += c;
  }
  return out;
}

// numpy.round(x, decimals) for decimals >= 0: scale, round half to even, unscale.
double numpyRound(double value, int decimals) {
  const double factor = std::pow(10.0, decimals);
  return std::nearbyint(value * factor) / factor;
}

// ScalarFormatter.format_data, used for the offset text ("1e6", "-2.5e-3").
std::string formatData(double value, bool unicodeMinus) {
  const int exponent = static_cast<int>(std::floor(std::log10(std::abs(value))));
  const double significand = std::round(value / std::pow(10.0, exponent) * 1e10) / 1e10;
  std::string digits = std::fmod(significand, 1.0) == 0
                           ? std::to_string(static_cast<long long>(significand))
                           : printfDouble("%1.10g", significand);
  if (exponent == 0) return fixMinus(digits, unicodeMinus);
  return fixMinus(digits + "e" + std::to_string(exponent), unicodeMinus);
}

}  // namespace

std::vector<double> maxNLocatorTicks(double vmin, double vmax, int bins, int minTicks, LocatorSteps steps) {
  if (!std::isfinite(vmin) || !std::isfinite(vmax)) return {};
  bins = std::max(1, bins);
  minTicks = std::max(1, minTicks);
  std::tie(vmin, vmax) = nonsingular(vmin, vmax, 1e-13, 1e-14);

  // _staircase of the steps: 0.1 x steps[:-1], steps, 10 x steps[1].
  static constexpr double kAutoStaircase[] = {0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20};
  static constexpr double kDefaultStaircase[] = {0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8,
                                                 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15};
  const std::span<const double> kStaircase =
      steps == LocatorSteps::autoLocator ? std::span<const double>(kAutoStaircase) : std::span<const double>(kDefaultStaircase);
  auto [scale, offset] = scaleRange(vmin, vmax, bins);
  const double low = vmin - offset;
  const double high = vmax - offset;
  const double rawStep = (high - low) / bins;

  int firstFitting = 0;
  while (firstFitting + 1 < static_cast<int>(kStaircase.size()) && kStaircase[firstFitting] * scale < rawStep)
    ++firstFitting;

  std::vector<double> ticks;
  // The fitting step is an upper limit; smaller steps are tried while too few ticks are visible.
  for (int index = firstFitting; index >= 0; --index) {
    const double step = kStaircase[index] * scale;
    const double bestLow = pythonFloorDiv(low, step) * step;
    const EdgeInteger edge{step, std::abs(offset)};
    const double first = edge.lessEqual(low - bestLow);
    const double last = edge.greaterEqual(high - bestLow);
    ticks.clear();
    int visible = 0;
    for (double n = first; n < last + 1; n += 1) {  // numpy.arange(first, last + 1)
      const double tick = n * step + bestLow;
      ticks.push_back(tick);
      if (tick <= high && tick >= low) ++visible;
    }
    if (visible >= minTicks) break;
  }
  for (double& tick : ticks) tick += offset;
  return ticks;
}

int autoTickBins(double axisLengthPoints, double labelFontPoints, const TickOptions& options) {
  int space = labelFontPoints > 0 ? static_cast<int>(std::floor(axisLengthPoints / (labelFontPoints * 3)))
                                  : options.maxBins;
  return std::clamp(space, std::max(1, options.minTicks - 1), options.maxBins);
}

AxisTicks formatTicks(const std::vector<double>& ticks, double vmin, double vmax, const TickOptions& options) {
  AxisTicks out;
  if (ticks.empty()) return out;
  if (vmin > vmax) std::swap(vmin, vmax);
  std::vector<double> visible;
  for (double tick : ticks)
    if (vmin <= tick && tick <= vmax) visible.push_back(tick);

  // _compute_offset: only when every visible tick has the same sign and it saves enough digits.
  double offset = 0;
  if (options.useOffset && !visible.empty()) {
    const double lmin = *std::min_element(visible.begin(), visible.end());
    const double lmax = *std::max_element(visible.begin(), visible.end());
    if (!(lmin == lmax || (lmin <= 0 && 0 <= lmax))) {
      double absMin = std::abs(lmin), absMax = std::abs(lmax);
      if (absMin > absMax) std::swap(absMin, absMax);
      const double sign = std::copysign(1.0, lmin);
      const double oomMax = std::ceil(std::log10(absMax));
      double oom = oomMax;
      while (pythonFloorDiv(absMin, std::pow(10.0, oom)) == pythonFloorDiv(absMax, std::pow(10.0, oom))) oom -= 1;
      oom += 1;
      if ((absMax - absMin) / std::pow(10.0, oom) <= 1e-2) {
        oom = oomMax;
        while (!(pythonFloorDiv(absMax, std::pow(10.0, oom)) - pythonFloorDiv(absMin, std::pow(10.0, oom)) > 1)) oom -= 1;
        oom += 1;
      }
      const double leading = pythonFloorDiv(absMax, std::pow(10.0, oom));
      if (leading >= std::pow(10.0, options.offsetThreshold - 1)) offset = sign * leading * std::pow(10.0, oom);
    }
  }

  // _set_order_of_magnitude: scientific scaling outside the power limits.
  int orderOfMagnitude = 0;
  if (!visible.empty()) {
    int oom = 0;
    if (offset != 0) {
      oom = static_cast<int>(std::floor(std::log10(vmax - vmin)));
    } else {
      double largest = 0;
      for (double tick : visible) largest = std::max(largest, std::abs(tick));
      oom = largest == 0 ? 0 : static_cast<int>(std::floor(std::log10(largest)));
    }
    if (options.powerLimitLow == options.powerLimitHigh && options.powerLimitLow != 0)
      orderOfMagnitude = options.powerLimitLow;
    else if (oom <= options.powerLimitLow || oom >= options.powerLimitHigh)
      orderOfMagnitude = oom;
  }

  // _set_format: the fewest decimals that still tell all locations apart (over all raw ticks).
  std::vector<double> scaled;
  const double magnitude = std::pow(10.0, orderOfMagnitude);
  std::vector<double> rangeLocations = ticks;
  if (ticks.size() < 2) {
    rangeLocations.push_back(vmin);
    rangeLocations.push_back(vmax);
  }
  for (double tick : rangeLocations) scaled.push_back((tick - offset) / magnitude);
  auto [lowest, highest] = std::minmax_element(scaled.begin(), scaled.end());
  double range = *highest - *lowest;
  if (range == 0) {
    for (double value : scaled) range = std::max(range, std::abs(value));
  }
  if (range == 0) range = 1;
  if (ticks.size() < 2) scaled.resize(scaled.size() - 2);
  const int rangeOom = static_cast<int>(std::floor(std::log10(range)));
  int decimals = std::max(0, 3 - rangeOom);
  const double threshold = 1e-3 * std::pow(10.0, rangeOom);
  while (decimals >= 0) {
    double worst = 0;
    for (double value : scaled) worst = std::max(worst, std::abs(value - numpyRound(value, decimals)));
    if (worst < threshold)
      --decimals;
    else
      break;
  }
  ++decimals;
  const std::string format = "%1." + std::to_string(decimals) + "f";

  for (double tick : ticks) {
    if (!insideClose(tick, vmin, vmax)) continue;
    double value = (tick - offset) / magnitude;
    if (std::abs(value) < 1e-8) value = 0;
    out.values.push_back(tick);
    out.labels.push_back(fixMinus(printfDouble(format.c_str(), value), options.unicodeMinus));
  }

  // get_offset: "1e6", "+1e3", "1e-6+2e3" ...
  if (orderOfMagnitude != 0 || offset != 0) {
    std::string offsetText;
    if (offset != 0) offsetText = (offset > 0 ? "+" : "") + formatData(offset, false);
    std::string scienceText = orderOfMagnitude != 0 ? "1e" + std::to_string(orderOfMagnitude) : "";
    out.offsetText = fixMinus(scienceText + offsetText, options.unicodeMinus);
  }
  return out;
}

AxisTicks autoTicks(double vmin, double vmax, int bins, const TickOptions& options) {
  return formatTicks(maxNLocatorTicks(vmin, vmax, bins, options.minTicks), vmin, vmax, options);
}

}  // namespace gradscape::core
