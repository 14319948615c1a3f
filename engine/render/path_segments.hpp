// The segments a frame draws of many runs' paths, gathered into one GL store and drawn by one call.
//
// llvmpipe spends some 12 us on each draw call whatever it draws (state validation, binning), and a moving
// frame of 100 paths draws only about 7 segments a path: one draw per run spent half the paths' time on
// calls. A batch holds the points its runs' segments join (each run's drawn points one after another), one
// entry a segment (its first point and its run) and one a run (colour and stencil id), so any run of
// consecutive segments is one draw. trajectory.frag writes the run's stencil id itself where the GL has
// ARB_shader_stencil_export, which lets a single draw keep the rule that each run blends at most once per
// sample; without it each run is drawn alone with its id as the stencil reference.
#pragma once

#include <glad/gl.h>

#include <cstddef>
#include <vector>

#include <glm/glm.hpp>

#include "core/scene_values.hpp"
#include "render/gl_objects.hpp"
#include "render/path_points.hpp"

namespace gradscape::render {

// Segments [first, first + count) of a batch.
struct SegmentRange {
  std::size_t first = 0;
  std::size_t count = 0;
  std::size_t end() const { return first + count; }
};

class PathSegmentBatch {
 public:
  // Texture units draw binds (trajectory.vert's `pathPoints`, `segments` and `runs` samplers).
  static constexpr GLuint kPointsTextureUnit = 0;
  static constexpr GLuint kSegmentsTextureUnit = 1;
  static constexpr GLuint kRunsTextureUnit = 2;

  PathSegmentBatch();

  // Forgets every run (the GL stores keep their contents until the next upload).
  void clear();
  // Starts a run: its segments join the points added until endRun, in `color`, with stencil id `stencilId`.
  void beginRun(core::Rgb color, int stencilId);
  void addPoint(const PathVertex& point);
  // Ends the run begun last and returns its segments (none for fewer than two points).
  SegmentRange endRun();
  std::size_t segmentCount() const { return segments_.size(); }

  // Sends what the runs gathered to the GL, in new stores (draws still pending read the old ones). Throws
  // gradscape::Error when the points exceed this GL's buffer texture limit.
  void upload();
  // Draws `segments` of the last upload with the program in use (trajectory.vert/.frag): two triangles
  // over each segment's four corners.
  void draw(SegmentRange segments);

 private:
  std::vector<PathVertex> points_;
  std::vector<glm::ivec2> segments_;  // the segment's first point (the second follows it), its run
  std::vector<glm::vec4> runs_;       // the run's colour (rgb) and stencil id (a)
  std::size_t runFirstPoint_ = 0;     // the points of the run begun last start here
  std::size_t runFirstSegment_ = 0;

  gl::BufferTexture pointsTexture_;    // points_ as RG32F texels, three a point
  gl::BufferTexture segmentsTexture_;  // segments_ as RG32I texels
  gl::BufferTexture runsTexture_;      // runs_ as RGBA32F texels
  std::size_t indexedSegments_ = 0;    // segments cornerIndices_ holds indices for
  gl::Buffer cornerIndices_;
  gl::VertexArray noAttributes_;  // no attributes (core profile draws need a vertex array), the indices
};

// Whether this GL lets a fragment shader write the stencil reference (ARB_shader_stencil_export).
bool stencilExportSupported();

}  // namespace gradscape::render
