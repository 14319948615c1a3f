// How trajectories are drawn: which points a view keeps (steps under kMergeRadiusPixels merged, decided
// from earlier points only; while moving, points near a chord merged too), when they are chosen again,
// and that a slow run's animation still equals full renders.
#include "gl_test_support.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "render/path_points.hpp"

namespace gradscape::render::test {
namespace {

class TrajectoryDrawing : public GlTest {};

// A spiral into the box's centre whose steps shrink from a few pixels to far below one (a slow run).
std::vector<PathVertex> spiral(std::size_t count) {
  std::vector<PathVertex> points;
  for (std::size_t i = 0; i < count; ++i) {
    const double t = static_cast<double>(i);
    const double radius = 0.6 * std::exp(-t / 100.0);
    const glm::vec3 world(0.75 + radius * std::cos(t / 20.0), 0.75 + radius * std::sin(t / 20.0), 0.3 + 0.1 * radius);
    points.push_back({world, i % 7 == 0 ? glm::vec3(0) : glm::vec3(0, 0, 1)});
  }
  return points;
}

ViewProjection articleView(int width, int height) {
  return ViewProjection(Camera::fromSpec(core::articleScene().cameraOrDefault()), DataBox{}, Viewport{0, 0, width, height});
}

std::optional<glm::dvec2> pixelOf(const ViewProjection& view, const glm::vec3& world) {
  const std::optional<glm::dvec3> pixel = view.clipToPixel(view.projection() * view.view() * glm::dvec4(glm::dvec3(world), 1));
  if (!pixel) return std::nullopt;
  return glm::dvec2(*pixel);
}

// Walks the points beside the kept ones: a point is kept exactly when it lies at least `radius` pixels
// from the last kept point. Returns how many were kept.
std::size_t checkKeptSpacing(PathPoints& buffer, const std::vector<PathVertex>& points,
                             const ViewProjection& view, double radius) {
  const std::span<const std::int32_t> kept = buffer.keptPoints(view, radius);
  EXPECT_FALSE(kept.empty());
  if (kept.empty()) return 0;
  EXPECT_EQ(kept[0], 0);
  std::size_t next = 0;  // walks kept alongside the points
  glm::dvec2 anchor = *pixelOf(view, points[0].world);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const glm::dvec2 pixel = *pixelOf(view, points[i].world);
    const bool isKept = next < kept.size() && static_cast<std::size_t>(kept[next]) == i;
    if (i > 0) {
      const double distance = glm::length(pixel - anchor);
      // A margin on either side: the renderer projects in double through the same transform, in another order.
      if (isKept) EXPECT_GT(distance, radius - 1e-9) << "point " << i;
      else EXPECT_LT(distance, radius + 1e-9) << "point " << i;
    }
    if (isKept) {
      anchor = pixel;
      ++next;
    }
  }
  EXPECT_EQ(next, kept.size());
  return kept.size();
}

TEST_F(TrajectoryDrawing, KeptPointsAreThoseAtLeastTheMergeRadiusFromTheLastKept) {
  PathPoints buffer;
  const std::vector<PathVertex> points = spiral(1000);
  buffer.append(points);
  const std::size_t kept = checkKeptSpacing(buffer, points, articleView(1200, 900), PathPoints::kMergeRadiusPixels);
  EXPECT_LT(kept, points.size() / 2) << "most of a slow run's steps are below half a pixel";
  EXPECT_GT(kept, 50u) << "the fast start is kept point by point";
}

// The viewer's frames while the picture moves (FrameOptions::moving) merge more: fewer segments, the same
// rule; the radius is part of what the kept points were chosen for.
TEST_F(TrajectoryDrawing, AMovingFrameKeepsPointsAtTheMovingRadiusAndFewerOfThem) {
  PathPoints buffer;
  const std::vector<PathVertex> points = spiral(1000);
  buffer.append(points);
  const ViewProjection view = articleView(800, 684);
  const std::size_t still = checkKeptSpacing(buffer, points, view, PathPoints::kMergeRadiusPixels);
  const std::size_t moving = checkKeptSpacing(buffer, points, view, PathPoints::kMovingMergeRadiusPixels);
  EXPECT_LT(moving, still * 3 / 4);
  EXPECT_EQ(checkKeptSpacing(buffer, points, view, PathPoints::kMergeRadiusPixels), still);
}

// Checks the chord rule's promise for the chords it draws (kept point to kept point, and the last kept
// point to the last point): every point merged into a chord lies within `radius` of its start or within
// the tolerance of it (a point past the chord's end by up to the tolerance: sqrt(2) of it). Returns how
// many points were kept.
std::size_t checkChords(PathPoints& buffer, const std::vector<PathVertex>& points, const ViewProjection& view,
                        double radius, double tolerance) {
  const std::vector<std::int32_t> kept(buffer.keptPoints(view, radius, tolerance).begin(),
                                       buffer.keptPoints(view, radius, tolerance).end());
  EXPECT_FALSE(kept.empty());
  if (kept.empty()) return 0;
  EXPECT_EQ(kept[0], 0);
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()) && std::adjacent_find(kept.begin(), kept.end()) == kept.end());
  std::vector<std::size_t> ends(kept.begin(), kept.end());
  if (ends.back() != points.size() - 1) ends.push_back(points.size() - 1);  // the draw's own last chord
  const auto distanceToChord = [](glm::dvec2 p, glm::dvec2 a, glm::dvec2 b) {
    const glm::dvec2 ab = b - a;
    const double t = glm::dot(ab, ab) > 0 ? std::clamp(glm::dot(p - a, ab) / glm::dot(ab, ab), 0.0, 1.0) : 0.0;
    return glm::length(p - (a + t * ab));
  };
  for (std::size_t c = 0; c + 1 < ends.size(); ++c) {
    const glm::dvec2 a = *pixelOf(view, points[ends[c]].world), b = *pixelOf(view, points[ends[c + 1]].world);
    for (std::size_t i = ends[c] + 1; i < ends[c + 1]; ++i) {
      const glm::dvec2 p = *pixelOf(view, points[i].world);
      if (glm::length(p - a) < radius + 1e-9) continue;
      EXPECT_LT(distanceToChord(p, a, b), std::sqrt(2.0) * tolerance + 1e-9)
          << "point " << i << " merged into the chord " << ends[c] << " to " << ends[c + 1];
    }
  }
  return kept.size();
}

