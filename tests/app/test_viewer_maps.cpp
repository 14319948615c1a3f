// Maps in the viewer (`set map.*`): the basin map computed in the background reaches the requested grid
// and shows each attractor's cells in the colour `gradscape map` gives them, over the share of the plot the
// CLI's CSV gives them; a phase cell loads exactly the CLI's hyperparameter values into the run.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "render/map_image.hpp"
#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

const std::string kScene = std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/himmelblau-minima.json";

// CSV rows as field maps (header names as keys).
std::vector<std::map<std::string, std::string>> readCsv(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::stringstream fields(line); std::getline(fields, line, ',');) header.push_back(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> row;
    std::stringstream fields(line);
    std::string field;
    for (const std::string& name : header) {
      std::getline(fields, field, ',');
      row[name] = field;
    }
    rows.push_back(row);
  }
  return rows;
}

ProcessResult cliMap(const std::vector<std::string>& arguments, const std::string& scene = kScene) {
  std::vector<std::string> argv = {GRADSCAPE_BINARY, "map", scene, "--quiet"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return runProcess(argv);
}

// A 2-D screenshot (legend off) of `scene`'s 64² basin map: the plot area is where the attractors'
// colours are, and each colour's share of it is the CLI's share of cells of that colour (contour lines
// and paths take a little of each). A stale map (another run's or another domain's) has other shares.
void expectPictureShowsCliBasins(const std::filesystem::path& picture, const ViewerState& state,
                                 const std::filesystem::path& scene, std::size_t attractors) {
  const auto csv = std::filesystem::path(picture).replace_extension(".csv");
  const ProcessResult cli = cliMap({"--grid", "64", "-o", csv.string()}, scene.string());
  ASSERT_EQ(cli.exitCode, 0) << cli.err;
  const auto rows = readCsv(csv);
  ASSERT_EQ(rows.size(), 64u * 64u);
  std::map<int, double> cliShare;  // attractor -> share of cells
  for (const auto& row : rows) cliShare[std::stoi(row.at("attractor"))] += 1.0 / double(rows.size());
  ASSERT_EQ(cliShare.size(), attractors);

  const auto image = loadPng(picture);
  ASSERT_TRUE(image);
  const PixelBox box = sceneBox(state, image->height);
  std::map<int, int> pixels;
  int left = image->width, right = 0, top = image->height, bottom = 0, total = 0;
  for (int y = box.y0; y < box.y1; ++y)
    for (int x = box.x0; x < box.x1; ++x)
      for (const auto& [attractor, share] : cliShare) {
        const core::Rgb c = render::attractorColor(attractor);
        const unsigned char* p = image->at(x, y);
        if (p[0] != c.r || p[1] != c.g || p[2] != c.b) continue;
        ++pixels[attractor];
        left = std::min(left, x), right = std::max(right, x), top = std::min(top, y), bottom = std::max(bottom, y);
      }
  for (const auto& [attractor, count] : pixels) total += count;
  ASSERT_GT(right - left, 300) << picture << ": no map in the picture";
  ASSERT_GT(bottom - top, 300);
  const double plotArea = double(right - left + 1) * double(bottom - top + 1);
  EXPECT_GT(total / plotArea, 0.85) << picture << ": the plot is not covered by the map's colours";
  for (const auto& [attractor, share] : cliShare)
    EXPECT_NEAR(pixels[attractor] / double(total), share, 0.02) << picture << ": attractor " << attractor;
}

TEST(ViewerMaps, TheBasinMapShowsTheCliColoursOverTheCliShares) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "set view.mode 2d\nset legend off\nset map.kind basin\nset map.grid 64\n"
                                  "wait 60\nstate\nscreenshot two.png\nset map.kind off\nwait 10\nstate\n",
                                  {kScene}, false, "1200x900");
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 2u) << run.describe();  // and the final state
  EXPECT_EQ(run.states[0].view.at("map"), "basin");
  EXPECT_EQ(run.states[0].view.at("map_grid"), "64") << run.describe();
  EXPECT_EQ(run.states[0].view.at("map_busy"), "0");
  EXPECT_EQ(run.states[1].view.at("map"), "off");
  EXPECT_EQ(run.states[1].view.at("map_grid"), "0");
  expectPictureShowsCliBasins(directory / "two.png", run.states[0], kScene, 4);
}

