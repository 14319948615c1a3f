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
// `left`: the pane's first column in the image (the split view's 2-D pane is its right half).
double matchingShare(const Image& image, const ViewProjection& view, const core::DescentMap& map,
                     const std::vector<core::Rgb>& colors, const std::vector<std::array<int, 2>>& cells, double z,
                     int left = 0) {
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
        const int x = left + int(pixel->x) + dx, y = int(pixel->y) + dy;
        if (x < 0 || y < 0 || x >= image.width || y >= image.height) continue;
        found = image.rgb(x, y) == std::array<int, 3>{want.r, want.g, want.b};
      }
    matching += found;
  }
  return double(matching) / double(cells.size());
}

core::Scene himmelblau() {
  return core::parseScene(
      R"({"surface": "himmelblau", "runs": [{"start": [0, 0], "optimizer": {"name": "adam", "lr": 0.1},
          "iterations": 300, "tolerance": 1e-6}], "camera": {"azimuth": -90, "elevation": 89}})",
      "test");
}

core::DescentMap basinMap(const core::Scene& scene) {
  core::MapSpec spec;
  spec.grid = kGrid;
  return core::computeMap(scene, spec);
}

// Seen from nearly straight above so that no cell's vertex is hidden by the surface.
Camera fromAbove() {
  Camera camera;
  camera.azimuth = -90;
  camera.elevation = 89;
  return camera;
}