TEST_F(TrajectoryDrawing, AMovingFrameMergesPointsNearChordsAndNoOthers) {
  const ViewProjection view = articleView(800, 684);
  PathPoints buffer;
  const std::vector<PathVertex> points = spiral(1000);
  buffer.append(points);
  const std::size_t radiusOnly = buffer.keptPoints(view, PathPoints::kMovingMergeRadiusPixels).size();
  const std::size_t chords = checkChords(buffer, points, view, PathPoints::kMovingMergeRadiusPixels,
                                         PathPoints::kMovingChordTolerancePixels);
  EXPECT_LT(chords, radiusOnly / 2) << "a spiral's steps lie on a few nearly straight stretches on screen";
  EXPECT_GT(chords, 20u) << "its turns keep points";
  // A tighter tolerance keeps more, and what it keeps still honours its own bound.
  EXPECT_GT(checkChords(buffer, points, view, PathPoints::kMovingMergeRadiusPixels, 0.1), chords);
  // Deterministic: another buffer with the same points keeps the same ones.
  PathPoints again;
  again.append(points);
  const std::span<const std::int32_t> first = buffer.keptPoints(view, 1.5, 0.5), second = again.keptPoints(view, 1.5, 0.5);
  EXPECT_TRUE(std::equal(first.begin(), first.end(), second.begin(), second.end()));
}

