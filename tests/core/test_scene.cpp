// Scene files v1: loading, the errors that name file and JSON path, and canonical save round-trips.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/scene.hpp"

namespace gradscape::core {
namespace {

std::string errorOf(const std::string& json) {
  try {
    parseScene(json, "scene.json");
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

std::string readFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(Scene, LoadsTheSpecExample) {
  const Scene scene = articleScene();
  EXPECT_TRUE(scene.surface.surface.isCatalog());
  EXPECT_EQ(scene.surface.surface.text(), "saddle");
  ASSERT_EQ(scene.runs.size(), 2u);
  EXPECT_EQ(scene.runs[1].start[0], 1.0);
  EXPECT_EQ(scene.runs[1].start[1], 0.25);
  EXPECT_EQ(scene.runs[1].optimizer.kind, OptimizerKind::sgd);
  EXPECT_EQ(scene.runs[1].optimizer.lr, 0.01);
  EXPECT_EQ(scene.runs[1].iterations, 200);
  EXPECT_EQ(scene.runs[0].label.value_or(""), "Symmetry");
  EXPECT_EQ(scene.runs[1].marker, Marker::square);
  ASSERT_TRUE(scene.camera.has_value());
  EXPECT_EQ(scene.camera->azimuth, 120);
  EXPECT_EQ(scene.camera->elevation, 37);
  EXPECT_EQ(scene.surface.domain(), (Domain{-1, 1, -1, 1}));
}

TEST(Scene, TheAssetIsTheBuiltInArticleScene) {
  EXPECT_EQ(readFile(std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/article.json"), kArticleSceneJson);
}

TEST(Scene, EveryShippedSceneLoadsAndRoundTrips) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes")) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().string());
    const Scene scene = loadScene(entry.path().string());
    const std::string saved = serializeScene(scene);
    EXPECT_EQ(serializeScene(parseScene(saved, "saved")), saved);
    ++count;
  }
  EXPECT_GE(count, 4);
}

TEST(Scene, RunDefaults) {
  const Scene scene = parseScene(R"j({"surface": "quadratic", "runs": [{"start": [0.5, -0.5]}]})j", "s");
  const RunSpec& run = scene.runs[0];
  EXPECT_EQ(run.optimizer.kind, OptimizerKind::sgd);
  EXPECT_EQ(run.optimizer.lr, 0.01);
  EXPECT_EQ(run.iterations, 200);
  EXPECT_EQ(run.tolerance, 0);
  EXPECT_FALSE(run.label.has_value());
  EXPECT_EQ(defaultLabel(run), "x = 0.5, y = -0.5");
  RunSpec picked = run;  // a start put on the surface with ctrl+click
  picked.start = {0.34892374621, -0.000123456789};
  EXPECT_EQ(defaultLabel(picked), "x = 0.3489, y = -0.0001235");
  picked.start = {1, 1e-8};
  EXPECT_EQ(defaultLabel(picked), "x = 1, y = 1e-08");
  EXPECT_FALSE(scene.camera.has_value());
  EXPECT_EQ(scene.cameraOrDefault().azimuth, -60);
}

TEST(Scene, OptimizerAsNameGetsTorchDefaults) {
  const Scene scene = parseScene(R"j({"surface": "saddle", "runs": [{"start": [1, 1], "optimizer": "adam"}]})j", "s");
  EXPECT_EQ(scene.runs[0].optimizer, OptimizerConfig::defaultsFor(OptimizerKind::adam));
  EXPECT_EQ(scene.runs[0].optimizer.lr, 0.001);
}

TEST(Scene, HyperparametersAreRead) {
  const Scene scene = parseScene(R"j({"surface": "saddle", "runs": [
      {"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.05, "betas": [0.8, 0.99], "amsgrad": true, "weight_decay": 0.1}},
      {"start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": true}},
      {"start": [1, 1], "optimizer": {"name": "rmsprop", "centered": true, "alpha": 0.9}}]})j", "s");
  EXPECT_EQ(scene.runs[0].optimizer.lr, 0.05);
  EXPECT_EQ(scene.runs[0].optimizer.betas[0], 0.8);
  EXPECT_TRUE(scene.runs[0].optimizer.amsgrad);
  EXPECT_EQ(scene.runs[0].optimizer.weightDecay, 0.1);
  EXPECT_TRUE(scene.runs[1].optimizer.nesterov);
  EXPECT_EQ(scene.runs[1].optimizer.momentum, 0.9);
  EXPECT_TRUE(scene.runs[2].optimizer.centered);
  EXPECT_EQ(scene.runs[2].optimizer.alpha, 0.9);
}

TEST(Scene, SurfaceForms) {
  const Scene catalog = parseScene(R"j({"surface": {"name": "rosenbrock", "x": [-2, 2], "y": [-1, 3]}, "runs": [{"start": [0, 0]}]})j", "s");
  EXPECT_EQ(catalog.surface.domain(), (Domain{-2, 2, -1, 3}));
  const Scene expression = parseScene(R"j({"surface": {"expression": "sin(x)*cos(y)", "x": [-3, 3], "y": [-3, 3]}, "runs": [{"start": [0, 0]}]})j", "s");
  EXPECT_FALSE(expression.surface.surface.isCatalog());
  EXPECT_EQ(expression.surface.surface.text(), "sin(x)*cos(y)");
  EXPECT_EQ(expression.surface.domain(), (Domain{-3, 3, -3, 3}));
  const Scene partial = parseScene(R"j({"surface": {"name": "himmelblau", "x": [0, 1]}, "runs": [{"start": [0, 0]}]})j", "s");
  EXPECT_EQ(partial.surface.domain(), (Domain{0, 1, -5, 5}));
}

TEST(Scene, SaveLoadSaveIsByteIdentical) {
  const std::string rich = R"j({"surface": {"expression": "x^2 + 0.5*sin(3*y)", "x": [-2.5, 2], "y": [-1, 1.75]},
    "runs": [{"label": "A", "start": [0.1, -0.3], "optimizer": {"name": "adamw", "lr": 0.003, "betas": [0.85, 0.995], "amsgrad": true},
              "iterations": 1234, "tolerance": 1e-7, "color": "#12abEF", "marker": "diamond"},
             {"start": [1e-8, 2], "optimizer": {"name": "nadam", "momentum_decay": 0.005}},
             {"start": [1, 2], "optimizer": {"name": "sgd", "lr": 0.5, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}}],
    "camera": {"azimuth": -33.5, "elevation": 12, "distance": 8, "projection": "orthographic"},
    "render": {"grid": 101, "edge_stride": 4, "color_range": [-2, 2]}})j";
  const std::string first = serializeScene(parseScene(rich, "s"));
  const std::string second = serializeScene(parseScene(first, "saved"));
  EXPECT_EQ(first, second);
  EXPECT_NE(first.find("\"color\": \"#12abef\""), std::string::npos) << first;
  EXPECT_NE(first.find("\"projection\": \"orthographic\""), std::string::npos) << first;
  // Meaning survives too.
  const Scene reloaded = parseScene(first, "saved");
  EXPECT_EQ(reloaded.runs[0].tolerance, 1e-7);
  EXPECT_EQ(reloaded.runs[1].start[0], 1e-8);
  EXPECT_EQ(reloaded.runs[1].optimizer.momentumDecay, 0.005);
  EXPECT_EQ(reloaded.render.gridResolution, 101);
  EXPECT_EQ(reloaded.camera->distance, 8);
}

