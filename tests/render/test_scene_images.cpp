// What a person sees: occlusion by the surface (a bowl from above and below, a ridge), paths without
// z-fighting gaps, coolwarm face colours where matplotlib has them, non-finite surfaces, picking, markers,
// and a golden image of the article's scene.
#include "gl_test_support.hpp"

#include <glad/gl.h>

#include <cmath>
#include <functional>
#include <numbers>

#include "render/camera.hpp"
#include "render/colormap.hpp"
#include "render/surface_mesh.hpp"

namespace gradscape::render::test {
namespace {

class SceneImages : public GlTest {};

constexpr core::Rgb kPathGreen{0, 200, 0};

Image renderImage(Renderer& renderer, const Camera& camera, int width, int height, int samples,
                  const FrameOptions& options = {}) {
  OffscreenTarget target(width, height, samples);
  target.bind();
  renderer.render(camera, Viewport{0, 0, width, height}, options);
  return readTarget(target);
}

FrameOptions bareOptions() {  // the surface, paths and markers only
  FrameOptions options;
  options.axes = false;
  options.legend = false;
  return options;
}

Camera cameraAt(double azimuth, double elevation) {
  Camera camera;
  camera.azimuth = azimuth;
  camera.elevation = elevation;
  return camera;
}

core::SurfaceSpec expressionSurface(const std::string& expression) {
  core::SurfaceSpec spec;
  spec.surface = core::Surface::fromExpression(expression);
  return spec;
}

// n points of the curve (x(t), y(t)), t in [0, 1], lying on the surface.
std::vector<core::TracePoint> pathOnSurface(const core::Surface& surface, int n,
                                            const std::function<std::array<double, 2>(double)>& curve) {
  std::vector<core::TracePoint> points;
  for (int i = 0; i < n; ++i) {
    const auto [x, y] = curve(static_cast<double>(i) / (n - 1));
    points.push_back({i, x, y, surface.value(x, y)});
  }
  return points;
}

void showPath(Renderer& renderer, const core::SurfaceSpec& surface, const std::vector<core::TracePoint>& points,
              core::Rgb color = kPathGreen) {
  renderer.setSurface(surface, core::RenderSpec{});
  const RunStyle style{color, core::Marker::circle, "path", true};
  renderer.setRuns(std::span(&style, 1));
  renderer.clearTrajectory(0);
  renderer.appendTrajectory(0, points);
}

bool isPathGreen(const Image& image, int x, int y) {
  const auto [r, g, b] = image.rgb(x, y);
  return g > r + 50 && g > b + 50;
}

std::size_t countGreen(const Image& image) {
  std::size_t count = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) count += isPathGreen(image, x, y);
  return count;
}

TEST_F(SceneImages, PathInsideABowlShowsFromAboveAndHidesFromBelow) {
  Renderer renderer;
  const core::SurfaceSpec bowl = expressionSurface("x^2 + y^2");
  // A spiral on the bowl's inside, within radius 0.5 (seen from below, all of it faces away).
  showPath(renderer, bowl, pathOnSurface(bowl.surface, 300, [](double t) {
             const double angle = 6 * std::numbers::pi * t, radius = 0.5 * (1 - 0.8 * t);
             return std::array<double, 2>{radius * std::cos(angle), radius * std::sin(angle)};
           }));
  for (int samples : {1, 4}) {
    const Image above = renderImage(renderer, cameraAt(30, 50), 600, 450, samples, bareOptions());
    const Image below = renderImage(renderer, cameraAt(30, -50), 600, 450, samples, bareOptions());
    savePng(above, outputPath("bowl_above_" + std::to_string(samples) + ".png"));
    savePng(below, outputPath("bowl_below_" + std::to_string(samples) + ".png"));
    EXPECT_GT(countGreen(above), 800u) << "samples " << samples;
    EXPECT_EQ(countGreen(below), 0u) << "samples " << samples;
  }
}

TEST_F(SceneImages, RidgeHidesThePartOfAPathBehindIt) {
  Renderer renderer;
  const core::SurfaceSpec ridge = expressionSurface("exp(-20*y^2)");  // a ridge along x at y = 0
  // Diagonally over the ridge, from the viewer's side (y < 0) to the far side, so the near and far parts
  // land in different image columns.
  const auto points =
      pathOnSurface(ridge.surface, 161, [](double t) { return std::array<double, 2>{-0.8 + 1.6 * t, -0.8 + 1.6 * t}; });
  showPath(renderer, ridge, points);
  const Camera camera = cameraAt(-90, 10);  // eye on the -y side, low
  const Viewport viewport{0, 0, 600, 450};
  const Image image = renderImage(renderer, camera, viewport.width, viewport.height, 4, bareOptions());
  savePng(image, outputPath("ridge.png"));
  const ViewProjection view = renderer.viewProjection(camera, viewport);
  int frontVisible = 0, frontTotal = 0, backVisible = 0, backTotal = 0;
  for (const core::TracePoint& p : points) {
    if (std::abs(p.y) < 0.35 || std::abs(p.y) > 0.7) continue;  // away from the crest and the markers
    const auto pixel = view.dataToPixel({p.x, p.y, p.z});
    ASSERT_TRUE(pixel);
    const bool green = isPathGreen(image, static_cast<int>(pixel->x), static_cast<int>(pixel->y));
    if (p.y < 0) {
      ++frontTotal;
      frontVisible += green;
    } else {
      ++backTotal;
      backVisible += green;
    }
  }
  ASSERT_GT(frontTotal, 20);
  ASSERT_GT(backTotal, 20);
  EXPECT_EQ(frontVisible, frontTotal) << "the near side of the ridge shows the whole path";
  EXPECT_EQ(backVisible, 0) << "the ridge hides the path behind it";
  // The head marker (the run's colour) behind the ridge is hidden too, though a sprite's depth is pulled
  // toward the eye by the surface's slope over its radius; the path's near end shows.
  auto greenAround = [&](const core::TracePoint& p) {
    const auto pixel = view.dataToPixel({p.x, p.y, p.z});
    int green = 0;
    for (int y = static_cast<int>(pixel->y) - 4; y <= static_cast<int>(pixel->y) + 4; ++y)
      for (int x = static_cast<int>(pixel->x) - 4; x <= static_cast<int>(pixel->x) + 4; ++x) green += isPathGreen(image, x, y);
    return green;
  };
  EXPECT_GT(greenAround(points.front()), 0);
  EXPECT_EQ(greenAround(points.back()), 0);
}

// Samples the projected centre line of a path between its ends where a person must see it: the surface
// faces the eye with the side the path lies on, and the first surface point along the pixel's ray (found
// by ray marching, independent of GL) is the path point itself. Every such sample must be path colour.
struct PathCheck {
  int checked = 0, gaps = 0;
};

PathCheck checkPathVisibility(const Image& image, const Renderer& renderer, const Camera& camera,
                              const Viewport& viewport, const core::Surface& surface,
                              const std::vector<core::TracePoint>& points, double skipPixelsAtEnds) {
  PathCheck check;
  const ViewProjection view = renderer.viewProjection(camera, viewport);
  const auto first = view.dataToPixel({points.front().x, points.front().y, points.front().z});
  const auto last = view.dataToPixel({points.back().x, points.back().y, points.back().z});
  for (std::size_t i = 0; i + 1 < points.size(); ++i)
    for (double t = 0; t < 1; t += 0.25) {
      const glm::dvec3 a(points[i].x, points[i].y, points[i].z), b(points[i + 1].x, points[i + 1].y, points[i + 1].z);
      const glm::dvec3 onPath = a + t * (b - a);
      const auto pixel = view.dataToPixel(onPath);
      if (!pixel) continue;
      const glm::dvec2 p(*pixel);
      if (glm::distance(p, glm::dvec2(*first)) < skipPixelsAtEnds || glm::distance(p, glm::dvec2(*last)) < skipPixelsAtEnds)
        continue;
      const core::ValueAndGradient f = surface.valueAndGradient(onPath.x, onPath.y);
      const glm::dvec3 normal = glm::normalize(glm::dvec3(-f.dx, -f.dy, 1));
      const glm::dvec3 toEye = glm::normalize(view.eyeInData() - onPath);
      if (glm::dot(toEye, normal) < 0.15) continue;  // seen from underneath or edge-on
      // Occluded, or at the edge of an occluder (a pixel around lands elsewhere on the surface).
      bool clear = true;
      for (const glm::dvec2 offset : {glm::dvec2(0, 0), glm::dvec2(4, 0), glm::dvec2(-4, 0), glm::dvec2(0, 4), glm::dvec2(0, -4)}) {
        const auto picked = renderer.pickSurface(camera, viewport, p.x + offset.x, p.y + offset.y);
        const double tolerance = offset == glm::dvec2(0, 0) ? 0.01 : 0.08;
        if (!picked || std::hypot((*picked)[0] - onPath.x, (*picked)[1] - onPath.y) > tolerance) clear = false;
      }
      if (!clear) continue;
      ++check.checked;
      if (!isPathGreen(image, static_cast<int>(p.x), static_cast<int>(p.y))) {
        ++check.gaps;
        std::printf("gap at pixel %.1f %.1f (path at x %.3f, y %.3f)\n", p.x, p.y, onPath.x, onPath.y);
      }
    }
  return check;
}

TEST_F(SceneImages, PathsOnTheSurfaceHaveNoZFightingGaps) {
  Renderer renderer;
  const core::SurfaceSpec saddle;  // x^2 - y^2
  // Along x = 0, where z = -y^2 is concave (the true surface lies below the triangles' chords) and the
  // path coincides with an edge line; and a wavy diagonal crossing cells and edges.
  const std::vector<std::vector<core::TracePoint>> paths = {
      pathOnSurface(saddle.surface, 200, [](double t) { return std::array<double, 2>{0.0, -0.9 + 1.8 * t}; }),
      pathOnSurface(saddle.surface, 200,
                    [](double t) {
                      return std::array<double, 2>{-0.8 + 1.6 * t, -0.6 + 1.2 * t + 0.15 * std::sin(9 * t)};
                    }),
  };
  const Viewport viewport{0, 0, 800, 600};
  for (const auto& points : paths)
    for (const Camera& camera : {cameraAt(120, 37), cameraAt(-30, 70), cameraAt(200, 25)})
      for (int samples : {1, 4}) {
        showPath(renderer, saddle, points);
        const Image image = renderImage(renderer, camera, viewport.width, viewport.height, samples, bareOptions());
        const PathCheck check = checkPathVisibility(image, renderer, camera, viewport, saddle.surface, points, 12);
        if (check.gaps > 0) savePng(image, outputPath("zfight_failure.png"));
        EXPECT_GT(check.checked, 40) << "azimuth " << camera.azimuth << " elevation " << camera.elevation;
        EXPECT_EQ(check.gaps, 0) << "azimuth " << camera.azimuth << " elevation " << camera.elevation << " samples "
                                 << samples << " of " << check.checked;
      }
}

// matplotlib's own 1200x900 frame of the article's surface, sampled at face centres
// (tests/oracle/matplotlib_render_reference.py, section 3): x, y, r, g, b.
constexpr double kMatplotlibFaceColors[][5] = {
    {-0.019000, 0.981000, 66, 87, 201},    // mean z -0.95
    {0.981000, 0.031000, 189, 31, 45},     // mean z 0.95
    {0.031000, 0.031000, 221, 220, 220},   // mean z 0
    {0.931000, 0.031000, 205, 66, 59},     // mean z 0.855
    {-0.019000, 0.931000, 80, 107, 218},   // mean z -0.855
    {-0.469000, -0.719000, 175, 202, 252}, // mean z -0.3
    {0.781000, 0.531000, 247, 185, 158},   // mean z 0.325
    {0.031000, 0.781000, 123, 159, 249},   // mean z -0.6
    {0.531000, -0.469000, 227, 217, 211},  // mean z 0.05
};

TEST_F(SceneImages, SaddleFacesHaveMatplotlibsColors) {
  Renderer renderer;
  core::Scene scene = core::articleScene();
  scene.runs.clear();
  showScene(renderer, scene);
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  const Viewport viewport{0, 0, 1200, 900};
  const ViewProjection view = renderer.viewProjection(camera, viewport);
  for (int samples : {1, 4}) {
    const Image image = renderImage(renderer, camera, viewport.width, viewport.height, samples);
    for (const auto& face : kMatplotlibFaceColors) {
      const double x = face[0], y = face[1];
      const auto pixel = view.dataToPixel({x, y, x * x - y * y});
      ASSERT_TRUE(pixel);
      const auto rgb = image.rgb(static_cast<int>(pixel->x), static_cast<int>(pixel->y));
      for (int c = 0; c < 3; ++c)
        EXPECT_NEAR(rgb[c], face[2 + c], 2) << "face at " << x << "," << y << " channel " << c << " samples " << samples;
    }
  }
}

TEST(SurfaceGeometry, FlatPolygonsMergeAndCurvedOnesKeepTheirCells) {
  core::RenderSpec spec;  // 81 x 81, edge stride 2: 40 x 40 polygons of 2 x 2 cells
  // The article's saddle is within 0.0003 world units of its polygons' corner triangles: 2 triangles each.
  const SurfaceGeometry saddle = buildSurfaceGeometry(core::SurfaceSpec{}, spec);
  EXPECT_EQ(saddle.triangles.size(), 40u * 40 * 2 * 3);
  EXPECT_GT(saddle.chordGapWorld, 2e-4) << "paths are lifted above the merged triangles' error";
  EXPECT_LE(saddle.chordGapWorld, 5e-4);
  // A bumpy surface keeps 8 triangles a polygon, and its chord gap is the cells' own.
  const SurfaceGeometry bumps = buildSurfaceGeometry(expressionSurface("sin(9*x)*cos(9*y)"), spec);
  EXPECT_EQ(bumps.triangles.size(), 80u * 80 * 2 * 3);
  // With an edge line on every grid line a polygon is one cell: nothing to merge.
  spec.edgeStride = 1;
  EXPECT_EQ(buildSurfaceGeometry(core::SurfaceSpec{}, spec).triangles.size(), 80u * 80 * 2 * 3);
}

TEST_F(SceneImages, NonFiniteSurfaceValuesLeaveHolesNotGarbage) {
  Renderer renderer;
  const core::SurfaceSpec logSurface = expressionSurface("log(x)");  // NaN for x < 0, -inf at 0
  core::RenderSpec spec;
  const SurfaceGeometry geometry = buildSurfaceGeometry(logSurface, spec);
  for (const std::uint32_t index : geometry.triangles) {
    const SurfaceVertex& vertex = geometry.vertices.at(index);
    ASSERT_TRUE(std::isfinite(vertex.world.x) && std::isfinite(vertex.world.y) && std::isfinite(vertex.world.z));
    ASSERT_GT(vertex.world.x, 0.5f) << "only x > 0 has a surface (world x > half the box)";
  }
  // The triangles cover exactly the 39 x 80 cells with x > 0 (log(0) = -inf), whether a polygon is drawn
  // per cell or, where the surface is flat enough, as two triangles over its corners: area in grid units.
  double gridArea = 0;
  for (std::size_t k = 0; k + 2 < geometry.triangles.size(); k += 3) {
    const glm::vec2 a = geometry.vertices.at(geometry.triangles[k]).grid;
    const glm::vec2 b = geometry.vertices.at(geometry.triangles[k + 1]).grid;
    const glm::vec2 c = geometry.vertices.at(geometry.triangles[k + 2]).grid;
    gridArea += 0.5 * std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y));
  }
  EXPECT_DOUBLE_EQ(gridArea, 39.0 * 80);
  EXPECT_LT(geometry.triangles.size(), 39u * 80 * 6) << "log flattens out: some polygons merge";
  // Only the domain's rim is drawn as real lines (x = 0 is -inf, so the hole's rim is column i = 41, not an
  // edge line: those are the even columns); every other edge line is drawn by the face shader.
  for (std::size_t k = 0; k < geometry.borderEdges.size(); k += 2) {
    const glm::vec2 a = geometry.vertices.at(geometry.borderEdges[k]).grid;
    const glm::vec2 b = geometry.vertices.at(geometry.borderEdges[k + 1]).grid;
    const bool onRim = (a.x == b.x && a.x == 80) || (a.y == b.y && (a.y == 0 || a.y == 80));
    EXPECT_TRUE(onRim) << "segment (" << a.x << ", " << a.y << ") - (" << b.x << ", " << b.y << ")";
  }

  renderer.setSurface(logSurface, spec);
  const Camera camera = cameraAt(-90, 60);  // looking along +y: x runs left to right
  const Image image = renderImage(renderer, camera, 600, 450, 4, bareOptions());
  savePng(image, outputPath("log_surface.png"));
  const ViewProjection view = renderer.viewProjection(camera, Viewport{0, 0, 600, 450});
  const DataBox box = renderer.dataBox();
  EXPECT_TRUE(std::isfinite(box.z[0]) && std::isfinite(box.z[1]));
  // Where x < 0 there is nothing: the background shows.
  for (double y : {-0.5, 0.0, 0.5}) {
    const auto pixel = view.dataToPixel({-0.5, y, 0.5 * (box.z[0] + box.z[1])});
    EXPECT_EQ(image.rgb(static_cast<int>(pixel->x), static_cast<int>(pixel->y)), (std::array<int, 3>{255, 255, 255}));
  }
}

