// Map pictures (render/map_image): cells land where their (i, j) says with y growing upwards, in the colour
// their attractor, loss or status gives; the legend and colour bar are drawn. Pure CPU, no GL needed.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/descent_map.hpp"
#include "encode/png_writer.hpp"
#include "render/map_image.hpp"

namespace gradscape::render {
namespace {

core::Scene himmelblauScene() {
  return core::parseScene(R"({"surface": "himmelblau", "runs": [{"start": [0, 0], "optimizer": {"name": "adam", "lr": 0.1},
                              "iterations": 300, "tolerance": 1e-6}]})",
                          "test");
}

core::Rgb pixel(const MapPicture& picture, int x, int y) {
  const std::uint8_t* p = &picture.rgba[(std::size_t(y) * picture.width + x) * 4];
  return {p[0], p[1], p[2]};
}

// The pixel at the centre of cell (i, j)'s block in the plot.
core::Rgb cellPixel(const MapPicture& picture, int n, int i, int j) {
  const int x = picture.plotLeft + (2 * i + 1) * picture.plotWidth / (2 * n);
  const int y = picture.plotTop + picture.plotHeight - 1 - (2 * j + 1) * picture.plotHeight / (2 * n);
  return pixel(picture, x, y);
}

void save(const MapPicture& picture, const std::string& name) {
  encode::writePng(std::string(GRADSCAPE_TEST_OUTPUT) + "/" + name, {picture.rgba.data(), picture.width, picture.height});
}

TEST(MapPicture, BasinCellsShowTheirAttractorWithYUp) {
  core::MapSpec spec;
  spec.grid = 30;
  const core::DescentMap map = core::computeMap(himmelblauScene(), spec);
  ASSERT_EQ(map.attractors.size(), 4u);
  const MapPicture picture = drawMapPicture(map, MapColoring::attractor, 300, "himmelblau");
  save(picture, "map_basin_himmelblau.png");
  EXPECT_EQ(picture.plotWidth, 300);
  EXPECT_EQ(picture.plotHeight, 300);
  for (int j = 0; j < spec.grid; j += 3)
    for (int i = 0; i < spec.grid; i += 3)
      EXPECT_EQ(cellPixel(picture, spec.grid, i, j), attractorColor(map.at(i, j).attractor)) << i << ", " << j;
  // y up: the top-left corner is the start (-5, 5), which ends at the minimum (-2.81, 3.13), not at
  // (-3.78, -3.28) as the bottom-left (-5, -5) does.
  const core::MapCell& topLeft = map.at(0, spec.grid - 1);
  EXPECT_LT(topLeft.end.x, 0);
  EXPECT_GT(topLeft.end.y, 0);
  EXPECT_EQ(pixel(picture, picture.plotLeft + 2, picture.plotTop + 2), attractorColor(topLeft.attractor));
  // The legend has a swatch of each attractor's colour right of the plot.
  std::set<std::uint32_t> legendColors;
  for (int y = picture.plotTop; y < picture.plotTop + 120; ++y)
    for (int x = picture.plotLeft + picture.plotWidth + 10; x < picture.width; ++x) {
      const core::Rgb c = pixel(picture, x, y);
      legendColors.insert(std::uint32_t(c.r) << 16 | c.g << 8 | c.b);
    }
  for (int a = 0; a < 4; ++a) {
    const core::Rgb c = attractorColor(a);
    EXPECT_TRUE(legendColors.count(std::uint32_t(c.r) << 16 | c.g << 8 | c.b)) << "legend lacks attractor " << a;
  }
}

