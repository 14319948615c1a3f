// The map overlay (the viewer's basin/loss/steps maps): draped over the 3-D surface and under the 2-D
// contour lines, each cell shows exactly the colour `gradscape map`'s picture gives it
// (render::mapCellColors), at the place of its grid vertex; without the overlay the surface's own colours
// come back.
#include "gl_test_support.hpp"

#include "core/descent_map.hpp"
#include "render/map_image.hpp"

namespace gradscape::render::test {
namespace {

class MapOverlayTest : public GlTest {};

constexpr int kWidth = 1200, kHeight = 900;
constexpr int kGrid = 32;

Image draw(Renderer& renderer, const Camera& camera, core::ViewMode mode) {
  FrameOptions options;
  options.view = mode;
  options.legend = false;
  return renderImage(renderer, camera, kWidth, kHeight, options);
}

// Cells whose eight neighbours share their colour: their vertex's pixel lies well inside one colour.
std::vector<std::array<int, 2>> interiorCells(const std::vector<core::Rgb>& colors) {
  std::vector<std::array<int, 2>> cells;
  for (int j = 1; j + 1 < kGrid; ++j)
    for (int i = 1; i + 1 < kGrid; ++i) {
      bool same = true;
      for (int dj = -1; dj <= 1; ++dj)
        for (int di = -1; di <= 1; ++di)
          same = same && colors[std::size_t(j + dj) * kGrid + (i + di)] == colors[std::size_t(j) * kGrid + i];
      if (same) cells.push_back({i, j});
    }
  return cells;
}

// The share of `cells` whose colour is at the pixel of their vertex or one pixel beside it (an edge line
// or a contour line may cross the vertex itself). z: the height drawn at (NaN: the surface's).
double matchingShare(const Image& image, const ViewProjection& view, const core::DescentMap& map,
                     const std::vector<core::Rgb>& colors, const std::vector<std::array<int, 2>>& cells, double z) {
  const core::Surface surface = core::Surface::fromCatalog("himmelblau");
  int matching = 0;
  for (const auto& [i, j] : cells) {
    const core::MapCell& cell = map.at(i, j);
    const glm::dvec3 data(cell.x, cell.y, std::isnan(z) ? surface.value(cell.x, cell.y) : z);
    const auto pixel = view.dataToPixel(data);
    if (!pixel) continue;
    const core::Rgb want = colors[std::size_t(j) * kGrid + i];
    bool found = false;
    for (int dy = -1; dy <= 1 && !found; ++dy)
      for (int dx = -1; dx <= 1 && !found; ++dx) {
        const int x = int(pixel->x) + dx, y = int(pixel->y) + dy;
        if (x < 0 || y < 0 || x >= image.width || y >= image.height) continue;
        found = image.rgb(x, y) == std::array<int, 3>{want.r, want.g, want.b};
      }
    matching += found;
  }
  return double(matching) / double(cells.size());
}

TEST_F(MapOverlayTest, EachCellShowsTheCliColourAtItsVertexIn3DAnd2D) {
  const core::Scene scene = core::parseScene(
      R"({"surface": "himmelblau", "runs": [{"start": [0, 0], "optimizer": {"name": "adam", "lr": 0.1},
          "iterations": 300, "tolerance": 1e-6}], "camera": {"azimuth": -90, "elevation": 89}})",
      "test");
  Renderer renderer;
  showScene(renderer, scene);
  core::MapSpec spec;
  spec.grid = kGrid;
  const core::DescentMap map = core::computeMap(scene, spec);
  ASSERT_EQ(map.attractors.size(), 4u);  // himmelblau's four minima
  MapOverlay overlay{kGrid, mapCellColors(map, MapColoring::attractor)};
  const std::vector<std::array<int, 2>> cells = interiorCells(overlay.colors);
  ASSERT_GT(cells.size(), 300u);
  renderer.setMapOverlay(&overlay);

  // 3-D, seen from nearly straight above so that no cell's vertex is hidden by the surface.
  Camera camera;
  camera.azimuth = -90;
  camera.elevation = 89;
  const Image three = draw(renderer, camera, core::ViewMode::threeD);
  savePng(three, outputPath("map_overlay_3d.png"));
  const ViewProjection view3 = renderer.viewProjection(camera, Viewport{0, 0, kWidth, kHeight});
  EXPECT_GT(matchingShare(three, view3, map, overlay.colors, cells, NAN), 0.97);

  const Image two = draw(renderer, camera, core::ViewMode::twoD);
  savePng(two, outputPath("map_overlay_2d.png"));
  const ViewProjection view2 = renderer.planViewProjection(Viewport{0, 0, kWidth, kHeight});
  EXPECT_GT(matchingShare(two, view2, map, overlay.colors, cells, 0), 0.97);

  // A map whose cells are all one colour tells a blank or misplaced picture apart: without the overlay
  // the surface's own colours are back and (almost) no vertex shows its cell's colour.
  renderer.setMapOverlay(nullptr);
  EXPECT_LT(matchingShare(draw(renderer, camera, core::ViewMode::threeD), view3, map, overlay.colors, cells, NAN), 0.05);
  EXPECT_LT(matchingShare(draw(renderer, camera, core::ViewMode::twoD), view2, map, overlay.colors, cells, 0), 0.05);

  // The map mirrored in y (what a texture uploaded top-down would show) misses most cells.
  MapOverlay mirrored{kGrid, {}};
  for (int j = kGrid - 1; j >= 0; --j)
    for (int i = 0; i < kGrid; ++i) mirrored.colors.push_back(overlay.colors[std::size_t(j) * kGrid + i]);
  renderer.setMapOverlay(&mirrored);
  EXPECT_LT(matchingShare(draw(renderer, camera, core::ViewMode::threeD), view3, map, overlay.colors, cells, NAN), 0.6);
}

}  // namespace
}  // namespace gradscape::render::test
