// Frame delays carry the rounding remainder: 30 fps gives 3,3,4 cs and the total is exact.
#include <gtest/gtest.h>

#include "encode/frame_timing.hpp"

namespace gradscape::encode {
namespace {

std::int64_t totalOf(std::int64_t frames, double fps) {
  std::int64_t total = 0;
  for (std::int64_t i = 0; i < frames; ++i) total += frameDelayUnits(i, fps);
  return total;
}

TEST(FrameTiming, ThirtyFramesPerSecondCarriesTheRemainder) {
  const std::int64_t expected[] = {3, 3, 4, 3, 3, 4, 3, 3, 4};
  for (int i = 0; i < 9; ++i) EXPECT_EQ(frameDelayUnits(i, 30), expected[i]) << "frame " << i;
  EXPECT_EQ(totalOf(30, 30), 100);
  EXPECT_EQ(totalOf(201, 30), 670);  // 6.7 s exactly
}

TEST(FrameTiming, IntegerQuotientsAreConstant) {
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(frameDelayUnits(i, 20), 5);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(frameDelayUnits(i, 25), 4);
  EXPECT_EQ(totalOf(201, 20), 1005);
}

TEST(FrameTiming, TotalsNeverDrift) {
  for (double fps : {7.0, 12.0, 24.0, 29.97, 33.0, 48.0}) {
    for (std::int64_t frames : {1, 10, 201, 1000}) {
      const double exact = frames * 100 / fps;
      const std::int64_t total = totalOf(frames, fps);
      EXPECT_LE(std::abs(static_cast<double>(total) - exact), 1.0) << fps << " fps, " << frames << " frames";
    }
    // Neighbouring delays differ by at most one unit.
    for (int i = 0; i < 100; ++i)
      EXPECT_LE(std::abs(frameDelayUnits(i, fps) - frameDelayUnits(i + 1, fps)), 1);
  }
}

}  // namespace
}  // namespace gradscape::encode
