// The viewer's window-free parts: arguments, scripts, session dirty tracking, camera gestures, playback,
// scene field edits, settings.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <fstream>

#include "core/error.hpp"
#include "support/error_of.hpp"
#include "support/headless_imgui.hpp"
#include "viewer/camera_control.hpp"
#include "viewer/panel.hpp"
#include "viewer/playback.hpp"
#include "viewer/plots.hpp"
#include "viewer/scene_fields.hpp"
#include "viewer/script.hpp"
#include "viewer/session.hpp"
#include "viewer/settings.hpp"
#include "viewer/view_options.hpp"

namespace gradscape::app {
namespace {

using testing::errorOf;

TEST(ViewOptions, ParsesSceneScriptScreenshotAndSize) {
  const ViewOptions options =
      parseViewOptions({"view", "a.json", "--script", "s.txt", "--screenshot", "o.png", "--size", "800x600"});
  EXPECT_EQ(options.scenePath, "a.json");
  EXPECT_EQ(options.scriptPath, "s.txt");
  EXPECT_EQ(options.screenshotPath, "o.png");
  ASSERT_TRUE(options.size);
  EXPECT_EQ(options.size->width, 800);
  EXPECT_EQ(options.size->height, 600);
  EXPECT_FALSE(parseViewOptions({"view"}).scenePath);
}

TEST(ViewOptions, RejectsBadArgumentsNamingThem) {
  EXPECT_EQ(errorOf([] { parseViewOptions({"view", "--size", "800by600"}); }),
            "--size: expected WxH with sizes in [64, 16384], got '800by600'");
  EXPECT_EQ(errorOf([] { parseViewOptions({"view", "--size", "10x600"}); }),
            "--size: expected WxH with sizes in [64, 16384], got '10x600'");
  EXPECT_EQ(errorOf([] { parseViewOptions({"view", "--script"}); }), "--script needs a value");
  EXPECT_EQ(errorOf([] { parseViewOptions({"view", "--fast"}); }), "unknown option '--fast'");
  EXPECT_EQ(errorOf([] { parseViewOptions({"view", "a.json", "b.json"}); }),
            "one scene at a time (got 'a.json' and 'b.json')");
}

TEST(Script, ParsesCommandsWithQuotesAndComments) {
  const auto commands = parseScript("# setup\norbit 10 -5\n\nset surface.expression \"sin(x) * y\"\nstate\n", "t.txt");
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[0].line, 2);
  EXPECT_EQ(commands[0].verb, "orbit");
  EXPECT_DOUBLE_EQ(commands[0].number(1), -5);
  EXPECT_EQ(commands[1].line, 4);
  ASSERT_EQ(commands[1].args.size(), 2u);
  EXPECT_EQ(commands[1].args[1], "sin(x) * y");
  EXPECT_EQ(commands[2].verb, "state");
}

TEST(Script, ErrorsNameFileLineAndWhat) {
  EXPECT_EQ(errorOf([] { parseScript("state\norbit 1\n", "t.txt"); }), "t.txt:2: orbit takes 2 argument(s), got 1");
  EXPECT_EQ(errorOf([] { parseScript("zoom many\n", "t.txt"); }), "t.txt:1: zoom: argument 1 must be a number, got 'many'");
  EXPECT_EQ(errorOf([] { parseScript("play 2.5\n", "t.txt"); }), "t.txt:1: play: argument 1 must be an integer, got '2.5'");
  EXPECT_EQ(errorOf([] { parseScript("set x \"open\n", "t.txt"); }), "t.txt:1: unterminated quote at column 7");
  EXPECT_NE(errorOf([] { parseScript("\n\nfly 1\n", "t.txt"); }).find("t.txt:3: unknown command 'fly'"), std::string::npos);
  EXPECT_EQ(errorOf([] { loadScript("/nonexistent/s.txt"); }), "/nonexistent/s.txt: cannot open script");
}

TEST(CameraControl, OrbitFollowsMatplotlibsDirectionsAndClamps) {
  render::Camera camera;
  camera.azimuth = 120;
  camera.elevation = 37;
  orbitCamera(camera, 100, 0);
  EXPECT_NEAR(camera.azimuth, 90, 1e-12);
  orbitCamera(camera, 0, 10);
  EXPECT_NEAR(camera.elevation, 40, 1e-12);
  orbitCamera(camera, 0, 1000);
  EXPECT_EQ(camera.elevation, 90);
  orbitCamera(camera, -1000, 0);  // +300 degrees
  EXPECT_NEAR(camera.azimuth, 30, 1e-9);
  EXPECT_GE(camera.azimuth, -180);
  EXPECT_LT(camera.azimuth, 180);
}

TEST(CameraControl, ZoomAndPan) {
  render::Camera camera;
  zoomCamera(camera, 1);
  EXPECT_NEAR(camera.distance, 9, 1e-12);
  zoomCamera(camera, -1000);
  EXPECT_EQ(camera.distance, kMaxDistance);
  zoomCamera(camera, 1000);
  EXPECT_EQ(camera.distance, kMinDistance);
  panCamera(camera, 50, -25, 500);
  EXPECT_NEAR(camera.panX, 0.1, 1e-12);
  EXPECT_NEAR(camera.panY, 0.05, 1e-12);
}

TEST(Playback, PlaysStepsScrubsAndLoops) {
  Playback playback;
  playback.setLast(200);
  EXPECT_EQ(playback.frame(), 200) << "a fresh playback shows everything";
  playback.play();
  EXPECT_EQ(playback.frame(), 0) << "play at the end starts over";
  playback.speed = 60;
  for (int i = 0; i < 60; ++i) playback.advance(1.0 / 60);
  EXPECT_EQ(playback.frame(), 60);
  playback.step(-5);
  EXPECT_FALSE(playback.playing());
  EXPECT_EQ(playback.frame(), 55);
  playback.scrub(1000);
  EXPECT_EQ(playback.frame(), 200);
  playback.setLast(300);
  EXPECT_EQ(playback.frame(), 300) << "at the end, the end follows new iterations";
  playback.scrub(10);
  playback.setLast(5);
  EXPECT_EQ(playback.frame(), 5);
  playback.loop = true;
  playback.play();
  playback.scrub(4);
  EXPECT_TRUE(playback.advance(3.0 / 60));
  EXPECT_EQ(playback.frame(), 1) << "4 + 3 wraps over 0..5";
  playback.loop = false;
  playback.advance(100);
  EXPECT_EQ(playback.frame(), 5);
  EXPECT_FALSE(playback.playing()) << "stops at the end without loop";
}

TEST(Session, EditsRecomputeOnlyTheAffectedRuns) {
  Session session(core::articleScene());
  EXPECT_EQ(session.recompute().size(), 2u);
  EXPECT_EQ(session.lastIteration(), 200);
  const auto run1Version = session.traceVersion(1);
  const auto styles = session.versions().styles;

  core::RunSpec run = session.run(0);
  run.optimizer.lr = 0.05;
  session.setRun(0, run);
  EXPECT_EQ(session.recompute(), std::vector<std::size_t>{0});
  EXPECT_EQ(session.traceVersion(1), run1Version);
  EXPECT_EQ(session.versions().styles, styles) << "an lr edit is not a style change";
  EXPECT_NEAR(session.trace(0).points().back().x, std::pow(0.9, 200), 1e-15);

  run = session.run(1);
  run.color = core::Rgb{0, 200, 0};
  session.setRun(1, run);
  EXPECT_TRUE(session.recompute().empty()) << "a colour edit retraces nothing";
  EXPECT_GT(session.versions().styles, styles);

  core::SurfaceSpec surface;
  surface.surface = core::Surface::fromCatalog("quadratic");
  session.setSurface(surface);
  EXPECT_EQ(session.recompute().size(), 2u) << "a new surface retraces every run";
}

TEST(Session, RejectsInvalidOptimizersKeepingTheOldRun) {
  Session session(core::articleScene());
  session.recompute();
  core::RunSpec run = session.run(0);
  run.optimizer.lr = -1;
  EXPECT_NE(errorOf([&] { session.setRun(0, run); }).find("lr: must be >= 0"), std::string::npos);
  EXPECT_EQ(session.run(0).optimizer.lr, 0.01);
  EXPECT_TRUE(session.recompute().empty());
}

TEST(Session, AddDuplicateRemoveAndStopReasons) {
  Session session(core::articleScene());
  const std::size_t added = session.addRun(session.newRunTemplate());
  EXPECT_EQ(added, 2u);
  const std::size_t copy = session.duplicateRun(1);
  EXPECT_EQ(session.run(copy).label, "Offset (copy)");
  EXPECT_FALSE(session.run(copy).color) << "a copy gets its own default colour";
  EXPECT_NE(session.style(copy).color, session.style(1).color);
  session.removeRun(0);
  EXPECT_EQ(session.runCount(), 3u);
  EXPECT_EQ(session.run(0).label, "Offset");
  EXPECT_EQ(session.recompute().size(), 3u);

  core::RunSpec run = session.run(0);
  run.optimizer.lr = 10;  // on the saddle: |1 - 2 lr| > 1 in x, and y explodes
  session.setRun(0, run);
  session.recompute();
  EXPECT_EQ(session.trace(0).outcome.reason, core::StopReason::diverged);
  EXPECT_EQ(describeStop(session.trace(0).outcome), "diverged at " + std::to_string(session.trace(0).outcome.lastIteration + 1));

  run = session.run(1);
  run.start = {0.001, 0};  // near the saddle point the first step is already shorter than the tolerance
  run.tolerance = 1e-3;
  session.setRun(1, run);
  session.recompute();
  EXPECT_EQ(describeStop(session.trace(1).outcome), "tolerance at 1");
  EXPECT_EQ(describeStop(core::RunOutcome{core::StopReason::iterations, 200}), "iterations");
}

TEST(SceneFields, SetsRunsSurfaceAndRenderByPath) {
  Session session(core::articleScene());
  setSceneField(session, "runs[1].start", {"0.5", "-0.5"});
  EXPECT_EQ(session.run(1).start, (std::array<double, 2>{0.5, -0.5}));
  setSceneField(session, "runs[0].optimizer", {"adam"});
  EXPECT_EQ(session.run(0).optimizer, core::OptimizerConfig::defaultsFor(core::OptimizerKind::adam));
  setSceneField(session, "runs[0].betas", {"0.8", "0.99"});
  EXPECT_EQ(session.run(0).optimizer.betas, (std::array<double, 2>{0.8, 0.99}));
  setSceneField(session, "runs[0].amsgrad", {"true"});
  EXPECT_TRUE(session.run(0).optimizer.amsgrad);
  setSceneField(session, "runs[0].color", {"#12ab34"});
  EXPECT_EQ(session.run(0).color, (core::Rgb{0x12, 0xab, 0x34}));
  setSceneField(session, "runs[0].marker", {"diamond"});
  EXPECT_EQ(session.run(0).marker, core::Marker::diamond);
  setSceneField(session, "runs[0].label", {"two", "words"});
  EXPECT_EQ(session.run(0).label, "two words");
  setSceneField(session, "runs[0].visible", {"false"});
  EXPECT_FALSE(session.visible(0));
  setSceneField(session, "surface", {"rosenbrock"});
  EXPECT_EQ(session.scene().surface.domain(), (core::Domain{-2, 2, -1, 3}));
  setSceneField(session, "surface.x", {"-3", "3"});
  EXPECT_EQ(session.scene().surface.domain().xMin, -3);
  setSceneField(session, "render.grid", {"41"});
  EXPECT_EQ(session.scene().render.gridResolution, 41);
  // Hidden paths are a frame option: the surface is not rebuilt for them; a colour scale rebuilds it.
  const std::uint64_t surfaceVersion = session.versions().surface;
  setSceneField(session, "render.hidden_paths", {"faint"});
  EXPECT_EQ(session.scene().render.display.hiddenPaths, core::HiddenPaths::faint);
  EXPECT_EQ(session.versions().surface, surfaceVersion);
  setSceneField(session, "render.color_scale", {"log"});
  EXPECT_EQ(session.scene().render.display.colorScale, core::ColorScaleKind::log);
  EXPECT_GT(session.versions().surface, surfaceVersion);
  setSceneField(session, "render.symlog_threshold", {"2"});
  EXPECT_EQ(session.scene().render.display.symlogThreshold, 2.0);
  setSceneField(session, "render.symlog_threshold", {"auto"});
  EXPECT_FALSE(session.scene().render.display.symlogThreshold);

  EXPECT_EQ(errorOf([&] { setSceneField(session, "runs[9].lr", {"1"}); }), "runs[9].lr: no such run (the scene has 2)");
  EXPECT_EQ(errorOf([&] { setSceneField(session, "runs[0].momentum", {"1"}); }), "runs[0].momentum: adam has no momentum");
  EXPECT_EQ(errorOf([&] { setSceneField(session, "runs[0].lr", {"fast"}); }), "runs[0].lr: expected a number, got 'fast'");
  EXPECT_EQ(errorOf([&] { setSceneField(session, "surface.x", {"1", "0"}); }), "surface.x: expected min < max");
  EXPECT_NE(errorOf([&] { setSceneField(session, "surface.expression", {"x", "+", "(y"}); }).find("column"), std::string::npos);
  EXPECT_EQ(session.scene().surface.surface.text(), "rosenbrock") << "a bad expression keeps the surface";
  EXPECT_EQ(errorOf([&] { setSceneField(session, "runs[0].color", {"red"}); }), "runs[0].color: expected a colour #rrggbb, got 'red'");
}

TEST(Plots, IterationUnderTheCursor) {
  EXPECT_EQ(iterationAt(100, 100, 200, 200), 0);
  EXPECT_EQ(iterationAt(200, 100, 200, 200), 100);
  EXPECT_EQ(iterationAt(300, 100, 200, 200), 200);
  EXPECT_EQ(iterationAt(1000, 100, 200, 200), 200);
  EXPECT_EQ(iterationAt(0, 100, 200, 200), 0);
}

std::vector<core::TracePoint> seriesOfLoss(const std::vector<double>& losses) {
  std::vector<core::TracePoint> points;
  for (std::size_t i = 0; i < losses.size(); ++i) points.push_back({static_cast<std::int64_t>(i), 0, 0, losses[i]});
  return points;
}

TEST(Plots, DecimationPassesShortSeriesThroughExactly) {
  std::vector<double> losses;
  for (int i = 0; i < 50; ++i) losses.push_back(std::sin(i * 0.7));
  losses[20] = std::nan("");
  const auto points = seriesOfLoss(losses);
  const auto kept = decimateSeries(points, PlotQuantity::loss, 49, 100, 10.0);
  ASSERT_EQ(kept.size(), 49u) << "every finite point, whatever the tolerance";
  for (std::size_t k = 0; k < kept.size(); ++k) EXPECT_EQ(kept[k], k < 20 ? k : k + 1);
  EXPECT_EQ(decimateSeries(points, PlotQuantity::x, 49, 50).size(), 50u) << "x is 0 everywhere: finite";
}

TEST(Plots, DecimationKeepsEachColumnsExtremesAndEndpoints) {
  // A smooth decay with a spike up and one down, 10000 points over 200 columns.
  std::vector<double> losses;
  for (int i = 0; i < 10000; ++i) losses.push_back(std::exp(-i / 2000.0) + 0.001 * std::sin(i));
  losses[4321] = 100;
  losses[7000] = -50;
  const auto points = seriesOfLoss(losses);
  const int columns = 200;
  const auto kept = decimateSeries(points, PlotQuantity::loss, 9999, columns);
  ASSERT_FALSE(kept.empty());
  EXPECT_LE(kept.size(), 2u * columns + 2);
  EXPECT_GE(kept.size(), static_cast<std::size_t>(columns)) << "at least one point per column";
  EXPECT_EQ(kept.front(), 0u);
  EXPECT_EQ(kept.back(), 9999u);
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
  EXPECT_EQ(std::adjacent_find(kept.begin(), kept.end()), kept.end()) << "no index twice";
  EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), 4321u)) << "the spike survives";
  EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), 7000u)) << "the dip survives";
  // Each column (50 iterations here) keeps its own lowest and highest point.
  for (int column = 0; column < columns; ++column) {
    const auto begin = losses.begin() + column * 50, end = begin + 50;
    const auto lowest = static_cast<std::uint32_t>(std::min_element(begin, end) - losses.begin());
    const auto highest = static_cast<std::uint32_t>(std::max_element(begin, end) - losses.begin());
    EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), lowest)) << "column " << column;
    EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), highest)) << "column " << column;
  }
  // With a tolerance above what a column spans (at most 0.025 of decay plus the wiggle), a column is one
  // point, except where the spikes are.
  const auto flat = decimateSeries(points, PlotQuantity::loss, 9999, columns, 0.03);
  EXPECT_LE(flat.size(), static_cast<std::size_t>(columns) + 4);
  EXPECT_TRUE(std::binary_search(flat.begin(), flat.end(), 4321u));
  EXPECT_TRUE(std::binary_search(flat.begin(), flat.end(), 7000u));
}

