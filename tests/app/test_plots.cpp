// The plots' loss axis (default rule, log ticks), hover readout and ensemble bands, checked against
// values computed here from the traces.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "support/headless_imgui.hpp"
#include "viewer/ensemble_band.hpp"
#include "viewer/plot_axis.hpp"
#include "viewer/plots.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {
namespace {

// The percentile as numpy computes it by default, written out on a sorted copy.
double sortedPercentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  if (below + 1 >= values.size()) return values.back();
  return values[below] + (values[below + 1] - values[below]) * (position - static_cast<double>(below));
}

std::vector<core::TracePoint> series(std::vector<double> values) {
  std::vector<core::TracePoint> points;
  for (std::size_t k = 0; k < values.size(); ++k) points.push_back({static_cast<std::int64_t>(k), 0, 0, values[k]});
  return points;
}

TEST(PlotAxis, PercentileInterpolatesBetweenOrderStatistics) {
  std::vector<double> values{5, 1, 4, 2, 3, 10, -1};
  for (const double p : {0.0, 0.1, 0.5, 0.9, 1.0}) {
    std::vector<double> copy = values;
    EXPECT_DOUBLE_EQ(percentile(copy, p), sortedPercentile(values, p)) << p;
  }
  EXPECT_NEAR(sortedPercentile(values, 0.1), -1 + 0.6 * 2, 1e-12);  // (n-1) p = 0.6 between -1 and 1
}

TEST(PlotAxis, EnsembleBandHoldsStoppedParticlesAndDropsDivergedOnes) {
  const auto full = series({8, 6, 4, 2, 1});
  const auto converged = series({3, 2});          // stopped at tolerance after iteration 1: holds 2
  const auto diverged = series({100, 200, 400});  // diverged after iteration 2: leaves from iteration 3
  const auto another = series({7, 5, 3, 1, 0.5});
  const std::vector<BandMember> members{{full, false}, {converged, false}, {diverged, true}, {another, false}};
  const EnsembleBand band = ensembleBand(std::span<const BandMember>(members), 4,
                                         [](const core::TracePoint& point) { return point.z; });
  ASSERT_EQ(band.mean.size(), 5u);
  // What a reader expects at each iteration, written out from the rule.
  const std::vector<std::vector<double>> expected{{8, 3, 100, 7}, {6, 2, 200, 5}, {4, 2, 400, 3}, {2, 2, 1}, {1, 2, 0.5}};
  for (std::size_t t = 0; t < expected.size(); ++t) {
    double sum = 0;
    for (const double v : expected[t]) sum += v;
    EXPECT_EQ(band.count[t], expected[t].size()) << t;
    EXPECT_DOUBLE_EQ(band.mean[t], sum / static_cast<double>(expected[t].size())) << t;
    EXPECT_DOUBLE_EQ(band.low[t], sortedPercentile(expected[t], 0.1)) << t;
    EXPECT_DOUBLE_EQ(band.high[t], sortedPercentile(expected[t], 0.9)) << t;
  }
}

TEST(PlotAxis, DefaultIsLogOnlyForPositiveValuesOverMoreThanTwoDecades) {
  EXPECT_TRUE(defaultLogAxis(0.01, 1.5));
  EXPECT_FALSE(defaultLogAxis(0.01, 0.99));   // 1.99 decades
  EXPECT_FALSE(defaultLogAxis(0, 1e6));       // a zero cannot be drawn in log
  EXPECT_FALSE(defaultLogAxis(-1, 1e6));
  EXPECT_TRUE(lossAxisIsLog(LossAxis::log, -1, 1));
  EXPECT_FALSE(lossAxisIsLog(LossAxis::linear, 1e-9, 1e9));
  EXPECT_EQ(parseLossAxis("auto", "p"), LossAxis::automatic);
  EXPECT_THROW(parseLossAxis("logarithmic", "plots.loss_axis"), Error);
}

