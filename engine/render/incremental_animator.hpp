// The incremental animation of a fixed camera (headless export): after one full frame, each next frame
// takes the previous markers away where things change, draws only the segments added since, and draws
// the markers again; it reports the rectangles it changed so only those are read back and encoded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "render/camera.hpp"
#include "render/frame_layers.hpp"
#include "render/frame_options.hpp"
#include "render/offscreen_target.hpp"

namespace gradscape::render {

class IncrementalAnimator {
 public:
  // What a pane's static layer is: the 3-D axes box, surface and legend, or the 2-D view's contours.
  using StaticPainter = std::function<void(const ViewProjection&, const FrameOptions&)>;

  // Draws nothing yet (redraw() does). `target` and `layers` must outlive the animator. `view`: the pane
  // it animates (its viewport, a part of `target` or all of it; split view has one animator a pane).
  // `previousStore`: a finished animator's marker store (releaseMarkerStore), reused when its size and
  // samples fit.
  IncrementalAnimator(FrameLayers& layers, const OffscreenTarget& target, const ViewProjection& view,
                      const FrameOptions& options, std::unique_ptr<OffscreenTarget> previousStore,
                      StaticPainter drawStatic);

  // Draws frame options.iteration completely; returns the whole target.
  PixelRect redraw();
  // Moves to frame `iteration` (-1: everything appended); returns the bounding box of what changed.
  // Going back redraws everything, and so does every frame with ensemble particles. With more runs than
  // the stencil has ids (PathLayer::kStencilIds) the changed regions are drawn whole, static layer and all.
  PixelRect advanceTo(std::int64_t iteration);
  // The disjoint rectangles the last redraw/advanceTo changed.
  std::span<const PixelRect> changedRegions() const { return regions_; }
  std::unique_ptr<OffscreenTarget> releaseMarkerStore() { return std::move(markerStore_); }

 private:
  bool drawsRegionsWhole() const;
  // Draws every region of regions_ from scratch (static layer, paths, markers_): returns their bounds.
  PixelRect redrawRegions(const ViewProjection& view);
  const ViewProjection& frameView() const { return view_; }
  // A rectangle of the pane's pixels (top-left origin of its viewport) in the target's pixels.
  PixelRect toTarget(const PixelRect& paneRect) const;
  PixelRect paneBounds() const;
  // Binds the target with the pane's viewport and scissor.
  void bindPane() const;
  PixelRect slotOf(std::size_t marker) const;
  // The runs' new segments since `previous`, with one changed region per run (regions_).
  std::vector<PathLayer::RunRange> findNewSegments(const ViewProjection& view, std::int64_t previous);
  // Adds the markers that changed to regions_, then merges regions that touch and grows them over every
  // marker they touch, until that settles: a redrawn marker is whole and regions stay disjoint. Returns
  // which markers are redrawn.
  std::vector<bool> settleRegions(const ViewProjection& view, const std::vector<MarkerInstance>& markers);
  // Takes the drawn markers out of regions_: every saved marker touching a region gets its pixels back.
  void restoreUnderMarkers();
  // Saves the color under the markers about to be drawn into their store slots.
  void saveUnderMarkers(const ViewProjection& view, const std::vector<MarkerInstance>& markers,
                        const std::vector<bool>& drawn);

  FrameLayers& layers_;
  const OffscreenTarget* target_;
  ViewProjection view_;
  StaticPainter drawStatic_;
  FrameOptions options_;
  std::int64_t iteration_;
  // The color under each drawn marker, one square slot per marker slot, so the next frame can take the
  // marker away again without a second full-size buffer (a multisampled 1200x900 one is 35 MB that
  // llvmpipe zeroes). Markers that overlap are always saved together, before any is drawn.
  std::unique_ptr<OffscreenTarget> markerStore_;
  int slotSide_ = 0, slotColumns_ = 1;
  std::vector<PixelRect> saved_;  // per marker slot: the target rectangle its store slot holds (or empty)
  bool allSaved_ = true;          // false: a marker was too big for its slot (behind the eye)
  std::vector<MarkerInstance> markers_;  // as drawn in the last frame
  std::vector<PixelRect> regions_;       // what the last frame changed
  // Only when regions are drawn whole (more runs than stencil ids): the static layer, drawn once.
  std::unique_ptr<OffscreenTarget> staticLayer_;
};

}  // namespace gradscape::render
