// Log axis choice, log ticks and labels for the plots.
#include "viewer/plot_axis.hpp"

#include <cmath>
#include <cstdio>

#include "core/error.hpp"

namespace gradscape::app {

LossAxis parseLossAxis(std::string_view text, std::string_view path) {
  if (text == "auto") return LossAxis::automatic;
  if (text == "log") return LossAxis::log;
  if (text == "linear") return LossAxis::linear;
  throw Error(std::string(path) + ": expected auto, log or linear, got '" + std::string(text) + "'");
}

const char* lossAxisName(LossAxis axis) {
  switch (axis) {
    case LossAxis::automatic: return "auto";
    case LossAxis::log: return "log";
    case LossAxis::linear: return "linear";
  }
  return "";
}

bool defaultLogAxis(double low, double high) { return low > 0 && std::isfinite(high) && high > 100 * low; }

bool lossAxisIsLog(LossAxis choice, double low, double high) {
  if (choice == LossAxis::automatic) return defaultLogAxis(low, high);
  return choice == LossAxis::log;
}

LogTicks logAxisTicks(double lowExponent, double highExponent, int maxLabels) {
  LogTicks ticks;
  if (!(lowExponent < highExponent) || !std::isfinite(lowExponent) || !std::isfinite(highExponent)) return ticks;
  const int first = static_cast<int>(std::ceil(lowExponent)), last = static_cast<int>(std::floor(highExponent));
  const int decades = last - first + 1;
  const int step = decades <= maxLabels ? 1 : (decades + maxLabels - 1) / std::max(1, maxLabels);
  // Labelled decades are multiples of the step (1e-6, 1e-3, 1 rather than 1e-5, 1e-2, 10).
  for (int k = first; k <= last; ++k)
    if (((k % step) + step) % step == 0) ticks.major.push_back(std::pow(10.0, k));
  // Minor ticks only while they stay apart: up to four decades on the axis.
  if (highExponent - lowExponent <= 4)
    for (int k = static_cast<int>(std::floor(lowExponent)); k <= last; ++k)
      for (int m = 2; m <= 9; ++m) {
        const double e = k + std::log10(static_cast<double>(m));
        if (e >= lowExponent && e <= highExponent) ticks.minor.push_back(m * std::pow(10.0, k));
      }
  return ticks;
}

std::string decadeLabel(double value) {
  const int k = static_cast<int>(std::lround(std::log10(value)));
  char text[16];
  if (k >= -2 && k <= 3) std::snprintf(text, sizeof text, "%g", std::pow(10.0, k));
  else std::snprintf(text, sizeof text, "1e%d", k);
  return text;
}

}  // namespace gradscape::app
