// The viewer's noise and schedule edits, its lr plot series and its comparison numbers: what the viewer
// shows must be what `gradscape trace` of the saved scene gives.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <memory>
#include <functional>
#include <set>
#include <string>

#include "core/error.hpp"
#include "support/error_of.hpp"
#include "core/noise.hpp"
#include "core/scene.hpp"
#include "core/schedule.hpp"
#include "core/trace.hpp"
#include "viewer/run_variation_fields.hpp"
#include "viewer/scene_fields.hpp"
#include "viewer/session.hpp"

namespace gradscape::app {
namespace {

using testing::errorOf;

// The trace a scene file gives: the session's scene saved, loaded again, run `index` traced.
std::vector<core::TracePoint> traceOfSavedScene(const Session& session, std::size_t index) {
  const core::Scene reloaded = core::parseScene(core::serializeScene(session.scene()), "saved");
  std::vector<core::TracePoint> points;
  core::traceRun(reloaded.surface.surface, reloaded.runs.at(index), [&](const core::TracePoint& p) { points.push_back(p); });
  return points;
}

void expectSamePoints(const core::TracePointsView& a, const core::TracePointsView& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].x, b[k].x) << k;
    EXPECT_EQ(a[k].y, b[k].y) << k;
  }
}

TEST(ViewerNoise, EditsGiveTheSavedScenesTraceAndStreamsFollowTheRunIndex) {
  Session session(core::articleScene());
  setSceneField(session, "runs[0].noise.sigma", {"0.5"});
  setSceneField(session, "runs[1].noise.sigma", {"0.25"});
  setSceneField(session, "runs[1].noise.seed", {"7"});
  session.recompute();
  EXPECT_EQ(session.run(1).noise, (core::NoiseSpec{0.25, 7, 1}));
  expectSamePoints(session.trace(0).points(), traceOfSavedScene(session, 0));
  expectSamePoints(session.trace(1).points(), traceOfSavedScene(session, 1));
  // Noise moves the path: the noiseless start and a noisy end differ.
  EXPECT_NE(session.trace(0).points().back().y, 0.0);

  // Run 1 becomes run 0: its stream becomes 0, as the saved file would number it, and it is traced again.
  const auto before = session.trace(1).points().toVector();
  session.removeRun(0);
  ASSERT_TRUE(session.needsRecompute());
  session.recompute();
  EXPECT_EQ(session.run(0).noise.stream, 0u);
  expectSamePoints(session.trace(0).points(), traceOfSavedScene(session, 0));
  EXPECT_NE(session.trace(0).points().back().x, before.back().x);

  // sigma 0 is the noiseless trace bit for bit.
  setSceneField(session, "runs[0].noise.sigma", {"0"});
  session.recompute();
  Session plain(core::articleScene());
  plain.recompute();
  expectSamePoints(session.trace(0).points(), plain.trace(1).points());
}

TEST(ViewerNoise, BadValuesAreRefusedAndTheRunKept) {
  Session session(core::articleScene());
  EXPECT_NE(errorOf([&] { setSceneField(session, "runs[0].noise.sigma", {"-1"}); }).find("sigma"), std::string::npos);
  EXPECT_EQ(errorOf([&] { setSceneField(session, "runs[0].noise.seed", {"1.5"}); }),
            "runs[0].noise.seed: expected a whole number in [0, 2^53 - 1], got '1.5'");
  EXPECT_EQ(session.run(0).noise, core::NoiseSpec{});
}