// A zig-zag of long steps keeps every corner; a straight line of short steps keeps only its start (its
// draw joins the start to its last point), and the same line folded back on itself its turn too.
TEST_F(TrajectoryDrawing, TheChordRuleKeepsEveryCornerAndMergesAStraightLine) {
  const ViewProjection view = articleView(800, 684);
  std::vector<PathVertex> zigzag, line;
  for (int i = 0; i < 40; ++i) {
    zigzag.push_back({glm::vec3(0.2f + 0.015f * static_cast<float>(i), 0.5f + (i % 2 == 0 ? 0.0f : 0.03f), 0.5f), glm::vec3(0)});
    line.push_back({glm::vec3(0.2f + 0.002f * static_cast<float>(i), 0.5f + 0.001f * static_cast<float>(i), 0.5f), glm::vec3(0)});
  }
  PathPoints zigzagBuffer, lineBuffer;
  zigzagBuffer.append(zigzag);
  lineBuffer.append(line);
  EXPECT_EQ(checkChords(zigzagBuffer, zigzag, view, 1.5, 0.5), zigzag.size() - 1) << "all but the last (the draw's end)";
  EXPECT_EQ(checkChords(lineBuffer, line, view, 1.5, 0.5), 1u);
  // Out along the line and half way back: every direction from the start still fits, but the chord to a
  // point on the way back would end short of the turn, so the turn is kept.
  std::vector<PathVertex> folded(line.begin(), line.end());
  for (int i = 38; i >= 20; --i) folded.push_back(line[static_cast<std::size_t>(i)]);
  PathPoints foldedBuffer;
  foldedBuffer.append(folded);
  EXPECT_EQ(checkChords(foldedBuffer, folded, view, 1.5, 0.5), 2u) << "the start and the turn";
}

TEST_F(TrajectoryDrawing, KeptPointsOfAPrefixArePrefixOfTheWhole) {
  const std::vector<PathVertex> points = spiral(900);
  const ViewProjection view = articleView(800, 684);
  PathPoints whole;
  whole.append(points);
  const std::vector<std::int32_t> all(whole.keptPoints(view).begin(), whole.keptPoints(view).end());

  PathPoints growing;
  for (std::size_t end = 1; end <= points.size(); end += 37) {
    growing.append(std::span(points).subspan(growing.size(), end - growing.size()));
    const std::span<const std::int32_t> kept = growing.keptPoints(view);
    ASSERT_LE(kept.size(), all.size());
    for (std::size_t i = 0; i < kept.size(); ++i) ASSERT_EQ(kept[i], all[i]) << "after " << end << " points, entry " << i;
    // Nothing kept from the whole lies within this prefix and is missing here.
    const std::size_t inPrefix = static_cast<std::size_t>(
        std::count_if(all.begin(), all.end(), [&](std::int32_t k) { return static_cast<std::size_t>(k) < end; }));
    EXPECT_EQ(kept.size(), inPrefix) << "after " << end << " points";
  }
}

// The same with the chord rule, but for its last decision: a point is kept only once the next one shows
// that its chord was the last to hold, so a prefix may lack the whole's last kept point within it.
TEST_F(TrajectoryDrawing, ChordKeptPointsOfAPrefixArePrefixOfTheWhole) {
  const std::vector<PathVertex> points = spiral(900);
  const ViewProjection view = articleView(800, 684);
  PathPoints whole;
  whole.append(points);
  const std::vector<std::int32_t> all(whole.keptPoints(view, 1.5, 0.5).begin(), whole.keptPoints(view, 1.5, 0.5).end());
  PathPoints growing;
  for (std::size_t end = 1; end <= points.size(); end += 23) {
    growing.append(std::span(points).subspan(growing.size(), end - growing.size()));
    const std::span<const std::int32_t> kept = growing.keptPoints(view, 1.5, 0.5);
    ASSERT_LE(kept.size(), all.size());
    for (std::size_t i = 0; i < kept.size(); ++i) ASSERT_EQ(kept[i], all[i]) << "after " << end << " points, entry " << i;
    const std::size_t inPrefix = static_cast<std::size_t>(
        std::count_if(all.begin(), all.end(), [&](std::int32_t k) { return static_cast<std::size_t>(k) < end; }));
    EXPECT_GE(kept.size() + 1, inPrefix) << "after " << end << " points";
  }
}

