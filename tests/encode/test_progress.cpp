// The progress bar's text, and its silence when standard error is not a terminal.
#include <gtest/gtest.h>

#include <cstdio>

#include "encode/progress.hpp"

namespace gradscape::encode {
namespace {

TEST(Progress, FormatsFramesRateAndEta) {
  EXPECT_EQ(Progress::format(50, 200, 0.5, 10), "[##        ] 50/200 frames  100 frames/s  ETA 1.5 s");
  EXPECT_EQ(Progress::format(0, 200, 0, 4), "[    ] 0/200 frames");
  EXPECT_EQ(Progress::format(200, 200, 2, 4), "[####] 200/200 frames  100 frames/s  ETA 0.0 s");
}

TEST(Progress, SilentWhenTheStreamIsNotATerminal) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    Progress progress(10, true, file);
    EXPECT_FALSE(progress.active());
    for (int i = 0; i <= 10; ++i) progress.update(i);
  }
  EXPECT_EQ(std::ftell(file), 0L);
  std::fclose(file);
}

}  // namespace
}  // namespace gradscape::encode
