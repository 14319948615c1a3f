// band_window_pass.hpp's SSE2 pass (every x86-64 CPU has it) and the choice between the passes.
#include "viewer/band_window_pass.hpp"

#include <emmintrin.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/batch_descent.hpp"

namespace gradscape::app::band_detail {

WindowCounts windowPassSse2(const double* values, std::size_t count, const WindowBounds& w, double* lowKept,
                            double* highKept) {
  constexpr double kNone = std::numeric_limits<double>::infinity();
  const __m128d lowFromV = _mm_set1_pd(w.lowFrom), lowToV = _mm_set1_pd(w.lowTo);
  const __m128d highFromV = _mm_set1_pd(w.highFrom), highToV = _mm_set1_pd(w.highTo), none = _mm_set1_pd(kNone);
  __m128i lowBelowV = _mm_setzero_si128(), lowUpToV = lowBelowV, highBelowV = lowBelowV, highUpToV = lowBelowV;
  __m128d lowAboveV = none, highAboveV = none;
  WindowCounts c;
  const auto keep = [&](double v) {
    if (v >= w.lowFrom && v <= w.lowTo) lowKept[c.lowIn++] = v;
    if (v >= w.highFrom && v <= w.highTo) highKept[c.highIn++] = v;
  };
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
    // Only a pair with a value inside a window is looked at one by one.
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
  c.lowBelow = counts[0][0] + counts[0][1];
  c.lowUpTo = counts[1][0] + counts[1][1];
  c.highBelow = counts[2][0] + counts[2][1];
  c.highUpTo = counts[3][0] + counts[3][1];
  alignas(16) double least[2][2];
  _mm_store_pd(least[0], lowAboveV);
  _mm_store_pd(least[1], highAboveV);
  c.lowAbove = std::min(least[0][0], least[0][1]);
  c.highAbove = std::min(least[1][0], least[1][1]);
  windowPassTail(values, i, count, w, lowKept, highKept, c);
  return c;
}

WindowPass bestWindowPass() {
  return core::simdPathSupported(core::SimdPath::avx512) ? windowPassAvx512 : windowPassSse2;
}

}  // namespace gradscape::app::band_detail