TEST(Plots, DecimationOfADivergedRunEndsAtItsLastFinitePoint) {
  std::vector<double> losses;
  for (int i = 0; i < 3000; ++i) losses.push_back(std::pow(1.5, i / 5.0));  // reaches inf near 8750: not here
  for (int i = 0; i < 10; ++i) losses.push_back(std::numeric_limits<double>::infinity());
  losses.push_back(std::nan(""));
  const auto kept = decimateSeries(seriesOfLoss(losses), PlotQuantity::loss, 3010, 100);
  ASSERT_FALSE(kept.empty());
  EXPECT_EQ(kept.back(), 2999u);
  EXPECT_LE(kept.size(), 202u);
}

// decimateSeries's rule written plainly: every point's column from its own floor, each column's lowest and
// highest finite point (the first of equals), both when they differ by at least the tolerance.
std::vector<std::uint32_t> decimatedByTheRule(const std::vector<core::TracePoint>& points, std::int64_t last,
                                              int columns, double tolerance) {
  std::vector<std::uint32_t> kept;
  const auto keep = [&](std::size_t i) {
    if (kept.empty() || kept.back() != i) kept.push_back(static_cast<std::uint32_t>(i));
  };
  std::vector<std::size_t> finite;
  for (std::size_t i = 0; i < points.size(); ++i)
    if (std::isfinite(points[i].z)) finite.push_back(i);
  if (points.size() <= static_cast<std::size_t>(columns)) {
    for (const std::size_t i : finite) keep(i);
    return kept;
  }
  const auto columnOf = [&](std::size_t i) {
    const double perIteration = static_cast<double>(columns) / static_cast<double>(std::max<std::int64_t>(1, last));
    return std::clamp(static_cast<int>(std::floor(static_cast<double>(points[i].iteration) * perIteration)), 0, columns - 1);
  };
  if (finite.empty()) return kept;
  keep(finite.front());
  for (std::size_t k = 0; k < finite.size();) {
    std::size_t end = k;
    std::size_t lowest = finite[k], highest = finite[k];
    while (end < finite.size() && columnOf(finite[end]) == columnOf(finite[k])) {
      if (points[finite[end]].z < points[lowest].z) lowest = finite[end];
      if (points[finite[end]].z > points[highest].z) highest = finite[end];
      ++end;
    }
    keep(std::min(lowest, highest));
    if (points[highest].z - points[lowest].z >= tolerance) keep(std::max(lowest, highest));
    k = end;
  }
  keep(finite.back());
  return kept;
}

