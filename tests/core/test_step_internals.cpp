// Optimizer internals at an iteration: the replay lands on the trace's points bit for bit (every optimizer,
// with noise and schedules), and the state matches a hand computation of torch's update.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <string>
#include <vector>

#include "core/scene.hpp"
#include "core/step_internals.hpp"
#include "core/trace.hpp"

namespace gradscape::core {
namespace {

Scene sceneWithRun(const std::string& surface, const std::string& runJson) {
  return parseScene(R"({"surface": )" + surface + R"(, "runs": [)" + runJson + "]}", "test");
}

std::vector<std::array<double, 2>> traced(const Scene& scene) {
  std::vector<std::array<double, 2>> points;
  traceRun(scene.surface.surface, scene.runs[0], [&](const TracePoint& p) { points.push_back({p.x, p.y}); });
  return points;
}

const char* const kOptimizerRuns[] = {
    R"({"name": "sgd", "lr": 0.002})",
    R"({"name": "sgd", "lr": 0.001, "momentum": 0.9})",
    R"({"name": "sgd", "lr": 0.001, "momentum": 0.9, "nesterov": true, "weight_decay": 0.01})",
    R"({"name": "adam", "lr": 0.05})",
    R"({"name": "adam", "lr": 0.05, "amsgrad": true, "weight_decay": 0.1})",
    R"({"name": "adamw", "lr": 0.05})",
    R"({"name": "rmsprop", "lr": 0.01})",
    R"({"name": "rmsprop", "lr": 0.01, "momentum": 0.5, "centered": true})",
    R"({"name": "adagrad", "lr": 0.3, "lr_decay": 0.01})",
    R"({"name": "adadelta", "lr": 1})",
    R"({"name": "adamax", "lr": 0.05})",
    R"({"name": "nadam", "lr": 0.05})",
    R"({"name": "radam", "lr": 0.05})",
};

// For every optimizer, plain, noisy and scheduled: the replay's points are the trace's, each bit, at every
// iteration asked for, and the step shown is the trace's x_{k+1} - x_k.
TEST(StepInternals, ReplayLandsOnTheTraceBitForBit) {
  const std::string extras[] = {"", R"(, "noise": {"sigma": 3, "seed": 7})",
                                R"(, "schedule": {"name": "StepLR", "step_size": 5, "gamma": 0.7})"};
  for (const char* optimizer : kOptimizerRuns)
    for (const std::string& extra : extras) {
      const Scene scene = sceneWithRun(R"("beale")", std::string(R"({"start": [1, 1.5], "iterations": 60, "optimizer": )") +
                                                         optimizer + extra + "}");
      const auto trace = traced(scene);
      ASSERT_GE(trace.size(), 3u) << optimizer << extra;
      const auto last = static_cast<std::int64_t>(trace.size()) - 1;  // 60, or where the run diverged
      for (std::int64_t asked : {0, 1, 17, 59, 60}) {
        const std::int64_t k = std::min(asked, last);
        std::vector<std::array<double, 2>> replayed;
        const StepInternals in = stepInternals(scene.surface.surface, scene.runs[0], asked, &replayed);
        ASSERT_EQ(replayed.size(), static_cast<std::size_t>(std::min(k + 2, last + 1))) << optimizer << extra;
        for (std::size_t i = 0; i < replayed.size(); ++i) {
          ASSERT_EQ(std::bit_cast<std::uint64_t>(replayed[i][0]), std::bit_cast<std::uint64_t>(trace[i][0])) << optimizer << extra << " k " << k;
          ASSERT_EQ(std::bit_cast<std::uint64_t>(replayed[i][1]), std::bit_cast<std::uint64_t>(trace[i][1])) << optimizer << extra << " k " << k;
        }
        EXPECT_EQ(in.iteration, k);
        EXPECT_EQ(in.point, trace[static_cast<std::size_t>(k)]);
        EXPECT_EQ(in.hasStep, k < last);
        if (in.hasStep) {
          EXPECT_EQ(in.step[0], trace[k + 1][0] - trace[k][0]);
          EXPECT_EQ(in.step[1], trace[k + 1][1] - trace[k][1]);
          EXPECT_EQ(in.gradient[0] != in.usedGradient[0], extra.find("noise") != std::string::npos) << optimizer << extra;
        }
      }
    }
}

// With no weight decay the state arrow of these optimizers is the whole step: it must agree with the trace's
// step to rounding (a wrong bias correction or a stale accumulator is off by far more).
TEST(StepInternals, StateArrowIsTheStepWhereTheOptimizerIsOnlyItsState) {
  const char* const whole[] = {
      R"({"name": "sgd", "lr": 0.001, "momentum": 0.9})", R"({"name": "adam", "lr": 0.05})",
      R"({"name": "adam", "lr": 0.05, "amsgrad": true})", R"({"name": "rmsprop", "lr": 0.01})",
      R"({"name": "rmsprop", "lr": 0.01, "momentum": 0.5, "centered": true})",
      R"({"name": "adagrad", "lr": 0.3, "lr_decay": 0.01})", R"({"name": "adadelta", "lr": 1})",
      R"({"name": "adamax", "lr": 0.05})"};
  for (const char* optimizer : whole) {
    const Scene scene = sceneWithRun(R"("beale")", std::string(R"({"start": [1, 1.5], "iterations": 40, "optimizer": )") + optimizer +
                                                       R"(, "schedule": {"name": "ExponentialLR", "gamma": 0.95}})");
    for (std::int64_t k : {0, 3, 25}) {
      const StepInternals in = stepInternals(scene.surface.surface, scene.runs[0], k);
      ASSERT_TRUE(in.hasState) << optimizer;
      for (int i = 0; i < 2; ++i)
        EXPECT_NEAR(in.stateStep[i], in.step[i], 1e-12 * std::abs(in.step[i]) + 1e-300) << optimizer << " k " << k << " i " << i;
    }
  }
}

// By hand on f = x^2 + 10 y^2 (gradient (2x, 20y)) from (1, 1).
TEST(StepInternals, MatchesAHandComputation) {
  const std::string surface = R"({"expression": "x^2 + 10*y^2"})";
  {  // sgd momentum 0.5, lr 0.01: g0 = (2, 20), x1 = (0.98, 0.8), g1 = (1.96, 16), buffer = 0.5 g0 + g1.
    const Scene scene = sceneWithRun(surface, R"({"start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.01, "momentum": 0.5}})");
    const StepInternals in = stepInternals(scene.surface.surface, scene.runs[0], 1);
    EXPECT_DOUBLE_EQ(in.point[0], 0.98);
    EXPECT_DOUBLE_EQ(in.point[1], 0.8);
    EXPECT_DOUBLE_EQ(in.gradient[0], 1.96);
    EXPECT_DOUBLE_EQ(in.gradient[1], 16);
    ASSERT_EQ(in.stateValues.size(), 1u);
    EXPECT_EQ(in.stateValues[0].name, "momentum_buffer");
    EXPECT_DOUBLE_EQ(in.stateValues[0].value[0], 2.96);
    EXPECT_DOUBLE_EQ(in.stateValues[0].value[1], 26);
    EXPECT_DOUBLE_EQ(in.stateStep[0], -0.0296);
    EXPECT_DOUBLE_EQ(in.step[1], -0.26);
    EXPECT_EQ(in.stateName, "velocity");
    // The Hessian of x^2 + 10 y^2 is diag(2, 20): eigenvalues 20 and 2, condition 10, the larger along y.
    EXPECT_DOUBLE_EQ(in.eigen.values[0], 20);
    EXPECT_DOUBLE_EQ(in.eigen.values[1], 2);
    EXPECT_DOUBLE_EQ(in.eigen.condition, 10);
    EXPECT_NEAR(std::abs(in.eigen.vectors[0][1]), 1, 1e-15);
  }
  {  // adam's first step: m_hat = g, v_hat = g^2, so the effective step is -lr g / (|g| + eps) ~ -lr sign(g).
    const Scene scene = sceneWithRun(surface, R"({"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.1}})");
    const StepInternals in = stepInternals(scene.surface.surface, scene.runs[0], 0);
    ASSERT_EQ(in.stateValues.size(), 2u);
    EXPECT_DOUBLE_EQ(in.stateValues[0].value[1], 20);   // m_hat
    EXPECT_DOUBLE_EQ(in.stateValues[1].value[1], 400);  // v_hat
    EXPECT_DOUBLE_EQ(in.stateStep[0], -0.1 * 2 / (2 + 1e-8));
    EXPECT_DOUBLE_EQ(in.stateStep[1], -0.1 * 20 / (20 + 1e-8));
    EXPECT_DOUBLE_EQ(in.lr, 0.1);
  }
  {  // A schedule: StepLR halving every step, so step k + 1 uses lr 0.1 / 2^k.
    const Scene scene = sceneWithRun(surface, R"({"start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.1},
                                                  "schedule": {"name": "StepLR", "step_size": 1, "gamma": 0.5}})");
    EXPECT_DOUBLE_EQ(stepInternals(scene.surface.surface, scene.runs[0], 3).lr, 0.0125);
    EXPECT_FALSE(stepInternals(scene.surface.surface, scene.runs[0], 3).hasState);  // plain sgd has none
  }
}

// Past the end (tolerance stop here) the last written point is shown, with no step.
TEST(StepInternals, ClampsToTheLastWrittenPoint) {
  const Scene scene = sceneWithRun(R"({"expression": "x^2 + y^2"})",
                                   R"({"start": [1, 1], "tolerance": 1e-3, "iterations": 5000, "optimizer": {"name": "sgd", "lr": 0.1}})");
  const auto trace = traced(scene);
  ASSERT_LT(trace.size(), 100u);
  const StepInternals in = stepInternals(scene.surface.surface, scene.runs[0], 4000);
  EXPECT_EQ(in.iteration, static_cast<std::int64_t>(trace.size()) - 1);
  EXPECT_EQ(in.point, trace.back());
  EXPECT_FALSE(in.hasStep);
}

}  // namespace
}  // namespace gradscape::core
