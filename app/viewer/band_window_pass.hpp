// The pass BandSelector makes over an iteration's values: for two windows [from, to] (around the previous
// iteration's two order statistics), how many values lie below each and up to each, the least value above
// each, and the values inside each, kept in member order. Most values lie in neither window, so the pass is
// a stream of comparisons: SSE2 two values at a time, or AVX-512 eight at a time where the CPU has it (its
// masks also count and keep without a branch). Both give the same counts and the same kept values.
#pragma once

#include <cstddef>

namespace gradscape::app::band_detail {

struct WindowBounds {
  double lowFrom, lowTo, highFrom, highTo;
};

struct WindowCounts {
  std::size_t lowBelow = 0, lowUpTo = 0, highBelow = 0, highUpTo = 0;  // values < from, <= to
  std::size_t lowIn = 0, highIn = 0;                                      // values kept (inside)
  double lowAbove = 0, highAbove = 0;  // the least value > to (infinity when none)
};

// values[0..count) are finite; lowKept and highKept have room for count values each.
using WindowPass = WindowCounts (*)(const double* values, std::size_t count, const WindowBounds& bounds,
                                    double* lowKept, double* highKept);

WindowCounts windowPassSse2(const double* values, std::size_t count, const WindowBounds& bounds, double* lowKept,
                            double* highKept);
WindowCounts windowPassAvx512(const double* values, std::size_t count, const WindowBounds& bounds, double* lowKept,
                              double* highKept);
// The fastest pass this CPU runs.
WindowPass bestWindowPass();

// The values from `first` on, one at a time (both passes' tails).
inline void windowPassTail(const double* values, std::size_t first, std::size_t count, const WindowBounds& w,
                           double* lowKept, double* highKept, WindowCounts& c) {
  for (std::size_t i = first; i < count; ++i) {
    const double v = values[i];
    c.lowBelow += v < w.lowFrom;
    c.lowUpTo += v <= w.lowTo;
    c.highBelow += v < w.highFrom;
    c.highUpTo += v <= w.highTo;
    if (v > w.lowTo && v < c.lowAbove) c.lowAbove = v;
    if (v > w.highTo && v < c.highAbove) c.highAbove = v;
    if (v >= w.lowFrom && v <= w.lowTo) lowKept[c.lowIn++] = v;
    if (v >= w.highFrom && v <= w.highTo) highKept[c.highIn++] = v;
  }
}

}  // namespace gradscape::app::band_detail
