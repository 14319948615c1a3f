// The batch kernel's SIMD normal deviates (noise_lanes.hpp) against the scalar generator, bit for bit: lanes
// whose first polar attempt is rejected (they take a later attempt) and accepted ones side by side, every
// SIMD path, seeds and streams with high words, and lanes whose sigma is 0 next to noisy ones.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/batch_descent.hpp"
#include "core/batch_kernel.hpp"
#include "core/noise.hpp"
#include "core/trace.hpp"

namespace gradscape::core {
namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

using NormalPairs = void (*)(std::uint64_t, const std::uint64_t*, std::uint32_t, std::size_t, double*);

std::vector<std::pair<std::string, NormalPairs>> simdDraws() {
  std::vector<std::pair<std::string, NormalPairs>> draws;
  for (const SimdPath path : supportedSimdPaths())
    draws.emplace_back(simdPathName(path), batch_detail::kernelOf(path).normalPairs);
  return draws;
}

// Whether normalPair's attempt 0 for these keys falls outside the unit disc (a lane that needs attempt 1 or later).
bool firstAttemptRejected(std::uint64_t seed, std::uint64_t stream, std::uint32_t iteration) {
  const auto bits = philox4x32_10({iteration, 0, std::uint32_t(stream), std::uint32_t(stream >> 32)},
                                  {std::uint32_t(seed), std::uint32_t(seed >> 32)});
  const double u = noise_detail::signedUniform(bits[0], bits[1]), v = noise_detail::signedUniform(bits[2], bits[3]);
  const double s = u * u + v * v;
  return !(s > 0 && s < 1);
}

TEST(NoiseLanes, EveryLaneDrawsNormalPairsBits) {
  const std::uint64_t seeds[] = {0, 1, 42, (std::uint64_t{1} << 32) + 5, kMaxNoiseSeed};
  const std::uint32_t iterations[] = {0, 1, 2, 123, 1u << 31, 0xffffffffu};
  // 1001 streams: not a multiple of any vector width; some with high words.
  std::vector<std::uint64_t> streams;
  for (std::uint64_t i = 0; i < 900; ++i) streams.push_back(i);
  for (std::uint64_t i = 0; i < 101; ++i) streams.push_back((std::uint64_t{1} << 40) + 977 * i);
  for (const auto& [name, draw] : simdDraws()) {
    std::size_t rejected = 0, compared = 0;
    for (std::uint64_t seed : seeds)
      for (std::uint32_t iteration : iterations) {
        std::vector<double> got(2 * streams.size(), NAN);
        draw(seed, streams.data(), iteration, streams.size(), got.data());
        for (std::size_t i = 0; i < streams.size(); ++i) {
          const auto expected = normalPair(seed, streams[i], iteration);
          rejected += firstAttemptRejected(seed, streams[i], iteration);
          ++compared;
          if (!sameBits(got[2 * i], expected[0]) || !sameBits(got[2 * i + 1], expected[1])) {
            ADD_FAILURE() << name << " seed " << seed << " stream " << streams[i] << " iteration " << iteration << ": ("
                          << got[2 * i] << ", " << got[2 * i + 1] << ") vs (" << expected[0] << ", " << expected[1] << ")";
            break;
          }
        }
      }
    // 1 - pi / 4 of the lanes need a later attempt: both kinds were checked many times over.
    EXPECT_NEAR(double(rejected) / double(compared), 1 - M_PI / 4, 0.01) << name;
    EXPECT_GT(compared - rejected, 20000u) << name;
  }
}

// A stream whose attempt 0 is rejected in every position of a vector, among accepted neighbours.
TEST(NoiseLanes, ARejectedLaneIsFinishedInAnyPosition) {
  std::uint64_t rejectedStream = 0;
  while (!firstAttemptRejected(7, rejectedStream, 3)) ++rejectedStream;
  for (const auto& [name, draw] : simdDraws())
    for (std::size_t position = 0; position < 4; ++position) {
      std::vector<std::uint64_t> streams{rejectedStream + 1, rejectedStream + 2, rejectedStream + 3, rejectedStream + 4};
      streams[position] = rejectedStream;
      double got[8];
      draw(7, streams.data(), 3, streams.size(), got);
      for (std::size_t i = 0; i < 4; ++i) {
        const auto expected = normalPair(7, streams[i], 3);
        EXPECT_TRUE(sameBits(got[2 * i], expected[0]) && sameBits(got[2 * i + 1], expected[1]))
            << name << " position " << position << " lane " << i;
      }
    }
}

// Per-lane sigma (a phase map's noise.sigma axis) with zeros between: each lane ends where traceRun ends with
// its own sigma and stream, and sigma 0 lanes on the noiseless path.
TEST(NoiseLanes, LanesWithSigmaZeroKeepTheirGradients) {
  BatchJob job;
  job.surface = Surface::fromCatalog("himmelblau");
  job.run.optimizer.kind = OptimizerKind::adam;
  job.run.optimizer.lr = 0.05;
  job.run.iterations = 60;
  job.run.noise = {0, 31, 0};
  job.noiseStreamBase = 500;
  for (std::size_t lane = 0; lane < 70; ++lane) {
    job.startX.push_back(-4 + 0.1 * double(lane));
    job.startY.push_back(3 - 0.05 * double(lane));
    job.noiseSigmaPerLane.push_back(lane % 3 == 0 ? 0.0 : 0.2 * double(lane % 7));
  }
  for (SimdPath path : supportedSimdPaths()) {
    const std::vector<LaneEnd> ends = runBatch(job, {2, path});
    for (std::size_t lane = 0; lane < ends.size(); ++lane) {
      RunSpec run = job.run;
      run.start = {job.startX[lane], job.startY[lane]};
      run.noise = {job.noiseSigmaPerLane[lane], 31, job.noiseStreamBase + lane};
      TracePoint last{};
      traceRun(job.surface, run, [&](const TracePoint& p) { last = p; });
      EXPECT_TRUE(sameBits(ends[lane].x, last.x) && sameBits(ends[lane].y, last.y))
          << simdPathName(path) << " lane " << lane << " sigma " << run.noise.sigma;
    }
  }
}

}  // namespace
}  // namespace gradscape::core
