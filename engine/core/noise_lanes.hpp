// Gradient noise for a slab of lanes at once: noise.hpp's normalPair, bit for bit, in SIMD.
//
// Drawing one lane at a time cost the 10,000-particle ensemble four times its noiseless descent. Here
// Philox4x32-10 runs in 64-bit integer lanes that each hold one 32-bit word (the SIMD 32x32->64 multiply,
// pmuludq, gives a lane's full product), the uniforms and frexp are bit manipulation (both exact), and the
// logarithm's series and the polar factor are the scalar code's operations in its order with its constants
// (-ffp-contract=off keeps them unfused), so every lane gets exactly the deviates normalPair gives.
//
// Included by batch_kernel_impl.hpp after the including file's `Isa`, which adds to the vector of doubles
// `using U = <as many 64-bit unsigned lanes>` and `static U multiplyLow32(U, U)` (the full 64-bit products
// of the lanes' low 32 bits). Only noise.hpp's constants are used here: an inline function of it
// instantiated in the AVX2 file could be the copy the linker keeps for everyone.
#pragma once

#include <cstdint>

#include "core/noise.hpp"

namespace {

using U = Isa::U;

U splatWord(std::uint64_t value) {
  U u{};
  for (int lane = 0; lane < int(sizeof(U) / sizeof(std::uint64_t)); ++lane) u[lane] = value;
  return u;
}

// noise_detail::signedUniform: the 53-bit word w is b * 2^52 + m; 1 + m * 2^-52 is the double with
// mantissa m and exponent 0, and subtracting 1 (b = 1) or 2 (b = 0) is exact (Sterbenz), which gives
// w * 2^-52 - 1 without a 64-bit integer conversion SSE2 and AVX2 lack.
V signedUniformLanes(U high, U low) {
  const U word = ((high << 32) | low) >> 11;
  const U top = word >> 52, mantissa = word & splatWord((std::uint64_t{1} << 52) - 1);
  const U one = splatWord(0x3ff0000000000000u), two = splatWord(0x4000000000000000u);
  return V(mantissa | one) - V(two - (top << 52));
}

// The polar method's attempt `attempt` for `count` vectors of lanes (count <= kVectors), lane L of vector n
// drawing from stream[n][L]: each lane's u, v, the factor sqrt(-2 ln(s) / s) and whether s was accepted.
// Every step runs over all the vectors before the next: Philox's multiplies and the log's Horner series
// are chains of dependent operations, and independent vectors side by side keep the units busy where one
// vector at a time waited on each link (and on a branch per vector).
void drawAttempt(std::uint64_t seed, const U* stream, std::uint32_t iteration, std::uint32_t attempt, int count,
                 V* u, V* v, V* factor, Mask* accepted) {
  namespace nd = gradscape::core::noise_detail;
  const U low32 = splatWord(0xffffffffu), m0 = splatWord(nd::kPhiloxM0), m1 = splatWord(nd::kPhiloxM1);
  U c0[kVectors], c1[kVectors], c2[kVectors], c3[kVectors];
  for (int n = 0; n < count; ++n) {
    c0[n] = splatWord(iteration);
    c1[n] = splatWord(attempt);
    c2[n] = stream[n] & low32;
    c3[n] = stream[n] >> 32;
  }
  // philox4x32_10 with the key {seed low, seed high}; each word sits in its lane's low 32 bits.
  auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += nd::kPhiloxW0;
      k1 += nd::kPhiloxW1;
    }
    const U key0 = splatWord(k0), key1 = splatWord(k1);
    for (int n = 0; n < count; ++n) {
      const U p0 = Isa::multiplyLow32(m0, c0[n]), p1 = Isa::multiplyLow32(m1, c2[n]);
      c0[n] = (p1 >> 32) ^ c1[n] ^ key0;
      c2[n] = (p0 >> 32) ^ c3[n] ^ key1;
      c1[n] = p1 & low32;
      c3[n] = p0 & low32;
    }
  }
  V s[kVectors], t[kVectors], t2[kVectors], e[kVectors], series[kVectors];
  for (int n = 0; n < count; ++n) {
    u[n] = signedUniformLanes(c0[n], c1[n]);
    v[n] = signedUniformLanes(c2[n], c3[n]);
    s[n] = u[n] * u[n] + v[n] * v[n];
    accepted[n] = (s[n] > 0) & (s[n] < 1);
    // noise_detail::portableLog(s). s is a sum of squares of multiples of 2^-52, so at least 2^-104 and
    // normal: frexp's m in [0.5, 1) is s's mantissa under the exponent of 0.5, its exponent the biased
    // exponent field E - 1022 (E as a double exactly: 2^52 + E has E in its low bits). Rejected lanes
    // compute a value nobody uses.
    const U bits = U(s[n]);
    V m = V((bits & splatWord(0x000fffffffffffffu)) | splatWord(std::uint64_t{1022} << 52));
    const V biased = V(((bits >> 52) & splatWord(0x7ff)) | splatWord(0x4330000000000000u)) - splat(0x1p52);
    e[n] = biased - 1022;
    const Mask small = m < nd::kSqrtHalf;
    m = choose(small, m * 2, m);
    e[n] = choose(small, e[n] - 1, e[n]);
    t[n] = (m - 1) / (m + 1);
    t2[n] = t[n] * t[n];
    series[n] = splat(nd::kLogSeries[0]);
  }
  for (std::size_t i = 1; i < nd::kLogSeries.size(); ++i)
    for (int n = 0; n < count; ++n) series[n] = series[n] * t2[n] + nd::kLogSeries[i];
  for (int n = 0; n < count; ++n) {
    const V log = e[n] * nd::kLn2High + (2 * t[n] * series[n] + e[n] * nd::kLn2Low);
    factor[n] = squareRoot(-2 * log / s[n]);
  }
}

