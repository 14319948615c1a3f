// Scene keys for how a scene is shown: defaults that keep every existing file's picture, parsing, saving.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/scene.hpp"

namespace gradscape::core {
namespace {

const std::string kRuns = R"("runs": [{"start": [1, 0]}])";

Scene parse(const std::string& extra) {
  return parseScene(R"({"surface": "rosenbrock", )" + kRuns + (extra.empty() ? "" : ", " + extra) + "}", "scene.json");
}

TEST(SceneDisplay, DefaultsKeepTheArticlesPicture) {
  const Scene scene = articleScene();
  EXPECT_EQ(scene.viewMode, ViewMode::threeD);
  EXPECT_EQ(scene.legendTitle, "Initialization");
  EXPECT_EQ(scene.render.display, DisplayRenderSpec{});
  EXPECT_FALSE(scene.render.display.colorbarIn(ViewMode::threeD));
  EXPECT_TRUE(scene.render.display.colorbarIn(ViewMode::twoD));
  EXPECT_EQ(serializeScene(scene).find("view"), std::string::npos);
  EXPECT_EQ(serializeScene(scene).find("legend"), std::string::npos);
}

TEST(SceneDisplay, ReadsEveryKey) {
  const Scene scene = parse(R"("view": {"mode": "split"}, "legend": {"title": "Optimizer"},
      "render": {"colorbar": false, "color_scale": "symlog", "symlog_threshold": 0.5, "hidden_paths": "faint"})");
  EXPECT_EQ(scene.viewMode, ViewMode::split);
  EXPECT_EQ(scene.legendTitle, "Optimizer");
  EXPECT_EQ(scene.render.display.colorbar, false);
  EXPECT_FALSE(scene.render.display.colorbarIn(ViewMode::twoD));
  EXPECT_EQ(scene.render.display.colorScale, ColorScaleKind::symlog);
  EXPECT_EQ(scene.render.display.symlogThreshold, 0.5);
  EXPECT_EQ(scene.render.display.hiddenPaths, HiddenPaths::faint);
  EXPECT_EQ(parse(R"("view": {"mode": "2d"})").viewMode, ViewMode::twoD);
  EXPECT_EQ(parse(R"("view": {})").viewMode, ViewMode::threeD);
  EXPECT_EQ(parse(R"("legend": {"title": ""})").legendTitle, "");
  EXPECT_EQ(parse(R"("render": {"color_scale": "log"})").render.display.colorScale, ColorScaleKind::log);
}

TEST(SceneDisplay, SaveLoadSaveIsByteIdentical) {
  const Scene scene = parse(R"("view": {"mode": "2d"}, "legend": {"title": "Optimizer"},
      "render": {"grid": 101, "colorbar": true, "color_scale": "log", "symlog_threshold": 2.5, "hidden_paths": "faint"})");
  const std::string saved = serializeScene(scene);
  const Scene again = parseScene(saved, "saved.json");
  EXPECT_EQ(serializeScene(again), saved);
  EXPECT_EQ(again.render, scene.render);
  EXPECT_EQ(again.viewMode, ViewMode::twoD);
  EXPECT_EQ(again.legendTitle, "Optimizer");
  EXPECT_NE(saved.find(R"("color_scale": "log")"), std::string::npos) << saved;
}

TEST(SceneDisplay, ErrorsNameTheFileAndJsonPath) {
  const std::pair<const char*, const char*> cases[] = {
      {R"("view": {"mode": 2})", R"(scene.json: view.mode: expected "3d", "2d" or "split", got a number)"},
      {R"("render": {"symlog_threshold": -1})", "scene.json: render.symlog_threshold: must be > 0 (got -1)"},
      {R"("render": {"symlog_threshold": "1"})", "scene.json: render.symlog_threshold: expected a number, got a string"},
      {R"("render": {"colour_scale": "log"})",
       "scene.json: render.colour_scale: unknown key (expected one of: grid, edge_stride, color_range, colorbar, "
       "color_scale, symlog_threshold, hidden_paths)"},
      {R"("legend": {"title": "a", "loc": 1})", "scene.json: legend.loc: unknown key (expected one of: title)"},
      {R"("legend": [])", "scene.json: legend: expected an object, got an array"},
  };
  for (const auto& [extra, message] : cases) {
    try {
      parse(extra);
      ADD_FAILURE() << "accepted " << extra;
    } catch (const Error& error) {
      EXPECT_EQ(std::string(error.what()), message);
    }
  }
}

}  // namespace
}  // namespace gradscape::core