TEST(Plots, DecimationFindsEachPointsColumnAsItsOwnFloorWould) {
  // Iterations that skip (an lr series' steps), columns that do not divide the iterations, NaNs and
  // infinities, several widths and tolerances: the same points as the plain rule.
  std::uint64_t state = 12345;
  const auto uniform = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<core::TracePoint> points;
    std::int64_t iteration = 0;
    const int count = 50 + static_cast<int>(uniform() * 3000);
    for (int i = 0; i < count; ++i) {
      double value = std::sin(i * 0.01 * (trial + 1)) + 0.3 * uniform();
      if (uniform() < 0.02) value = std::nan("");
      if (uniform() < 0.01) value = std::numeric_limits<double>::infinity();
      points.push_back({iteration, 0, 0, value});
      iteration += trial % 3 == 0 ? 1 + static_cast<std::int64_t>(uniform() * 7) : 1;
    }
    const std::int64_t last = points.back().iteration + (trial % 4 == 1 ? 17 : 0);
    for (const int columns : {1, 7, 97, 261, 520, 4000})
      for (const double tolerance : {0.0, 0.05, 0.5}) {
        const auto kept = decimateSeries(points, PlotQuantity::loss, last, columns, tolerance);
        EXPECT_EQ(kept, decimatedByTheRule(points, last, columns, tolerance))
            << "trial " << trial << ", " << columns << " columns, tolerance " << tolerance;
      }
  }
}

