// Process tuning: memory a frame frees stays with the process for the next frame (llvmpipe's binned
// triangles: half the CPU of orbiting 100 runs x 1000 iterations when glibc gave them back each frame).
#include <malloc.h>

#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>

#include "process_tuning.hpp"

namespace gradscape::app {
namespace {

// What llvmpipe does each frame: many 64 KiB blocks for the binned triangles, all freed at the end.
TEST(ProcessTuning, KeepFreedMemoryKeepsAFramesBlocksInTheHeap) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's allocator replaces glibc's malloc: mallopt and mallinfo2 do not apply";
#endif
  keepFreedMemoryForReuse();
  constexpr std::size_t kBlock = 64 << 10, kBlocks = 2048;  // 128 MiB: above any threshold glibc sets itself
  std::vector<void*> blocks;
  for (std::size_t i = 0; i < kBlocks; ++i) blocks.push_back(std::malloc(kBlock));
  const std::size_t grown = mallinfo2().arena;
  ASSERT_GE(grown, kBlock * kBlocks);  // from the heap, not mapped one by one
  for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) std::free(*it);
  // glibc's default gives the heap's free top back to the kernel past 128 KiB (its dynamic maximum is
  // 64 MiB): the next frame would fault every page in again.
  EXPECT_GE(mallinfo2().arena, kBlock * kBlocks);
}

}  // namespace
}  // namespace gradscape::app
