// Runs that carry their points: parsing, canonical text, tracing, and the file-size limits they raise.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/run_points.hpp"
#include "core/scene.hpp"
#include "core/trace.hpp"

namespace gradscape::core {
namespace {

std::vector<TracePoint> traceOf(const Scene& scene, std::size_t run, RunOutcome* outcome = nullptr) {
  std::vector<TracePoint> points;
  const RunOutcome result = traceRun(scene.surface.surface, scene.runs[run], [&](const TracePoint& p) { points.push_back(p); });
  if (outcome) *outcome = result;
  return points;
}

TEST(RunPoints, ParsesAndTracesThePointsWithZFromTheSurface) {
  const Scene scene = parseScene(R"json({"surface": "saddle", "runs": [{"label": "mine", "points": [[1, 0.5], [0.25, -2]], "marker": "cross"}]})json", "s.json");
  const RunSpec& run = scene.runs[0];
  ASSERT_TRUE(run.points);
  EXPECT_EQ(run.start, (std::array<double, 2>{1, 0.5}));
  EXPECT_EQ(run.iterations, 1);
  const std::vector<TracePoint> points = traceOf(scene, 0);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[1].iteration, 1);
  EXPECT_EQ(points[1].x, 0.25);
  EXPECT_EQ(points[1].z, 0.0625 - 4);
}

TEST(RunPoints, APointWhereFIsNotFiniteEndsTheRunThere) {
  const Scene scene = parseScene(R"json({"surface": {"expression": "log(x)"}, "runs": [{"points": [[1, 0], [2, 0], [-1, 0], [3, 0]]}]})json", "s.json");
  RunOutcome outcome;
  EXPECT_EQ(traceOf(scene, 0, &outcome).size(), 2u);
  EXPECT_EQ(outcome.reason, StopReason::diverged);
  EXPECT_EQ(outcome.lastIteration, 1);
}

TEST(RunPoints, SavesOnePointALineAndLoadsBackByteForByte) {
  const Scene scene = parseScene(R"json({"surface": "saddle", "runs": [{"start": [1, 0]}, {"label": "p", "points": [[0.1, 2], [-3, 1e-300]], "color": "#00ff00"}]})json", "s.json");
  const std::string text = serializeScene(scene);
  EXPECT_NE(text.find("      \"label\": \"p\",\n      \"points\": [\n        [0.1, 2],\n        [-3, 1e-300]\n      ],\n      \"color\": \"#00ff00\""), std::string::npos) << text;
  EXPECT_EQ(serializeScene(parseScene(text, "again.json")), text);
}

TEST(RunPoints, ALabelCannotImitateThePlaceholder) {
  Scene scene = parseScene(R"json({"surface": "saddle", "runs": [{"points": [[0, 0]]}]})json", "s.json");
  scene.runs[0].label = "\x01points 0";
  const std::string text = serializeScene(scene);
  EXPECT_EQ(parseScene(text, "again.json").runs[0].label, scene.runs[0].label);
  EXPECT_EQ(serializeScene(parseScene(text, "again.json")), text);
}

TEST(RunPoints, TheLongestPointLineFitsTheSizeAllowance) {
  const std::string line = serializeRunPoints({{-1.2345678901234567e-300, -2.2250738585072014e-308}});
  // "[\n" + the line + "\n      ]": the line itself, with its ",\n", is what a point costs.
  EXPECT_LE(line.size() - 2 - 8 + 2, 64u) << line;
}

TEST(RunPoints, FilesOverOneMebibyteNeedPointsInTheirFirstMebibyte) {
  EXPECT_FALSE(sceneSizeProblem(std::string(kMaxSceneBytes, ' ')));
  EXPECT_EQ(*sceneSizeProblem(std::string(kMaxSceneBytes + 1, ' ')), "scene file too large (1048577 bytes; the limit is 1048576)");
  EXPECT_FALSE(sceneSizeProblem("{\"points\"" + std::string(kMaxSceneBytes, ' ')));
  EXPECT_EQ(*sceneSizeProblem(std::string(kMaxSceneBytesWithPoints + 1, ' ')),
            "scene file too large (65048577 bytes; the limit is 65048576 for a scene whose runs carry points)");
}

}  // namespace
}  // namespace gradscape::core