TEST(Scene, SavedArticleSceneIsReadable) {
  const std::string saved = serializeScene(articleScene());
  EXPECT_NE(saved.find("\"start\": [\n        1,\n        0.25\n      ]"), std::string::npos) << saved;
  EXPECT_EQ(saved.back(), '\n');
}

struct BadScene {
  const char* json;
  const char* message;
};

class SceneErrors : public ::testing::TestWithParam<BadScene> {};

TEST_P(SceneErrors, NameFileAndPath) {
  EXPECT_EQ(errorOf(GetParam().json), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SceneErrors,
    ::testing::Values(
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0]}],})j",
                 "scene.json: invalid JSON at line 1, column 51: unexpected '}'; expected string literal"},
        BadScene{"", "scene.json: invalid JSON at line 1, column 1: unexpected end of input; expected '[', '{', or a literal"},
        BadScene{R"j([1, 2])j", "scene.json: expected an object, got an array"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0]}], "colour": 1})j",
                 "scene.json: colour: unknown key (expected one of: surface, runs, camera, render, view, legend)"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "lr": 0.1}]})j",
                 "scene.json: runs[0].lr: unknown key (expected one of: label, start, optimizer, iterations, tolerance, color, marker, noise, schedule, sweep, ensemble)"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0]}, {"start": [1, "0"]}]})j",
                 "scene.json: runs[1].start[1]: expected a number, got a string"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0, 3]}]})j", "scene.json: runs[0].start: expected 2 numbers"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0]}, {"start": [1, 0], "optimizer": {"name": "adam", "betas": [0.9]}}]})j",
                 "scene.json: runs[1].optimizer.betas: expected 2 numbers"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [NaN, 0]}]})j",
                 "scene.json: invalid JSON at line 1, column 43: invalid literal; last read: '\"start\": [N'"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [Infinity, 0]}]})j",
                 "scene.json: invalid JSON at line 1, column 43: invalid literal; last read: '\"start\": [I'"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1e999, 0]}]})j", "scene.json: runs[0].start[0]: expected a finite number"},
        BadScene{R"j({"surface": "saddle", "runs": []})j", "scene.json: runs: expected at least one run"},
        BadScene{R"j({"surface": "saddle"})j", "scene.json: missing \"runs\""},
        BadScene{R"j({"surface": "sadle", "runs": [{"start": [1, 0]}]})j", "scene.json: surface: unknown surface 'sadle' (known: saddle, monkey_saddle, quadratic, rosenbrock, beale, himmelblau, booth, matyas, rastrigin, ackley, goldstein_price, six_hump_camel, styblinski_tang)"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": "adamm"}]})j",
                 "scene.json: runs[0].optimizer: unknown optimizer 'adamm' (expected one of: sgd, adam, adamw, adagrad, rmsprop, adadelta, adamax, nadam, radam)"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": {"name": "adam", "momentum": 0.9}}]})j",
                 "scene.json: runs[0].optimizer.momentum: unknown hyperparameter for adam (expected one of: lr, betas, eps, weight_decay, amsgrad)"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "iterations": -1}]})j",
                 "scene.json: runs[0].iterations: must be at least 0 (got -1)"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "iterations": 2.5}]})j",
                 "scene.json: runs[0].iterations: expected a whole number, got 2.5"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "iterations": 1e12}]})j",
                 "scene.json: runs[0].iterations: must be at most 10000000 (got 1e+12)"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "tolerance": -1}]})j", "scene.json: runs[0].tolerance: must be >= 0"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "color": "red"}]})j",
                 "scene.json: runs[0].color: expected a colour \"#rrggbb\", got \"red\""},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "marker": "star"}]})j",
                 "scene.json: runs[0].marker: unknown marker 'star' (expected one of: circle, square, triangle, diamond, cross)"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": {"name": "sgd", "nesterov": 1}}]})j",
                 "scene.json: runs[0].optimizer.nesterov: expected true or false, got a number"},
        BadScene{R"j({"surface": {"name": "saddle", "x": [1, -1]}, "runs": [{"start": [1, 0]}]})j",
                 "scene.json: surface.x: expected [min, max] with min < max"},
        BadScene{R"j({"surface": {"name": "saddle", "expression": "x"}, "runs": [{"start": [1, 0]}]})j",
                 "scene.json: surface: expected exactly one of \"name\" (a catalog surface) or \"expression\""},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0]}], "camera": {"azimuth": "north"}})j",
                 "scene.json: camera.azimuth: expected a number, got a string"},
        BadScene{R"j({"surface": "saddle", "runs": [{"start": [1, 0]}], "render": {"grid": 100000}})j",
                 "scene.json: render.grid: must be at most 1024 (got 100000)"},
        BadScene{R"j({"surface": "saddle", "runs": [{}]})j", "scene.json: runs[0]: missing \"start\": [x, y]"}));

