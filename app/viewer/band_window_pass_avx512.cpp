// band_window_pass.hpp's pass with AVX-512 (this file is compiled with -mavx512f; called only where the CPU
// has it): eight values a step, counted by the masks' bits and kept by compressing stores.
#include <immintrin.h>

#include <algorithm>
#include <limits>

#include "viewer/band_window_pass.hpp"

namespace gradscape::app::band_detail {

WindowCounts windowPassAvx512(const double* values, std::size_t count, const WindowBounds& w, double* lowKept,
                              double* highKept) {
  constexpr double kNone = std::numeric_limits<double>::infinity();
  const __m512d lowFrom = _mm512_set1_pd(w.lowFrom), lowTo = _mm512_set1_pd(w.lowTo);
  const __m512d highFrom = _mm512_set1_pd(w.highFrom), highTo = _mm512_set1_pd(w.highTo);
  __m512d lowAbove = _mm512_set1_pd(kNone), highAbove = lowAbove;
  WindowCounts c;
  std::size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m512d v = _mm512_loadu_pd(values + i);
    const __mmask8 lowUnder = _mm512_cmp_pd_mask(v, lowFrom, _CMP_LT_OQ);
    const __mmask8 lowWithin = _mm512_cmp_pd_mask(v, lowTo, _CMP_LE_OQ);
    const __mmask8 highUnder = _mm512_cmp_pd_mask(v, highFrom, _CMP_LT_OQ);
    const __mmask8 highWithin = _mm512_cmp_pd_mask(v, highTo, _CMP_LE_OQ);
    c.lowBelow += static_cast<std::size_t>(__builtin_popcount(lowUnder));
    c.lowUpTo += static_cast<std::size_t>(__builtin_popcount(lowWithin));
    c.highBelow += static_cast<std::size_t>(__builtin_popcount(highUnder));
    c.highUpTo += static_cast<std::size_t>(__builtin_popcount(highWithin));
    // Finite values: not <= to is > to.
    lowAbove = _mm512_mask_min_pd(lowAbove, static_cast<__mmask8>(~lowWithin), lowAbove, v);
    highAbove = _mm512_mask_min_pd(highAbove, static_cast<__mmask8>(~highWithin), highAbove, v);
    const auto lowIn = static_cast<__mmask8>(lowWithin & ~lowUnder);
    const auto highIn = static_cast<__mmask8>(highWithin & ~highUnder);
    if ((lowIn | highIn) == 0) continue;
    _mm512_mask_compressstoreu_pd(lowKept + c.lowIn, lowIn, v);
    _mm512_mask_compressstoreu_pd(highKept + c.highIn, highIn, v);
    c.lowIn += static_cast<std::size_t>(__builtin_popcount(lowIn));
    c.highIn += static_cast<std::size_t>(__builtin_popcount(highIn));
  }
  // (GCC 12's _mm512_reduce_min_pd trips its own uninitialised-use warning.)
  alignas(64) double least[2][8];
  _mm512_store_pd(least[0], lowAbove);
  _mm512_store_pd(least[1], highAbove);
  c.lowAbove = *std::min_element(least[0], least[0] + 8);
  c.highAbove = *std::min_element(least[1], least[1] + 8);
  windowPassTail(values, i, count, w, lowKept, highKept, c);
  return c;
}

}  // namespace gradscape::app::band_detail