TEST(Plots, SimplifiedPolylineStaysWithinTolerance) {
  std::vector<ImVec2> line;
  for (int i = 0; i < 1000; ++i) line.emplace_back(i * 0.25f, 3.0f + 0.5f * i * 0.25f);
  EXPECT_EQ(simplifyPolyline(line, 0.25f), (std::vector<std::uint32_t>{0, 999})) << "a straight line is one segment";

  // A curve with a spike: every dropped point lies within the tolerance of the kept polyline.
  std::vector<ImVec2> curve;
  for (int i = 0; i < 2000; ++i) curve.emplace_back(i * 0.13f, 80.0f * std::exp(-i / 300.0f) + 10.0f * std::sin(i / 90.0f));
  curve[1234].y += 30;
  const float tolerance = 0.25f;
  const auto kept = simplifyPolyline(curve, tolerance);
  EXPECT_LT(kept.size(), 300u);
  EXPECT_EQ(kept.front(), 0u);
  EXPECT_EQ(kept.back(), 1999u);
  EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), 1234u)) << "the spike survives";
  for (std::size_t k = 0; k + 1 < kept.size(); ++k) {
    const ImVec2 a = curve[kept[k]], b = curve[kept[k + 1]];
    for (std::uint32_t i = kept[k] + 1; i < kept[k + 1]; ++i) {
      const float onLine = a.y + (b.y - a.y) * (curve[i].x - a.x) / (b.x - a.x);
      EXPECT_LE(std::abs(onLine - curve[i].y), tolerance + 1e-3f) << "point " << i;
    }
  }
  // A vertical step (two points at one x) keeps both.
  const std::vector<ImVec2> step{{0, 0}, {1, 0}, {1, 5}, {2, 5}, {3, 5}};
  EXPECT_EQ(simplifyPolyline(step, 0.25f), (std::vector<std::uint32_t>{0, 1, 2, 4}));
  EXPECT_TRUE(simplifyPolyline({}, 0.25f).empty());
}

