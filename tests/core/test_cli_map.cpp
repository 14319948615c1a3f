// `gradscape map` as a person runs it: the CSV's header, order and semantics, and every checked cell's end
// equal to the last row `gradscape trace` prints for that start (or those hyperparameters).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace {

using gradscape::testing::ProcessResult;
using gradscape::testing::runProcess;

const std::string kBinary = GRADSCAPE_BINARY;
const std::string kOutput = GRADSCAPE_TEST_OUTPUT;

std::string writeScene(const std::string& name, const nlohmann::json& scene) {
  const std::string path = kOutput + "/" + name;
  std::ofstream(path) << scene.dump();
  return path;
}

std::vector<std::string> split(const std::string& line, char separator = ',') {
  std::vector<std::string> cells(1);
  for (char c : line) {
    if (c == separator) cells.emplace_back();
    else cells.back() += c;
  }
  return cells;
}

std::vector<std::vector<std::string>> readCsv(const std::string& path, std::string& header) {
  std::ifstream file(path);
  std::vector<std::vector<std::string>> rows;
  std::getline(file, header);
  for (std::string line; std::getline(file, line);) rows.push_back(split(line));
  return rows;
}

ProcessResult map(const std::vector<std::string>& args) {
  std::vector<std::string> argv{kBinary, "map"};
  argv.insert(argv.end(), args.begin(), args.end());
  return runProcess(argv);
}

// The last row of `gradscape trace` for a one-run scene: end_x, end_y, end_loss, steps as the CSV prints them.
std::vector<std::string> traceEnd(const nlohmann::json& scene) {
  const ProcessResult result = runProcess({kBinary, "trace", "-"}, gradscape::testing::ProcessOptions::withStdin(scene.dump()));
  std::stringstream out(result.out);
  std::string line, last;
  while (std::getline(out, line)) last = line;
  const auto cells = split(last);  // run,iter,x,y,z
  return {cells[2], cells[3], cells[4], cells[1]};
}

constexpr const char* kHeader = "i,j,x,y,end_x,end_y,end_loss,steps,status,attractor";

