// The 3-D faces under render.color_scale: log shows Rosenbrock's valley, where a linear scale paints most
// of the domain one half of the colour map (the article's linear faces are checked by the golden images).
#include <gtest/gtest.h>

#include "core/scene.hpp"
#include "render/surface_mesh.hpp"

namespace gradscape::render {
namespace {

// Share of faces on the blue half of coolwarm (blue above red).
double blueShare(const SurfaceGeometry& geometry) {
  std::size_t blue = 0, faces = 0;
  for (std::size_t t = 0; t < geometry.triangles.size(); t += 3) {
    const auto& color = geometry.vertices[geometry.triangles[t]].color;
    blue += color[2] > color[0];
    ++faces;
  }
  return faces ? double(blue) / double(faces) : 0;
}

TEST(SurfaceColorScale, LogShowsRosenbrocksValley) {
  const core::Scene scene = core::parseScene(
      R"({"surface": {"name": "rosenbrock", "x": [-2, 2], "y": [-1, 3]}, "runs": [{"start": [0, 0]}]})", "test");
  core::RenderSpec render = scene.render;
  const double linear = blueShare(buildSurfaceGeometry(scene.surface, render));
  render.display.colorScale = core::ColorScaleKind::log;
  const SurfaceGeometry logGeometry = buildSurfaceGeometry(scene.surface, render);
  const double log = blueShare(logGeometry);
  // f spans 0 .. 3609 on this domain: linearly, only f < 1800 is blue; on the log scale only the valley is.
  EXPECT_GT(linear, 0.5);
  EXPECT_LT(log, 0.25);
  EXPECT_GT(log, 0.02);
  EXPECT_EQ(logGeometry.colorRange[0], 0);
}

}  // namespace
}  // namespace gradscape::render
