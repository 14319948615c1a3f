// Anti-aliased polylines (the viewer's plot curves): each pixel takes its coverage from its distance to
// the segment, the profile of ImGui's anti-aliased lines. The pixels are computed on the CPU
// (polyline_raster.hpp) and put on screen as a picture, one quad per covered part: llvmpipe rasterised
// thin segment quads slowly whatever their shader (docs/performance.md, sessions 11 and 15).
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
  // One segment: its neighbours (for the joins), colour, half width, which neighbours exist. Public for
  // callers that hash what is drawn (UI damage).
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
  // alpha; destination alpha as ImGui's backend). Draws the picture again only when the segments or the
  // framebuffer size changed since the last draw. Sets the GL state it needs; leaves program, vertex
  // array, texture unit 0, blend and scissor changed.
  void draw(int framebufferWidth, int framebufferHeight, const Viewport& scissor);

 private:
  struct Gpu;
  std::vector<Segment> segments_;
  bool pictureCurrent_ = false;
  std::unique_ptr<Gpu> gpu_;
};

}  // namespace gradscape::render