TEST_F(TrajectoryDrawing, AFixedCameraDecidesOnlyOnNewPointsAndANewCameraOnAllOfThem) {
  const std::vector<PathVertex> points = spiral(600);
  PathPoints buffer;
  buffer.append(std::span(points).subspan(0, 300));
  const ViewProjection view = articleView(1200, 900);
  const std::vector<std::int32_t> first(buffer.keptPoints(view).begin(), buffer.keptPoints(view).end());
  EXPECT_EQ(buffer.pointsExamined(), 300u);
  buffer.keptPoints(view);
  EXPECT_EQ(buffer.pointsExamined(), 300u) << "same camera, same points: nothing decided again";

  buffer.append(std::span(points).subspan(300, 20));
  const std::vector<std::int32_t> second(buffer.keptPoints(view).begin(), buffer.keptPoints(view).end());
  EXPECT_EQ(buffer.pointsExamined(), 320u) << "only the new points";
  ASSERT_GT(second.size(), first.size());
  EXPECT_TRUE(std::equal(first.begin(), first.end(), second.begin())) << "the earlier choice stands";

  Camera turned = Camera::fromSpec(core::articleScene().cameraOrDefault());
  turned.azimuth += 10;
  const ViewProjection other(turned, DataBox{}, Viewport{0, 0, 1200, 900});
  const std::vector<std::int32_t> kept(buffer.keptPoints(other).begin(), buffer.keptPoints(other).end());
  EXPECT_EQ(buffer.pointsExamined(), 640u) << "a new camera: all again";
  PathPoints fresh;
  fresh.append(std::span(points).subspan(0, 320));
  EXPECT_TRUE(std::ranges::equal(fresh.keptPoints(other), kept)) << "as chosen from scratch";

  buffer.clear();
  EXPECT_TRUE(buffer.keptPoints(view).empty());
}

core::Scene slowRunsOnTheBowl() {
  core::Scene scene = core::articleScene();
  scene.surface.surface = core::Surface::fromCatalog("quadratic");
  scene.runs.resize(2);
  scene.runs[0].start = {0.9, 0.4};
  scene.runs[1].start = {-0.7, 0.8};
  for (core::RunSpec& run : scene.runs) {
    run.optimizer.lr = 0.002;
    run.iterations = 400;
  }
  return scene;
}

// A moving frame shows the same paths but for edge pixels (and the still frame after it is exact).
TEST_F(TrajectoryDrawing, AMovingFrameDiffersFromTheStillOneInAFewEdgePixels) {
  const core::Scene scene = slowRunsOnTheBowl();
  Renderer renderer;
  showScene(renderer, scene);
  core::CameraSpec fromAbove = scene.cameraOrDefault();
  fromAbove.elevation = 80;  // the paths lie in the bowl, hidden by its near wall at the article's camera
  const Camera camera = Camera::fromSpec(fromAbove);
  const auto frame = [&](bool moving, std::int64_t iteration) {
    FrameOptions options;
    options.antialias = false;
    options.moving = moving;
    options.iteration = iteration;
    return renderImage(renderer, camera, 800, 684, options);
  };
  const Image still = frame(false, -1);
  const Image moving = frame(true, -1);
  const ImageDifference paths = compareImages(still, frame(false, 0));
  EXPECT_GT(paths.pixelsDiffering, 1000u) << "the paths are drawn";
  const ImageDifference difference = compareImages(still, moving);
  savePng(moving, outputPath("moving_frame.png"));
  savePng(still, outputPath("still_frame.png"));
  // Chords within half a pixel of the merged points move the 2-px lines' edges by up to that: about a tenth
  // of the paths' pixels change (a missing or displaced stretch would change far more). Looked at 4x
  // side by side: no difference to see.
  EXPECT_LT(difference.pixelsDiffering, paths.pixelsDiffering / 8) << "moving: only edge pixels move";
  EXPECT_EQ(compareImages(still, frame(false, -1)).maxChannel, 0) << "the still frame after it is exact";
}

