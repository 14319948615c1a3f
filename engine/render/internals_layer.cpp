// The internals overlay (see internals_layer.hpp): strokes built on the CPU each frame (a few hundred
// segments), lifted onto the surface and drawn with shaders/arrow.{vert,frag}.
#include "render/internals_layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "render/path_layer.hpp"

namespace gradscape::render {

namespace {

constexpr int kShaftSamples = 24;       // an arrow follows the surface through this many pieces
constexpr double kHeadAngle = 0.45;     // radians each side of the shaft
constexpr double kHeadFraction = 0.3;   // of the arrow's length, at most kMaxHeadFraction of the side
constexpr double kMaxHeadFraction = 0.03;

glm::dvec2 toWorld(const SurfacePlacement& placement, glm::dvec2 data) {
  return {data.x * placement.worldPerData.x, data.y * placement.worldPerData.y};
}
glm::dvec2 toData(const SurfacePlacement& placement, glm::dvec2 world) {
  return {world.x / placement.worldPerData.x, world.y / placement.worldPerData.y};
}

// The shorter side of the world box's floor: what the fractions in internals_layer.hpp are of.
double boxSide(const SurfacePlacement& placement) {
  const DataBox& box = placement.box;
  return std::min((box.x[1] - box.x[0]) * placement.worldPerData.x, (box.y[1] - box.y[0]) * placement.worldPerData.y);
}

// A straight stroke from `from` along the world displacement `world`, sampled so that it can follow the surface.
OverlayStroke line(const SurfacePlacement& placement, glm::dvec2 from, glm::dvec2 world, int samples, core::Rgb color,
                   double widthPoints, double alpha = 1) {
  OverlayStroke stroke{{}, color, alpha, widthPoints};
  for (int i = 0; i <= samples; ++i) stroke.points.push_back(from + toData(placement, world * (double(i) / samples)));
  return stroke;
}

// Shaft and two barbs of an arrow from `from` along world displacement `world` (nothing when it has no length).
void addArrow(std::vector<OverlayStroke>& out, const SurfacePlacement& placement, glm::dvec2 from, glm::dvec2 world,
              core::Rgb color, double widthPoints, int samples, double alpha = 1) {
  const double length = glm::length(world);
  if (!(length > 0) || !std::isfinite(length)) return;
  out.push_back(line(placement, from, world, samples, color, widthPoints, alpha));
  const glm::dvec2 tip = from + toData(placement, world);
  const double head = std::min(kHeadFraction * length, kMaxHeadFraction * boxSide(placement));
  const glm::dvec2 back = -world / length * head;
  for (double angle : {kHeadAngle, -kHeadAngle}) {
    const glm::dvec2 barb(back.x * std::cos(angle) - back.y * std::sin(angle), back.x * std::sin(angle) + back.y * std::cos(angle));
    out.push_back(line(placement, tip, barb, std::max(1, samples / 6), color, widthPoints, alpha));
  }
}

// One arm of the Hessian's cross: through `centre` along world direction `unit`, `half` each way; dashed
// (pieces kDashFraction of the side) for a negative eigenvalue.
void addCrossArm(std::vector<OverlayStroke>& out, const SurfacePlacement& placement, glm::dvec2 centre, glm::dvec2 unit,
                 double half, double eigenvalue) {
  const bool negative = eigenvalue < 0;
  const core::Rgb color = negative ? kCurvatureDownColor : kCurvatureUpColor;
  const glm::dvec2 start = centre - toData(placement, unit * half);
  if (!negative) {
    out.push_back(line(placement, start, unit * (2 * half), kShaftSamples, color, kCrossWidthPoints));
    return;
  }
  const double dash = kDashFraction * boxSide(placement);
  for (double at = 0; at < 2 * half; at += 2 * dash)
    out.push_back(line(placement, start + toData(placement, unit * at), unit * std::min(dash, 2 * half - at), 4, color, kCrossWidthPoints));
}

void addQuiver(std::vector<OverlayStroke>& out, const SurfacePlacement& placement) {
  const core::Domain domain = placement.surface->domain();
  struct Sample {
    glm::dvec2 at, world;
  };
  std::vector<Sample> samples;
  double longest = 0;
  for (int j = 0; j < kQuiverCells; ++j)
    for (int i = 0; i < kQuiverCells; ++i) {
      const glm::dvec2 at(domain.xMin + (i + 0.5) / kQuiverCells * (domain.xMax - domain.xMin),
                          domain.yMin + (j + 0.5) / kQuiverCells * (domain.yMax - domain.yMin));
      const core::ValueAndGradient f = placement.surface->surface.valueAndGradient(at.x, at.y);
      const glm::dvec2 world = toWorld(placement, {-f.dx, -f.dy});
      if (!std::isfinite(glm::length(world))) continue;
      samples.push_back({at, world});
      longest = std::max(longest, glm::length(world));
    }
  if (!(longest > 0)) return;
  const double cell = boxSide(placement) / kQuiverCells;
  for (const Sample& s : samples) {
    const double length = glm::length(s.world);
    if (!(length > 0)) continue;
    addArrow(out, placement, s.at, s.world / length * (0.9 * cell * std::sqrt(length / longest)), kQuiverColor, 0.8, 1, 0.8);
  }
}

struct SegmentVertex {
  glm::vec3 worldA, normalA, worldB, normalB;
  std::array<std::uint8_t, 4> rgba;
  float halfWidth;
};

}  // namespace

double worldLength(const SurfacePlacement& placement, glm::dvec2 dataDisplacement) {
  return glm::length(toWorld(placement, dataDisplacement));
}

std::vector<OverlayStroke> overlayStrokes(const InternalsOverlay& overlay, const SurfacePlacement& placement, bool plan) {
  std::vector<OverlayStroke> out;
  if (!placement.surface) return out;
  if (plan && overlay.quiver) addQuiver(out, placement);
  if (!overlay.at) return out;
  const core::StepInternals& at = *overlay.at;
  const glm::dvec2 point(at.point[0], at.point[1]);
  const double side = boxSide(placement);
  if (overlay.hessianCross) {
    const auto& eigen = at.eigen;
    const double largest = std::max(std::abs(eigen.values[0]), std::abs(eigen.values[1]));
    if (largest > 0 && std::isfinite(largest))
      for (int i = 0; i < 2; ++i) {
        const glm::dvec2 world = toWorld(placement, {eigen.vectors[i][0], eigen.vectors[i][1]});
        const double half = side * std::max(kCrossFraction * std::abs(eigen.values[i]) / largest, kMinCrossFraction);
        addCrossArm(out, placement, point, world / glm::length(world), half, eigen.values[i]);
      }
  }
  if (overlay.arrows) {
    const double arrowLength = kArrowFraction * side;
    const glm::dvec2 gradient = toWorld(placement, {-at.gradient[0], -at.gradient[1]});
    if (glm::length(gradient) > 0) addArrow(out, placement, point, gradient / glm::length(gradient) * arrowLength, kGradientColor, 2, kShaftSamples);
    const glm::dvec2 step = at.hasStep ? toWorld(placement, {at.step[0], at.step[1]}) : glm::dvec2(0);
    const glm::dvec2 state = at.hasState ? toWorld(placement, {at.stateStep[0], at.stateStep[1]}) : glm::dvec2(0);
    const double longest = std::max(glm::length(step), glm::length(state));
    if (longest > 0 && std::isfinite(longest)) {
      // The state under the step, wider: where they agree the step shows with an orange rim.
      addArrow(out, placement, point, state * (arrowLength / longest), kStateColor, 4, kShaftSamples);
      addArrow(out, placement, point, step * (arrowLength / longest), kStepColor, 2, kShaftSamples);
    }
  }
  return out;
}

void InternalsLayer::draw(const ViewProjection& view, const FrameOptions&, const SurfacePlacement& placement) {
  if (!overlay_ || !placement.surface) return;
  // ViewProjection::topDown has an identity view matrix; a 3-D camera's never is.
  const bool plan = view.view() == glm::dmat4(1.0);
  const std::vector<OverlayStroke> strokes = overlayStrokes(*overlay_, placement, plan);
  std::vector<SegmentVertex> vertices;
  for (const OverlayStroke& stroke : strokes) {
    const auto rgba = std::array<std::uint8_t, 4>{stroke.color.r, stroke.color.g, stroke.color.b,
                                                  static_cast<std::uint8_t>(std::lround(255 * stroke.alpha))};
    const float halfWidth = static_cast<float>(0.5 * view.pointsToPixels(stroke.widthPoints));
    std::vector<PathVertex> lifted;
    for (const glm::dvec2& p : stroke.points) {
      const double z = placement.surface->surface.value(p.x, p.y);
      lifted.push_back(std::isfinite(z) ? pathVertex({p.x, p.y, z}, placement) : PathVertex{glm::vec3(NAN), glm::vec3(0)});
    }
    for (std::size_t i = 0; i + 1 < lifted.size(); ++i) {
      const PathVertex &a = lifted[i], &b = lifted[i + 1];
      if (!std::isfinite(a.world.x) || !std::isfinite(b.world.x)) continue;
      for (int corner = 0; corner < 6; ++corner) vertices.push_back({a.world, a.normal, b.world, b.normal, rgba, halfWidth});
    }
  }
  if (vertices.empty()) return;
  if (!program_) {
    program_.emplace(gl::Program::fromFiles("arrow.vert", "arrow.frag"));
    constexpr GLsizei stride = sizeof(SegmentVertex);
    array_.setAttribute(0, buffer_, 3, GL_FLOAT, false, stride, offsetof(SegmentVertex, worldA));
    array_.setAttribute(1, buffer_, 3, GL_FLOAT, false, stride, offsetof(SegmentVertex, normalA));
    array_.setAttribute(2, buffer_, 3, GL_FLOAT, false, stride, offsetof(SegmentVertex, worldB));
    array_.setAttribute(3, buffer_, 3, GL_FLOAT, false, stride, offsetof(SegmentVertex, normalB));
    array_.setAttribute(4, buffer_, 4, GL_UNSIGNED_BYTE, true, stride, offsetof(SegmentVertex, rgba));
    array_.setAttribute(5, buffer_, 1, GL_FLOAT, false, stride, offsetof(SegmentVertex, halfWidth));
  }
  buffer_.setData(std::span<const SegmentVertex>(vertices), GL_STREAM_DRAW);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);
  glDepthMask(GL_FALSE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  program_->use();
  setSurfaceDepthUniforms(*program_, view, placement.chordGapWorld);
  array_.bind();
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices.size()));
  glBindVertexArray(0);
  glDisable(GL_BLEND);
  glDepthMask(GL_TRUE);
}

}  // namespace gradscape::render