TEST_F(SceneImages, PickFindsTheSurfacePointUnderThePixel) {
  Renderer renderer;
  renderer.setSurface(core::SurfaceSpec{}, core::RenderSpec{});
  const Camera camera = cameraAt(120, 37);
  const Viewport viewport{0, 0, 1200, 900};
  const ViewProjection view = renderer.viewProjection(camera, viewport);
  for (const auto& [x, y] : {std::array<double, 2>{0.3, -0.4}, {-0.7, 0.2}, {0.9, 0.9}}) {
    const auto pixel = view.dataToPixel({x, y, x * x - y * y});
    const auto picked = renderer.pickSurface(camera, viewport, pixel->x, pixel->y);
    ASSERT_TRUE(picked) << x << "," << y;
    EXPECT_NEAR((*picked)[0], x, 1e-6);
    EXPECT_NEAR((*picked)[1], y, 1e-6);
  }
  EXPECT_FALSE(renderer.pickSurface(camera, viewport, 5, 5)) << "the corner of the image is off the surface";
}

TEST_F(SceneImages, EachMarkerShapeAndTheDivergedMarkerLookDifferent) {
  Renderer renderer;
  const core::SurfaceSpec saddle;
  const auto points = pathOnSurface(saddle.surface, 20, [](double t) { return std::array<double, 2>{0.5 * t, 0.2}; });
  const Camera camera = cameraAt(-60, 60);
  std::vector<Image> images;
  for (core::Marker marker : {core::Marker::circle, core::Marker::square, core::Marker::triangle, core::Marker::diamond,
                              core::Marker::cross}) {
    renderer.setSurface(saddle, core::RenderSpec{});
    const RunStyle style{kPathGreen, marker, "m", true};
    renderer.setRuns(std::span(&style, 1));
    renderer.clearTrajectory(0);
    renderer.appendTrajectory(0, points);
    images.push_back(renderImage(renderer, camera, 400, 300, 4, bareOptions()));
  }
  renderer.setDiverged(0, true);
  images.push_back(renderImage(renderer, camera, 400, 300, 4, bareOptions()));
  savePng(images.back(), outputPath("diverged_marker.png"));
  for (std::size_t a = 0; a < images.size(); ++a)
    for (std::size_t b = a + 1; b < images.size(); ++b)
      EXPECT_GT(compareImages(images[a], images[b]).pixelsDiffering, 10u) << a << " vs " << b;
}

