// Learning-rate schedules and gradient noise: torch's scheduler values bit for bit, traces with schedules
// and noise bit for bit (tests/data/oracle/schedule_* and noise_*), torch's refusals, and sigma 0 = no noise.
#include <gtest/gtest.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/scene.hpp"
#include "core/schedule.hpp"
#include "core/trace.hpp"

namespace gradscape::core {
namespace {

const std::string kOracleDir = std::string(GRADSCAPE_TEST_DATA) + "/oracle";

std::string readText(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

double number(const std::string& text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// The momentum torch's param_group holds: betas[0] for the Adam family, else momentum.
double groupMomentum(const OptimizerConfig& group) {
  switch (group.kind) {
    case OptimizerKind::sgd:
    case OptimizerKind::rmsprop: return group.momentum;
    case OptimizerKind::adagrad:
    case OptimizerKind::adadelta: return 0;
    default: return group.betas[0];
  }
}

// schedule_lrs.csv: torch's lr and momentum after the constructor and after every step of each sequence
// of schedule_lrs.scene, written by tests/oracle/gen_torch_traces.py.
TEST(ScheduleOracle, LrAndMomentumAreTorchsBitForBit) {
  const Scene scene = parseScene(readText(kOracleDir + "/schedule_lrs.scene"), "schedule_lrs.scene");
  std::ifstream csv(kOracleDir + "/schedule_lrs.csv");
  std::string line;
  std::getline(csv, line);
  ASSERT_EQ(line, "sequence,step,lr,momentum");
  std::vector<std::vector<std::array<double, 2>>> expected(scene.runs.size());
  while (std::getline(csv, line)) {
    std::vector<std::string> fields;
    std::stringstream row(line);
    for (std::string field; std::getline(row, field, ',');) fields.push_back(field);
    ASSERT_EQ(fields.size(), 4u) << line;
    expected.at(std::stoul(fields[0])).push_back({number(fields[2]), number(fields[3])});
  }
  std::set<ScheduleKind> kinds;
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    const RunSpec& run = scene.runs[i];
    ASSERT_TRUE(run.schedule);
    kinds.insert(run.schedule->kind);
    OptimizerConfig group = run.optimizer;
    LrScheduler scheduler(*run.schedule, group);
    ASSERT_EQ(expected[i].size(), static_cast<std::size_t>(run.iterations + 1)) << "sequence " << i;
    for (std::size_t step = 0; step < expected[i].size(); ++step) {
      EXPECT_EQ(group.lr, expected[i][step][0]) << "sequence " << i << " (" << scheduleName(run.schedule->kind) << ") step " << step;
      EXPECT_EQ(groupMomentum(group), expected[i][step][1]) << "sequence " << i << " step " << step;
      scheduler.step(group);
    }
  }
  EXPECT_EQ(kinds.size(), 7u) << "every schedule class";
}

// The trace fixtures with schedules and noise: torch.optim + torch.optim.lr_scheduler + noise added to
// .grad. Polynomial surfaces, so nothing but IEEE arithmetic: every value must be the same bits.
TEST(ScheduleOracle, TracesWithSchedulesAndNoiseAreTorchsBitForBit) {
  int cases = 0, values = 0;
  std::set<std::string> argumentsSet;
  for (const char* name : {"schedule_step_multistep_exponential", "schedule_cosine_linear", "schedule_cyclic",
                           "schedule_one_cycle", "noise_quadratic"}) {
    const Scene scene = loadScene(kOracleDir + "/" + name + ".json");
    std::ifstream csv(kOracleDir + "/" + std::string(name) + ".csv");
    std::string line;
    std::getline(csv, line);
    std::vector<std::string> expected;
    while (std::getline(csv, line)) expected.push_back(line);
    std::vector<std::string> ours;
    for (std::size_t run = 0; run < scene.runs.size(); ++run) {
      traceRun(scene.surface.surface, scene.runs[run], [&](const TracePoint& p) {
        auto text = [](double v) {
          std::ostringstream out;
          out.precision(17);
          out << v;
          return out.str();
        };
        ours.push_back(std::to_string(run) + "," + std::to_string(p.iteration) + "," + text(p.x) + "," + text(p.y) + "," + text(p.z));
      });
    }
    // Compare as numbers (Python's repr and ours may spell the same double differently).
    ASSERT_EQ(ours.size(), expected.size()) << name;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      std::stringstream a(ours[i]), b(expected[i]);
      for (std::string fa, fb; std::getline(a, fa, ',') && std::getline(b, fb, ',');) {
        EXPECT_EQ(number(fa), number(fb)) << name << " row " << i + 2 << ": " << ours[i] << " vs " << expected[i];
        ++values;
      }
    }
    ++cases;
  }
  EXPECT_EQ(cases, 5);
  EXPECT_GT(values, 10000);
}

TEST(Noise, SigmaZeroIsTheNoiselessTraceBitForBit) {
  const char* json = R"({"surface": "rosenbrock", "runs": [
    {"start": [-1.5, 2], "optimizer": {"name": "adam", "lr": 0.01}, "iterations": 400},
    {"start": [-1.5, 2], "optimizer": {"name": "adam", "lr": 0.01}, "iterations": 400, "noise": {"sigma": 0, "seed": 9}},
    {"start": [-1.5, 2], "optimizer": {"name": "adam", "lr": 0.01}, "iterations": 400, "noise": {"sigma": 1e-3, "seed": 9}}]})";
  const Scene scene = parseScene(json, "t");
  std::vector<std::vector<TracePoint>> traces(3);
  for (std::size_t r = 0; r < 3; ++r) traceRun(scene.surface.surface, scene.runs[r], [&](const TracePoint& p) { traces[r].push_back(p); });
  ASSERT_EQ(traces[0].size(), traces[1].size());
  for (std::size_t k = 0; k < traces[0].size(); ++k) {
    EXPECT_EQ(traces[0][k].x, traces[1][k].x);
    EXPECT_EQ(traces[0][k].y, traces[1][k].y);
  }
  EXPECT_NE(traces[0].back().x, traces[2].back().x) << "noise must change the path";
  // Streams are run indices: the same noise on run 2 as a fresh generator keyed (9, 2, k) gives.
  EXPECT_EQ(scene.runs[2].noise.stream, 2u);
}