TEST(CliMap, BasinCsvCellsAreTheTraceEnds) {
  const nlohmann::json optimizers[] = {
      {{"name", "sgd"}, {"lr", 0.01}, {"momentum", 0.9}, {"nesterov", true}},
      {{"name", "adam"}, {"lr", 0.1}, {"amsgrad", true}},
      {{"name", "rmsprop"}, {"lr", 0.01}, {"centered", true}},
      {{"name", "nadam"}, {"lr", 0.05}},
  };
  for (const nlohmann::json& optimizer : optimizers) {
    nlohmann::json scene = {{"surface", "himmelblau"},
                            {"runs", {{{"start", {0, 0}}, {"optimizer", optimizer}, {"iterations", 150}, {"tolerance", 1e-6}}}}};
    const std::string scenePath = writeScene("map_basin.json", scene);
    const std::string csv = kOutput + "/map_basin.csv";
    constexpr int kGrid = 23;
    const ProcessResult result = map({scenePath, "-o", csv, "--grid", std::to_string(kGrid), "--quiet"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, "");
    std::string header;
    const auto rows = readCsv(csv, header);
    EXPECT_EQ(header, kHeader);
    ASSERT_EQ(rows.size(), std::size_t(kGrid * kGrid));
    std::mt19937 pick(42);
    for (int n = 0; n < 12; ++n) {
      const int i = int(pick() % kGrid), j = int(pick() % kGrid);
      const auto& row = rows[std::size_t(j) * kGrid + i];  // row-major: j outer, i inner
      ASSERT_EQ(row.size(), 10u);
      EXPECT_EQ(row[0], std::to_string(i));
      EXPECT_EQ(row[1], std::to_string(j));
      // x_i = x0 + i·(x1 − x0)/(N − 1) over himmelblau's [-5, 5].
      EXPECT_EQ(std::stod(row[2]), -5 + i * (5.0 - -5.0) / (kGrid - 1));
      EXPECT_EQ(std::stod(row[3]), -5 + j * (5.0 - -5.0) / (kGrid - 1));
      nlohmann::json one = scene;
      one["runs"][0]["start"] = {std::stod(row[2]), std::stod(row[3])};
      const auto end = traceEnd(one);
      EXPECT_EQ(row[4], end[0]) << optimizer.dump() << " cell " << i << "," << j;
      EXPECT_EQ(row[5], end[1]);
      EXPECT_EQ(row[6], end[2]);
      EXPECT_EQ(row[7], end[3]);
      EXPECT_TRUE(row[8] == "tolerance" || row[8] == "iterations") << row[8];
      EXPECT_GE(std::stoi(row[9]), 0);
    }
  }
}

TEST(CliMap, BasinAttractorsAreHimmelblausFourMinima) {
  const nlohmann::json scene = {
      {"surface", "himmelblau"},
      {"runs", {{{"start", {0, 0}}, {"optimizer", {{"name", "adam"}, {"lr", 0.1}}}, {"iterations", 300}, {"tolerance", 1e-6}}}}};
  const std::string csv = kOutput + "/map_himmelblau.csv";
  ASSERT_EQ(map({writeScene("map_himmelblau.json", scene), "-o", csv, "--grid", "40", "--quiet"}).exitCode, 0);
  std::string header;
  const auto rows = readCsv(csv, header);
  std::map<int, std::vector<std::pair<double, double>>> members;
  int nextNew = 0;
  for (const auto& row : rows) {
    const int attractor = std::stoi(row[9]);
    ASSERT_GE(attractor, 0);
    // Indices are given in order of first appearance, row-major.
    if (!members.count(attractor)) {
      EXPECT_EQ(attractor, nextNew++);
    }
    members[attractor].push_back({std::stod(row[4]), std::stod(row[5])});
  }
  ASSERT_EQ(members.size(), 4u);
  const double minima[4][2] = {{3, 2}, {-2.805118, 3.131312}, {-3.779310, -3.283186}, {3.584428, -1.848126}};
  for (const auto& [attractor, ends] : members) {
    int near = 0;
    for (const auto& m : minima) near += std::hypot(ends[0].first - m[0], ends[0].second - m[1]) < 1e-3;
    EXPECT_EQ(near, 1) << "attractor " << attractor << " at " << ends[0].first << ", " << ends[0].second;
    for (const auto& [x, y] : ends) EXPECT_LT(std::hypot(x - ends[0].first, y - ends[0].second), 1e-3 * std::hypot(10, 10));
  }
}

// Thousands of attractors (adam stops all along Rosenbrock's valley), on more rows than the writer spells
// at once: each cell's attractor is the rule's, checked the slow way, against every earlier attractor.
TEST(CliMap, BasinAttractorsFollowTheRuleAmongThousands) {
  const nlohmann::json scene = {
      {"surface", "rosenbrock"},
      {"runs", {{{"start", {0, 0}}, {"optimizer", {{"name", "adam"}, {"lr", 0.01}}}, {"iterations", 200}}}}};
  const std::string csv = kOutput + "/map_valley.csv";
  ASSERT_EQ(map({writeScene("map_valley.json", scene), "-o", csv, "--grid", "100", "--quiet"}).exitCode, 0);
  std::string header;
  const auto rows = readCsv(csv, header);
  ASSERT_EQ(rows.size(), 100u * 100u);
  // The grid's vertices reach the domain's corners.
  double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
  for (const auto& row : rows) {
    xMin = std::min(xMin, std::stod(row[2])), xMax = std::max(xMax, std::stod(row[2]));
    yMin = std::min(yMin, std::stod(row[3])), yMax = std::max(yMax, std::stod(row[3]));
  }
  const double tolerance = 1e-3 * std::hypot(xMax - xMin, yMax - yMin);
  std::vector<std::pair<double, double>> attractors;
  for (std::size_t c = 0; c < rows.size(); ++c) {
    const auto& row = rows[c];
    ASSERT_EQ(row[0], std::to_string(c % 100));
    ASSERT_EQ(row[1], std::to_string(c / 100));
    if (row[8] == "diverged") {
      EXPECT_EQ(row[9], "-1");
      continue;
    }
    const double x = std::stod(row[4]), y = std::stod(row[5]);
    int expected = -1;
    for (std::size_t a = 0; a < attractors.size() && expected < 0; ++a)
      if (std::hypot(attractors[a].first - x, attractors[a].second - y) < tolerance) expected = int(a);
    if (expected < 0) {
      expected = int(attractors.size());
      attractors.push_back({x, y});
    }
    ASSERT_EQ(row[9], std::to_string(expected)) << "cell " << c;
  }
  EXPECT_GT(attractors.size(), 1000u);
}

TEST(CliMap, PhaseCsvCellsAreTheTracesOfThoseHyperparameters) {
  const nlohmann::json scene = {
      {"surface", "rosenbrock"},
      {"runs", {{{"start", {-1.5, 2}}, {"optimizer", {{"name", "sgd"}, {"lr", 0.001}}}, {"iterations", 300}}}}};
  const std::string csv = kOutput + "/map_phase.csv";
  constexpr int kGrid = 17;
  const ProcessResult result = map({writeScene("map_phase.json", scene), "-o", csv, "--kind", "phase", "--grid",
                                    std::to_string(kGrid), "--x", "lr:1e-5:1e-2:log", "--y", "momentum:0:0.99:linear", "--quiet"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::string header;
  const auto rows = readCsv(csv, header);
  EXPECT_EQ(header, kHeader);
  ASSERT_EQ(rows.size(), std::size_t(kGrid * kGrid));
  // Log axis ends are exact; the attractor column is empty for phase maps.
  EXPECT_EQ(rows.front()[2], "1e-05");
  EXPECT_EQ(rows.back()[2], "0.01");
  EXPECT_EQ(rows.back()[3], "0.99");
  int diverged = 0;
  for (const auto& row : rows) {
    EXPECT_EQ(row[9], "");
    diverged += row[8] == "diverged";
  }
  EXPECT_GT(diverged, 0);   // lr 0.01 on rosenbrock blows up
  EXPECT_LT(diverged, kGrid * kGrid);
  std::mt19937 pick(3);
  for (int n = 0; n < 12; ++n) {
    const auto& row = rows[pick() % rows.size()];
    nlohmann::json one = scene;
    one["runs"][0]["optimizer"]["lr"] = std::stod(row[2]);
    one["runs"][0]["optimizer"]["momentum"] = std::stod(row[3]);
    const auto end = traceEnd(one);
    EXPECT_EQ(row[4], end[0]) << "lr " << row[2] << " momentum " << row[3];
    EXPECT_EQ(row[5], end[1]);
    EXPECT_EQ(row[6], end[2]);
    EXPECT_EQ(row[7], end[3]);
  }
}

TEST(CliMap, ThreadCountsWriteTheSameCsv) {
  const std::string scene = std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/rastrigin-traps.json";
  std::string first;
  for (const char* threads : {"1", "2", "5"}) {
    const std::string csv = kOutput + "/map_threads_" + threads + ".csv";
    ASSERT_EQ(map({scene, "-o", csv, "--grid", "50", "--kind", "loss", "--threads", threads, "--quiet"}).exitCode, 0);
    std::ifstream file(csv);
    std::stringstream text;
    text << file.rdbuf();
    if (first.empty()) first = text.str();
    else EXPECT_EQ(text.str(), first) << threads << " threads";
  }
  EXPECT_GT(first.size(), 2500u * 20);
}

TEST(CliMap, PrintsWhatItWroteAndHelp) {
  const std::string png = kOutput + "/map_summary.png";
  const ProcessResult result = map({std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/himmelblau-minima.json", "-o", png,
                                    "--grid", "8", "--size", "64"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(result.out.starts_with("wrote " + png + " (8x8 cells, ")) << result.out;
  const ProcessResult help = map({"--help"});
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_NE(help.out.find("i,j,x,y,end_x,end_y,end_loss,steps,status,attractor"), std::string::npos);
}

}  // namespace