TEST_F(SceneImages, ASubViewportDrawsTheSamePictureAndNothingOutside) {
  // The window draws the scene into part of its framebuffer (the rest is the UI).
  Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  const Image alone = renderImage(renderer, camera, 400, 300, 4);

  OffscreenTarget target(640, 480, 4);
  target.bind();
  glClearColor(1, 0, 1, 1);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
  const Viewport viewport{100, 60, 400, 300};  // GL lower-left origin
  renderer.render(camera, viewport, FrameOptions{});
  const Image whole = readTarget(target);
  const int top = 480 - viewport.y - viewport.height;
  int outsideChanged = 0, insideMaxDifference = 0, insideFlippedEdgePixels = 0;
  for (int y = 0; y < 480; ++y)
    for (int x = 0; x < 640; ++x) {
      const bool inside = x >= viewport.x && x < viewport.x + viewport.width && y >= top && y < top + viewport.height;
      if (!inside) {
        outsideChanged += whole.rgb(x, y) != std::array<int, 3>{255, 0, 255};
        continue;
      }
      const auto a = whole.rgb(x, y), b = alone.rgb(x - viewport.x, y - top);
      int difference = 0;
      for (int c = 0; c < 3; ++c) difference = std::max(difference, std::abs(a[c] - b[c]));
      const std::array<int, 3> edgeBlack{0, 0, 0};
      if (difference > 1 && (a == edgeBlack || b == edgeBlack)) ++insideFlippedEdgePixels;
      else insideMaxDifference = std::max(insideMaxDifference, difference);
    }
  EXPECT_EQ(outsideChanged, 0);
  // llvmpipe rasterises a few antialiased grid-line pixels one level apart at another window offset.
  EXPECT_LE(insideMaxDifference, 1);
  // The face shader's edge lines threshold an interpolated grid index, and llvmpipe interpolates from the
  // corner of each tile: a pixel within float rounding of half a pixel from a line can flip (2 of 120,000
  // here). Anything more is a different picture.
  EXPECT_LE(insideFlippedEdgePixels, 12);
}

