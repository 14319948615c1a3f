// An ensemble edited in the viewer is re-traced on every core: each particle's points must be traceRun's,
// bit for bit, whatever the thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/scene.hpp"
#include "core/trace.hpp"
#include "viewer/session.hpp"

namespace gradscape::app {
namespace {

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(SessionEnsemble, AnEditRetracesEveryParticleExactlyAsTraceRun) {
  const core::Scene scene = core::parseScene(R"({"surface": "rastrigin", "runs": [
      {"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.05}, "iterations": 200, "noise": {"sigma": 2, "seed": 5},
       "schedule": {"name": "StepLR", "step_size": 50, "gamma": 0.5},
       "ensemble": {"count": 300, "spread": 1, "seed": 9}},
      {"start": [-1, 2], "optimizer": {"name": "sgd", "lr": 0.001}, "iterations": 100}]})",
                                             "ensemble.json");
  Session session(scene);
  ASSERT_EQ(session.runCount(), 301u);
  session.recompute();
  for (std::size_t r = 0; r < 300; ++r) {  // the edit: every particle's lr, as the viewer's slider does
    core::RunSpec run = session.run(r);
    run.optimizer.lr = 0.03;
    session.setRun(r, run);
  }
  EXPECT_EQ(session.recompute().size(), 300u);
  std::size_t compared = 0;
  for (std::size_t r = 0; r < session.runCount(); ++r) {
    std::vector<core::TracePoint> expected;
    const core::RunOutcome outcome = core::traceRun(scene.surface.surface, session.run(r),
                                                    [&](const core::TracePoint& p) { expected.push_back(p); });
    const std::vector<core::TracePoint> got = session.trace(r).points().toVector();
    ASSERT_EQ(got.size(), expected.size()) << "run " << r;
    EXPECT_EQ(session.trace(r).outcome.lastIteration, outcome.lastIteration);
    EXPECT_EQ(session.trace(r).outcome.lastLr, outcome.lastLr) << "run " << r;
    double best = expected.empty() ? 0 : expected[0].z;
    for (const core::TracePoint& p : expected) best = std::min(best, p.z);
    EXPECT_TRUE(sameBits(session.trace(r).bestLoss, best)) << "run " << r;
    const std::vector<core::TracePoint> lrs = stepLrSeries(session.run(r), expected.empty() ? 0 : expected.size() - 1);
    ASSERT_EQ(session.trace(r).lrSeries().size(), lrs.size()) << "run " << r;
    for (std::size_t k = 0; k < lrs.size(); ++k)
      ASSERT_TRUE(lrs[k].iteration == session.trace(r).lrSeries()[k].iteration && sameBits(lrs[k].z, session.trace(r).lrSeries()[k].z))
          << "run " << r << " lr " << k;
    for (std::size_t k = 0; k < got.size(); ++k) {
      ASSERT_TRUE(sameBits(got[k].x, expected[k].x) && sameBits(got[k].y, expected[k].y) && sameBits(got[k].z, expected[k].z))
          << "run " << r << " step " << k;
      ++compared;
    }
  }
  EXPECT_GT(compared, 300u * 150);
  EXPECT_EQ(session.run(0).optimizer.lr, 0.03);
}

}  // namespace
}  // namespace gradscape::app

namespace gradscape::app {
namespace {

// The lr series refilled in place (no schedule: two points, or one for a single step) after edits that
// change lr and the number of steps, against stepLrSeries.
// The columns an ensemble's batch leaves are its particles' points by iteration, offered for exactly its runs
// and only while no particle has been traced again on its own.
TEST(SessionEnsemble, ColumnsAreOfferedOnlyWhileEveryParticleIsTheBatchs) {
  Session session(core::parseScene(R"({"surface": "himmelblau", "runs": [
      {"start": [0, 0], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 50},
      {"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.05}, "iterations": 80, "noise": {"sigma": 1, "seed": 5},
       "ensemble": {"count": 100, "spread": 1, "seed": 9}}]})",
                                   "ensemble.json"));
  session.recompute();
  const core::TraceColumns* columns = session.columns(1, 101);
  ASSERT_NE(columns, nullptr);
  ASSERT_EQ(columns->runs, 100u);
  ASSERT_EQ(columns->rows, 81u);
  for (std::size_t r = 0; r < 100; ++r)
    for (const core::TracePoint& p : session.trace(1 + r).points()) {
      const std::size_t at = columns->at(std::size_t(p.iteration), r);
      ASSERT_TRUE(sameBits(columns->x[at], p.x) && sameBits(columns->y[at], p.y) && sameBits(columns->loss[at], p.z))
          << "particle " << r << " iteration " << p.iteration;
    }
  EXPECT_EQ(session.columns(0, 101), nullptr);  // the plain run is not the batch's
  EXPECT_EQ(session.columns(1, 100), nullptr);
  EXPECT_EQ(session.columns(0, 1), nullptr);
  core::RunSpec one = session.run(7);  // one particle alone: traced by itself
  one.optimizer.lr = 0.06;
  session.setRun(7, one);
  session.recompute();
  EXPECT_EQ(session.columns(1, 101), nullptr);
  for (std::size_t r = 1; r <= 100; ++r) {  // every particle again: one batch
    core::RunSpec run = session.run(r);
    run.optimizer.lr = 0.04;
    session.setRun(r, run);
  }
  session.recompute();
  columns = session.columns(1, 101);
  ASSERT_NE(columns, nullptr);
  const core::TracePoint last = session.trace(100).points().back();
  const std::size_t at = columns->at(std::size_t(last.iteration), 99);
  EXPECT_TRUE(sameBits(columns->x[at], last.x) && sameBits(columns->loss[at], last.z));
}

