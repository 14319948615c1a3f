// Ensemble particles (runs with RunStyle::particle): each drawn at the frame's step as a disc in its run's
// colour with a thin line through the kTrailSteps steps before it (every second one), fading toward its end, instead of a
// full path. A frame is two draws (the trails' lines, then the heads' points) over one GPU buffer that holds
// just the points the frame shows: kTrailSegments + 1 a particle, written when the frame's step or the
// particles change. An edit of 10,000 particles x 200 steps used to place all 2 million points in world
// space at once; now a frame places 50,000 (docs/performance.md, "Session 14").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "render/frame_options.hpp"
#include "render/frame_pass.hpp"
#include "render/gl_objects.hpp"
#include "render/path_layer.hpp"

namespace gradscape::render {

class ParticleLayer {
 public:
  // The trail joins steps k, k - 2, .., k - kTrailSteps by kTrailSegments one-pixel line segments (GL
  // lines: the core profile has no wider ones), alpha 1 - a / kTrailSteps at step k - a, linear in
  // between: a line covers a fraction of the pixels of the eight discs it replaced, and a segment over two
  // steps halves what llvmpipe shades and sets up a frame for nearly the same look (docs/performance.md,
  // "Session 9" and "Session 10"). A particle that stopped (tolerance, divergence) stays at its last point
  // and its trail runs into it.
  static constexpr int kTrailSteps = 8;
  static constexpr int kTrailSegments = 4;
  static constexpr int kStepsPerTrailSegment = kTrailSteps / kTrailSegments;
  static_assert(kTrailSteps % kTrailSegments == 0);
  // Texture units draw() binds.
  static constexpr GLuint kPointsUnit = 0, kParticlesUnit = 1, kNormalsUnit = 2;
  // Surface normals for the depth bias come from a grid this fine over the domain (bilinear in between).
  static constexpr int kNormalGrid = 256;

  ParticleLayer();

  // Pixels from a head's rim to the edge of its GL point's square: room for every sample the disc can
  // touch (a smooth rim's half pixel, a multisampled pixel's samples) and the rasteriser's snapping.
  static float headSquareMargin(bool smoothRim, bool multisample);

  // Whether `paths` has any particle (with points) to draw.
  bool active(const PathLayer& paths, const SurfacePlacement& placement);
  // Draws the particles of `paths` at options.iteration over what is in the framebuffer (depth-tested
  // against the surface; render.hidden_paths "faint" draws the hidden ones faintly on top).
  void draw(const ViewProjection& view, const PathLayer& paths, const SurfacePlacement& placement,
            const FrameOptions& options);
  std::size_t particleCount() const { return particles_; }
  // Bytes sent to the GPU since construction (tests check that a frame uploads only its window).
  std::size_t bytesUploaded() const { return bytesUploaded_; }

 private:
  void rebuild(const PathLayer& paths, const SurfacePlacement& placement);
  // The head's step of a frame at `iteration` (< 0: the last), as the shader's `frame`.
  std::int64_t frameStep(std::int64_t iteration) const;
  // Writes the world positions of every particle's points at `step` (its head) and the trail's points
  // behind it into points_, unless they are there already.
  void writeWindow(std::int64_t step, const SurfacePlacement& placement);
  void rebuildNormals(const SurfacePlacement& placement);
  void rebuildTrailIndices();
  // Uniforms both programs read; `program` must be in use.
  void setSharedUniforms(const gl::Program& program, const FrameOptions& options) const;

  // Particles a thread takes at least in writeWindow (a particle's window is five scattered points).
  static constexpr std::size_t kParticlesPerTask = 1024;
  // The points a particle has in the window: its head and the trail's joints behind it.
  static constexpr int kWindowPoints = kTrailSegments + 1;

  std::optional<std::uint64_t> builtVersion_, normalsVersion_;
  std::optional<std::int64_t> windowStep_;  // the step points_ holds the window of (reset by rebuild)
  std::size_t particles_ = 0;
  std::int64_t longest_ = 0;  // points of the longest particle
  std::size_t bytesUploaded_ = 0;
  glm::vec2 domainWorldMin_{0}, domainWorldMax_{0};
  // rebuild's: kept so that an edit of every particle allocates nothing.
  std::vector<glm::uvec4> info_;
  std::vector<const RunState*> drawn_;
  // Particle p's point s (0: the head, s: s * kStepsPerTrailSegment steps before it, held at step 0 and at
  // the particle's last point) at p * kWindowPoints + s: world xyz, w = 1 on the surface, 0 off it.
  gl::BufferTexture points_{GL_RGBA32F};
  gl::BufferTexture particleInfo_{GL_RGBA32UI};  // 0, point count, RGBA8 colour, 0
  std::optional<gl::Texture2D> normals_;     // the surface's unit normal (world units); 0 where not finite
  gl::Buffer trailIndices_{GL_ELEMENT_ARRAY_BUFFER};  // per particle p and s < kTrailSegments: the segment's
  std::size_t trailIndexParticles_ = 0;                // two vertices p (kTrailSegments + 1) + s, + s + 1
  gl::VertexArray noAttributes_, trailVertexArray_;
  gl::Program headProgram_ = gl::Program::fromFiles("particle.vert", "particle.frag", std::array<std::string, 1>{"PARTICLE_HEADS"});
  gl::Program trailProgram_ = gl::Program::fromFiles("particle.vert", "particle.frag");
};

}  // namespace gradscape::render