TEST(ViewerNoise, NewSeedsAreDistinctAndInRange) {
  std::set<std::uint64_t> seen;
  std::uint64_t seed = 0;
  for (int i = 0; i < 1000; ++i) {
    seed = nextNoiseSeed(seed);
    EXPECT_LE(seed, core::kMaxNoiseSeed);
    seen.insert(seed);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(ViewerSchedule, EditsGiveTheSavedScenesTraceAndTheLrSeriesTorchSteps) {
  Session session(core::articleScene());
  setSceneField(session, "runs[0].schedule", {"StepLR", "step_size", "50", "gamma", "0.5"});
  setSceneField(session, "runs[1].momentum", {"0.9"});
  setSceneField(session, "runs[1].schedule", {"MultiStepLR", "milestones", "20,120", "gamma", "0.25"});
  session.recompute();
  expectSamePoints(session.trace(0).points(), traceOfSavedScene(session, 0));
  expectSamePoints(session.trace(1).points(), traceOfSavedScene(session, 1));
  // lr of step k: StepLR halves every 50 steps (exact in binary), MultiStepLR quarters at 20 and at 120.
  const auto step = session.trace(0).lrSeries();
  ASSERT_EQ(step.size(), 200u);
  for (std::size_t k = 0; k < step.size(); ++k) {
    EXPECT_EQ(step[k].iteration, static_cast<std::int64_t>(k));
    EXPECT_EQ(step[k].z, 0.01 * std::pow(0.5, static_cast<double>(k / 50))) << k;
  }
  const auto multi = session.trace(1).lrSeries();
  EXPECT_EQ(multi[19].z, 0.01);
  EXPECT_EQ(multi[20].z, 0.01 * 0.25);
  EXPECT_EQ(multi[119].z, 0.01 * 0.25);
  EXPECT_EQ(multi[120].z, 0.01 * 0.25 * 0.25);
  // The comparison table's "last lr" is the lr of the last step the trace took.
  EXPECT_EQ(session.trace(0).outcome.lastLr, step.back().z);
  EXPECT_EQ(session.trace(1).outcome.lastLr, multi.back().z);

  setSceneField(session, "runs[0].schedule", {"none"});
  session.recompute();
  EXPECT_FALSE(session.run(0).schedule);
  EXPECT_EQ(session.trace(0).lrSeries().size(), 2u) << "a constant lr: its first and last step";
}

TEST(ViewerSchedule, TorchsRefusalsAreTheViewersWithThePath) {
  Session session(core::articleScene());
  EXPECT_NE(errorOf([&] { setSceneField(session, "runs[0].schedule", {"OneCycleLR", "max_lr", "0.1", "total_steps", "100"}); })
                .find("runs[0]: schedule: total_steps: 100 is fewer than the run's 200 iterations"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { setSceneField(session, "runs[0].schedule", {"Warmup"}); }).find("unknown schedule 'Warmup'"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { setSceneField(session, "runs[0].schedule", {"StepLR", "step_size"}); }), "");
  EXPECT_FALSE(session.run(0).schedule);
  // A schedule that was fine becomes wrong when the run changes under it: the change is refused.
  setSceneField(session, "runs[0].schedule", {"OneCycleLR", "max_lr", "0.1", "total_steps", "200"});
  EXPECT_NE(errorOf([&] { setSceneField(session, "runs[0].iterations", {"300"}); }).find("total_steps"), std::string::npos);
  EXPECT_EQ(session.run(0).iterations, 200);
}

TEST(ViewerSchedule, EveryTemplateIsAcceptedForEveryOptimizer) {
  using K = core::OptimizerKind;
  for (const K kind : {K::sgd, K::adam, K::adamw, K::adagrad, K::rmsprop, K::adadelta, K::adamax, K::nadam, K::radam}) {
    core::RunSpec run;
    run.optimizer = core::OptimizerConfig::defaultsFor(kind);
    for (const char* name : {"StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "CyclicLR", "OneCycleLR"}) {
      core::RunSpec scheduled;
      EXPECT_NO_THROW(scheduled = withSchedule(run, scheduleTemplate(name, run), "schedule"))
          << core::optimizerName(kind) << " " << name;
      ASSERT_TRUE(scheduled.schedule) << name;
      EXPECT_EQ(core::scheduleName(scheduled.schedule->kind), name);
    }
  }
}

TEST(ViewerComparison, BestLossIsTheLowestOnTheWay) {
  core::Scene scene = core::articleScene();
  scene.surface.surface = core::Surface::fromCatalog("rosenbrock");
  scene.runs[0].start = {-1.5, 2};
  scene.runs[0].optimizer.lr = 0.0005;
  scene.runs[0].optimizer.momentum = 0.9;  // momentum overshoots the valley floor: the end is not the best point
  scene.runs[0].iterations = 10;
  Session session(scene);
  session.recompute();
  const auto points = session.trace(0).points();
  double best = points.front().z;
  for (const auto& p : points) best = std::min(best, p.z);
  EXPECT_EQ(session.trace(0).bestLoss, best);
  EXPECT_LT(session.trace(0).bestLoss, points.back().z);
}

TEST(ViewerPointsRun, ItsStartAndOptimizerDoNotMoveButItsStyleDoes) {
  core::Scene scene = core::articleScene();
  scene.runs[0].points = std::make_shared<const std::vector<std::array<double, 2>>>(
      std::vector<std::array<double, 2>>{{0.5, 0.5}, {0.25, 0.4}, {0.1, 0.3}});
  scene.runs[0].start = {0.5, 0.5};
  scene.runs[0].iterations = 2;
  Session session(scene);
  const std::string refusal = "runs[0].start: the run carries its points: its start, optimizer and iterations are the "
                              "recorded path's; only label, colour, marker and visibility change";
  EXPECT_EQ(errorOf([&] { setSceneField(session, "runs[0].start", {"0", "0"}); }), refusal);
  EXPECT_NE(errorOf([&] { setSceneField(session, "runs[0].lr", {"0.5"}); }).find("carries its points"), std::string::npos);
  EXPECT_NE(errorOf([&] { setSceneField(session, "runs[0].noise.sigma", {"1"}); }).find("carries its points"), std::string::npos);
  EXPECT_EQ(session.run(0).start, (std::array<double, 2>{0.5, 0.5}));
  setSceneField(session, "runs[0].label", {"recorded"});
  setSceneField(session, "runs[0].color", {"#112233"});
  EXPECT_EQ(session.run(0).label, "recorded");
  session.recompute();
  ASSERT_EQ(session.trace(0).points().size(), 3u);
  EXPECT_EQ(session.trace(0).points()[2].x, 0.1);
}

}  // namespace
}  // namespace gradscape::app
