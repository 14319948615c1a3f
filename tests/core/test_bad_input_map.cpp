// docs/bad-input.md, rows M (`gradscape map`), one test per row through the real binary: exact message
// line, exit status, nothing on stdout, no OUT and nothing else left in the row's directory. (test_bad_input.cpp
// checks that every M row of the table has its test here.)
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/test_bad_input_table.hpp"

namespace {

using namespace gradscape::testing;
using namespace gradscape::testing::bad_input;

const std::string kArticle = std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/article.json";
constexpr const char* kAdamScene = R"({"surface": "rosenbrock", "runs": [{"start": [-1.5, 2], "optimizer": {"name": "adam"}}]})";

std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  return names;
}

// Runs `gradscape map SCENE -o $DIR/OUT args...` (SCENE "-" reads kAdamScene from stdin) and checks the row,
// an empty stdout and an untouched directory (the scene file aside).
void expectMapRow(const std::string& id, const std::string& scene, const std::string& out, std::vector<std::string> args,
                  const std::string& message, int exitCode) {
  const std::string dir = scratchDirectory(id);
  std::vector<std::string> argv{kBinary, "map", scene};
  if (!out.empty()) {
    argv.push_back("-o");
    argv.push_back(dir + "/" + out);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  const ProcessResult result = runProcess(argv, ProcessOptions::withStdin(kAdamScene));
  expectRow(id, result, dir, message, exitCode);
  EXPECT_EQ(result.out, "");
  EXPECT_TRUE(entries(dir).empty()) << id << " left " << entries(dir).front();
}

BAD_INPUT_ROW("M1", M1_MissingOutput) {
  expectMapRow("M1", kArticle, "", {}, "gradscape: map: missing -o OUT.png|OUT.csv (see gradscape map --help)", 2);
}

BAD_INPUT_ROW("M2", M2_GridTooSmall) {
  expectMapRow("M2", kArticle, "map.csv", {"--grid", "1"}, "gradscape: map: --grid 1: must be 2..1024", 2);
}

BAD_INPUT_ROW("M3", M3_GridPastTheLimit) {
  expectMapRow("M3", kArticle, "map.csv", {"--grid", "1025"}, "gradscape: map: --grid 1025: must be 2..1024", 2);
}

BAD_INPUT_ROW("M4", M4_UnknownKind) {
  expectMapRow("M4", kArticle, "map.csv", {"--kind", "contour"},
               "gradscape: map: --kind contour: expected basin, loss, steps or phase", 2);
}

BAD_INPUT_ROW("M5", M5_PhaseWithoutAxes) {
  expectMapRow("M5", kArticle, "map.csv", {"--kind", "phase", "--x", "lr:1e-4:1:log"},
               "gradscape: map: --kind phase needs --x and --y, like --x lr:1e-4:1:log --y momentum:0:0.99:linear", 2);
}

BAD_INPUT_ROW("M6", M6_LogAxisThroughZero) {
  expectMapRow("M6", kArticle, "map.csv", {"--kind", "phase", "--x", "lr:0:1:log", "--y", "momentum:0:0.9:linear"},
               "gradscape: map: --x lr:0:1:log: a log axis needs positive ends", 2);
}

BAD_INPUT_ROW("M7", M7_MalformedAxis) {
  expectMapRow("M7", kArticle, "map.csv", {"--kind", "phase", "--x", "lr:1e-4:1", "--y", "momentum:0:0.9:linear"},
               "gradscape: map: --x lr:1e-4:1: expected NAME:FROM:TO:linear|log, like lr:1e-4:1:log", 2);
}

BAD_INPUT_ROW("M8", M8_UnknownHyperparameter) {
  expectMapRow("M8", kArticle, "map.csv", {"--kind", "phase", "--x", "lr:1e-4:1:log", "--y", "betas:0:0.9:linear"},
               "gradscape: map: --y betas:0:0.9:linear: unknown hyperparameter 'betas' (expected lr, momentum, dampening, "
               "weight_decay, beta1, beta2, eps, lr_decay, initial_accumulator_value, alpha, rho, momentum_decay or noise.sigma)",
               2);
}

BAD_INPUT_ROW("M9", M9_AxisTheOptimizerLacks) {
  expectMapRow("M9", "-", "map.csv", {"--kind", "phase", "--x", "lr:1e-4:1:log", "--y", "momentum:0:0.9:linear"},
               "gradscape: --y momentum: adam has no hyperparameter 'momentum' (it has lr, beta1, beta2, eps, weight_decay)", 1);
}

BAD_INPUT_ROW("M10", M10_AxisValueTorchRejects) {
  expectMapRow("M10", "-", "map.csv", {"--kind", "phase", "--x", "lr:1e-4:1:log", "--y", "beta2:0.9:1:linear"},
               "gradscape: --x lr = 1e-04, --y beta2 = 1: betas[1]: must be in [0, 1) (got 1)", 1);
}

BAD_INPUT_ROW("M11", M11_RunPastTheScene) {
  expectMapRow("M11", "-", "map.csv", {"--run", "3"}, "gradscape: --run 3: the scene has 1 run (0)", 1);
}

BAD_INPUT_ROW("M12", M12_UnknownOutputFormat) {
  expectMapRow("M12", kArticle, "map.bmp", {}, "gradscape: unknown output format for $DIR/map.bmp: use .png or .csv", 1);
}

BAD_INPUT_ROW("M13", M13_AxisWithoutPhase) {
  expectMapRow("M13", kArticle, "map.csv", {"--x", "lr:1e-4:1:log"}, "gradscape: map: --x and --y apply to --kind phase only", 2);
}

BAD_INPUT_ROW("M14", M14_SizeForCsv) {
  expectMapRow("M14", kArticle, "map.csv", {"--size", "400"}, "gradscape: map: --size applies to PNG output only", 2);
}

BAD_INPUT_ROW("M15", M15_MissingDirectory) {
  expectMapRow("M15", kArticle, "missing/map.csv", {"--grid", "4"},
               "gradscape: cannot write $DIR/missing/map.csv: directory $DIR/missing does not exist", 1);
}

BAD_INPUT_ROW("M16", M16_SameHyperparameterTwice) {
  expectMapRow("M16", kArticle, "map.csv", {"--kind", "phase", "--x", "lr:1e-4:1:log", "--y", "lr:0.1:1:linear"},
               "gradscape: map: --x and --y both set lr", 2);
}

// A row whose scene is a file of its own (standard input holds the adam scene).
void expectMapRowOfScene(const std::string& id, const std::string& sceneJson, std::vector<std::string> args,
                         const std::string& message) {
  const std::string scene = writeFile(scratchDirectory(id + "-scene") + "/scene.json", sceneJson);
  expectMapRow(id, scene, "map.csv", std::move(args), message, 1);
}

BAD_INPUT_ROW("M17", M17_RunWithPoints) {
  expectMapRowOfScene("M17", R"({"surface": "saddle", "runs": [{"start": [1, 0]}, {"points": [[0, 0], [1, 1]]}]})",
                      {"--run", "1"}, "gradscape: --run 1: the run carries its points and has no optimizer to map");
}

BAD_INPUT_ROW("M18", M18_PhaseAxisTheScheduleSets) {
  expectMapRowOfScene("M18",
                      R"({"surface": "saddle", "runs": [{"start": [1, 0], "schedule": {"name": "StepLR", "step_size": 30}}]})",
                      {"--kind", "phase", "--x", "lr:1e-4:1:log", "--y", "momentum:0:0.9:linear"},
                      "gradscape: --x lr: the run's StepLR sets it every step");
}

BAD_INPUT_ROW("M19", M19_NegativeNoiseSigmaAxis) {
  expectMapRow("M19", "-", "map.csv", {"--kind", "phase", "--x", "noise.sigma:-1:1:linear", "--y", "lr:1e-4:1:log"},
               "gradscape: --x noise.sigma: must be >= 0", 1);
}

}  // namespace
