// Ensemble particles as discs with fading line trails (see particle_layer.hpp).
#include "render/particle_layer.hpp"

#include <algorithm>
#include <cmath>

#include "core/parallel_for.hpp"
#include "render/surface_mesh.hpp"

namespace gradscape::render {

namespace {

std::uint32_t packColor(core::Rgb color) {
  return std::uint32_t(color.r) | std::uint32_t(color.g) << 8 | std::uint32_t(color.b) << 16 | 0xFF000000u;
}

}  // namespace

ParticleLayer::ParticleLayer() = default;

float ParticleLayer::headSquareMargin(bool smoothRim, bool multisample) {
  return (smoothRim ? 0.5f : 0.0f) + (multisample ? 0.5f : 0.0f) + 1.0f / 32.0f;
}

bool ParticleLayer::active(const PathLayer& paths, const SurfacePlacement& placement) {
  if (builtVersion_ != paths.particleVersion()) rebuild(paths, placement);
  return particles_ > 0;
}

void ParticleLayer::rebuild(const PathLayer& paths, const SurfacePlacement& placement) {
  builtVersion_ = paths.particleVersion();
  windowStep_.reset();
  if (normalsVersion_ != paths.placementVersion()) {
    normalsVersion_ = paths.placementVersion();
    rebuildNormals(placement);
  }
  std::vector<glm::uvec4>& info = info_;
  std::vector<const RunState*>& drawn = drawn_;
  info.clear();
  drawn.clear();
  longest_ = 0;
  for (std::size_t r = 0; r < paths.size(); ++r) {
    const RunState& state = paths.run(r);
    const std::size_t count = state.pointCount();
    if (!state.style.particle || !state.style.visible || count == 0) continue;
    info.emplace_back(0u, static_cast<std::uint32_t>(count), packColor(state.style.color), 0u);
    drawn.push_back(&state);
    longest_ = std::max<std::int64_t>(longest_, static_cast<std::int64_t>(count));
  }
  particles_ = info.size();
  if (particles_ == 0) {
    longest_ = 0;
    return;
  }
  if (trailIndexParticles_ < particles_) rebuildTrailIndices();
  const std::span<const glm::uvec4> infoBytes(info);
  if (particleInfo_.size() < infoBytes.size_bytes()) particleInfo_.allocate(infoBytes.size_bytes());
  particleInfo_.setSubData(0, infoBytes);
  bytesUploaded_ += infoBytes.size_bytes();
}

std::int64_t ParticleLayer::frameStep(std::int64_t iteration) const {
  return iteration < 0 ? longest_ - 1 : std::min(iteration, longest_ - 1);
}

void ParticleLayer::writeWindow(std::int64_t step, const SurfacePlacement& placement) {
  if (windowStep_ == step) return;
  windowStep_ = step;
  // Data -> world is affine inside the box's neighbourhood (by the reciprocal of each span: three divisions
  // a point were most of this loop); far points (diverging) take dataToWorld's pull.
  const DataBox& box = placement.box;
  const glm::dvec3 origin = dataToWorld(box, {box.x[0], box.y[0], box.z[0]});
  const glm::dvec3 unit = glm::dvec3(dataToWorld(box, {box.x[1], box.y[1], box.z[1]})) - origin;
  const glm::dvec3 low(box.x[0], box.y[0], box.z[0]);
  const glm::dvec3 perSpan = 1.0 / glm::dvec3(box.x[1] - box.x[0], box.y[1] - box.y[0], box.z[1] - box.z[0]);
  const bool hasSurface = placement.surface.has_value();
  const core::Domain domain = hasSurface ? placement.surface->domain() : core::Domain{};
  const auto worldOf = [&](const glm::dvec3& data) {
    const glm::dvec3 t = (data - low) * perSpan;
    const bool near = std::abs(t.x) < 1e3 && std::abs(t.y) < 1e3 && std::abs(t.z) < 1e3;
    const glm::vec3 position = near ? glm::vec3(origin + t * unit) : dataToWorld(box, data);
    const bool onSurface = hasSurface && std::isfinite(data.z) && data.x >= domain.xMin && data.x <= domain.xMax &&
                           data.y >= domain.yMin && data.y <= domain.yMax;
    return glm::vec4(position, onSurface ? 1.0f : 0.0f);
  };
  // Written straight into the GL store, on every core, each particle at its own offset.
  const std::size_t worldBytes = particles_ * kWindowPoints * sizeof(glm::vec4);
  if (points_.size() < worldBytes) points_.allocate(worldBytes);
  gl::Buffer::Mapping mapping = points_.mapForWrite(0, worldBytes);
  auto* const world = reinterpret_cast<glm::vec4*>(mapping.bytes().data());
  // A particle whose points are an array of their own: fetch the run state a few particles ahead and the
  // window's points of the one after the next few, or each particle waits on memory twice. (Lent lanes of a
  // batch's columns need not: neighbouring particles share the columns' cache lines.)
  constexpr std::size_t kAhead = 8;
  const std::size_t firstStep = static_cast<std::size_t>(std::max<std::int64_t>(0, step - kTrailSteps));
  core::parallelFor(particles_, kParticlesPerTask, [&](std::size_t p) {
    if (p + 2 * kAhead < particles_) __builtin_prefetch(drawn_[p + 2 * kAhead]);
    if (p + kAhead < particles_) {
      const RunState& ahead = *drawn_[p + kAhead];
      const std::size_t count = ahead.pointCount(), from = std::min(firstStep, count - 1);
      const std::size_t to = std::min(count, from + kTrailSteps + 1);
      const std::span<const core::TracePoint> lent = ahead.lent.contiguous();  // empty for a lane of columns
      const char *line = nullptr, *end = nullptr;
      if (ahead.lent.empty()) {
        line = reinterpret_cast<const char*>(ahead.data.data() + from);
        end = reinterpret_cast<const char*>(ahead.data.data() + to);
      } else if (!lent.empty()) {
        line = reinterpret_cast<const char*>(lent.data() + from);
        end = reinterpret_cast<const char*>(lent.data() + to);
      }
      for (; line < end; line += 64) __builtin_prefetch(line);
    }
    const RunState& state = *drawn_[p];
    const std::int64_t head = std::min<std::int64_t>(step, static_cast<std::int64_t>(state.pointCount()) - 1);
    glm::vec4* out = world + p * kWindowPoints;
    // Before the start the trail's points pile up on step 0, and a stopped particle's (tolerance,
    // divergence) on its last point: segments of zero length, which rasterise to nothing.
    for (int s = 0; s < kWindowPoints; ++s)
      out[s] = worldOf(state.point(static_cast<std::size_t>(std::clamp<std::int64_t>(step - s * kStepsPerTrailSegment, 0, head))));
  });
  if (!mapping.finish()) windowStep_.reset();  // GL lost the store's contents: the next frame writes them again
  bytesUploaded_ += worldBytes;
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

void ParticleLayer::rebuildTrailIndices() {
  std::vector<std::uint32_t> indices;
  indices.reserve(particles_ * 2 * kTrailSegments);
  for (std::size_t p = 0; p < particles_; ++p)
    for (std::uint32_t segment = 0; segment < kTrailSegments; ++segment) {
      const auto vertex = static_cast<std::uint32_t>(p * (kTrailSegments + 1) + segment);
      indices.push_back(vertex);
      indices.push_back(vertex + 1);
    }
  // An element buffer binds to the bound vertex array: bind ours first, or another layer's array (the
  // surface's) would get these indices.
  trailVertexArray_.bind();
  trailIndices_.setData(std::span<const std::uint32_t>(indices));
  trailVertexArray_.setElementBuffer(trailIndices_);
  glBindVertexArray(0);
  trailIndexParticles_ = particles_;
  bytesUploaded_ += indices.size() * sizeof(std::uint32_t);
}

void ParticleLayer::setSharedUniforms(const gl::Program& program, const FrameOptions& options) const {
  program.setUniform("points", static_cast<int>(kPointsUnit));
  program.setUniform("particles", static_cast<int>(kParticlesUnit));
  program.setUniform("normals", static_cast<int>(kNormalsUnit));
  program.setUniform("trailSteps", kTrailSteps);
  program.setUniform("trailSegments", kTrailSegments);
  program.setUniform("frame", static_cast<int>(frameStep(options.iteration)));
  program.setUniform("domainWorldMin", domainWorldMin_);
  program.setUniform("domainWorldMax", domainWorldMax_);
  program.setUniform("alphaScale", 1.0f);
}

void ParticleLayer::draw(const ViewProjection& view, const PathLayer& paths, const SurfacePlacement& placement,
                         const FrameOptions& options) {
  if (!active(paths, placement)) return;
  writeWindow(frameStep(options.iteration), placement);
  points_.bind(kPointsUnit);
  particleInfo_.bind(kParticlesUnit);
  normals_->bind(kNormalsUnit);
  const auto trailIndices = static_cast<GLsizei>(particles_ * 2 * kTrailSegments);
  const auto heads = static_cast<GLsizei>(particles_);
  // Trails first, so the heads land on top of every trail. Lines need no state of their own: the width
  // is GL's default one pixel, smoothed by the target's MSAA where it has some.
  beginSurfaceSprites(trailProgram_, view, placement.chordGapWorld);
  setSharedUniforms(trailProgram_, options);
  trailProgram_.setUniform("trailHalfWidth", 0.5f);
  trailVertexArray_.bind();
  glDrawElements(GL_LINES, trailIndices, GL_UNSIGNED_INT, nullptr);

  beginSurfaceSprites(headProgram_, view, placement.chordGapWorld);
  setSharedUniforms(headProgram_, options);
  headProgram_.setUniform("headSize", static_cast<float>(view.pointsToPixels(options.particleSizePoints)));
  headProgram_.setUniform("viewportOrigin", glm::vec2(view.viewport().x, view.viewport().y));
  headProgram_.setUniform("smoothRim", options.antialias ? 1 : 0);
  GLint samples = 0;
  glGetIntegerv(GL_SAMPLES, &samples);
  headProgram_.setUniform("squareMargin", headSquareMargin(options.antialias, samples > 1));
  noAttributes_.bind();
  // One GL point a head, its size from the shader: one vertex-shader run and one primitive to set up,
  // where a two-triangle quad ran it six times (docs/performance.md, "Render speed").
  glEnable(GL_PROGRAM_POINT_SIZE);
  glDrawArrays(GL_POINTS, 0, heads);

  if (options.hiddenPartsAlpha() > 0) {
    // What the surface hides, faintly on top (render.hidden_paths "faint"; the 2-D view never asks):
    // the same two draws with the depth test reversed.
    const auto alpha = static_cast<float>(options.hiddenPartsAlpha());
    glDepthFunc(GL_GREATER);
    trailProgram_.use();
    trailProgram_.setUniform("alphaScale", alpha);
    trailVertexArray_.bind();
    glDrawElements(GL_LINES, trailIndices, GL_UNSIGNED_INT, nullptr);
    headProgram_.use();
    headProgram_.setUniform("alphaScale", alpha);
    noAttributes_.bind();
    glDrawArrays(GL_POINTS, 0, heads);
    glDepthFunc(GL_LEQUAL);
  }
  glDisable(GL_PROGRAM_POINT_SIZE);
  glActiveTexture(GL_TEXTURE0);
}

}  // namespace gradscape::render
