// What the session keeps for the frame's loops over all runs (last iteration, the runs that are not
// particles, whether any run has a schedule, the content version) against a scan of every run, after each
// kind of edit: a run's iterations cut (the last iteration drops), tolerance, runs added, duplicated and
// removed (the longest one), visibility, a schedule added, a new scene.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/run_expansion.hpp"
#include "core/scene.hpp"
#include "viewer/session.hpp"

namespace gradscape::app {
namespace {

void expectIndexAsScanned(const Session& session, const std::string& after) {
  std::int64_t last = 0;
  std::vector<std::size_t> plain;
  bool scheduled = false;
  for (std::size_t i = 0; i < session.runCount(); ++i) {
    const auto points = session.trace(i).points();
    if (!points.empty()) last = std::max(last, points.back().iteration);
    const auto& group = session.run(i).group;
    if (!(group && group->ensemble)) plain.push_back(i);
    scheduled = scheduled || session.run(i).schedule.has_value();
  }
  EXPECT_EQ(session.lastIteration(), last) << after;
  EXPECT_EQ(session.plainRuns(), plain) << after;
  EXPECT_EQ(session.anySchedule(), scheduled) << after;
}

TEST(SessionIndex, FollowsEveryKindOfEditAsAScanOfAllRunsWould) {
  Session session(core::parseScene(R"({"surface": "himmelblau", "runs": [
      {"start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 150},
      {"start": [0, 0], "optimizer": {"name": "adam", "lr": 0.05}, "iterations": 40, "ensemble": {"count": 30, "grid": true}},
      {"start": [-1, 2], "optimizer": {"name": "sgd", "lr": 0.001}, "iterations": 90}]})",
                                   "index.json"));
  ASSERT_EQ(session.runCount(), 32u);
  expectIndexAsScanned(session, "load (nothing traced)");
  session.recompute();
  expectIndexAsScanned(session, "first trace");
  ASSERT_EQ(session.lastIteration(), 150);
  ASSERT_EQ(session.plainRuns().size(), 2u);

  std::uint64_t version = session.contentVersion();
  const auto bumped = [&](const std::string& what) {
    EXPECT_NE(session.contentVersion(), version) << what << " left the content version";
    version = session.contentVersion();
  };
  core::RunSpec longest = session.run(0);
  longest.iterations = 60;  // no longer the longest: the last iteration drops to another run's
  session.setRun(0, longest);
  bumped("setRun");
  session.recompute();
  bumped("recompute");
  expectIndexAsScanned(session, "the longest run cut to 60");
  EXPECT_EQ(session.lastIteration(), 90);

  core::RunSpec particle = session.run(5);
  particle.iterations = 300;  // one particle longer than every run
  session.setRun(5, particle);
  session.recompute();
  expectIndexAsScanned(session, "a particle made the longest");
  EXPECT_EQ(session.lastIteration(), 300);

  core::RunSpec stops = session.run(5);
  stops.tolerance = 1e9;  // stops at once
  session.setRun(5, stops);
  session.recompute();
  expectIndexAsScanned(session, "the longest stopped by tolerance");

  session.setVisible(2, false);
  bumped("setVisible");
  const std::size_t added = session.addRun(session.newRunTemplate());
  bumped("addRun");
  expectIndexAsScanned(session, "a run added, not traced yet");
  core::RunSpec scheduled = session.run(added);
  scheduled.iterations = 500;
  scheduled.schedule = core::parseScene(R"({"surface": "himmelblau", "runs": [{"start": [0, 0], "iterations": 500,
      "schedule": {"name": "StepLR", "step_size": 10}}]})", "s.json").runs[0].schedule;
  session.setRun(added, scheduled);
  session.recompute();
  expectIndexAsScanned(session, "a scheduled run of 500");
  EXPECT_TRUE(session.anySchedule());
  EXPECT_EQ(session.lastIteration(), 500);

  session.duplicateRun(1);
  session.recompute();
  expectIndexAsScanned(session, "a particle duplicated");
  session.removeRun(added);
  bumped("removeRun");
  expectIndexAsScanned(session, "the longest and only scheduled run removed");
  EXPECT_FALSE(session.anySchedule());
  session.removeRun(0);
  expectIndexAsScanned(session, "the first run removed");

  session.replaceScene(core::parseScene(R"({"surface": "himmelblau", "runs": [
      {"start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 7}]})", "b.json"));
  expectIndexAsScanned(session, "a new scene");
  session.recompute();
  expectIndexAsScanned(session, "a new scene traced");
  EXPECT_EQ(session.lastIteration(), 7);
}

}  // namespace
}  // namespace gradscape::app
