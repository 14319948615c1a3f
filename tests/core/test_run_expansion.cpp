// Sweeps and ensembles: expansion order, swept values, particle starts, colours, limits and saving.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "core/run_expansion.hpp"
#include "core/scene.hpp"

namespace gradscape::core {
namespace {

TEST(Sweep, ExpandsInPlaceWithExactEndsAndViridis) {
  const Scene scene = parseScene(R"({"surface": "saddle", "runs": [
    {"start": [1, 0]},
    {"label": "lr", "start": [1, 0.25], "optimizer": "adam", "sweep": {"param": "lr", "from": 1e-4, "to": 1, "count": 5, "scale": "log"}},
    {"start": [0, 1], "sweep": {"param": "start.x", "from": -1, "to": 1, "count": 3}}]})", "t");
  ASSERT_EQ(scene.runs.size(), 1u + 5 + 3);
  EXPECT_EQ(scene.runs[1].optimizer.lr, 1e-4);
  EXPECT_EQ(scene.runs[5].optimizer.lr, 1.0);
  EXPECT_NEAR(scene.runs[3].optimizer.lr, 1e-2, 1e-17);
  EXPECT_EQ(*scene.runs[1].label, "lr, lr = 0.0001");
  EXPECT_EQ(*scene.runs[1].color, viridis(0));
  EXPECT_EQ(*scene.runs[5].color, viridis(1));
  EXPECT_EQ(*scene.runs[5].color, (Rgb{253, 231, 37}));
  EXPECT_EQ(scene.runs[7].start, (std::array<double, 2>{0, 1}));
  EXPECT_EQ(*scene.runs[7].label, "start.x = 0");
  for (std::size_t i = 0; i < scene.runs.size(); ++i) EXPECT_EQ(scene.runs[i].noise.stream, i);
  // Saved once, as written.
  const std::string saved = serializeScene(scene);
  EXPECT_EQ(parseScene(saved, "saved").runs.size(), scene.runs.size());
  EXPECT_EQ(serializeScene(parseScene(saved, "saved")), saved);
  EXPECT_NE(saved.find("\"sweep\""), std::string::npos);
}

TEST(Sweep, RejectsAParameterTheOptimizerLacksAndBadMembers) {
  auto message = [](const std::string& json) -> std::string {
    try {
      parseScene(json, "t");
    } catch (const Error& error) {
      return error.what();
    }
    return "";
  };
  EXPECT_EQ(message(R"({"surface": "saddle", "runs": [{"start": [1, 0], "optimizer": "adam", "sweep": {"param": "momentum", "from": 0, "to": 1, "count": 3}}]})"),
            "t: runs[0].sweep.param: 'momentum' is not a numeric hyperparameter of adam (expected one of: lr, beta1, beta2, eps, "
            "weight_decay, start.x, start.y, noise.sigma)");
  EXPECT_EQ(message(R"({"surface": "saddle", "runs": [{"start": [1, 0], "sweep": {"param": "lr", "from": -1, "to": 1, "count": 3}}]})"),
            "t: runs[0].sweep: lr = -1: lr: must be >= 0 (got -1)");
  EXPECT_EQ(message(R"({"surface": "saddle", "runs": [{"start": [1, 0], "sweep": {"param": "lr", "from": 0, "to": 1, "count": 3, "scale": "log"}}]})"),
            "t: runs[0].sweep: a log sweep needs from > 0 and to > 0 (got 0, 1)");
}

TEST(Ensemble, GaussianStartsComeFromTheDocumentedGenerator) {
  const Scene scene = parseScene(R"({"surface": "saddle", "runs": [{"start": [0.5, -0.5],
    "ensemble": {"count": 100, "spread": 0.2, "seed": 4}}]})", "t");
  ASSERT_EQ(scene.runs.size(), 100u);
  for (std::size_t m = 0; m < 100; ++m) {
    const auto z = normalPair(4, m, 0);
    EXPECT_EQ(scene.runs[m].start, (std::array<double, 2>{0.5 + 0.2 * z[0], -0.5 + 0.2 * z[1]}));
    EXPECT_EQ(scene.runs[m].member, static_cast<std::int64_t>(m));
  }
  EXPECT_EQ(*scene.runs[3].label, "x = 0.5, y = -0.5 #3");
}

TEST(Ensemble, GridCoversTheDomainRowMajor) {
  const Scene scene = parseScene(R"({"surface": {"name": "saddle", "x": [-1, 1], "y": [0, 4]}, "runs": [
    {"ensemble": {"count": 7, "grid": true}}]})", "t");
  ASSERT_EQ(scene.runs.size(), 7u);  // the first 7 of a 3 x 3 grid
  EXPECT_EQ(scene.runs[0].start, (std::array<double, 2>{-1, 0}));
  EXPECT_EQ(scene.runs[2].start, (std::array<double, 2>{1, 0}));
  EXPECT_EQ(scene.runs[3].start, (std::array<double, 2>{-1, 2}));
  EXPECT_EQ(scene.runs[6].start, (std::array<double, 2>{-1, 4}));
}

TEST(Ensemble, ParticlesHaveTheirOwnLimit) {
  std::string json = R"({"surface": "saddle", "runs": [{"start": [0, 0], "ensemble": {"count": 60000, "spread": 1}},
    {"start": [0, 0], "ensemble": {"count": 40001, "spread": 1}}]})";
  try {
    parseScene(json, "t");
    FAIL() << "accepted 100001 particles";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "t: runs[1].ensemble.count: too many particles (100001 in all; the limit is 100000)");
  }
}

TEST(Viridis, EndsAndMiddleAreMatplotlibs) {
  EXPECT_EQ(viridis(0), (Rgb{68, 1, 84}));
  EXPECT_EQ(viridis(0.5), (Rgb{33, 145, 140}));
  EXPECT_EQ(viridis(1), (Rgb{253, 231, 37}));
}

}  // namespace
}  // namespace gradscape::core