TEST_F(SceneImages, AHeadMarkerOnTheSurfaceIsDrawnWhole) {
  // The article's last frame: the blue run ends near the saddle point, seen from 37 degrees up. The surface
  // just in front of the marker (below it on screen) is nearer the eye than the marker's centre; the
  // sprite's depth bias must cover that over its whole radius, or the slope cuts off its lower half.
  Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  const Image image = renderImage(renderer, camera, 1200, 900, 4, FrameOptions{});
  savePng(image, outputPath("article_last_frame.png"));
  std::vector<core::TracePoint> points;
  core::traceRun(scene.surface.surface, scene.runs[0], [&](const core::TracePoint& p) { points.push_back(p); });
  const auto centre = renderer.viewProjection(camera, Viewport{0, 0, 1200, 900})
                          .dataToPixel({points.back().x, points.back().y, points.back().z});
  ASSERT_TRUE(centre);
  int upper = 0, lower = 0;  // pure fill pixels with their centre above and below the marker's centre
  for (int y = static_cast<int>(centre->y) - 15; y <= static_cast<int>(centre->y) + 15; ++y)
    for (int x = static_cast<int>(centre->x) - 15; x <= static_cast<int>(centre->x) + 15; ++x)
      if (image.rgb(x, y) == std::array<int, 3>{0, 0, 255}) (y + 0.5 < centre->y ? upper : lower) += 1;
  EXPECT_GT(upper, 30);
  EXPECT_GE(lower, 0.85 * upper) << "the lower half of the marker is hidden (" << lower << " vs " << upper << " pixels)";
}