TEST(MapPicture, LossMapIsAGradientAndDivergedCellsAreBlack) {
  const core::Scene scene = core::parseScene(
      R"({"surface": "rosenbrock", "runs": [{"start": [-1.5, 2], "optimizer": {"name": "sgd", "lr": 0.001}, "iterations": 200}]})",
      "test");
  core::MapSpec spec;
  spec.kind = core::MapKind::phase;
  spec.grid = 40;
  spec.xAxis = core::PhaseAxis{core::NumericHyperparameter::lr, 1e-5, 1e-2, core::AxisScale::log};
  spec.yAxis = core::PhaseAxis{core::NumericHyperparameter::momentum, 0, 0.99, core::AxisScale::linear};
  const core::DescentMap map = core::computeMap(scene, spec);
  const MapPicture picture = drawMapPicture(map, MapColoring::loss, 400, "phase");
  save(picture, "map_phase_rosenbrock.png");
  std::set<std::uint32_t> colors;
  int diverged = 0;
  for (int j = 0; j < spec.grid; ++j)
    for (int i = 0; i < spec.grid; ++i) {
      const core::Rgb c = cellPixel(picture, spec.grid, i, j);
      colors.insert(std::uint32_t(c.r) << 16 | c.g << 8 | c.b);
      if (map.at(i, j).end.status == core::StopReason::diverged) {
        EXPECT_EQ(c, (core::Rgb{0, 0, 0}));
        ++diverged;
      }
    }
  EXPECT_GT(diverged, 0);
  EXPECT_GT(colors.size(), 40u);  // a gradient, not a flat fill
  // Lower final loss is darker in viridis: the best finished cell is darker than the worst.
  const core::MapCell* best = nullptr;
  const core::MapCell* worst = nullptr;
  for (const core::MapCell& cell : map.cells) {
    if (cell.end.status == core::StopReason::diverged) continue;
    if (!best || cell.end.loss < best->end.loss) best = &cell;
    if (!worst || cell.end.loss > worst->end.loss) worst = &cell;
  }
  const auto colorsOf = mapCellColors(map, MapColoring::loss);
  const core::Rgb dark = colorsOf[std::size_t(best - map.cells.data())], light = colorsOf[std::size_t(worst - map.cells.data())];
  EXPECT_LT(dark.r + dark.g + dark.b, light.r + light.g + light.b);
  EXPECT_EQ(dark, viridis(0));
  EXPECT_EQ(light, viridis(1));
}

// A loss map where one cell's loss is exactly 0 (the start at the minimum of x^2 + y^2 on an odd grid) stays
// on a log scale from the smallest positive loss: symlog would put every other cell, spread over decades,
// into one linear band near 0's colour. The zero cell takes the bottom colour.
TEST(MapPicture, ALossOfZeroKeepsTheLogScaleAndTakesTheBottomColour) {
  const core::Scene scene = core::parseScene(
      R"({"surface": {"expression": "x^2 + y^2", "x": [-1, 1], "y": [-1, 1]},
          "runs": [{"start": [0.5, 0.5], "optimizer": {"name": "sgd", "lr": 0.05}, "iterations": 40}]})",
      "test");
  core::MapSpec spec;
  spec.kind = core::MapKind::loss;
  spec.grid = 21;
  const core::DescentMap map = core::computeMap(scene, spec);
  const core::MapCell& centre = map.at(10, 10);
  ASSERT_EQ(centre.end.loss, 0.0);
  const core::ColorScale scale = mapColorScale(map, MapColoring::loss);
  EXPECT_EQ(scale.kind(), core::ColorScaleKind::log);
  EXPECT_GT(scale.vmin(), 0.0);
  const MapPicture picture = drawMapPicture(map, MapColoring::loss, 300, "zero");
  save(picture, "map_loss_with_zero.png");
  EXPECT_EQ(cellPixel(picture, spec.grid, 10, 10), viridis(0));
  // The cells next to the centre (the smallest positive losses) are dark too, the corners bright: a gradient
  // over the ring of starts, not one colour for everything but the zero.
  std::set<std::uint32_t> colors;
  for (int j = 0; j < spec.grid; ++j)
    for (int i = 0; i < spec.grid; ++i) {
      const core::Rgb c = cellPixel(picture, spec.grid, i, j);
      colors.insert(std::uint32_t(c.r) << 16 | c.g << 8 | c.b);
    }
  EXPECT_GT(colors.size(), 20u);
  EXPECT_EQ(cellPixel(picture, spec.grid, 0, 0), viridis(1));
  const core::Rgb nearCentre = cellPixel(picture, spec.grid, 11, 10);
  const core::Rgb corner = cellPixel(picture, spec.grid, 0, 0);
  EXPECT_LT(nearCentre.r + nearCentre.g + nearCentre.b + 100, corner.r + corner.g + corner.b);
}

}  // namespace
}  // namespace gradscape::render
