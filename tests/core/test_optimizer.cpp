// Optimizers: names, torch's defaults and validation, closed-form steps, and every trace against torch.optim's.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/optimizer.hpp"
#include "core/scene.hpp"
#include "core/trace.hpp"

namespace gradscape::core {
namespace {

constexpr OptimizerKind kAllKinds[] = {
    OptimizerKind::sgd,      OptimizerKind::adam,   OptimizerKind::adamw, OptimizerKind::adagrad, OptimizerKind::rmsprop,
    OptimizerKind::adadelta, OptimizerKind::adamax, OptimizerKind::nadam, OptimizerKind::radam,
};

// ---- names, defaults, hyperparameter tables ------------------------------------------------------

TEST(OptimizerNames, RoundTripAndRejectUnknown) {
  for (OptimizerKind kind : kAllKinds) {
    OptimizerKind parsed = OptimizerKind::sgd;
    ASSERT_TRUE(parseOptimizerName(optimizerName(kind), parsed)) << optimizerName(kind);
    EXPECT_EQ(parsed, kind);
  }
  OptimizerKind untouched = OptimizerKind::radam;
  EXPECT_FALSE(parseOptimizerName("SGD", untouched));
  EXPECT_FALSE(parseOptimizerName("lbfgs", untouched));
  EXPECT_FALSE(parseOptimizerName("", untouched));
  EXPECT_EQ(untouched, OptimizerKind::radam);
}

TEST(OptimizerDefaults, AreTorchOptimsExceptSgdsLr) {
  const auto sgd = OptimizerConfig::defaultsFor(OptimizerKind::sgd);
  EXPECT_EQ(sgd.lr, 0.01);
  EXPECT_EQ(sgd.momentum, 0);
  EXPECT_EQ(sgd.dampening, 0);
  EXPECT_FALSE(sgd.nesterov);
  EXPECT_EQ(sgd.weightDecay, 0);
  // A run without "optimizer" is the article's gradient descent.
  EXPECT_EQ(RunSpec{}.optimizer, sgd);

  const auto adam = OptimizerConfig::defaultsFor(OptimizerKind::adam);
  EXPECT_EQ(adam.lr, 1e-3);
  EXPECT_EQ(adam.betas, (std::array<double, 2>{0.9, 0.999}));
  EXPECT_EQ(adam.eps, 1e-8);
  EXPECT_EQ(adam.weightDecay, 0);
  EXPECT_FALSE(adam.amsgrad);

  const auto adamw = OptimizerConfig::defaultsFor(OptimizerKind::adamw);
  EXPECT_EQ(adamw.lr, 1e-3);
  EXPECT_EQ(adamw.weightDecay, 1e-2);
  EXPECT_EQ(adamw.betas, adam.betas);
  EXPECT_EQ(adamw.eps, 1e-8);

  const auto adagrad = OptimizerConfig::defaultsFor(OptimizerKind::adagrad);
  EXPECT_EQ(adagrad.lr, 1e-2);
  EXPECT_EQ(adagrad.lrDecay, 0);
  EXPECT_EQ(adagrad.initialAccumulatorValue, 0);
  EXPECT_EQ(adagrad.eps, 1e-10);

  const auto rmsprop = OptimizerConfig::defaultsFor(OptimizerKind::rmsprop);
  EXPECT_EQ(rmsprop.lr, 1e-2);
  EXPECT_EQ(rmsprop.alpha, 0.99);
  EXPECT_EQ(rmsprop.eps, 1e-8);
  EXPECT_EQ(rmsprop.momentum, 0);
  EXPECT_FALSE(rmsprop.centered);

  const auto adadelta = OptimizerConfig::defaultsFor(OptimizerKind::adadelta);
  EXPECT_EQ(adadelta.lr, 1.0);
  EXPECT_EQ(adadelta.rho, 0.9);
  EXPECT_EQ(adadelta.eps, 1e-6);

  const auto adamax = OptimizerConfig::defaultsFor(OptimizerKind::adamax);
  EXPECT_EQ(adamax.lr, 2e-3);
  EXPECT_EQ(adamax.eps, 1e-8);
  EXPECT_EQ(adamax.betas, adam.betas);

  const auto nadam = OptimizerConfig::defaultsFor(OptimizerKind::nadam);
  EXPECT_EQ(nadam.lr, 2e-3);
  EXPECT_EQ(nadam.momentumDecay, 4e-3);
  EXPECT_EQ(nadam.betas, adam.betas);

  const auto radam = OptimizerConfig::defaultsFor(OptimizerKind::radam);
  EXPECT_EQ(radam.lr, 1e-3);
  EXPECT_EQ(radam.eps, 1e-8);

  for (OptimizerKind kind : kAllKinds) {
    EXPECT_EQ(OptimizerConfig::defaultsFor(kind).kind, kind);
    EXPECT_NO_THROW(validate(OptimizerConfig::defaultsFor(kind))) << optimizerName(kind);
  }
}

std::vector<std::string> keysOf(OptimizerKind kind) {
  std::vector<std::string> keys;
  for (const auto& info : hyperparameters(kind)) keys.emplace_back(info.key);
  return keys;
}

TEST(OptimizerHyperparameters, AreTorchsKeywordsInSignatureOrder) {
  using Keys = std::vector<std::string>;
  EXPECT_EQ(keysOf(OptimizerKind::sgd), (Keys{"lr", "momentum", "dampening", "weight_decay", "nesterov"}));
  EXPECT_EQ(keysOf(OptimizerKind::adam), (Keys{"lr", "betas", "eps", "weight_decay", "amsgrad"}));
  EXPECT_EQ(keysOf(OptimizerKind::adamw), keysOf(OptimizerKind::adam));
  EXPECT_EQ(keysOf(OptimizerKind::adagrad), (Keys{"lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"}));
  EXPECT_EQ(keysOf(OptimizerKind::rmsprop), (Keys{"lr", "alpha", "eps", "weight_decay", "momentum", "centered"}));
  EXPECT_EQ(keysOf(OptimizerKind::adadelta), (Keys{"lr", "rho", "eps", "weight_decay"}));
  EXPECT_EQ(keysOf(OptimizerKind::adamax), (Keys{"lr", "betas", "eps", "weight_decay"}));
  EXPECT_EQ(keysOf(OptimizerKind::nadam), (Keys{"lr", "betas", "eps", "weight_decay", "momentum_decay"}));
  EXPECT_EQ(keysOf(OptimizerKind::radam), (Keys{"lr", "betas", "eps", "weight_decay"}));

  using Type = HyperparameterInfo::Type;
  const std::map<std::string, Type> expectedTypes = {
      {"lr", Type::number},       {"momentum", Type::number},     {"dampening", Type::number},
      {"nesterov", Type::boolean}, {"weight_decay", Type::number}, {"betas", Type::pair},
      {"eps", Type::number},      {"amsgrad", Type::boolean},     {"lr_decay", Type::number},
      {"initial_accumulator_value", Type::number}, {"alpha", Type::number}, {"centered", Type::boolean},
      {"rho", Type::number},      {"momentum_decay", Type::number}};
  for (OptimizerKind kind : kAllKinds)
    for (const auto& info : hyperparameters(kind)) EXPECT_EQ(info.type, expectedTypes.at(std::string(info.key))) << info.key;
}

// ---- validation --------------------------------------------------------------------------------

std::string validationError(const OptimizerConfig& config) {
  try {
    validate(config);
  } catch (const Error& error) {
    return error.what();
  }
  return "(accepted)";
}

template <class Edit>
OptimizerConfig configWith(OptimizerKind kind, Edit edit) {
  OptimizerConfig config = OptimizerConfig::defaultsFor(kind);
  edit(config);
  return config;
}

TEST(OptimizerValidation, RejectsWhatTorchRejectsNamingTheHyperparameter) {
  using K = OptimizerKind;
  struct Case {
    OptimizerConfig config;
    std::string message;
  };
  const std::vector<Case> cases = {
      {configWith(K::sgd, [](auto& c) { c.lr = -1; }), "lr: must be >= 0 (got -1)"},
      {configWith(K::sgd, [](auto& c) { c.momentum = -0.5; }), "momentum: must be >= 0 (got -0.5)"},
      {configWith(K::sgd, [](auto& c) { c.weightDecay = -0.01; }), "weight_decay: must be >= 0 (got -0.01)"},
      {configWith(K::sgd, [](auto& c) { c.nesterov = true; }),
       "nesterov: needs momentum > 0 and dampening = 0 (got momentum 0, dampening 0)"},
      {configWith(K::sgd, [](auto& c) { c.nesterov = true; c.momentum = 0.9; c.dampening = 0.1; }),
       "nesterov: needs momentum > 0 and dampening = 0 (got momentum 0.9, dampening 0.1)"},
      {configWith(K::adam, [](auto& c) { c.betas = {0.9, 1}; }), "betas[1]: must be in [0, 1) (got 1)"},
      {configWith(K::adam, [](auto& c) { c.betas = {-0.1, 0.9}; }), "betas[0]: must be in [0, 1) (got -0.1)"},
      {configWith(K::adam, [](auto& c) { c.eps = -1e-8; }), "eps: must be >= 0 (got -1e-08)"},
      {configWith(K::adamw, [](auto& c) { c.lr = -0.001; }), "lr: must be >= 0 (got -0.001)"},
      {configWith(K::adamw, [](auto& c) { c.weightDecay = -1; }), "weight_decay: must be >= 0 (got -1)"},
      {configWith(K::adagrad, [](auto& c) { c.lrDecay = -1; }), "lr_decay: must be >= 0 (got -1)"},
      {configWith(K::adagrad, [](auto& c) { c.initialAccumulatorValue = -2; }),
       "initial_accumulator_value: must be >= 0 (got -2)"},
      {configWith(K::adagrad, [](auto& c) { c.eps = -1; }), "eps: must be >= 0 (got -1)"},
      {configWith(K::rmsprop, [](auto& c) { c.alpha = -0.5; }), "alpha: must be >= 0 (got -0.5)"},
      {configWith(K::rmsprop, [](auto& c) { c.momentum = -1; }), "momentum: must be >= 0 (got -1)"},
      {configWith(K::adadelta, [](auto& c) { c.rho = 1.5; }), "rho: must be in [0, 1] (got 1.5)"},
      {configWith(K::adadelta, [](auto& c) { c.rho = -0.1; }), "rho: must be in [0, 1] (got -0.1)"},
      {configWith(K::adamax, [](auto& c) { c.betas = {1, 0.5}; }), "betas[0]: must be in [0, 1) (got 1)"},
      {configWith(K::nadam, [](auto& c) { c.momentumDecay = -0.004; }), "momentum_decay: must be >= 0 (got -0.004)"},
      {configWith(K::radam, [](auto& c) { c.betas = {0.9, 2}; }), "betas[1]: must be in [0, 1) (got 2)"},
      {configWith(K::sgd, [](auto& c) { c.lr = std::nan(""); }), "lr: must be finite (got nan)"},
      {configWith(K::adam, [](auto& c) { c.eps = INFINITY; }), "eps: must be finite (got inf)"},
  };
  for (const auto& c : cases) EXPECT_EQ(validationError(c.config), c.message);
}

TEST(OptimizerValidation, AcceptsTorchsEdgeValues) {
  using K = OptimizerKind;
  const std::vector<OptimizerConfig> accepted = {
      configWith(K::sgd, [](auto& c) { c.lr = 0; }),
      configWith(K::sgd, [](auto& c) { c.nesterov = true; c.momentum = 0.9; }),
      configWith(K::sgd, [](auto& c) { c.dampening = -1; }),  // torch does not check dampening
      configWith(K::adam, [](auto& c) { c.betas = {0, 0}; c.eps = 0; }),
      configWith(K::adadelta, [](auto& c) { c.rho = 1; }),
      configWith(K::adadelta, [](auto& c) { c.rho = 0; }),
      configWith(K::rmsprop, [](auto& c) { c.alpha = 1.5; }),  // torch only asks alpha >= 0
      // A hyperparameter the kind does not have is not checked.
      configWith(K::adam, [](auto& c) { c.momentum = -1; c.rho = 7; }),
  };
  for (const auto& config : accepted) EXPECT_EQ(validationError(config), "(accepted)") << optimizerName(config.kind);
}

// ---- single steps with closed forms ------------------------------------------------------------

TEST(OptimizerStep, SgdIsParamMinusLrTimesGradient) {
  Optimizer sgd(configWith(OptimizerKind::sgd, [](auto& c) { c.lr = 0.1; }));
  std::array<double, 2> p{1, 2};
  sgd.step(p, {3, -4});
  EXPECT_EQ(p[0], 1 - 0.1 * 3);
  EXPECT_EQ(p[1], 2 - 0.1 * -4);
}

TEST(OptimizerStep, SgdMomentumStartsFromTheFirstGradient) {
  Optimizer sgd(configWith(OptimizerKind::sgd, [](auto& c) { c.lr = 0.1; c.momentum = 0.9; c.dampening = 0.5; }));
  std::array<double, 2> p{1, 1};
  sgd.step(p, {2, 2});  // the buffer is a copy of the gradient: dampening does not apply yet
  EXPECT_EQ(p[0], 1 - 0.1 * 2);
  sgd.step(p, {1, 1});  // buffer = 0.9 * 2 + 0.5 * 1
  EXPECT_EQ(p[0], (1 - 0.1 * 2) - 0.1 * (0.9 * 2 + 0.5 * 1));
}

TEST(OptimizerStep, AdamsFirstStepMovesEachCoordinateByLr) {
  Optimizer adam(configWith(OptimizerKind::adam, [](auto& c) { c.lr = 0.01; c.eps = 0; }));
  std::array<double, 2> p{1, -3};
  adam.step(p, {5, -0.002});
  EXPECT_NEAR(p[0], 1 - 0.01, 1e-15);
  EXPECT_NEAR(p[1], -3 + 0.01, 1e-15);
}

TEST(OptimizerStep, AdamwDecaysTheParameterEvenWithoutGradient) {
  Optimizer adamw(configWith(OptimizerKind::adamw, [](auto& c) { c.lr = 0.1; c.weightDecay = 0.5; }));
  std::array<double, 2> p{2, -4};
  adamw.step(p, {0, 0});
  EXPECT_EQ(p[0], 2 * (1 - 0.1 * 0.5));
  EXPECT_EQ(p[1], -4 * (1 - 0.1 * 0.5));
}

TEST(OptimizerStep, AdagradStartsFromTheInitialAccumulator) {
  Optimizer adagrad(configWith(OptimizerKind::adagrad, [](auto& c) { c.lr = 0.5; c.initialAccumulatorValue = 16; c.eps = 0; }));
  std::array<double, 2> p{1, 1};
  adagrad.step(p, {3, 0});  // sum = 16 + 9: the step is 0.5 * 3 / 5
  EXPECT_EQ(p[0], 1 - 0.3);
  EXPECT_EQ(p[1], 1);
}

// A transcription of torch's _single_tensor_adam that calls pow at every step: the optimizer's
// shortcut once the bias corrections are exactly 1 must not change a single bit.
TEST(OptimizerStep, AdamsSettledBiasCorrectionIsBitExact) {
  for (bool amsgrad : {false, true}) {
    const OptimizerConfig config = configWith(OptimizerKind::adam, [&](auto& c) {
      c.lr = 0.003;
      c.betas = {0.9, 0.99};
      c.weightDecay = 0.01;
      c.amsgrad = amsgrad;
    });
    Optimizer adam(config);
    std::array<double, 2> p{1.5, -0.5}, q = p;
    std::array<double, 2> m{}, v{}, vMax{};
    for (int step = 1; step <= 6000; ++step) {
      // A gradient field with a minimum away from 0, so nothing becomes subnormal.
      auto gradientAt = [](const std::array<double, 2>& point) {
        return std::array<double, 2>{2 * (point[0] - 0.3) + std::sin(point[1]), 4 * (point[1] + 0.7)};
      };
      adam.step(p, gradientAt(p));
      const auto g = gradientAt(q);
      const double biasCorrection1 = 1 - std::pow(config.betas[0], double(step));
      const double biasCorrection2 = 1 - std::pow(config.betas[1], double(step));
      const double stepSize = config.lr / biasCorrection1;
      for (int i = 0; i < 2; ++i) {
        const double grad = g[i] + config.weightDecay * q[i];
        m[i] = m[i] * config.betas[0] + (1 - config.betas[0]) * grad;
        v[i] = v[i] * config.betas[1] + (1 - config.betas[1]) * grad * grad;
        vMax[i] = std::max(vMax[i], v[i]);
        const double denominator = std::sqrt(amsgrad ? vMax[i] : v[i]) / std::sqrt(biasCorrection2) + config.eps;
        q[i] = q[i] + -stepSize * m[i] / denominator;
      }
      ASSERT_EQ(p, q) << "step " << step << (amsgrad ? " amsgrad" : "");
    }
  }
}

TEST(OptimizerStep, NonFiniteGradientsGiveNonFinitePointsWithoutCrashing) {
  for (OptimizerKind kind : kAllKinds) {
    Optimizer optimizer(OptimizerConfig::defaultsFor(kind));
    std::array<double, 2> p{1, 1};
    optimizer.step(p, {INFINITY, std::nan("")});
    EXPECT_FALSE(std::isfinite(p[0]) && std::isfinite(p[1])) << optimizerName(kind);
  }
}

// ---- traces: the article's reference numbers -----------------------------------------------------

std::vector<TracePoint> traceOf(const Scene& scene, std::size_t runIndex, RunOutcome* outcome = nullptr) {
  std::vector<TracePoint> points;
  const RunOutcome result =
      traceRun(scene.surface.surface, scene.runs.at(runIndex), [&](const TracePoint& point) { points.push_back(point); });
  if (outcome) *outcome = result;
  return points;
}

TEST(ArticleTrace, MatchesTheArticlesReferenceValues) {
  for (const Scene& scene : {articleScene(), loadScene(std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/article.json")}) {
    const auto symmetry = traceOf(scene, 0);
    const auto offset = traceOf(scene, 1);
    ASSERT_EQ(symmetry.size(), 201u);
    ASSERT_EQ(offset.size(), 201u);
    // The article's program, float64 gradient descent with step 0.01 (tests/data/reference/article_gd_trace.csv).
    EXPECT_EQ(symmetry[200].x, 0.017587946605721556);
    EXPECT_EQ(symmetry[200].y, 0);
    EXPECT_DOUBLE_EQ(symmetry[200].z, 0.00030933586580571244);
    EXPECT_EQ(offset[100].x, 0.13261955589475316);
    EXPECT_EQ(offset[100].y, 1.8111615295630843);
    EXPECT_DOUBLE_EQ(offset[100].z, -3.2627181395635696);
    EXPECT_EQ(offset[200].iteration, 200);
    EXPECT_EQ(offset[200].x, 0.017587946605721556);
    EXPECT_EQ(offset[200].y, 13.121224344677165);
    EXPECT_DOUBLE_EQ(offset[200].z, -172.16621896748288);
  }
}

// The article's closing comparison from (0.2, 1e-8): the first iteration with |y| > 0.1.
TEST(ArticleTrace, AdamEscapesTheSaddleFasterThanGradientDescent) {
  auto firstEscape = [](const std::string& optimizerJson) {
    const Scene scene = parseScene(R"({"surface": "saddle", "runs": [{"start": [0.2, 1e-8], "iterations": 2000, "optimizer": )" +
                                       optimizerJson + "}]}",
                                   "comparison.json");
    for (const TracePoint& point : traceOf(scene, 0))
      if (std::fabs(point.y) > 0.1) return point.iteration;
    return std::int64_t{-1};
  };
  EXPECT_EQ(firstEscape(R"({"name": "sgd", "lr": 0.01})"), 814);
  EXPECT_EQ(firstEscape(R"({"name": "adam", "lr": 0.01})"), 12);
  EXPECT_EQ(firstEscape(R"("adam")"), 77);
}

// ---- traces: the torch.optim oracle ------------------------------------------------------------

const std::string kOracleDir = std::string(GRADSCAPE_TEST_DATA) + "/oracle";

struct OracleRow {
  std::int64_t run = 0, iteration = 0;
  double x = 0, y = 0, z = 0;
};

double parseNumber(std::string_view text, const std::string& where) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    throw std::runtime_error(where + ": not a number: '" + std::string(text) + "'");
  return value;
}

std::vector<OracleRow> readOracleCsv(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error(path + ": cannot open");
  std::string line;
  std::getline(file, line);
  if (line != "run,iter,x,y,z") throw std::runtime_error(path + ": unexpected header '" + line + "'");
  std::vector<OracleRow> rows;
  for (int lineNumber = 2; std::getline(file, line); ++lineNumber) {
    const std::string where = path + ":" + std::to_string(lineNumber);
    std::vector<std::string_view> fields;
    std::string_view rest = line;
    for (std::size_t comma; (comma = rest.find(',')) != std::string_view::npos; rest.remove_prefix(comma + 1))
      fields.push_back(rest.substr(0, comma));
    fields.push_back(rest);
    if (fields.size() != 5) throw std::runtime_error(where + ": expected 5 fields");
    rows.push_back({static_cast<std::int64_t>(parseNumber(fields[0], where)),
                    static_cast<std::int64_t>(parseNumber(fields[1], where)), parseNumber(fields[2], where),
                    parseNumber(fields[3], where), parseNumber(fields[4], where)});
  }
  return rows;
}

std::vector<std::string> oracleCases() {
  std::vector<std::string> names;
  if (std::filesystem::is_directory(kOracleDir))
    for (const auto& entry : std::filesystem::directory_iterator(kOracleDir))
      if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Exact means exact: gradscape replays torch.optim's float64 operations in torch's order, so every value of
// every oracle trace must equal torch's bit for bit (docs/exactness.md says why, and what could break it).
// NaN never reaches a trace: a run ends at its last finite point, as torch's trace in the generator does.
class TorchOracle : public ::testing::TestWithParam<std::string> {};

TEST_P(TorchOracle, TraceEqualsTorchBitForBit) {
  const std::string base = kOracleDir + "/" + GetParam();
  const Scene scene = loadScene(base + ".json");
  const std::vector<OracleRow> expected = readOracleCsv(base + ".csv");
  std::size_t values = 0, differing = 0;
  for (std::size_t run = 0; run < scene.runs.size(); ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    std::vector<OracleRow> torchRows;
    for (const auto& row : expected)
      if (row.run == static_cast<std::int64_t>(run)) torchRows.push_back(row);
    const auto points = traceOf(scene, run);
    EXPECT_EQ(points.size(), torchRows.size()) << "rows (torch stops where its point is not finite or within tolerance)";
    for (std::size_t k = 0; k < std::min(points.size(), torchRows.size()); ++k) {
      const TracePoint& ours = points[k];
      const OracleRow& theirs = torchRows[k];
      ASSERT_EQ(ours.iteration, theirs.iteration);
      const double pairs[3][2] = {{ours.x, theirs.x}, {ours.y, theirs.y}, {ours.z, theirs.z}};
      bool rowEqual = true;
      for (const auto& [a, b] : pairs) {
        ++values;
        rowEqual = rowEqual && std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
      }
      if (!rowEqual && differing++ < 3)
        ADD_FAILURE() << std::setprecision(17) << GetParam() << " run " << run << " iter " << ours.iteration << ": gradscape ("
                      << ours.x << ", " << ours.y << ", " << ours.z << ") vs torch (" << theirs.x << ", " << theirs.y << ", "
                      << theirs.z << ")";
    }
  }
  EXPECT_EQ(differing, 0u) << "rows differing from torch in any bit, of " << values / 3;
  EXPECT_GT(values, 0u);
}

INSTANTIATE_TEST_SUITE_P(Cases, TorchOracle, ::testing::ValuesIn(oracleCases()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

bool differsFromDefault(const OptimizerConfig& config, std::string_view key) {
  const OptimizerConfig defaults = OptimizerConfig::defaultsFor(config.kind);
  if (key == "lr") return config.lr != defaults.lr;
  if (key == "momentum") return config.momentum != defaults.momentum;
  if (key == "dampening") return config.dampening != defaults.dampening;
  if (key == "nesterov") return config.nesterov != defaults.nesterov;
  if (key == "weight_decay") return config.weightDecay != defaults.weightDecay;
  if (key == "betas") return config.betas != defaults.betas;
  if (key == "eps") return config.eps != defaults.eps;
  if (key == "amsgrad") return config.amsgrad != defaults.amsgrad;
  if (key == "lr_decay") return config.lrDecay != defaults.lrDecay;
  if (key == "initial_accumulator_value") return config.initialAccumulatorValue != defaults.initialAccumulatorValue;
  if (key == "alpha") return config.alpha != defaults.alpha;
  if (key == "centered") return config.centered != defaults.centered;
  if (key == "rho") return config.rho != defaults.rho;
  if (key == "momentum_decay") return config.momentumDecay != defaults.momentumDecay;
  ADD_FAILURE() << "unknown hyperparameter " << key;
  return false;
}

// The oracle is only as good as what it exercises.
TEST(TorchOracleCoverage, EveryOptimizerHyperparameterSurfaceKindAndStopReason) {
  const auto names = oracleCases();
  ASSERT_GE(names.size(), 20u) << "missing " << kOracleDir << "? run tests/oracle/gen_torch_traces.py";
  std::set<std::string> changed, catalogSurfaces, runsWithDefaultOptimizer;
  std::set<OptimizerKind> kinds;
  int expressionScenes = 0, toleranceStops = 0, divergences = 0, multiRunScenes = 0;
  for (const auto& name : names) {
    const Scene scene = loadScene(kOracleDir + "/" + name + ".json");
    const auto rows = readOracleCsv(kOracleDir + "/" + name + ".csv");
    if (scene.surface.surface.isCatalog()) catalogSurfaces.insert(scene.surface.surface.text());
    else ++expressionScenes;
    if (scene.runs.size() > 1) ++multiRunScenes;
    for (std::size_t run = 0; run < scene.runs.size(); ++run) {
      const RunSpec& spec = scene.runs[run];
      kinds.insert(spec.optimizer.kind);
      for (const auto& info : hyperparameters(spec.optimizer.kind))
        if (differsFromDefault(spec.optimizer, info.key))
          changed.insert(std::string(optimizerName(spec.optimizer.kind)) + "." + std::string(info.key));
      const auto count = std::count_if(rows.begin(), rows.end(), [&](const OracleRow& r) { return r.run == std::int64_t(run); });
      if (count < spec.iterations + 1) (spec.tolerance > 0 ? toleranceStops : divergences) += 1;
    }
  }
  EXPECT_EQ(kinds.size(), std::size(kAllKinds));
  for (OptimizerKind kind : kAllKinds)
    for (const auto& info : hyperparameters(kind)) {
      const std::string key = std::string(optimizerName(kind)) + "." + std::string(info.key);
      EXPECT_TRUE(changed.count(key)) << key << " is never set away from its default in the oracle";
    }
  for (const char* surface : {"saddle", "rosenbrock", "beale", "himmelblau", "rastrigin", "ackley"})
    EXPECT_TRUE(catalogSurfaces.count(surface)) << surface;
  EXPECT_GE(expressionScenes, 3);
  EXPECT_GE(toleranceStops, 1);
  EXPECT_GE(divergences, 1);
  EXPECT_GE(multiRunScenes, 10);
}

}  // namespace
}  // namespace gradscape::core