// normalPair(seed, stream[n][L], iteration) for every lane L of `count` vectors (count <= kVectors) into
// zx[n][L] and zy[n][L]. Attempt 0 runs for every lane; the lanes it rejects (1 - pi / 4 of them) are
// packed into as few vectors as they fill and run attempt 1, and so on, so each lane keeps its first
// accepted attempt, as normalPair does.
void normalPairVectors(std::uint64_t seed, const U* stream, std::uint32_t iteration, int count, V* zx, V* zy) {
  V u[kVectors], v[kVectors], factor[kVectors];
  Mask accepted[kVectors];
  drawAttempt(seed, stream, iteration, 0, count, u, v, factor, accepted);
  int pendingVector[kSlabLanes], pendingLane[kSlabLanes];
  int pending = 0;
  for (int n = 0; n < count; ++n) {
    zx[n] = u[n] * factor[n];
    zy[n] = v[n] * factor[n];
    for (int lane = 0; lane < kWidth; ++lane)
      if (!accepted[n][lane]) {
        pendingVector[pending] = n;
        pendingLane[pending++] = lane;
      }
  }
  for (std::uint32_t attempt = 1; pending > 0; ++attempt) {
    const int packed = (pending + kWidth - 1) / kWidth;
    U packedStream[kVectors];
    for (int j = 0; j < packed * kWidth; ++j) {
      const int from = j < pending ? j : pending - 1;  // the last vector's spare lanes repeat a lane
      packedStream[j / kWidth][j % kWidth] = stream[pendingVector[from]][pendingLane[from]];
    }
    drawAttempt(seed, packedStream, iteration, attempt, packed, u, v, factor, accepted);
    int still = 0;
    for (int j = 0; j < pending; ++j) {
      const int n = j / kWidth, lane = j % kWidth;
      if (accepted[n][lane]) {
        zx[pendingVector[j]][pendingLane[j]] = u[n][lane] * factor[n][lane];
        zy[pendingVector[j]][pendingLane[j]] = v[n][lane] * factor[n][lane];
      } else {
        pendingVector[still] = pendingVector[j];
        pendingLane[still++] = pendingLane[j];
      }
    }
    pending = still;
  }
}

}  // namespace