TEST(Noise, ReproducesTheDocumentedGeneratorStepByStep) {
  const Scene scene = parseScene(R"({"surface": "quadratic", "runs": [{"start": [1, 1]},
      {"start": [0.5, -1], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 50, "noise": {"sigma": 0.3, "seed": 77}}]})", "t");
  std::vector<TracePoint> points;
  traceRun(scene.surface.surface, scene.runs[1], [&](const TracePoint& p) { points.push_back(p); });
  // By hand: g = (2x, 20y) on x^2 + 10y^2, plus 0.3 * normalPair(77, stream 1, k), then x -= 0.01 g.
  double x = 0.5, y = -1;
  for (std::int64_t k = 1; k <= 50; ++k) {
    const auto z = normalPair(77, 1, static_cast<std::uint32_t>(k));
    const double gx = 2 * x + 0.3 * z[0], gy = y * 20 + 0.3 * z[1];
    x = x + -0.01 * gx;
    y = y + -0.01 * gy;
    EXPECT_EQ(points[static_cast<std::size_t>(k)].x, x) << k;
    EXPECT_EQ(points[static_cast<std::size_t>(k)].y, y) << k;
  }
}

TEST(ScheduleValidation, RefusesWhatTorchRefuses) {
  auto refusal = [](const ScheduleSpec& s, OptimizerKind kind, std::int64_t iterations = 10) -> std::string {
    try {
      validate(s, kind, iterations);
    } catch (const Error& error) {
      return error.what();
    }
    return "";
  };
  ScheduleSpec cyclic = ScheduleSpec::defaultsFor(ScheduleKind::CyclicLR);
  EXPECT_EQ(refusal(cyclic, OptimizerKind::sgd), "");
  EXPECT_EQ(refusal(cyclic, OptimizerKind::rmsprop), "");
  EXPECT_NE(refusal(cyclic, OptimizerKind::adam).find("cycle_momentum: optimizer must support momentum"), std::string::npos);
  cyclic.cycleMomentum = false;
  EXPECT_EQ(refusal(cyclic, OptimizerKind::adam), "");

  ScheduleSpec oneCycle = ScheduleSpec::defaultsFor(ScheduleKind::OneCycleLR);
  oneCycle.totalSteps = 10;
  EXPECT_EQ(refusal(oneCycle, OptimizerKind::adam, 10), "");
  EXPECT_EQ(refusal(oneCycle, OptimizerKind::sgd, 10), "");
  EXPECT_NE(refusal(oneCycle, OptimizerKind::adagrad, 10).find("neither momentum nor betas"), std::string::npos);
  EXPECT_NE(refusal(oneCycle, OptimizerKind::adam, 11).find("total_steps: 10 is fewer than the run's 11 iterations"), std::string::npos);

  ScheduleSpec linear = ScheduleSpec::defaultsFor(ScheduleKind::LinearLR);
  linear.startFactor = 1.5;
  EXPECT_NE(refusal(linear, OptimizerKind::sgd).find("start_factor: expected to be between 0 and 1"), std::string::npos);
}

TEST(ScheduleDefaults, AreTorchs) {
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::StepLR).gamma, 0.1);
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::CyclicLR).gamma, 1.0);
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::CyclicLR).baseMomentum, 0.8);
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::CyclicLR).stepSizeUp, 2000);
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::OneCycleLR).baseMomentum, 0.85);
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::OneCycleLR).maxMomentum, 0.95);
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::OneCycleLR).divFactor, 25);
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::OneCycleLR).finalDivFactor, 1e4);
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::LinearLR).startFactor, 1.0 / 3);
  EXPECT_EQ(ScheduleSpec::defaultsFor(ScheduleKind::LinearLR).totalIters, 5);
}

TEST(ScheduleScene, SavesAndLoadsBackTheSame) {
  const char* json = R"({"surface": "saddle", "runs": [
    {"start": [1, 0], "optimizer": {"name": "sgd", "lr": 0.1, "momentum": 0.9}, "iterations": 100,
     "schedule": {"name": "CyclicLR", "base_lr": 0.001, "max_lr": 0.1, "step_size_up": 10, "mode": "exp_range", "gamma": 0.99},
     "noise": {"sigma": 0.25, "seed": 3}},
    {"start": [1, 0], "optimizer": "adam", "iterations": 100,
     "schedule": {"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 100, "three_phase": true, "anneal_strategy": "linear"}},
    {"start": [1, 0], "iterations": 100, "schedule": {"name": "MultiStepLR", "milestones": [10, 20]}}]})";
  const Scene scene = parseScene(json, "t");
  const std::string saved = serializeScene(scene);
  const Scene again = parseScene(saved, "saved");
  EXPECT_EQ(serializeScene(again), saved);
  for (std::size_t i = 0; i < scene.runs.size(); ++i) {
    EXPECT_EQ(again.runs[i].schedule, scene.runs[i].schedule) << i;
    EXPECT_EQ(again.runs[i].noise, scene.runs[i].noise) << i;
  }
  EXPECT_NE(saved.find("\"exp_range\""), std::string::npos);
}

}  // namespace
}  // namespace gradscape::core