// Builds one ImGui frame of the plots window (no GL: the draw data is only looked at).
class PlotsFrames {
 public:
  // Vertices the plots window sent.
  int draw(PlotsWindow& plots, ViewerState& state, ImVec2 size) {
    ImGui::NewFrame();
    plots.draw(state, ImVec2(400, 684), size);
    ImGui::Render();
    return ImGui::GetDrawData()->TotalVtxCount;
  }

 private:
  gradscape::testing::HeadlessImGui context_{ImVec2(1200, 900)};
};

TEST(Plots, CurvesAreComputedAgainOnlyWhenTheirRunOrThePlotChanges) {
  core::Scene scene = core::articleScene();
  scene.surface.surface = core::Surface::fromCatalog("quadratic");
  scene.runs.clear();
  for (int i = 0; i < 25; ++i) {
    core::RunSpec run;
    run.start = {-0.8 + 0.4 * (i % 5), -0.8 + 0.4 * (i / 5)};
    run.optimizer.lr = 0.002;
    run.iterations = 3000;
    scene.runs.push_back(run);
  }
  ViewerState state(scene);
  // A linear loss axis throughout: moving the run at the minimum (loss 0) would otherwise make every loss
  // positive and switch the automatic axis to log, a new range for every curve.
  state.lossPlot.axis = LossAxis::linear;
  state.session.recompute();
  state.playback.setLast(state.session.lastIteration());
  state.playback.scrub(1000);
  PlotsFrames frames;
  PlotsWindow plots;
  frames.draw(plots, state, ImVec2(800, 216));
  EXPECT_EQ(plots.curvesComputed(), 3u * 25);
  // 25 runs x 3 plots of 3001 points: the segments drawn are a small fraction of that, but some per curve.
  EXPECT_LT(plots.curveSegments(), 3u * 25 * 3001 / 4);
  EXPECT_GT(plots.curveSegments(), 3u * 25 * 2);

  state.playback.scrub(2000);
  frames.draw(plots, state, ImVec2(800, 216));
  EXPECT_EQ(plots.curvesComputed(), 3u * 25) << "moving the cursor reuses every curve";

  // The middle run stays inside every plot's range: only its three curves are new.
  core::RunSpec middle = state.session.run(12);
  ASSERT_EQ(middle.start, (std::array<double, 2>{0.0, 0.0}));
  middle.start = {0.1, -0.1};
  state.session.setRun(12, middle);
  state.session.recompute();
  frames.draw(plots, state, ImVec2(800, 216));
  EXPECT_EQ(plots.curvesComputed(), 3u * 25 + 3);

  frames.draw(plots, state, ImVec2(700, 216));
  EXPECT_EQ(plots.curvesComputed(), 3u * 25 * 2 + 3) << "a new size recomputes every curve";
}

