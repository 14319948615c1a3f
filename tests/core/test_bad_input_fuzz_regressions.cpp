// Replays every input the fuzzers ever found (tests/data/fuzz-regressions/<target>/) through the same checks
// the fuzz targets make (fuzz/fuzz_checks.hpp), so a fixed fault stays fixed in the normal build too.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../../fuzz/fuzz_checks.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputsOf(const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(GRADSCAPE_TEST_DATA) / "fuzz-regressions" / target;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string contentsOf(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(BadInputFuzzRegressions, ExpressionInputs) {
  const auto files = inputsOf("expression");
  ASSERT_FALSE(files.empty()) << "no regression inputs found";
  for (const fs::path& file : files)
    EXPECT_EQ(gradscape::fuzz::checkExpressionInput(contentsOf(file)), "") << file;
}

TEST(BadInputFuzzRegressions, SceneInputs) {
  const auto files = inputsOf("scene");
  ASSERT_FALSE(files.empty()) << "no regression inputs found";
  for (const fs::path& file : files) EXPECT_EQ(gradscape::fuzz::checkSceneInput(contentsOf(file)), "") << file;
}

// The checks must be able to fail: a fault they exist to catch is reported, not passed.
TEST(BadInputFuzzRegressions, ChecksRejectMultiLineMessages) {
  EXPECT_NE(gradscape::fuzz::checkErrorMessage("fuzz.json: a\nb: unknown key", "fuzz.json: "), "");
  EXPECT_NE(gradscape::fuzz::checkErrorMessage("other.json: x", "fuzz.json: "), "");
  EXPECT_NE(gradscape::fuzz::checkErrorMessage("fuzz.json: last read: '\xff'", "fuzz.json: "), "");
  EXPECT_EQ(gradscape::fuzz::checkErrorMessage("fuzz.json: label \xc3\xa9t\xc3\xa9", "fuzz.json: "), "");
  EXPECT_EQ(gradscape::fuzz::checkErrorMessage("fuzz.json: runs: expected at least one run", "fuzz.json: "), "");
}

}  // namespace
