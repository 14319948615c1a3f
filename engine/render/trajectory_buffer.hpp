// One run's path on the GPU: world-box points appended as the run is traced. Only the appended range is
// uploaded (glBufferSubData on the tail); the store doubles when full, so appends cost O(new points).
// A CPU mirror of the points serves markers, changed-rectangle bounds and re-uploads.
//
// Drawing merges steps too small to see: for the camera of the draw, a point closer than
// kMergeRadiusPixels on screen to the last point kept is skipped, and segments join the kept points. On
// llvmpipe a path's cost is its overdraw (each segment's quad is shaded whole, since the round caps
// discard and the stencil is written), and a slow run's 1000 sub-pixel steps stack ~30 quads on every
// pixel. The choice for a point depends only on the points before it, so frame k's segments are a prefix
// of frame k+1's and the incremental animation still draws exactly what a full render draws.
//
// While the picture moves (the viewer's fast pass) a chord rule merges more: a point also goes when a
// straight segment from the last kept point to a later one passes within kMovingChordTolerancePixels of
// it. A converging run's late steps lie on a few nearly straight stretches on screen; on llvmpipe each
// segment's quad costs set-up and, for segments shorter than the line is wide, shades its pixels again
// (the round caps overlap), so long chords draw the same line for a fraction of the work. Whether a point
// goes is known only at a later point, so such a draw joins the last kept point to its last point itself.
#pragma once

#include <glad/gl.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "render/camera.hpp"
#include "render/gl_objects.hpp"

namespace gradscape::render {

// One path point as trajectory.vert reads it (three RG32F texels: world.xy, world.z normal.x, normal.yz).
struct PathVertex {
  glm::vec3 world;   // world-box units
  glm::vec3 normal;  // unit surface normal there (world-box units, facing +z); 0 when off the surface
  friend bool operator==(const PathVertex&, const PathVertex&) = default;
};

class TrajectoryBuffer {
 public:
  // Texture units drawSegments binds (trajectory.vert's `pathPoints` and `keptPoints` samplers).
  static constexpr GLuint kPointsTextureUnit = 0;
  static constexpr GLuint kKeptTextureUnit = 1;
  // Pixels: a point this close to the last kept point is merged into the segment past it. matplotlib
  // itself simplifies line paths (path.simplify_threshold, 1/9 px); half a pixel changes only a few
  // edge pixels of a picture (see docs/performance.md) and removes most of the overdraw.
  static constexpr double kMergeRadiusPixels = 0.5;
  // The same while the picture moves (FrameOptions::moving): a path is 4 px wide at the viewer's size, so
  // merging steps under 1.5 px changes a few of its edge pixels (docs/performance.md, "Render speed").
  static constexpr double kMovingMergeRadiusPixels = 1.5;
  // Pixels: while moving, a point within this of the chord joining the kept points around it is merged
  // too (the chord rule above). 0 (every still frame, export, the tests' pictures): no chord rule.
  static constexpr double kMovingChordTolerancePixels = 0.5;

  TrajectoryBuffer();

  void clear();
  void append(std::span<const PathVertex> points);
  // Replaces every point (the data box changed); one full upload.
  void replaceAll(std::vector<PathVertex> points);

  std::size_t size() const { return points_.size(); }
  std::span<const PathVertex> points() const { return points_; }
  std::size_t capacity() const { return capacity_; }
  // Bytes sent to the GPU since construction (tests check appends upload only their range).
  std::size_t bytesUploaded() const { return bytesUploaded_; }
  // Bytes of kept-point indices sent since construction (a new camera re-sends them; appends only theirs).
  std::size_t keptBytesUploaded() const { return keptBytesUploaded_; }

  // Draws the path from point firstPoint to point lastPoint as seen by `view`: the segments between kept
  // points whose end lies in (firstPoint, lastPoint], so draws of consecutive ranges add up to the draw of
  // their union. One GL_TRIANGLES draw, six indices over four corners per segment: trajectory.vert finds
  // segment and corner from gl_VertexID and fetches both points from buffer textures. Not instanced:
  // llvmpipe runs its whole vertex pipeline once per instance.
  // Steps under mergeRadiusPixels are merged (kMergeRadiusPixels or kMovingMergeRadiusPixels), and with a
  // chord tolerance (> 0) the points near chords; then one more segment joins the last kept point up to
  // lastPoint to lastPoint (trajectory.vert's `tailSegment` and `tailPoint`, which this sets on `program`).
  void drawSegments(const gl::Program& program, const ViewProjection& view, std::size_t firstPoint,
                    std::size_t lastPoint, double mergeRadiusPixels = kMergeRadiusPixels,
                    double chordTolerancePixels = 0.0);
  // The indices of the points drawSegments keeps for `view` (0 first), ascending.
  std::span<const std::int32_t> keptPoints(const ViewProjection& view, double mergeRadiusPixels = kMergeRadiusPixels,
                                           double chordTolerancePixels = 0.0);
  // Chooses the kept points for `view` on the CPU only (no GL call), so that several paths can choose on
  // several threads; drawSegments with the same view, radius and tolerance then only uploads what is new.
  void chooseKept(const ViewProjection& view, double mergeRadiusPixels, double chordTolerancePixels = 0.0);

 private:
  // What the kept points were chosen for: the camera's clip transform, the viewport's size, the radius.
  struct ScreenKey {
    glm::dmat4 clipFromWorld;
    int width, height;
    double mergeRadius;
    double chordTolerance;
    friend bool operator==(const ScreenKey&, const ScreenKey&) = default;
  };

  void reserveAndUploadAll(std::size_t capacity);
  // The chord rule's state between points (and between appends): the directions from the anchor that
  // pass within the tolerance of every point since it, as a wedge between two unit vectors, and how far
  // from the anchor those points reached. Open: no point has left the merge radius yet.
  struct ChordWedge {
    bool open = true;
    glm::dvec2 clockwise{0}, counterclockwise{0};
    double reach = 0;
    // Whether a chord to a point `step` pixels from the anchor still passes within `tolerance` of every
    // point since the anchor; if so the wedge narrows to hold this point too.
    bool admit(const glm::dvec2& step, double mergeRadius, double tolerance);
  };

  void updateKept(const ViewProjection& view, double mergeRadiusPixels, double chordTolerancePixels);
  void keep(std::size_t point, const std::optional<glm::dvec2>& pixel);
  void uploadKept();
  void resetKept() { keptFor_.reset(); }

  std::vector<PathVertex> points_;
  std::size_t capacity_ = 0;  // points the GL store holds
  std::size_t bytesUploaded_ = 0;
  gl::BufferTexture pointsTexture_;  // points_ as RG32F texels

  std::optional<ScreenKey> keptFor_;  // empty: kept_ must be chosen again
  std::vector<std::int32_t> kept_;
  std::size_t keptExamined_ = 0;  // points kept_ has decided on
  std::optional<glm::dvec2> anchorPixel_;  // the last kept point on screen; empty when behind the eye
  ChordWedge wedge_;
  std::optional<glm::dvec2> previousPixel_;  // the point before keptExamined_ on screen (the chord rule's)
  std::size_t keptUploaded_ = 0;  // entries of kept_ the GL store holds
  std::size_t keptCapacity_ = 0;
  std::size_t keptBytesUploaded_ = 0;
  gl::BufferTexture keptTexture_;  // kept_ as R32I texels

  gl::Buffer cornerIndices_;  // two triangles over each segment's four corners, for keptCapacity_ segments
  gl::VertexArray noAttributes_;  // no attributes (core profile draws need a vertex array), the indices
};

}  // namespace gradscape::render