TEST(PlotAxis, LogTicksAreDecadesThinnedToFit) {
  const LogTicks few = logAxisTicks(-2.3, 1.2, 8);
  EXPECT_EQ(few.major, (std::vector<double>{0.01, 0.1, 1, 10}));
  EXPECT_FALSE(few.minor.empty());
  for (const double v : few.minor) EXPECT_TRUE(v > std::pow(10, -2.3) && v < std::pow(10, 1.2)) << v;
  const LogTicks many = logAxisTicks(-30.5, 2.5, 5);
  EXPECT_LE(many.major.size(), 5u);
  EXPECT_GE(many.major.size(), 3u);
  EXPECT_TRUE(many.minor.empty());
  EXPECT_EQ(decadeLabel(0.01), "0.01");
  EXPECT_EQ(decadeLabel(1000), "1000");
  EXPECT_EQ(decadeLabel(1e-5), "1e-5");
  EXPECT_EQ(decadeLabel(1e6), "1e6");
}

// The plots window in a headless ImGui frame at a known place, with the mouse where the test puts it.
class PlotsHarness {
 public:
  static inline const ImVec2 kPosition{400, 684}, kSize{800, 216};
  // Two frames: ImGui finds the hovered window from the previous frame's.
  void draw(ViewerState& state, ImVec2 mouse = ImVec2(-1, -1)) {
    for (int i = 0; i < 2; ++i) {
      ImGui::GetIO().MousePos = mouse;
      ImGui::NewFrame();
      plots.draw(state, kPosition, kSize);
      ImGui::Render();
    }
  }
  PlotsWindow plots;

 private:
  gradscape::testing::HeadlessImGui context_{ImVec2(1200, 900)};
};

ViewerState stateOf(const std::string& json) {
  ViewerState state(core::parseScene(json, "test.json"));
  state.session.recompute();
  state.playback.setLast(state.session.lastIteration());
  return state;
}

TEST(PlotAxis, LossAxisFollowsTheDefaultRuleAndTheUsersChoice) {
  PlotsHarness harness;
  // SGD in a quadratic bowl: the loss falls geometrically over many decades, staying positive: log.
  ViewerState wide = stateOf(R"({"surface": {"name": "quadratic"}, "runs": [
      {"start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.04}, "iterations": 100}]})");
  harness.draw(wide);
  const auto points = wide.session.trace(0).points();
  double low = std::numeric_limits<double>::infinity(), high = 0;
  for (const auto& p : points) low = std::min(low, p.z), high = std::max(high, p.z);
  ASSERT_GT(low, 0);
  ASSERT_GT(high / low, 100);
  EXPECT_TRUE(wide.lossPlot.logShown);
  wide.lossPlot.axis = LossAxis::linear;
  harness.draw(wide);
  EXPECT_FALSE(wide.lossPlot.logShown);

  // A quadratic bowl run for a few steps: within two decades, linear unless asked.
  ViewerState narrow = stateOf(R"({"surface": {"name": "quadratic"}, "runs": [
      {"start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 20}]})");
  const auto few = narrow.session.trace(0).points();
  ASSERT_LT(few.front().z / few.back().z, 100);
  harness.draw(narrow);
  EXPECT_FALSE(narrow.lossPlot.logShown);
  narrow.lossPlot.axis = LossAxis::log;
  harness.draw(narrow);
  EXPECT_TRUE(narrow.lossPlot.logShown);
}

TEST(PlotAxis, HoverReadsTheNearestRunsExactValue) {
  PlotsHarness harness;
  ViewerState state = stateOf(R"({"surface": {"name": "quadratic"}, "runs": [
      {"label": "near", "start": [0.2, 0.2], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 300},
      {"label": "far", "start": [1, 1], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 300}]})");
  const float plotLeft = PlotsHarness::kPosition.x + PlotsHarness::kSize.x * 2 / 3 + 10;
  const float x = plotLeft + (PlotsHarness::kPosition.x + PlotsHarness::kSize.x - 10 - plotLeft) / 2;
  for (const bool top : {true, false}) {
    const float y = top ? PlotsHarness::kPosition.y + 30 : PlotsHarness::kPosition.y + PlotsHarness::kSize.y - 30;
    harness.draw(state, ImVec2(x, y));
    const PlotHover& hover = state.lossPlot.hover;
    ASSERT_TRUE(hover.active);
    EXPECT_NEAR(static_cast<double>(hover.iteration), 150, 15);
    const auto t = static_cast<std::size_t>(hover.iteration);
    // The higher curve near the top, the lower near the bottom; the value exactly the trace's.
    const double a = state.session.trace(0).points().at(t).z, b = state.session.trace(1).points().at(t).z;
    const std::size_t expected = (a > b) == top ? 0 : 1;
    EXPECT_EQ(hover.run, static_cast<std::int64_t>(expected)) << top;
    EXPECT_EQ(hover.value, state.session.trace(expected).points().at(t).z);
    EXPECT_EQ(hover.label, expected == 0 ? "near" : "far");
  }
  harness.draw(state);
  EXPECT_FALSE(state.lossPlot.hover.active) << "the readout ends when the cursor leaves";
}

