// The viewer's Internals overlay: `set internals on` shows the selected run's internals at the playback
// frame, and the `state` line carries them as the core computes them (tests/core/test_step_internals.cpp
// checks those against the trace and by hand); the arrows change the picture, and `off` takes them away.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/number_format.hpp"
#include "core/scene.hpp"
#include "core/step_internals.hpp"
#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

std::string pairText(const std::array<double, 2>& v) { return core::formatShortest(v[0]) + "," + core::formatShortest(v[1]); }

TEST(ViewerInternals, StateLineCarriesTheSelectedRunsInternalsAtTheFrame) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  const std::string sceneText =
      R"({"surface": {"name": "rosenbrock", "x": [-2, 2], "y": [-1, 3]}, "runs": [
           {"start": [-1.5, 2], "optimizer": {"name": "sgd", "lr": 0.0005}, "iterations": 300},
           {"start": [-1.5, 2], "optimizer": {"name": "adam", "lr": 0.02}, "iterations": 300,
            "noise": {"sigma": 1, "seed": 3}}]})";
  std::ofstream(directory / "scene.json") << sceneText;
  const ViewerRun run = runViewer(directory,
                                  "pause\nscrub 40\nselect 1\nwait 3\nstate\nscreenshot off.png\n"
                                  "set internals on\nset internals.quiver on\nwait 3\nstate\nscreenshot on.png\n"
                                  "set internals off\nset internals.quiver off\nwait 3\nstate\n",
                                  {(directory / "scene.json").string()}, false);
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 3u) << run.describe();
  EXPECT_EQ(run.states[0].view.at("internals"), "0");
  EXPECT_EQ(run.states[0].view.count("internals_grad"), 0u);
  const auto& on = run.states[1].view;
  EXPECT_EQ(on.at("internals"), "1");
  EXPECT_EQ(on.at("quiver"), "1");

  const core::Scene scene = core::parseScene(sceneText, "scene.json");
  const core::StepInternals at = core::stepInternals(scene.surface.surface, scene.runs[1], 40);
  EXPECT_EQ(on.at("internals_iteration"), "40");
  EXPECT_EQ(on.at("internals_point"), pairText(at.point));
  EXPECT_EQ(on.at("internals_grad"), pairText(at.gradient));
  EXPECT_EQ(on.at("internals_used_grad"), pairText(at.usedGradient));
  EXPECT_NE(on.at("internals_grad"), on.at("internals_used_grad"));  // the run is noisy
  EXPECT_EQ(on.at("internals_step"), pairText(at.step));
  EXPECT_EQ(on.at("internals_state"), "effective step");
  EXPECT_EQ(on.at("internals_state_step"), pairText(at.stateStep));
  EXPECT_EQ(on.at("internals_m_hat"), pairText(at.stateValues.at(0).value));
  EXPECT_EQ(on.at("internals_v_hat"), pairText(at.stateValues.at(1).value));
  EXPECT_EQ(on.at("internals_eigenvalues"), pairText(at.eigen.values));
  EXPECT_EQ(on.at("internals_condition"), core::formatShortest(at.eigen.condition));
  EXPECT_EQ(run.states[2].view.at("internals"), "0");
  EXPECT_EQ(run.states[2].view.count("internals_grad"), 0u);

  const auto off = loadPng(directory / "off.png"), shown = loadPng(directory / "on.png");
  ASSERT_TRUE(off && shown);
  const PixelBox box = sceneBox(run.states[1], shown->height);
  // Arrows and cross in the 3-D view (the quiver is 2-D only): over a thousand pixels of the scene change.
  EXPECT_GT(countDifferent(*off, *shown, box.x0, box.y0, box.x1, box.y1), 800);
}

}  // namespace
}  // namespace gradscape::testing