TEST(Plots, PressingAPlotScrubsToTheIterationUnderTheMouse) {
  core::Scene scene = core::articleScene();
  ViewerState state(scene);
  state.session.recompute();
  state.playback.setLast(state.session.lastIteration());
  ASSERT_EQ(state.playback.last(), 200);
  state.playback.scrub(200);
  PlotsFrames frames;
  PlotsWindow plots;
  // The window at (400, 684), 800 wide, padding 8 and spacing 8: three plots 256 wide, the first from x 408.
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(408 + 64, 684 + 60);
  frames.draw(plots, state, ImVec2(800, 216));
  frames.draw(plots, state, ImVec2(800, 216));
  EXPECT_EQ(state.playback.frame(), 200) << "hovering does not scrub";
  io.MouseDown[0] = true;
  frames.draw(plots, state, ImVec2(800, 216));
  EXPECT_EQ(state.playback.frame(), 50);
  io.MousePos = ImVec2(408 + 192, 684 + 60);  // dragging
  frames.draw(plots, state, ImVec2(800, 216));
  EXPECT_EQ(state.playback.frame(), 150);
  io.MouseDown[0] = false;
  frames.draw(plots, state, ImVec2(800, 216));
  io.MousePos = ImVec2(408 + 256 + 8 + 128, 684 + 60);  // the middle of the second plot, released
  frames.draw(plots, state, ImVec2(800, 216));
  EXPECT_EQ(state.playback.frame(), 150);
}