TEST(SceneErrors, ExpressionErrorsCarryPathAndColumn) {
  const std::string message = errorOf(R"j({"surface": {"expression": "sin(x"}, "runs": [{"start": [1, 0]}]})j");
  EXPECT_EQ(message.rfind("scene.json: surface.expression: ", 0), 0u) << message;
  EXPECT_NE(message.find("column"), std::string::npos) << message;
  const std::string unknown = errorOf(R"j({"surface": {"expression": "foo(x)"}, "runs": [{"start": [1, 0]}]})j");
  EXPECT_NE(unknown.find("foo"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("column 1"), std::string::npos) << unknown;
}

TEST(SceneErrors, OptimizerValidationCarriesPath) {
  const std::string message = errorOf(R"j({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": {"name": "sgd", "lr": -1}}]})j");
  EXPECT_EQ(message.rfind("scene.json: runs[0].optimizer: ", 0), 0u) << message;
  EXPECT_NE(message.find("lr"), std::string::npos) << message;
}

TEST(SceneErrors, MissingFileAndDirectory) {
  try {
    loadScene("/nonexistent/scene.json");
    FAIL();
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "/nonexistent/scene.json: cannot open: No such file or directory");
  }
  try {
    loadScene("/tmp");
    FAIL();
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "/tmp: is a directory, not a scene file");
  }
}

TEST(Scene, KeptPointsAreCountedAndLimited) {
  std::vector<RunSpec> runs(2);
  runs[0].iterations = 200;
  runs[1].iterations = 0;
  EXPECT_EQ(keptPointCount(runs), 202);
  EXPECT_NO_THROW(checkKeptPoints(runs, "s.json: runs"));

  runs[0].iterations = kMaxIterations;  // one longest run fits: 10,000,001 points
  runs[1].iterations = kMaxKeptPoints - kMaxIterations - 2;
  EXPECT_EQ(keptPointCount(runs), kMaxKeptPoints);
  EXPECT_NO_THROW(checkKeptPoints(runs, "s.json: runs"));

  runs[1].iterations += 1;
  try {
    checkKeptPoints(runs, "s.json: runs");
    FAIL() << "past the limit";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "s.json: runs: 2 runs ask for 20000001 points (iterations + 1 each); export and view keep at most "
              "20000000 in memory: use fewer iterations, or stream them with gradscape trace");
  }
}

}  // namespace
}  // namespace gradscape::core
