// `gradscape trace`, `--help`, `--version` and bad input, run as a person runs them: the real binary.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/process.hpp"

namespace {

using gradscape::testing::ProcessOptions;
using gradscape::testing::ProcessResult;
using gradscape::testing::runProcess;

const std::string kBinary = GRADSCAPE_BINARY;
const std::string kArticle = std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/article.json";

ProcessResult trace(const std::vector<std::string>& args, const ProcessOptions& options = {}) {
  std::vector<std::string> argv{kBinary, "trace"};
  argv.insert(argv.end(), args.begin(), args.end());
  return runProcess(argv, options);
}

std::string writeTemp(const std::string& name, const std::string& text) {
  const std::string path = std::string(GRADSCAPE_TEST_OUTPUT) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);) out.push_back(line);
  return out;
}

TEST(CliTrace, ArticleSceneGivesTheReferenceValues) {
  const ProcessResult result = trace({kArticle});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "");
  const auto rows = lines(result.out);
  ASSERT_EQ(rows.size(), 1u + 2 * 201);
  EXPECT_EQ(rows[0], "run,iter,x,y,z");
  EXPECT_EQ(rows[1], "0,0,1,0,1");
  EXPECT_EQ(rows[202], "1,0,1,0.25,0.9375");
  // The article's numbers (tests/data/reference/article_gd_trace.csv), printed in shortest round-trip form.
  EXPECT_EQ(rows[201], "0,200,0.017587946605721556,0,0.00030933586580571244");
  EXPECT_EQ(rows[402], "1,200,0.017587946605721556,13.121224344677165,-172.16621896748288");
  EXPECT_EQ(rows[302], "1,100,0.13261955589475316,1.8111615295630843,-3.2627181395635696");
}

// The article's own numpy program (tests/oracle/gen_article_trace.py): x and y bit for bit, z within an ulp
// (the article squares with numpy's scalar power, which rounds a few squares an ulp away from x*x).
TEST(CliTrace, MatchesTheArticlesProgram) {
  std::ifstream file(std::string(GRADSCAPE_SOURCE_DIR) + "/tests/data/reference/article_gd_trace.csv");
  ASSERT_TRUE(file) << "tests/data/reference/article_gd_trace.csv";
  std::stringstream expected;
  expected << file.rdbuf();
  const auto want = lines(expected.str());
  const auto got = lines(trace({kArticle}).out);
  ASSERT_EQ(got.size(), 1u + 2 * 201);
  ASSERT_EQ(got.size(), want.size());
  EXPECT_EQ(got[0], want[0]);
  int zOffByAnUlp = 0;
  for (std::size_t i = 1; i < want.size(); ++i) {
    std::stringstream a(got[i]), b(want[i]);
    double ours[5], article[5];
    for (int column = 0; column < 5; ++column) {
      std::string fa, fb;
      std::getline(a, fa, ',');
      std::getline(b, fb, ',');
      ours[column] = std::strtod(fa.c_str(), nullptr);
      article[column] = std::strtod(fb.c_str(), nullptr);
    }
    for (int column = 0; column < 4; ++column) ASSERT_EQ(ours[column], article[column]) << "row " << i << ": " << got[i] << " vs " << want[i];
    if (ours[4] != article[4]) {
      ++zOffByAnUlp;
      EXPECT_TRUE(ours[4] == std::nextafter(article[4], 1e300) || ours[4] == std::nextafter(article[4], -1e300))
          << "row " << i << ": " << got[i] << " vs " << want[i];
    }
  }
  EXPECT_LE(zOffByAnUlp, 2) << "squares rounding apart from numpy's are rare";
}

TEST(CliTrace, ReadsStandardInput) {
  const ProcessResult result = trace({"-"}, ProcessOptions::withStdin(R"j({"surface": "quadratic", "runs": [{"start": [1, 1], "iterations": 3}]})j"));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  ASSERT_EQ(lines(result.out).size(), 5u);
  EXPECT_EQ(lines(result.out)[1], "0,0,1,1,11");
  // x' = x - 0.01*2x = 0.98; y' = y - 0.01*20y = 0.8
  EXPECT_EQ(lines(result.out)[2], "0,1,0.98,0.8,7.360400000000001");
}

TEST(CliTrace, ToleranceEndsTheRunAfterWritingTheShortStep) {
  const ProcessResult result = trace({"-"}, ProcessOptions::withStdin(R"j({"surface": "quadratic",
      "runs": [{"start": [1, 0], "iterations": 100000, "tolerance": 0.001}, {"start": [0, 0], "iterations": 2}]})j"));
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const auto rows = lines(result.out);
  // x_k = 0.98^k; step = 0.02 * 0.98^(k-1) < 0.001 first at k = 150 (0.98^149 = 0.0494 < 0.05).
  std::size_t run0 = 0;
  for (const auto& row : rows) run0 += row.rfind("0,", 0) == 0;
  EXPECT_EQ(run0, 151u);
  EXPECT_EQ(rows.back().rfind("1,2,", 0), 0u);
}

