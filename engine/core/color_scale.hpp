// Colour scales (render.color_scale): how a surface value maps to the colormap's [0, 1] under a linear, log
// or symlog scale, and the contour levels and colour-bar ticks each scale chooses, in data units.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace gradscape::core {

enum class ColorScaleKind { linear, log, symlog };
std::string_view colorScaleName(ColorScaleKind kind);
// nullopt for anything but "linear", "log", "symlog".
std::optional<ColorScaleKind> findColorScale(std::string_view name);

// Log of a range whose minimum is not positive: values are shifted by `logShift()` first,
// log10(f - shift) with shift = vmin - kLogFloor * (vmax - vmin), so vmin sits five decades below the span.
inline constexpr double kLogFloor = 1e-5;
// symlog's default linthresh: this fraction of max(|vmin|, |vmax|) (1 when both are 0).
inline constexpr double kSymlogDefaultFraction = 1e-3;

// Normalisation of [vmin, vmax] (data units, render.color_range or the data's range) under one scale.
class ColorScale {
 public:
  // `symlogThreshold`: matplotlib's linthresh (> 0), or the default above when absent.
  ColorScale(ColorScaleKind kind, double vmin, double vmax, std::optional<double> symlogThreshold = {});

  // 0 at vmin, 1 at vmax, monotonic; values beyond the range go beyond [0, 1] (the colormap clips them).
  // An empty range gives 0, as matplotlib's Normalize does.
  double normalize(double value) const;
  // The data value at a normalised position (the colour bar's labels show these real values).
  double valueAt(double normalized) const;

  ColorScaleKind kind() const { return kind_; }
  double vmin() const { return vmin_; }
  double vmax() const { return vmax_; }
  double logShift() const { return logShift_; }             // 0 unless the log scale shifts (see above)
  double symlogThreshold() const { return symlogThreshold_; }

  // Contour levels over [vmin, vmax], as matplotlib's contour/contourf choose them by default (7 asked):
  // MaxNLocator(8, min_n_ticks=1) under linear, LogLocator's decades under log (of f - shift), decades of
  // either sign beyond the threshold and 0 under symlog; trimmed to the levels that bracket the range.
  std::vector<double> contourLevels() const;

 private:
  double transform(double value) const;
  double inverse(double transformed) const;

  ColorScaleKind kind_;
  double vmin_, vmax_;
  double logShift_ = 0;
  double symlogThreshold_ = 1;
  double low_ = 0, high_ = 0;  // transform(vmin), transform(vmax)
};

}  // namespace gradscape::core