TEST_F(SceneImages, ArticleSceneMatchesTheGoldenImage) {
  Renderer renderer;
  const core::Scene scene = core::articleScene();
  showScene(renderer, scene);
  FrameOptions options;
  options.iteration = 43;
  const Image image = renderImage(renderer, Camera::fromSpec(scene.cameraOrDefault()), 1200, 900, 4, options);
  savePng(image, outputPath("article_iter043.png"));
  const std::string goldenPath = std::string(GRADSCAPE_TEST_DATA) + "/golden/article_iter043.png";
  const Image golden = loadPng(goldenPath);
  ASSERT_FALSE(golden.rgba.empty()) << "missing " << goldenPath << "; the actual image is "
                                    << outputPath("article_iter043.png");
  const ImageDifference difference = compareImages(image, golden);
  // Thresholds for Mesa llvmpipe: identical on the machine that made the golden; another Mesa version may
  // move antialiased edges and glyph rims by a few levels, never the picture.
  constexpr int kMaxChannel = 96;
  constexpr double kMeanChannel = 0.25;
  if (difference.maxChannel > kMaxChannel || difference.meanChannel > kMeanChannel)
    savePng(difference.diff, outputPath("article_iter043_diff.png"));
  EXPECT_LE(difference.maxChannel, kMaxChannel) << "diff image: " << outputPath("article_iter043_diff.png");
  EXPECT_LE(difference.meanChannel, kMeanChannel) << "diff image: " << outputPath("article_iter043_diff.png");
}

}  // namespace
}  // namespace gradscape::render::test
