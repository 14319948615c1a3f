// A frame's layers in drawing order (see frame_layers.hpp).
#include "render/frame_layers.hpp"

namespace gradscape::render {

void FrameLayers::drawStatic(const ViewProjection& view, const FrameOptions& options) {
  scenery.draw(view, options, options.legend ? paths.legendEntries() : std::vector<LegendEntry>{});
}

void FrameLayers::drawPaths(const ViewProjection& view, const FrameOptions& options) {
  paths.drawAll(view, options, placement().chordGapWorld);
}

void FrameLayers::drawParticles(const ViewProjection& view, const FrameOptions& options) {
  particles.draw(view, paths, placement(), options);
}

void FrameLayers::drawMarkers(const ViewProjection& view, std::span<const MarkerInstance> instances,
                              const FrameOptions& options, const std::vector<bool>* only) {
  markers.draw(view, instances, options.antialias, placement().chordGapWorld, only, options.hiddenPartsAlpha());
}

void FrameLayers::drawDynamic(const ViewProjection& view, const FrameOptions& options) {
  drawPaths(view, options);
  drawParticles(view, options);
  drawMarkers(view, markers.collect(view, paths, options), options);
  internals.draw(view, options, placement());
}

void FrameLayers::drawFrame(const ViewProjection& view, const FrameOptions& options) {
  beginPass(view.viewport(), options.background);
  drawStatic(view, options);
  drawDynamic(view, options);
  endPass();
}

}  // namespace gradscape::render
