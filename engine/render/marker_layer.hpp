// The markers: a start marker and a current-point marker per run (a distinct one once a diverged run is
// past its last finite point), drawn as instanced sprites over the paths.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "render/frame_options.hpp"
#include "render/gl_objects.hpp"
#include "render/offscreen_target.hpp"
#include "render/path_layer.hpp"

namespace gradscape::render {

// One marker sprite exactly as marker.vert reads it per instance (the layout is checked in the .cpp).
struct MarkerSprite {
  glm::vec3 world{0};
  std::array<std::uint8_t, 4> fill{};
  std::array<std::uint8_t, 4> edge{};
  glm::vec3 sizeEdgeShape{0};  // outline diameter px, edge width px, shape id (marker.frag's shapes)
  glm::vec3 normal{0};         // surface normal at the point; 0 off the surface
  friend bool operator==(const MarkerSprite&, const MarkerSprite&) = default;
};

// A marker slot of a frame: the sprite, or an empty slot (a run without points, or hidden).
struct MarkerInstance {
  MarkerSprite sprite;
  bool visible = false;
  friend bool operator==(const MarkerInstance&, const MarkerInstance&) = default;
};

class MarkerLayer {
 public:
  MarkerLayer();

  // Marker slots in drawing order: every run's start, then every run's current point, so a frame's
  // marker list always has 2 x runs entries (empty ones invisible) and frames compare slot by slot.
  std::vector<MarkerInstance> collect(const ViewProjection& view, const PathLayer& paths,
                                      const FrameOptions& options) const;
  // Pixels a marker can touch (top-left origin, not clipped); the whole viewport when its centre is
  // behind the eye; empty for an empty slot.
  static PixelRect pixelsOf(const ViewProjection& view, const MarkerInstance& marker);
  // The largest marker a frame with `options` draws, as pixels either side of its centre.
  static double largestExtent(const ViewProjection& view, const FrameOptions& options);

  // Draws the visible markers, in slot order; with `only`, just those whose entry is true. `hiddenAlpha`
  // > 0: what the surface hides of them is drawn over it too, their alpha scaled by it
  // (render.hidden_paths "faint").
  void draw(const ViewProjection& view, std::span<const MarkerInstance> markers, bool antialias,
            double chordGapWorld, const std::vector<bool>* only = nullptr, double hiddenAlpha = 0);

 private:
  gl::Program program_ = gl::Program::fromFiles("marker.vert", "marker.frag");
  gl::Buffer buffer_{GL_ARRAY_BUFFER};
  gl::VertexArray array_;
  std::vector<MarkerSprite> upload_;  // reused between draws
};

}  // namespace gradscape::render