TEST(CliTrace, DivergenceEndsOnlyThatRun) {
  const ProcessResult result = trace({"-"}, ProcessOptions::withStdin(R"j({"surface": "saddle",
      "runs": [{"start": [0, 1], "optimizer": {"name": "sgd", "lr": 10}, "iterations": 1000}, {"start": [1, 0], "iterations": 2}]})j"));
  EXPECT_EQ(result.exitCode, 0);
  // y grows by 21x per step: 21^k overflows to inf after ~233 steps.
  EXPECT_NE(result.err.find("run 0 diverged at iteration"), std::string::npos) << result.err;
  const auto rows = lines(result.out);
  EXPECT_EQ(rows.back(), "1,2,0.9604,0,0.9223681600000001");
  for (const auto& row : rows) {
    EXPECT_EQ(row.find("inf"), std::string::npos) << row;
    EXPECT_EQ(row.find("nan"), std::string::npos) << row;
  }
}

TEST(CliTrace, MemoryDoesNotGrowWithIterations) {
  const std::string few = writeTemp("few.json", R"j({"surface": "quadratic", "runs": [{"start": [1, 1], "iterations": 10}]})j");
  const std::string many = writeTemp("many.json", R"j({"surface": "quadratic", "runs": [{"start": [1, 1], "iterations": 2000000}]})j");
  const ProcessResult small = trace({few}, ProcessOptions::discardingStdout());
  const ProcessResult large = trace({many}, ProcessOptions::discardingStdout());
  ASSERT_EQ(small.exitCode, 0);
  ASSERT_EQ(large.exitCode, 0);
  // 2e6 rows are ~100 MB of CSV; streaming keeps the peak within a few MiB of the 10-row run.
  EXPECT_LT(large.maxRssKiB - small.maxRssKiB, 4 * 1024) << small.maxRssKiB << " KiB vs " << large.maxRssKiB << " KiB";
}

TEST(CliTrace, HelpAndVersion) {
  const ProcessResult help = trace({"--help"});
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_NE(help.out.find("usage: gradscape trace"), std::string::npos);
  const ProcessResult top = runProcess({kBinary, "--help"});
  EXPECT_EQ(top.exitCode, 0);
  EXPECT_NE(top.out.find("gradscape export"), std::string::npos);
  const ProcessResult version = runProcess({kBinary, "--version"});
  EXPECT_EQ(version.exitCode, 0);
  EXPECT_EQ(version.out.rfind("gradscape ", 0), 0u);
}

struct BadInvocation {
  std::vector<std::string> args;
  std::string stdinText;
  std::string message;  // the whole line on stderr, without "gradscape: "
};

class CliTraceErrors : public ::testing::TestWithParam<BadInvocation> {};

// Bad input: exactly one line on stderr, nothing on stdout, a non-zero exit.
TEST_P(CliTraceErrors, OneLineNothingOnStdoutNonZeroExit) {
  const BadInvocation& bad = GetParam();
  const ProcessResult result = trace(bad.args, ProcessOptions::withStdin(bad.stdinText));
  EXPECT_NE(result.exitCode, 0);
  EXPECT_EQ(result.signal, 0);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "gradscape: " + bad.message + "\n");
}

INSTANTIATE_TEST_SUITE_P(
    Table, CliTraceErrors,
    ::testing::Values(
        BadInvocation{{}, "", "trace: missing SCENE.json (see gradscape trace --help)"},
        BadInvocation{{"--frobnicate"}, "", "trace: unknown option '--frobnicate' (see gradscape trace --help)"},
        BadInvocation{{"a.json", "b.json"}, "", "trace: expected one scene file, got 'a.json' and 'b.json'"},
        BadInvocation{{"/nonexistent.json"}, "", "/nonexistent.json: cannot open: No such file or directory"},
        BadInvocation{{"/tmp"}, "", "/tmp: is a directory, not a scene file"},
        BadInvocation{{"-"}, "{", "<stdin>: invalid JSON at line 1, column 1: unexpected end of input; expected string literal"},
        BadInvocation{{"-"}, R"j({"surface": "saddle", "runs": [{"start": [1, 0], "iterations": -5}]})j",
                      "<stdin>: runs[0].iterations: must be at least 0 (got -5)"},
        BadInvocation{{"-"}, R"j({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": {"name": "sgd", "mom": 1}}]})j",
                      "<stdin>: runs[0].optimizer.mom: unknown hyperparameter for sgd (expected one of: lr, momentum, dampening, weight_decay, nesterov)"}));

TEST(CliTraceErrors, ExpressionErrorNamesTheColumn) {
  const ProcessResult result = trace({"-"}, ProcessOptions::withStdin(R"j({"surface": {"expression": "x^2 + (y"}, "runs": [{"start": [1, 0]}]})j"));
  EXPECT_NE(result.exitCode, 0);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err.rfind("gradscape: <stdin>: surface.expression: ", 0), 0u) << result.err;
  EXPECT_NE(result.err.find("column"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
}

TEST(CliTraceErrors, UnknownCommand) {
  const ProcessResult result = runProcess({kBinary, "frobnicate"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_EQ(result.err, "gradscape: unknown command 'frobnicate' (expected view, trace, export or map; see gradscape --help)\n");
}

}  // namespace
