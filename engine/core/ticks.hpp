// Axis ticks like matplotlib's AutoLocator (MaxNLocator) and tick labels like its ScalarFormatter.
// Pure functions, no GL: the axes box (engine/render/axes_box) asks here where ticks go and what they say.
#pragma once

#include <string>
#include <vector>

namespace gradscape::core {

// matplotlib's rcParams that shape ticks (its defaults).
struct TickOptions {
  int maxBins = 9;              // MaxNLocator's nbins; AutoLocator clips axis space to [1, 9]
  int minTicks = 2;             // min_n_ticks
  bool unicodeMinus = true;     // axes.unicode_minus: U+2212 instead of '-'
  bool useOffset = true;        // axes.formatter.useoffset
  int offsetThreshold = 4;      // axes.formatter.offset_threshold
  int powerLimitLow = -5;       // axes.formatter.limits
  int powerLimitHigh = 6;
};

// MaxNLocator.tick_values: the raw tick locations, which may include one
// beyond each end of [vmin, vmax] (matplotlib keeps them for its formatter). `bins` is the wanted
// number of intervals (>= 1). Returns nothing for non-finite limits.
// `steps`: AutoLocator's [1, 2, 2.5, 5, 10], or a bare MaxNLocator's default [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8,
// 10] (what contour levels use).
enum class LocatorSteps { autoLocator, maxNLocatorDefault };
std::vector<double> maxNLocatorTicks(double vmin, double vmax, int bins, int minTicks = 2,
                                     LocatorSteps steps = LocatorSteps::autoLocator);

// AutoLocator's nbins='auto' for an x-like axis: floor(axis length / (3 x label font size)), clipped
// to [max(1, minTicks - 1), maxBins]. Lengths in points.
int autoTickBins(double axisLengthPoints, double labelFontPoints, const TickOptions& options = {});

// The ticks an axis shows over [vmin, vmax] and their labels.
struct AxisTicks {
  std::vector<double> values;       // visible ticks, ascending
  std::vector<std::string> labels;  // UTF-8, one per value ("−1.0", "0.5")
  std::string offsetText;           // matplotlib's offset/scale text ("1e6", "+1e3"); often empty
};

// ScalarFormatter over `ticks` (all raw locations; only those inside [vmin, vmax] are labelled).
AxisTicks formatTicks(const std::vector<double>& ticks, double vmin, double vmax,
                      const TickOptions& options = {});

// Locator and formatter together, as an mplot3d axis does on every draw.
AxisTicks autoTicks(double vmin, double vmax, int bins, const TickOptions& options = {});

}  // namespace gradscape::core