// A batch's particles view its columns instead of copies of their points. An edit of every particle writes
// over the same columns; a batch of some particles gets columns of its own, and the others keep viewing
// the old ones, unchanged.
TEST(SessionEnsemble, ParticlesTracedAgainInPartLeaveTheOthersPointsAsTheyWere) {
  const core::Scene scene = core::parseScene(R"({"surface": "himmelblau", "runs": [
      {"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.05}, "iterations": 60, "noise": {"sigma": 1, "seed": 3},
       "ensemble": {"count": 100, "spread": 2, "seed": 4}}]})",
                                             "ensemble.json");
  Session session(scene);
  session.recompute();
  const core::TraceColumns* whole = session.columns(0, 100);
  ASSERT_NE(whole, nullptr);
  EXPECT_TRUE(session.trace(5).points().contiguous().empty()) << "a batch's particle views the columns";
  EXPECT_EQ(session.trace(5).points().size(), 61u);
  const auto setLr = [&](std::size_t first, std::size_t end, double lr) {
    for (std::size_t r = first; r < end; ++r) {
      core::RunSpec run = session.run(r);
      run.optimizer.lr = lr;
      session.setRun(r, run);
    }
    session.recompute();
  };
  setLr(0, 100, 0.04);
  EXPECT_EQ(session.columns(0, 100), whole) << "the whole ensemble again: its columns written over, none allocated";
  setLr(10, 40, 0.07);  // 30 particles: a batch of their own
  EXPECT_EQ(session.columns(0, 100), nullptr);
  EXPECT_TRUE(session.trace(20).points().contiguous().empty());
  for (std::size_t r = 0; r < 100; ++r) {
    std::vector<core::TracePoint> expected;
    core::traceRun(scene.surface.surface, session.run(r), [&](const core::TracePoint& p) { expected.push_back(p); });
    const core::TracePointsView got = session.trace(r).points();
    ASSERT_EQ(got.size(), expected.size()) << "particle " << r;
    for (std::size_t k = 0; k < got.size(); ++k)
      ASSERT_TRUE(got[k].iteration == expected[k].iteration && sameBits(got[k].x, expected[k].x) &&
                  sameBits(got[k].y, expected[k].y) && sameBits(got[k].z, expected[k].z))
          << "particle " << r << " step " << k;
  }
}

TEST(SessionEnsemble, LrSeriesRefilledInPlaceMatchAFreshOneAfterEachEdit) {
  Session session(core::parseScene(R"({"surface": "himmelblau", "runs": [
      {"start": [0, 0], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 50, "ensemble": {"count": 40, "grid": true}}]})",
                                   "lr.json"));
  session.recompute();
  for (const auto& [lr, iterations] : {std::pair{0.02, std::int64_t{50}}, std::pair{0.03, std::int64_t{1}},
                                       std::pair{0.04, std::int64_t{0}}, std::pair{0.05, std::int64_t{30}}}) {
    for (std::size_t r = 0; r < session.runCount(); ++r) {
      core::RunSpec run = session.run(r);
      run.optimizer.lr = lr;
      run.iterations = iterations;
      session.setRun(r, run);
    }
    ASSERT_EQ(session.recompute().size(), session.runCount());
    for (std::size_t r = 0; r < session.runCount(); ++r) {
      const auto points = session.trace(r).points();
      const std::vector<core::TracePoint> expected = stepLrSeries(session.run(r), points.empty() ? 0 : points.size() - 1);
      const std::vector<core::TracePoint> got = session.trace(r).lrSeries().toVector();
      ASSERT_EQ(got.size(), expected.size()) << "lr " << lr << ", run " << r;
      ASSERT_EQ(got.size(), iterations == 0 ? 0u : iterations == 1 ? 1u : 2u) << "lr " << lr;
      for (std::size_t k = 0; k < got.size(); ++k)
        ASSERT_TRUE(got[k].iteration == expected[k].iteration && sameBits(got[k].z, expected[k].z) && got[k].z == lr)
            << "lr " << lr << ", run " << r << ", point " << k;
    }
  }
}

// The renderer reads particles' points where the session keeps them (SessionUploader::sync), so an uploader
// handed another session must see a new layout and replace every run, even for the same scene and edits.
TEST(SessionEnsemble, LayoutVersionsAreNeverSharedBetweenSessions) {
  const core::Scene scene = core::parseScene(R"({"surface": "himmelblau", "runs": [
      {"start": [1, 1], "optimizer": {"name": "adam", "lr": 0.05}, "iterations": 20,
       "ensemble": {"count": 40, "spread": 1, "seed": 9}}]})",
                                             "ensemble.json");
  Session a(scene), b(scene);
  EXPECT_NE(a.versions().layout, b.versions().layout);
  const std::uint64_t before = a.versions().layout;
  a.removeRun(39);
  b.removeRun(39);
  EXPECT_NE(a.versions().layout, before);
  EXPECT_NE(a.versions().layout, b.versions().layout);
  a.replaceScene(scene);
  b.replaceScene(scene);
  EXPECT_NE(a.versions().layout, b.versions().layout);
}

}  // namespace
}  // namespace gradscape::app
