// The renderer's façade: scene state in, frames out (see renderer.hpp). The drawing lives in the layers
// (static_layer, path_layer, marker_layer), the kept static layer in static_layer_cache and the
// export's frame-by-frame path in incremental_animator.
#include "render/renderer.hpp"

#include "core/error.hpp"
#include "render/frame_layers.hpp"
#include "render/incremental_animator.hpp"
#include "render/static_layer_cache.hpp"

namespace gradscape::render {

struct Renderer::Impl {
  FrameLayers layers;
  std::uint64_t staticContent = 0;  // bumped by whatever changes surface, axes box or legend
  StaticLayerCache staticCache;
  std::optional<IncrementalAnimator> animation;
};

RunStyle runStyle(const core::RunSpec& run, std::size_t index) {
  return {run.color ? *run.color : core::defaultColor(index), run.marker ? *run.marker : core::defaultMarker(index),
          run.label ? *run.label : core::defaultLabel(run), true};
}

Renderer::Renderer() : impl_(std::make_unique<Impl>()) {}
Renderer::~Renderer() = default;

void Renderer::setSurface(const core::SurfaceSpec& surface, const core::RenderSpec& render) {
  FrameLayers& layers = impl_->layers;
  if (!layers.scenery.setSurface(surface, render)) return;
  ++impl_->staticContent;
  layers.paths.placeAll(layers.placement());  // new box and surface: new world positions and normals
}

void Renderer::setLegendTitle(const std::string& title) {
  if (impl_->layers.scenery.setLegendTitle(title)) ++impl_->staticContent;
}

DataBox Renderer::dataBox() const { return impl_->layers.placement().box; }

ViewProjection Renderer::viewProjection(const Camera& camera, const Viewport& viewport) const {
  return impl_->layers.view(camera, viewport);
}

void Renderer::setRuns(std::span<const RunStyle> runs) {
  if (impl_->layers.paths.setRuns(runs)) ++impl_->staticContent;  // the legend lists markers and labels
}

std::size_t Renderer::runCount() const { return impl_->layers.paths.size(); }

void Renderer::clearTrajectory(std::size_t run) { impl_->layers.paths.clear(run); }

void Renderer::appendTrajectory(std::size_t run, std::span<const core::TracePoint> points) {
  impl_->layers.paths.append(run, points, impl_->layers.placement());
}

std::size_t Renderer::trajectorySize(std::size_t run) const { return impl_->layers.paths.run(run).path.size(); }

void Renderer::setDiverged(std::size_t run, bool diverged) { impl_->layers.paths.run(run).diverged = diverged; }

void Renderer::render(const Camera& camera, const Viewport& viewport, const FrameOptions& options) {
  impl_->layers.drawFrame(impl_->layers.view(camera, viewport), options);
}

void Renderer::renderReusingStaticLayer(const OffscreenTarget& target, const Camera& camera,
                                        const FrameOptions& options) {
  FrameLayers& layers = impl_->layers;
  const Viewport viewport{0, 0, target.width(), target.height()};
  const ViewProjection view = layers.view(camera, viewport);
  const StaticLayerKey key{camera,         target.width(),    target.height(),    target.samples(),
                           options.axes,   options.legend,    options.antialias,  options.background,
                           impl_->staticContent};
  const OffscreenTarget* layer = impl_->staticCache.layerFor(key, target, [&](const OffscreenTarget& kept) {
    kept.bind();
    beginPass(viewport, options.background);
    layers.drawStatic(view, options);
    endPass();
  });
  if (layer == nullptr) {
    target.bind();
    layers.drawFrame(view, options);
    return;
  }
  target.copyFrom(*layer, target.bounds());
  target.bind();
  continuePass(viewport);
  layers.drawDynamic(view, options);
  endPass();
}

std::optional<std::array<double, 2>> Renderer::pickSurface(const Camera& camera, const Viewport& viewport,
                                                           double px, double py) const {
  const SurfacePlacement& placement = impl_->layers.placement();
  if (!placement.surface) return std::nullopt;
  const ViewProjection view = impl_->layers.view(camera, viewport);
  return pickHeightField(placement.surface->surface, placement.surface->domain(), view.pixelRay(px, py));
}

PixelRect Renderer::beginAnimation(const OffscreenTarget& target, const Camera& camera, const FrameOptions& options) {
  std::unique_ptr<OffscreenTarget> store = impl_->animation ? impl_->animation->releaseMarkerStore() : nullptr;
  impl_->animation.reset();
  impl_->animation.emplace(impl_->layers, target, camera, options, std::move(store));
  return impl_->animation->redraw();
}

PixelRect Renderer::advanceTo(std::int64_t iteration) {
  if (!impl_->animation) throw Error("renderer: advanceTo without beginAnimation");
  return impl_->animation->advanceTo(iteration);
}

std::span<const PixelRect> Renderer::changedRegions() const {
  if (!impl_->animation) return {};
  return impl_->animation->changedRegions();
}

void Renderer::endAnimation() { impl_->animation.reset(); }

}  // namespace gradscape::render
