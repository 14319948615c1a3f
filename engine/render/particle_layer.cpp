// Ensemble particles as dots with fading trails (see particle_layer.hpp).
#include "render/particle_layer.hpp"

#include <algorithm>
#include <cmath>

#include "render/surface_mesh.hpp"

namespace gradscape::render {

namespace {

std::uint32_t packColor(core::Rgb color) {
  return std::uint32_t(color.r) | std::uint32_t(color.g) << 8 | std::uint32_t(color.b) << 16 | 0xFF000000u;
}

}  // namespace

ParticleLayer::ParticleLayer() = default;

bool ParticleLayer::active(const PathLayer& paths, const SurfacePlacement& placement) {
  if (builtVersion_ != paths.particleVersion()) rebuild(paths, placement);
  return particles_ > 0;
}

void ParticleLayer::rebuild(const PathLayer& paths, const SurfacePlacement& placement) {
  builtVersion_ = paths.particleVersion();
  if (normalsVersion_ != paths.placementVersion()) {
    normalsVersion_ = paths.placementVersion();
    rebuildNormals(placement);
  }
  std::size_t points = 0;
  std::vector<glm::uvec4> info;
  for (std::size_t r = 0; r < paths.size(); ++r) {
    const RunState& state = paths.run(r);
    if (!state.style.particle || !state.style.visible || state.data.empty()) continue;
    info.emplace_back(static_cast<std::uint32_t>(points), static_cast<std::uint32_t>(state.data.size()),
                      packColor(state.style.color), 0u);
    points += state.data.size();
  }
  particles_ = info.size();
  longest_ = 0;
  if (particles_ == 0) return;

  // Data -> world is affine inside the box's neighbourhood; far points (diverging) take dataToWorld's pull.
  const DataBox& box = placement.box;
  const glm::dvec3 origin = dataToWorld(box, {box.x[0], box.y[0], box.z[0]});
  const glm::dvec3 unit = glm::dvec3(dataToWorld(box, {box.x[1], box.y[1], box.z[1]})) - origin;
  const glm::dvec3 low(box.x[0], box.y[0], box.z[0]), span(box.x[1] - box.x[0], box.y[1] - box.y[0], box.z[1] - box.z[0]);
  const bool hasSurface = placement.surface.has_value();
  const core::Domain domain = hasSurface ? placement.surface->domain() : core::Domain{};
  std::vector<glm::vec4> world;
  world.reserve(points);
  for (std::size_t r = 0; r < paths.size(); ++r) {
    const RunState& state = paths.run(r);
    if (!state.style.particle || !state.style.visible || state.data.empty()) continue;
    longest_ = std::max<std::int64_t>(longest_, static_cast<std::int64_t>(state.data.size()));
    for (const glm::dvec3& data : state.data) {
      const glm::dvec3 t = (data - low) / span;
      const bool near = std::abs(t.x) < 1e3 && std::abs(t.y) < 1e3 && std::abs(t.z) < 1e3;
      const glm::vec3 position = near ? glm::vec3(origin + t * unit) : dataToWorld(box, data);
      const bool onSurface = hasSurface && std::isfinite(data.z) && data.x >= domain.xMin && data.x <= domain.xMax &&
                             data.y >= domain.yMin && data.y <= domain.yMax;
      world.emplace_back(position, onSurface ? 1.0f : 0.0f);
    }
  }
  const std::span<const glm::vec4> worldBytes(world);
  const std::span<const glm::uvec4> infoBytes(info);
  if (points_.size() < worldBytes.size_bytes()) points_.allocate(worldBytes.size_bytes());
  points_.setSubData(0, worldBytes);
  if (particleInfo_.size() < infoBytes.size_bytes()) particleInfo_.allocate(infoBytes.size_bytes());
  particleInfo_.setSubData(0, infoBytes);
  bytesUploaded_ += worldBytes.size_bytes() + infoBytes.size_bytes();
}

void ParticleLayer::rebuildNormals(const SurfacePlacement& placement) {
  std::vector<glm::vec4> normals(std::size_t(kNormalGrid) * kNormalGrid, glm::vec4(0));
  if (placement.surface) {
    const core::Domain domain = placement.surface->domain();
    domainWorldMin_ = glm::vec2(dataToWorld(placement.box, {domain.xMin, domain.yMin, placement.box.z[0]}));
    domainWorldMax_ = glm::vec2(dataToWorld(placement.box, {domain.xMax, domain.yMax, placement.box.z[0]}));
    const glm::dvec3& scale = placement.worldPerData;
    for (int j = 0; j < kNormalGrid; ++j)
      for (int i = 0; i < kNormalGrid; ++i) {
        const double x = domain.xMin + (domain.xMax - domain.xMin) * i / (kNormalGrid - 1);
        const double y = domain.yMin + (domain.yMax - domain.yMin) * j / (kNormalGrid - 1);
        const core::ValueAndGradient f = placement.surface->surface.valueAndGradient(x, y);
        if (!std::isfinite(f.value) || !std::isfinite(f.dx) || !std::isfinite(f.dy)) continue;
        const glm::dvec3 normal(-f.dx * scale.z / scale.x, -f.dy * scale.z / scale.y, 1.0);
        if (std::isfinite(glm::length(normal))) normals[std::size_t(j) * kNormalGrid + i] = glm::vec4(glm::normalize(normal), 1);
      }
  }
  normals_.emplace(kNormalGrid, kNormalGrid, GL_RGBA32F, GL_RGBA, GL_FLOAT, normals.data());
}

void ParticleLayer::draw(const ViewProjection& view, const PathLayer& paths, const SurfacePlacement& placement,
                         const FrameOptions& options) {
  if (!active(paths, placement)) return;
  beginSurfaceSprites(program_, view, placement.chordGapWorld);
  program_.setUniform("points", static_cast<int>(kPointsUnit));
  program_.setUniform("particles", static_cast<int>(kParticlesUnit));
  program_.setUniform("normals", static_cast<int>(kNormalsUnit));
  program_.setUniform("particleCount", static_cast<int>(particles_));
  program_.setUniform("trailSteps", kTrailSteps);
  program_.setUniform("frame", static_cast<int>(options.iteration < 0 ? longest_ - 1 : std::min(options.iteration, longest_ - 1)));
  program_.setUniform("headSize", static_cast<float>(view.pointsToPixels(options.particleSizePoints)));
  program_.setUniform("domainWorldMin", domainWorldMin_);
  program_.setUniform("domainWorldMax", domainWorldMax_);
  program_.setUniform("viewportOrigin", glm::vec2(view.viewport().x, view.viewport().y));
  program_.setUniform("smoothRim", options.antialias ? 1 : 0);
  program_.setUniform("alphaScale", 1.0f);
  points_.bind(kPointsUnit);
  particleInfo_.bind(kParticlesUnit);
  normals_->bind(kNormalsUnit);
  noAttributes_.bind();
  // One point a sprite, its size from the shader, oldest trail dots first so the heads land on top. A
  // point runs the vertex shader (surface normal, depth bias) once, where a two-triangle quad ran it six
  // times and was set up and binned as two triangles (docs/performance.md, "Render speed").
  glEnable(GL_PROGRAM_POINT_SIZE);
  const GLsizei sprites = static_cast<GLsizei>(particles_ * (kTrailSteps + 1));
  glDrawArrays(GL_POINTS, 0, sprites);
  if (options.hiddenPartsAlpha() > 0) {
    glDepthFunc(GL_GREATER);  // what the surface hides, faintly on top (render.hidden_paths "faint")
    program_.setUniform("alphaScale", static_cast<float>(options.hiddenPartsAlpha()));
    glDrawArrays(GL_POINTS, 0, sprites);
    glDepthFunc(GL_LEQUAL);
  }
  glDisable(GL_PROGRAM_POINT_SIZE);
  glActiveTexture(GL_TEXTURE0);
}

}  // namespace gradscape::render