// Editing the mapped run's lr, then the surface's domain, recomputes the map in the background: each time
// the picture is the CLI's map of the scene as edited (saved by the viewer), not the previous one
// (himmelblau-minima.json's four basins, 24 %, 23 %, 26 % and 27 % of the cells; with lr 0.5 they take
// 24 %, 31 %, 18 % and 27 %; on x in [-3, 5] one cell ends apart, a fifth attractor).
TEST(ViewerMaps, TheMapFollowsAnLrEditAndASurfaceEdit) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  "set view.mode 2d\nset legend off\nset map.kind basin\nset map.grid 64\nwait 60\n"
                                  "set runs[0].lr 0.5\nwait 150\nstate\nscreenshot lr.png\nsave lr.json\n"
                                  "set surface.x -3 5\nwait 150\nstate\nscreenshot domain.png\nsave domain.json\n",
                                  {kScene}, false, "1200x900");
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 2u) << run.describe();
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(run.states[k].view.at("map_grid"), "64") << run.describe();
    EXPECT_EQ(run.states[k].view.at("map_busy"), "0") << run.describe();
  }
  EXPECT_EQ(run.states[0].runNumber(0, "lr"), 0.5);
  expectPictureShowsCliBasins(directory / "lr.png", run.states[0], directory / "lr.json", 4);
  expectPictureShowsCliBasins(directory / "domain.png", run.states[1], directory / "domain.json", 5);
}

// The phase map of the tests below: adam's lr against beta1 on himmelblau-minima.json's run 0.
const std::string kPhaseScript =
    "set map.kind phase\nset map.grid 16\nset map.x lr:1e-3:0.7:log\nset map.y beta1:0:0.95:linear\nwait 40\nstate\n";

// Run 0 of the scene `save`d as `saved` holds exactly the CLI's hyperparameter values of phase cell (i, j).
void expectRunHoldsPhaseCell(const std::filesystem::path& directory, const std::filesystem::path& saved, int i, int j) {
  const auto csv = directory / "phase.csv";
  const ProcessResult cli =
      cliMap({"--kind", "phase", "--grid", "16", "--x", "lr:1e-3:0.7:log", "--y", "beta1:0:0.95:linear", "-o", csv.string()});
  ASSERT_EQ(cli.exitCode, 0) << cli.err;
  const auto rows = readCsv(csv);
  const auto& cell = rows.at(std::size_t(j) * 16 + std::size_t(i));
  ASSERT_EQ(cell.at("i"), std::to_string(i));
  ASSERT_EQ(cell.at("j"), std::to_string(j));
  const nlohmann::json scene = nlohmann::json::parse(std::ifstream(saved));
  const auto& optimizer = scene.at("runs").at(0).at("optimizer");
  EXPECT_EQ(optimizer.at("lr").get<double>(), std::stod(cell.at("x")));
  EXPECT_EQ(optimizer.at("betas").at(0).get<double>(), std::stod(cell.at("y")));
  EXPECT_NE(std::stod(cell.at("x")), 0.1);  // the scene's own lr: the pick changed it
}

TEST(ViewerMaps, APhaseCellLoadsTheCliValuesIntoTheRun) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory,
                                  kPhaseScript + "screenshot phase.png\n"
                                  "set map.pick 5 11\nwait 2\nstate\nsave picked.json\n"
                                  "expect-error map.pick: expected a whole number in [0, 15]\nset map.pick 16 0\n"
                                  "expect-error map.x lr:0:1:log: a log axis needs positive ends\nset map.x lr:0:1:log\n",
                                  {kScene}, false, "1200x900");
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 2u) << run.describe();  // and the final state
  EXPECT_EQ(run.states[0].view.at("map"), "phase");
  EXPECT_EQ(run.states[0].view.at("map_grid"), "16") << run.describe();
  expectRunHoldsPhaseCell(directory, directory / "picked.json", 5, 11);
}

// The same cell by a click on the phase window's picture, where the state line says it is drawn (a first
// run of the same script finds it: the window opens at the same place every time).
TEST(ViewerMaps, AClickOnAPhaseCellLoadsItIntoTheRun) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  const ViewerRun look = runViewer(directory, kPhaseScript, {kScene}, false, "1200x900");
  ASSERT_EQ(look.process.exitCode, 0) << look.describe();
  ASSERT_GE(look.states.size(), 1u) << look.describe();
  ASSERT_TRUE(look.states[0].view.contains("map_picture")) << look.describe();
  float left = 0, top = 0, side = 0;
  ASSERT_EQ(std::sscanf(look.states[0].view.at("map_picture").c_str(), "%f,%f,%f", &left, &top, &side), 3);
  ASSERT_GT(side, 100);
  const int i = 5, j = 11;  // the cell's centre; y grows upwards in the picture
  const double x = left + (i + 0.5) / 16 * side, y = top + (1 - (j + 0.5) / 16) * side;
  const ViewerRun run = runViewer(directory,
                                  kPhaseScript + "click " + std::to_string(x) + " " + std::to_string(y) +
                                      "\nwait 2\nstate\nsave clicked.json\n",
                                  {kScene}, false, "1200x900");
  ASSERT_EQ(run.process.exitCode, 0) << run.describe();
  ASSERT_GE(run.states.size(), 2u) << run.describe();
  EXPECT_EQ(run.states[1].view.at("map_picture"), look.states[0].view.at("map_picture"));
  expectRunHoldsPhaseCell(directory, directory / "clicked.json", i, j);
}

}  // namespace
}  // namespace gradscape::testing
