// Gradient noise: Philox's known answers, deviates equal to the Python reference's, sound statistics,
// and the same numbers whatever the thread or order.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

#include "core/noise.hpp"

namespace gradscape::core {
namespace {

// Random123's tests/kat_vectors, the three "philox4x32 10" lines (counter, key, result).
TEST(Philox, KnownAnswers) {
  using Words = std::array<std::uint32_t, 4>;
  EXPECT_EQ(philox4x32_10({0, 0, 0, 0}, {0, 0}), (Words{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}),
            (Words{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
            (Words{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

// tests/oracle/noise_reference.py, the documented algorithm written again in Python, prints these
// (its doubles round as ours, so the bits must agree).
TEST(NormalPair, MatchesThePythonReference) {
  EXPECT_EQ(normalPair(0, 0, 1), (std::array<double, 2>{-0.04193058017650133, 0.28314479350633004}));
  EXPECT_EQ(normalPair(42, 7, 123), (std::array<double, 2>{-0.7154656017222278, -0.6668089353202988}));
  EXPECT_EQ(normalPair(kMaxNoiseSeed, (std::uint64_t{1} << 40) + 3, 10'000'000),
            (std::array<double, 2>{0.999032322123302, -0.943887056674816}));
}

TEST(PortableLog, IsWithinTwoUlpsOfTheCLibrarys) {
  int checked = 0;
  for (double s = 1e-300; s < 1; s *= 1.0137) {
    const double ours = noise_detail::portableLog(s), libm = std::log(s);
    EXPECT_LE(std::fabs(ours - libm), 2 * std::fabs(std::nextafter(libm, 0.0) - libm)) << s;
    ++checked;
  }
  for (double s = 0.5; s < 1; s += 0.0009765625 + 1e-9) EXPECT_NEAR(noise_detail::portableLog(s), std::log(s), 4e-16) << s;
  EXPECT_GT(checked, 40000);
}

TEST(NormalPair, HasMeanZeroVarianceOneAndIndependentStreams) {
  constexpr int kDraws = 200'000;
  double sum = 0, sumSquares = 0, sumProduct = 0, sumStreamProduct = 0;
  int beyondThree = 0;
  for (std::uint32_t i = 0; i < kDraws / 2; ++i) {
    const auto z = normalPair(5, 0, i);
    const auto w = normalPair(5, 1, i);
    for (double v : z) {
      sum += v;
      sumSquares += v * v;
      beyondThree += std::fabs(v) > 3;
    }
    sumProduct += z[0] * z[1];
    sumStreamProduct += z[0] * w[0];
  }
  const double mean = sum / kDraws, variance = sumSquares / kDraws - mean * mean;
  // Five standard errors.
  EXPECT_NEAR(mean, 0, 5 / std::sqrt(kDraws));
  EXPECT_NEAR(variance, 1, 5 * std::sqrt(2.0 / kDraws));
  EXPECT_NEAR(sumProduct / (kDraws / 2), 0, 5 / std::sqrt(kDraws / 2));
  EXPECT_NEAR(sumStreamProduct / (kDraws / 2), 0, 5 / std::sqrt(kDraws / 2));
  // P(|z| > 3) = 0.0027.
  EXPECT_NEAR(beyondThree / double(kDraws), 0.0027, 0.0006);
}

TEST(NormalPair, DiffersBySeedStreamAndIteration) {
  const auto base = normalPair(1, 2, 3);
  EXPECT_NE(base, normalPair(2, 2, 3));
  EXPECT_NE(base, normalPair(1, 3, 3));
  EXPECT_NE(base, normalPair(1, 2, 4));
  EXPECT_NE(base, normalPair(1 + (std::uint64_t{1} << 32), 2, 3));  // the seed's high word counts
  EXPECT_NE(base, normalPair(1, 2 + (std::uint64_t{1} << 32), 3));  // and the stream's
}

TEST(NormalPair, IsTheSameOnEveryThreadInAnyOrder) {
  constexpr std::uint32_t kCount = 4096;
  std::vector<std::array<double, 2>> forward(kCount);
  for (std::uint32_t i = 0; i < kCount; ++i) forward[i] = normalPair(9, i, i / 3);
  std::vector<std::vector<std::array<double, 2>>> perThread(4, std::vector<std::array<double, 2>>(kCount));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (std::uint32_t n = 0; n < kCount; ++n) {
        const std::uint32_t i = (t % 2) ? kCount - 1 - n : (n * 7 + t) % kCount;  // other orders
        perThread[t][i] = normalPair(9, i, i / 3);
      }
    });
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(perThread[t], forward) << "thread " << t;
}

TEST(NoisyGradient, AddsSigmaTimesTheDeviates) {
  const NoiseSpec noise{0.25, 42, 7};
  const auto z = normalPair(42, 7, 123);
  EXPECT_EQ(noisyGradient(noise, 123, {1.5, -2}), (std::array<double, 2>{1.5 + 0.25 * z[0], -2 + 0.25 * z[1]}));
  EXPECT_FALSE(NoiseSpec{}.active());
}

}  // namespace
}  // namespace gradscape::core
