// Gradient noise for a vector of lanes at once: noise.hpp's normalPair, bit for bit, in SIMD.
//
// Drawing one lane at a time cost the 10,000-particle ensemble four times its noiseless descent. Here
// Philox4x32-10 runs in 64-bit integer lanes that each hold one 32-bit word (the SIMD 32x32->64 multiply,
// pmuludq, gives a lane's full product), the uniforms and frexp are bit manipulation (both exact), and the
// logarithm's series and the polar factor are the scalar code's operations in its order with its constants
// (-ffp-contract=off keeps them unfused). Attempt 0 of the polar method runs for every lane; it is kept
// with probability pi / 4, and the lanes it rejects are finished by the scalar loop from attempt 1
// (batch_detail::normalPairFrom), so every lane gets exactly the deviates normalPair gives.
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

// philox4x32_10 on every lane's counter (c[i]: word i in each lane's low 32 bits); the key is every lane's.
void philoxLanes(U c[4], std::uint32_t key0, std::uint32_t key1) {
  namespace nd = gradscape::core::noise_detail;
  const U low32 = splatWord(0xffffffffu), m0 = splatWord(nd::kPhiloxM0), m1 = splatWord(nd::kPhiloxM1);
  std::uint32_t k0 = key0, k1 = key1;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += nd::kPhiloxW0;
      k1 += nd::kPhiloxW1;
    }
    const U p0 = Isa::multiplyLow32(m0, c[0]), p1 = Isa::multiplyLow32(m1, c[2]);
    const U word0 = (p1 >> 32) ^ c[1] ^ splatWord(k0);
    const U word2 = (p0 >> 32) ^ c[3] ^ splatWord(k1);
    c[1] = p1 & low32;
    c[3] = p0 & low32;
    c[0] = word0;
    c[2] = word2;
  }
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

// noise_detail::portableLog for 0 < s < 1 in every lane (other lanes get a value nobody uses). s is a sum
// of squares of multiples of 2^-52, so at least 2^-104 and normal: frexp is the exponent field's.
V portableLogLanes(V s) {
  namespace nd = gradscape::core::noise_detail;
  const U bits = U(s);
  // m in [0.5, 1): s's mantissa under the exponent of 0.5; the biased exponent E as a double, exactly
  // (2^52 + E has E in its low bits), and frexp's exponent E - 1022.
  V m = V((bits & splatWord(0x000fffffffffffffu)) | splatWord(std::uint64_t{1022} << 52));
  const V biased = V(((bits >> 52) & splatWord(0x7ff)) | splatWord(0x4330000000000000u)) - splat(0x1p52);
  V e = biased - 1022;
  const Mask small = m < nd::kSqrtHalf;
  m = choose(small, m * 2, m);
  e = choose(small, e - 1, e);
  const V t = (m - 1) / (m + 1);
  const V t2 = t * t;
  V series = splat(1.0 / nd::kLogSeriesTop);
  for (int k = nd::kLogSeriesTop - 2; k >= 1; k -= 2) series = series * t2 + 1.0 / k;
  return e * nd::kLn2High + (2 * t * series + e * nd::kLn2Low);
}

// normalPair(seed, stream[lane], iteration) for every lane into z[0] (x) and z[1] (y).
void normalPairLanes(std::uint64_t seed, U stream, std::uint32_t iteration, V z[2]) {
  U c[4] = {splatWord(iteration), splatWord(0), stream & splatWord(0xffffffffu), stream >> 32};
  philoxLanes(c, static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32));
  const V u = signedUniformLanes(c[0], c[1]), v = signedUniformLanes(c[2], c[3]);
  const V s = u * u + v * v;
  const Mask accepted = (s > 0) & (s < 1);
  const V factor = squareRoot(-2 * portableLogLanes(s) / s);
  z[0] = u * factor;
  z[1] = v * factor;
  for (int lane = 0; lane < kWidth; ++lane) {
    if (accepted[lane]) continue;
    double rest[2];
    gradscape::core::batch_detail::normalPairFrom(seed, stream[lane], iteration, 1, rest);
    z[0][lane] = rest[0];
    z[1][lane] = rest[1];
  }
}

}  // namespace