// A straight path on a plane (a straight line on screen: the chord rule keeps only its start) played to
// its middle: the moving frame draws up to the frame's last point, as the still frame does.
TEST_F(TrajectoryDrawing, AMovingFrameOfAStraightPathDrawsItUpToTheFramesPoint) {
  core::Scene scene = core::articleScene();
  scene.surface.surface = core::Surface::fromExpression("0.3 * x + 0.2 * y");
  Renderer renderer;
  renderer.setSurface(scene.surface, scene.render);
  renderer.setRuns(std::vector<RunStyle>{RunStyle{core::Rgb{200, 30, 30}, core::Marker::circle, "", true}});
  std::vector<core::TracePoint> points;
  for (int i = 0; i <= 600; ++i) {
    const double x = -1.0 + 2.0 * i / 600.0, y = -0.3 + 0.6 * i / 600.0;
    points.push_back({i, x, y, 0.3 * x + 0.2 * y});
  }
  renderer.appendTrajectory(0, points);
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  const auto frame = [&](bool moving, std::int64_t iteration) {
    FrameOptions options;
    options.antialias = false;
    options.legend = false;
    options.moving = moving;
    options.iteration = iteration;
    return renderImage(renderer, camera, 800, 684, options);
  };
  const std::size_t path = compareImages(frame(false, -1), frame(false, 0)).pixelsDiffering;
  ASSERT_GT(path, 500u) << "the path is drawn";
  for (const std::int64_t iteration : {std::int64_t{-1}, std::int64_t{300}, std::int64_t{451}}) {
    const Image still = frame(false, iteration), moving = frame(true, iteration);
    if (iteration == 300) savePng(moving, outputPath("moving_straight_path_300.png"));
    EXPECT_LT(compareImages(still, moving).pixelsDiffering, path / 8) << "iteration " << iteration;
  }
  EXPECT_GT(compareImages(frame(true, 300), frame(true, -1)).pixelsDiffering, path / 4) << "played to the middle";
}

// Two slow runs on the bowl (steps far below a pixel after the first few): every incremental frame equals
// the full render of its iteration, though most points are merged into longer segments.
TEST_F(TrajectoryDrawing, ASlowRunsAnimationEqualsFullRenders) {
  const core::Scene scene = slowRunsOnTheBowl();
  Renderer renderer;
  showScene(renderer, scene);
  const Camera camera = Camera::fromSpec(scene.cameraOrDefault());
  constexpr int kWidth = 480, kHeight = 360;
  OffscreenTarget target(kWidth, kHeight, 1);
  FrameOptions options;
  options.antialias = false;
  options.iteration = 0;
  renderer.beginAnimation(target, camera, options);
  for (std::int64_t k = 1; k <= 400; ++k) {
    renderer.advanceTo(k);
    if (k % 57 != 0 && k != 1 && k != 400) continue;
    const Image incremental = readTarget(target);
    OffscreenTarget full(kWidth, kHeight, 1);
    full.bind();
    options.iteration = k;
    renderer.render(camera, Viewport{0, 0, kWidth, kHeight}, options);
    const ImageDifference difference = compareImages(incremental, readTarget(full));
    if (difference.maxChannel > 0) savePng(difference.diff, outputPath("slow_runs_animation_diff.png"));
    ASSERT_EQ(difference.maxChannel, 0) << "frame " << k << ": " << difference.pixelsDiffering << " pixels differ";
  }
  renderer.endAnimation();
}

}  // namespace
}  // namespace gradscape::render::test
