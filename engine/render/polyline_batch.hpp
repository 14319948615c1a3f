// Anti-aliased polylines (the viewer's plot curves) drawn as one quad per segment whose pixels take their
// coverage from their distance to the segment: two triangles a segment where ImGui's anti-aliased lines
// take six, for the same coverage profile (docs/performance.md, session 11).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "render/camera.hpp"

namespace gradscape::render {

class PolylineBatch {
 public:
  // One segment as the GPU reads it (in each corner of its quad): its neighbours (for the joins), colour,
  // half width, which neighbours exist. Public for callers that hash what is drawn (UI damage).
  struct Segment {
    glm::vec2 previous, start, end, next;  // framebuffer pixels, top-left origin
    std::uint8_t color[4];                 // RGBA, straight alpha
    float halfWidth;                       // pixels
    float neighbours;                      // 1: previous exists, 2: next exists, 3: both
  };

  // No GL here: the GL objects are made by the first draw (a batch may be filled without a context).
  PolylineBatch();
  ~PolylineBatch();
  PolylineBatch(PolylineBatch&&) noexcept;
  PolylineBatch& operator=(PolylineBatch&&) noexcept;
  PolylineBatch(const PolylineBatch&) = delete;
  PolylineBatch& operator=(const PolylineBatch&) = delete;

  void clear();
  // `points` in framebuffer pixels (top-left origin), `width` in pixels, `rgba` with straight alpha.
  // Fewer than two points draw nothing.
  void addPolyline(std::span<const glm::vec2> points, glm::u8vec4 rgba, float width);
  std::span<const Segment> segments() const { return segments_; }

  // Draws every polyline, in the order added, into the bound draw framebuffer of the given size, only
  // inside `scissor` (GL lower-left convention), blended over what is there (src alpha, one minus src
  // alpha; destination alpha as ImGui's backend). Uploads the segments when they changed since the last
  // draw. Sets the GL state it needs; leaves program, vertex array, blend, scissor and viewport changed.
  void draw(int framebufferWidth, int framebufferHeight, const Viewport& scissor);

 private:
  struct Gpu;
  std::vector<Segment> segments_;
  bool uploaded_ = false;
  std::unique_ptr<Gpu> gpu_;
};

}  // namespace gradscape::render