TEST(PlotAxis, AnEnsembleReadsOutItsMeanComputedFromItsParticles) {
  PlotsHarness harness;
  ViewerState state = stateOf(R"({"surface": {"name": "rosenbrock"}, "runs": [
      {"label": "cloud", "start": [-1, 1.5], "optimizer": {"name": "sgd", "lr": 0.0005}, "iterations": 200,
       "tolerance": 1e-3, "ensemble": {"count": 50, "spread": 0.3, "seed": 4}}]})");
  ASSERT_EQ(state.session.runCount(), 50u);
  harness.draw(state, ImVec2(PlotsHarness::kPosition.x + PlotsHarness::kSize.x * 0.85f, PlotsHarness::kPosition.y + 100));
  const PlotHover& hover = state.lossPlot.hover;
  ASSERT_TRUE(hover.active);
  EXPECT_EQ(hover.label, "cloud mean");
  double sum = 0;
  int count = 0;
  for (std::size_t i = 0; i < state.session.runCount(); ++i) {
    const auto points = state.session.trace(i).points();
    const auto t = static_cast<std::size_t>(hover.iteration);
    if (state.session.trace(i).outcome.reason == core::StopReason::diverged && t >= points.size()) continue;
    sum += points[std::min(t, points.size() - 1)].z;  // a particle that stopped holds its last value
    ++count;
  }
  EXPECT_NEAR(hover.value, sum / count, 1e-12 * std::abs(sum / count));

}

// At the right end the band reaches the ensemble's last iteration (from the batch's columns, which give it
// without visiting the particles' traces) with each particle's final value.
TEST(PlotAxis, AnEnsemblesBandReachesItsLastIteration) {
  PlotsHarness harness;
  ViewerState state = stateOf(R"({"surface": {"name": "rosenbrock"}, "runs": [
      {"label": "cloud", "start": [-1, 1.5], "optimizer": {"name": "sgd", "lr": 0.0005}, "iterations": 120,
       "ensemble": {"count": 40, "spread": 0.3, "seed": 4}}]})");
  ASSERT_EQ(state.session.lastIteration(), 120);
  // Nine ImGui units in from the window's right edge is the loss plot's last column.
  harness.draw(state, ImVec2(PlotsHarness::kPosition.x + PlotsHarness::kSize.x - 9, PlotsHarness::kPosition.y + 100));
  const PlotHover& hover = state.lossPlot.hover;
  ASSERT_TRUE(hover.active);
  EXPECT_EQ(hover.iteration, 120);
  EXPECT_EQ(hover.label, "cloud mean");
  double sum = 0;
  for (std::size_t i = 0; i < state.session.runCount(); ++i) sum += state.session.trace(i).points().back().z;
  EXPECT_NEAR(hover.value, sum / 40, 1e-12 * std::abs(sum / 40));
}

}  // namespace
}  // namespace gradscape::app
