// Gradient noise: a counter-based generator whose normal deviates are the same bits on every machine.
//
// A draw is a pure function of (seed, stream, iteration): no state, so any thread, any vector lane and
// any order of evaluation gets the same numbers. The uniforms are Philox4x32-10 (Salmon et al., SC'11,
// "Parallel random numbers: as easy as 1, 2, 3"; the Random123 known answers are in tests/core/test_noise.cpp),
// the normal deviates Marsaglia's polar method with a logarithm of our own written with + - * / only:
// glibc's log picks different code for different CPUs, and its last bits with it.
//
// Streams (docs/scene-format.md, "Noise"): a run's stream is its index in the scene's runs after sweeps
// and ensembles are expanded (a particle is one of those runs); a map cell's is its cell index j * N + i.
// The iteration is the number of the step the gradient is for (1 for the step from the start).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

namespace gradscape::core {

// "noise": {"sigma": s, "seed": n} of a run. stream is not in the file: scene loading sets it.
struct NoiseSpec {
  double sigma = 0;
  std::uint64_t seed = 0;
  std::uint64_t stream = 0;
  bool active() const { return sigma != 0; }
  friend bool operator==(const NoiseSpec&, const NoiseSpec&) = default;
};

// Seeds are whole numbers in [0, kMaxNoiseSeed] so that every JSON reader (JavaScript, Python's json with
// floats) keeps them exact.
inline constexpr std::uint64_t kMaxNoiseSeed = (std::uint64_t{1} << 53) - 1;

namespace noise_detail {

using Block = std::array<std::uint32_t, 4>;

// Philox4x32's multipliers and key increments (the golden ratio and sqrt(3) - 1), shared with the lanes.
inline constexpr std::uint32_t kPhiloxM0 = 0xD2511F53u, kPhiloxM1 = 0xCD9E8D57u;
inline constexpr std::uint32_t kPhiloxW0 = 0x9E3779B9u, kPhiloxW1 = 0xBB67AE85u;

inline Block philoxRound(const Block& c, std::uint32_t k0, std::uint32_t k1) {
  const std::uint64_t p0 = std::uint64_t{kPhiloxM0} * c[0];
  const std::uint64_t p1 = std::uint64_t{kPhiloxM1} * c[2];
  const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
  const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
  return {hi1 ^ c[1] ^ k0, lo1, hi0 ^ c[3] ^ k1, lo0};
}

// ln(s) for 0 < s < 1 with + - * / only: s = m * 2^e exactly (frexp moves the exponent, no rounding),
// m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(t) with t = (m - 1) / (m + 1), |t| < 0.1716, summed as the
// odd series to t^27 (the next term is below 2^-70 of the sum). Not correctly rounded, but the same bits
// everywhere, which is what a reproducible trace needs. The batch kernel's lanes (noise_lanes.hpp) repeat
// these operations in this order with these constants.
inline constexpr double kSqrtHalf = 0.70710678118654752440;
inline constexpr int kLogSeriesTop = 27;  // the highest power of t in the series
// The series' coefficients 1/27, 1/25, ..., 1/1, rounded once at compile time as a division at run time
// rounds them (IEEE division is correctly rounded either way): a division a term made the log cost more
// than all the rest of a draw.
inline constexpr auto kLogSeries = [] {
  std::array<double, (kLogSeriesTop + 1) / 2> coefficients{};
  for (std::size_t i = 0; i < coefficients.size(); ++i) coefficients[i] = 1.0 / double(kLogSeriesTop - 2 * int(i));
  return coefficients;
}();
// ln 2 in two parts: the high part has 32 significant bits, so exponent * high is exact.
inline constexpr double kLn2High = 0.693147180369123816490;    // 0x1.62e42feep-1
inline constexpr double kLn2Low = 1.90821492927058770002e-10;  // ln 2 - kLn2High

inline double portableLog(double s) {
  int exponent = 0;
  double m = std::frexp(s, &exponent);  // m in [0.5, 1)
  if (m < kSqrtHalf) {
    m *= 2;
    exponent -= 1;
  }
  const double t = (m - 1) / (m + 1);
  const double t2 = t * t;
  double series = kLogSeries[0];
  for (std::size_t i = 1; i < kLogSeries.size(); ++i) series = series * t2 + kLogSeries[i];
  const double e = exponent;
  return e * kLn2High + (2 * t * series + e * kLn2Low);
}

// Word pairs (high, low) of a Philox block as a uniform in [-1, 1) with 53 bits: exact, in steps of 2^-52.
inline double signedUniform(std::uint32_t high, std::uint32_t low) {
  const std::uint64_t word = (std::uint64_t{high} << 32 | low) >> 11;  // 53 bits
  return static_cast<double>(word) * 0x1p-52 - 1;
}

// The polar method's factor sqrt(-2 ln(s) / s) for an accepted s.
inline double polarFactor(double s) { return std::sqrt(-2 * portableLog(s) / s); }

}  // namespace noise_detail

// Philox4x32-10: 128 random bits for a 128-bit counter and a 64-bit key (Random123's philox4x32_R(10, ...)).
inline std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> counter, std::array<std::uint32_t, 2> key) {
  std::uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += noise_detail::kPhiloxW0;
      k1 += noise_detail::kPhiloxW1;
    }
    counter = noise_detail::philoxRound(counter, k0, k1);
  }
  return counter;
}

// Two independent standard normal deviates for (seed, stream, iteration): component 0 (x) and 1 (y).
// Attempt a = 0, 1, ... of the polar method draws the counter {iteration, a, stream low, stream high} with
// key {seed low, seed high}; words 0-1 and 2-3 make two uniforms u, v in [-1, 1) with 53 bits each; an
// attempt is kept when 0 < s = u^2 + v^2 < 1 (probability pi / 4), and gives u * f, v * f with
// f = sqrt(-2 ln(s) / s).
inline std::array<double, 2> normalPair(std::uint64_t seed, std::uint64_t stream, std::uint32_t iteration) {
  const std::array<std::uint32_t, 2> key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
  for (std::uint32_t attempt = 0;; ++attempt) {
    const auto bits = philox4x32_10(
        {iteration, attempt, static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32)}, key);
    const double u = noise_detail::signedUniform(bits[0], bits[1]), v = noise_detail::signedUniform(bits[2], bits[3]);
    const double s = u * u + v * v;
    if (s > 0 && s < 1) {
      const double factor = noise_detail::polarFactor(s);
      return {u * factor, v * factor};
    }
  }
}

// The gradient a noisy run's step `iteration` uses: g + sigma * z, componentwise. Callers skip it when
// sigma is 0, so a noiseless run keeps its gradient bit for bit (even -0).
inline std::array<double, 2> noisyGradient(const NoiseSpec& noise, std::uint32_t iteration, std::array<double, 2> g) {
  const auto z = normalPair(noise.seed, noise.stream, iteration);
  return {g[0] + noise.sigma * z[0], g[1] + noise.sigma * z[1]};
}

}  // namespace gradscape::core
