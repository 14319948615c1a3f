// matplotlib's coolwarm colormap, exactly: its segment data (matplotlib/_cm.py _coolwarm_data) sampled
// into the same 256-entry lookup table matplotlib's LinearSegmentedColormap builds and indexes.
#pragma once

#include <array>
#include <cstdint>

#include "core/scene.hpp"

namespace gradscape::render {

// 256 entries as matplotlib's Colormap(N=256) holds them, in [0, 1].
const std::array<std::array<double, 3>, 256>& coolwarmTable();

// matplotlib's Colormap.__call__ on a normalised value: index = int(v * 256) clipped to [0, 255]
// (values below 0 take the first entry, above 1 the last, as its default under/over colours).
// NaN gives nothing useful: callers skip non-finite values before.
std::array<double, 3> coolwarm(double normalised);
// The same rounded to 8 bits as Agg writes it.
core::Rgb coolwarmRgb8(double normalised);

// Values reach [0, 1] through core::ColorScale (linear: matplotlib's Normalize).

}  // namespace gradscape::render