TEST(Settings, RoundTripAndBrokenFiles) {
  const auto directory = std::filesystem::path(GRADSCAPE_TEST_OUTPUT) / "viewer.settings";
  std::filesystem::remove_all(directory);
  ViewerSettings settings;
  settings.windowWidth = 1000;
  settings.panelWidth = 333;
  settings.showFrameTime = true;
  settings.recordPath = "clip.mp4";
  ASSERT_TRUE(saveSettings((directory / "nested/settings.json").string(), settings));
  const ViewerSettings loaded = loadSettings((directory / "nested/settings.json").string());
  EXPECT_EQ(loaded.windowWidth, 1000);
  EXPECT_EQ(loaded.panelWidth, 333);
  EXPECT_TRUE(loaded.showFrameTime);
  EXPECT_EQ(loaded.recordPath, "clip.mp4");

  std::ofstream(directory / "broken.json") << "{not json";
  std::string warning;
  const ViewerSettings defaults = loadSettings((directory / "broken.json").string(), &warning);
  EXPECT_EQ(defaults.windowWidth, ViewerSettings{}.windowWidth);
  EXPECT_NE(warning.find("using default settings"), std::string::npos);
  std::ofstream(directory / "typed.json") << R"({"window_width": "wide", "window_height": 700})";
  const ViewerSettings typed = loadSettings((directory / "typed.json").string());
  EXPECT_EQ(typed.windowWidth, ViewerSettings{}.windowWidth) << "a wrongly typed key keeps its default";
  EXPECT_EQ(typed.windowHeight, 700);
}

}  // namespace
}  // namespace gradscape::app