TEST_F(MapOverlayTest, EachCellShowsTheCliColourAtItsVertexIn3DAnd2D) {
  const core::Scene scene = himmelblau();
  Renderer renderer;
  showScene(renderer, scene);
  const core::DescentMap map = basinMap(scene);
  ASSERT_EQ(map.attractors.size(), 4u);  // himmelblau's four minima
  MapOverlay overlay{kGrid, mapCellColors(map, MapColoring::attractor)};
  const std::vector<std::array<int, 2>> cells = interiorCells(overlay.colors);
  ASSERT_GT(cells.size(), 300u);
  renderer.setMapOverlay(&overlay);

  const Camera camera = fromAbove();
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

// The viewer draws through the panes' kept static layers: a map that arrives, changes (the next level of
// the coarse-to-fine job, or another run's map) or goes must show in the very next frame of both panes,
// not the layer kept from before it.
TEST_F(MapOverlayTest, TheKeptStaticLayersOfBothPanesFollowTheMap) {
  const core::Scene scene = himmelblau();
  Renderer renderer;
  showScene(renderer, scene);
  const core::DescentMap map = basinMap(scene);
  ASSERT_EQ(map.attractors.size(), 4u);
  MapOverlay overlay{kGrid, mapCellColors(map, MapColoring::attractor)};
  // The same map with its colours permuted (attractor a shows a + 1's): every interior cell changes colour.
  MapOverlay permuted{kGrid, {}};
  for (const core::MapCell& cell : map.cells) permuted.colors.push_back(attractorColor((cell.attractor + 1) % 4));
  const std::vector<std::array<int, 2>> cells = interiorCells(overlay.colors);
  ASSERT_GT(cells.size(), 300u);

  const Camera camera = fromAbove();
  FrameOptions options;
  options.view = core::ViewMode::split;
  options.legend = false;
  OffscreenTarget target(kWidth, kHeight, 1);
  const int half = kWidth / 2;
  const ViewProjection view3 = renderer.viewProjection(camera, Viewport{0, 0, half, kHeight});
  // One frame as the viewer draws it; the shares of `colors` in the 3-D and the 2-D pane.
  const auto shares = [&](const std::vector<core::Rgb>& colors, const std::string& name) {
    renderer.renderReusingStaticLayer(target, camera, options);
    // After the frame: the 2-D plot area is wider while a map hides the colour bar.
    const ViewProjection view2 = renderer.planViewProjection(Viewport{half, 0, kWidth - half, kHeight});
    const Image image = readTarget(target);
    savePng(image, outputPath(name));
    return std::array<double, 2>{matchingShare(image, view3, map, colors, cells, NAN),
                                 matchingShare(image, view2, map, colors, cells, 0, half)};
  };
  // Twice without a map: the second frame comes from the kept layers.
  shares(overlay.colors, "map_kept_none.png");
  const std::array<double, 2> none = shares(overlay.colors, "map_kept_none.png");
  EXPECT_LT(none[0], 0.05);
  EXPECT_LT(none[1], 0.05);

  renderer.setMapOverlay(&overlay);
  const std::array<double, 2> shown = shares(overlay.colors, "map_kept_shown.png");
  EXPECT_GT(shown[0], 0.97) << "3-D pane: the map that arrived is not drawn (a stale kept layer)";
  EXPECT_GT(shown[1], 0.97) << "2-D pane: the map that arrived is not drawn (a stale kept layer)";
  shares(overlay.colors, "map_kept_shown.png");  // now kept

  renderer.setMapOverlay(&permuted);
  const std::array<double, 2> changed = shares(permuted.colors, "map_kept_changed.png");
  EXPECT_GT(changed[0], 0.97) << "3-D pane: still the previous map";
  EXPECT_GT(changed[1], 0.97) << "2-D pane: still the previous map";
  shares(permuted.colors, "map_kept_changed.png");

  renderer.setMapOverlay(nullptr);
  const std::array<double, 2> gone = shares(permuted.colors, "map_kept_gone.png");
  EXPECT_LT(gone[0], 0.05) << "3-D pane: the map stays after it was turned off";
  EXPECT_LT(gone[1], 0.05) << "2-D pane: the map stays after it was turned off";
}

// The 2-D map is in data coordinates: zoomed and panned (the viewer's data window), each cell inside the
// window is still drawn at its vertex; a map stretched over the plot area regardless would miss them.
TEST_F(MapOverlayTest, The2DMapFollowsTheDataWindow) {
  const core::Scene scene = himmelblau();
  Renderer renderer;
  showScene(renderer, scene);
  const core::DescentMap map = basinMap(scene);
  MapOverlay overlay{kGrid, mapCellColors(map, MapColoring::attractor)};
  renderer.setMapOverlay(&overlay);
  const core::Domain domain = scene.surface.domain();
  const double xSpan = domain.xMax - domain.xMin, ySpan = domain.yMax - domain.yMin;
  // Zoomed to about a third of the domain, off its centre (as a pan leaves it).
  for (const core::Domain window :
       {core::Domain{domain.xMin + 0.1 * xSpan, domain.xMin + 0.45 * xSpan, domain.yMin + 0.5 * ySpan, domain.yMin + 0.85 * ySpan},
        core::Domain{domain.xMin + 0.4 * xSpan, domain.xMin + 0.8 * xSpan, domain.yMin + 0.05 * ySpan, domain.yMin + 0.4 * ySpan}}) {
    std::vector<std::array<int, 2>> inside;
    for (const auto& [i, j] : interiorCells(overlay.colors)) {
      const core::MapCell& cell = map.at(i, j);
      if (cell.x > window.xMin && cell.x < window.xMax && cell.y > window.yMin && cell.y < window.yMax)
        inside.push_back({i, j});
    }
    ASSERT_GT(inside.size(), 40u);
    FrameOptions options;
    options.view = core::ViewMode::twoD;
    options.legend = false;
    options.planWindow = window;
    const Image image = renderImage(renderer, Camera{}, kWidth, kHeight, options);
    savePng(image, outputPath("map_overlay_2d_window.png"));
    const ViewProjection view = renderer.planViewProjection(Viewport{0, 0, kWidth, kHeight}, window);
    EXPECT_GT(matchingShare(image, view, map, overlay.colors, inside, 0), 0.97);
  }
}

}  // namespace
}  // namespace gradscape::render::test
