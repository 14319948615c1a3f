// A path point's world position and surface normal, one at a time (pathVertex) and in the batches
// PathLayer::replace and append evaluate (one surface visit a run), against the rule written out here from
// Surface::valueAndGradient: the same bits, on a catalog surface and on an expression with holes.
#include "gl_test_support.hpp"
#include "render/path_layer.hpp"
#include "render/surface_mesh.hpp"

namespace gradscape::render::test {
namespace {

class PathVertices : public GlTest {};

SurfacePlacement placementOf(const std::string& surfaceJson) {
  SurfacePlacement placement;
  placement.surface = core::parseScene(R"({"surface": )" + surfaceJson + R"(, "runs": [{"start": [0.5, 0.5]}]})", "test.json").surface;
  placement.box = DataBox{{-2.5, 2.0}, {-1.5, 3.0}, {-1.0, 40.0}};
  placement.worldPerData = {0.41, 0.37, 0.045};
  return placement;
}

// The rule: world from dataToWorld; the normal of z = f(x, y) in world units inside the domain where f
// and its gradient are finite, 0 elsewhere.
PathVertex expectedVertex(const glm::dvec3& data, const SurfacePlacement& placement) {
  PathVertex vertex{dataToWorld(placement.box, data), glm::vec3(0)};
  const core::Domain domain = placement.surface->domain();
  if (!(data.x >= domain.xMin && data.x <= domain.xMax && data.y >= domain.yMin && data.y <= domain.yMax))
    return vertex;
  const core::ValueAndGradient f = placement.surface->surface.valueAndGradient(data.x, data.y);
  if (!std::isfinite(f.value) || !std::isfinite(f.dx) || !std::isfinite(f.dy)) return vertex;
  const glm::dvec3 scale = placement.worldPerData;
  const glm::dvec3 normal(-f.dx * scale.z / scale.x, -f.dy * scale.z / scale.y, 1.0);
  if (std::isfinite(glm::length(normal))) vertex.normal = glm::vec3(glm::normalize(normal));
  return vertex;
}

// Points inside and outside the domain, on a hole of the expression (log of a negative), and NaN.
std::vector<core::TracePoint> pointsAcross() {
  std::vector<core::TracePoint> points;
  for (int i = 0; i <= 400; ++i) {
    const double t = i / 400.0;
    points.push_back({i, -3.0 + 6.0 * t, -2.0 + 5.0 * t * t, 10.0 * std::sin(7 * t)});
  }
  points.push_back({401, std::nan(""), 0.5, 1.0});
  points.push_back({402, 0.5, 0.5, std::nan("")});
  return points;
}

TEST_F(PathVertices, OneAtATimeAndInBatchesFollowTheSurfacesGradient) {
  for (const std::string surface : {R"("rosenbrock")", R"({"expression": "log(x) + y^2", "x": [-2, 2], "y": [-1, 2]})"}) {
    const SurfacePlacement placement = placementOf(surface);
    const std::vector<core::TracePoint> points = pointsAcross();
    std::vector<PathVertex> expected;
    std::size_t onSurface = 0, offSurface = 0;
    for (const core::TracePoint& point : points) {
      expected.push_back(expectedVertex({point.x, point.y, point.z}, placement));
      (expected.back().normal == glm::vec3(0) ? offSurface : onSurface) += 1;
    }
    ASSERT_GT(onSurface, 100u) << surface;
    ASSERT_GT(offSurface, 20u) << surface << ": points off the domain or on a hole";

    for (std::size_t i = 0; i < points.size(); ++i)
      EXPECT_EQ(pathVertex({points[i].x, points[i].y, points[i].z}, placement), expected[i]) << surface << " point " << i;

    PathLayer layer;
    layer.setRuns(std::vector<RunStyle>(3, RunStyle{core::Rgb{200, 30, 30}, core::Marker::circle, "", true}));
    const std::span<const core::TracePoint> all(points);
    // Run 0 in one append, run 1 in two, run 2 replaced (with run 0, as an edit of every run does).
    layer.append(0, all, placement);
    layer.append(1, all.first(150), placement);
    layer.append(1, all.subspan(150), placement);
    const PathLayer::Replacement replacements[] = {{2, all}, {0, all}};
    layer.replace(replacements, placement);
    for (std::size_t run = 0; run < 3; ++run) {
      const std::span<const PathVertex> drawn = layer.run(run).path.points();
      ASSERT_EQ(drawn.size(), expected.size()) << surface << " run " << run;
      for (std::size_t i = 0; i < drawn.size(); ++i)
        EXPECT_EQ(drawn[i], expected[i]) << surface << " run " << run << " point " << i;
    }
  }
}

}  // namespace
}  // namespace gradscape::render::test
