// `gradscape trace --summary` and the expanded runs of `gradscape trace`, through the real binary: the
// summary's rows must say what the full trace of the same scene says.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace {

using gradscape::testing::ProcessOptions;
using gradscape::testing::ProcessResult;
using gradscape::testing::runProcess;

const std::string kBinary = GRADSCAPE_BINARY;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);) out.push_back(line);
  return out;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
  return fields;
}

// Plain, diverging, tolerance-stopped, scheduled, swept (3) and an ensemble (2): runs 0..8.
const char* kScene = R"({"surface": "quadratic", "runs": [
  {"label": "plain", "start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.02}, "iterations": 50},
  {"label": "too big", "start": [0.5, 0.5], "optimizer": {"name": "sgd", "lr": 0.2}, "iterations": 1000},
  {"label": "stops", "start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.02}, "iterations": 1000, "tolerance": 1e-6},
  {"label": "decays", "start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.02}, "iterations": 30, "schedule": {"name": "StepLR", "step_size": 10}},
  {"start": [1, 1], "iterations": 20, "sweep": {"param": "lr", "from": 0.01, "to": 0.04, "count": 3}},
  {"label": "cloud", "start": [0.5, 0.5], "iterations": 10, "noise": {"sigma": 0.1, "seed": 2}, "ensemble": {"count": 2, "spread": 0.1, "seed": 5}}]})";

TEST(CliTraceSummary, OneRowPerExpandedRunAgreeingWithTheTrace) {
  const ProcessResult summary = runProcess({kBinary, "trace", "--summary", "-"}, ProcessOptions::withStdin(kScene));
  ASSERT_EQ(summary.exitCode, 0) << summary.err;
  const ProcessResult trace = runProcess({kBinary, "trace", "-"}, ProcessOptions::withStdin(kScene));
  ASSERT_EQ(trace.exitCode, 0) << trace.err;
  const auto rows = lines(summary.out);
  ASSERT_EQ(rows.size(), 1u + 9);
  EXPECT_EQ(rows[0], "run,label,end_x,end_y,end_loss,best_loss,steps,status,last_lr");
  EXPECT_EQ(rows[1].substr(0, 8), "0,plain,");
  EXPECT_NE(rows[2].find(",diverged,0.2"), std::string::npos) << rows[2];
  EXPECT_NE(rows[3].find(",tolerance,0.02"), std::string::npos) << rows[3];
  // StepLR: 0.02 for steps 1-10, 0.002 for 11-20, 0.0002 for 21-30 (shortest form: 2e-04).
  EXPECT_TRUE(rows[4].ends_with(",30,iterations,2e-04")) << rows[4];
  EXPECT_EQ(rows[5].substr(0, 12), "4,lr = 0.01,") << rows[5];
  EXPECT_TRUE(rows[7].ends_with(",iterations,0.04")) << rows[7];
  EXPECT_EQ(rows[8].substr(0, 11), "7,cloud #0,");
  // Every summary row's end point, best loss and steps are the trace's.
  const auto points = lines(trace.out);
  for (std::size_t run = 0; run < 9; ++run) {
    std::vector<std::vector<std::string>> mine;
    for (std::size_t i = 1; i < points.size(); ++i) {
      auto fields = split(points[i]);
      if (fields[0] == std::to_string(run)) mine.push_back(fields);
    }
    ASSERT_FALSE(mine.empty()) << run;
    // Labels may hold quoted commas: read the numbers from the right.
    const auto fields = split(rows[run + 1]);
    const std::size_t n = fields.size();
    EXPECT_EQ(fields[n - 7], mine.back()[2]) << "end_x of run " << run;
    EXPECT_EQ(fields[n - 6], mine.back()[3]) << "end_y of run " << run;
    EXPECT_EQ(fields[n - 5], mine.back()[4]) << "end_loss of run " << run;
    EXPECT_EQ(fields[n - 3], mine.back()[1]) << "steps of run " << run;
    double best = 1e300;
    for (const auto& p : mine) best = std::min(best, std::stod(p[4]));
    EXPECT_EQ(std::stod(fields[n - 4]), best) << "best_loss of run " << run;
  }
}

TEST(CliTraceSummary, QuotesLabelsWithCommas) {
  const ProcessResult result = runProcess({kBinary, "trace", "--summary", "-"},
                                          ProcessOptions::withStdin(R"({"surface": "saddle", "runs": [{"start": [1, 0.25], "iterations": 1}]})"));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(lines(result.out).at(1).substr(0, 25), "0,\"x = 1, y = 0.25\",0.98,") << result.out;
}

}  // namespace
