// The plot curves' pixels computed on the CPU: PolylineBatch's coverage rule evaluated only at the pixel
// centres near each segment, four at a time and on every core, into one premultiplied picture that a
// single textured quad puts on screen. llvmpipe spent ~1.7 us on each thin segment quad, whatever its
// shader (docs/performance.md, session 15).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/pixel_rect.hpp"
#include "render/polyline_batch.hpp"

namespace gradscape::render {

// A premultiplied RGBA8 picture of polylines over transparent black, for blending with (one, one minus
// source alpha).
struct PolylineImage {
  PixelRect place;                 // in the framebuffer (top-left origin); empty when nothing is drawn
  std::vector<std::uint8_t> rgba;  // place.width x place.height, rows bottom-up (as GL uploads them)
  // Disjoint parts of the picture (its own pixels, top-left origin) outside which every pixel is
  // transparent: only they need to be put on screen (the curves of a plot converge, fan out or run flat,
  // and leave much of their rectangle empty).
  std::vector<PixelRect> covered;
};

// Draws `segments` in order into `image`, which is sized to the pixels they can reach inside a
// framebuffer of the given size. Each pixel centre p takes coverage clamp(halfWidth + 0.5 - d, 0, 1), d
// its distance to the segment, unless a neighbouring segment of the same polyline is nearer (ties go to
// the earlier), and blends over what is there (source alpha, one minus source alpha). The picture does
// not depend on the thread count. `scratch` keeps its memory between calls.
void rasterizePolylines(std::span<const PolylineBatch::Segment> segments, int framebufferWidth,
                        int framebufferHeight, PolylineImage& image, std::vector<float>& scratch);

}  // namespace gradscape::render
