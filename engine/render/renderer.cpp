// The renderer's façade: scene state in, frames out (see renderer.hpp). The drawing lives in the layers
// (static_layer, path_layer, marker_layer), the kept static layer in static_layer_cache and the
// export's frame-by-frame path in incremental_animator.
#include "render/renderer.hpp"

#include "core/error.hpp"
#include "core/run_expansion.hpp"
#include "render/frame_layers.hpp"
#include "render/color_bar.hpp"
#include "render/incremental_animator.hpp"
#include "render/plan_view.hpp"
#include "render/static_layer_cache.hpp"

namespace gradscape::render {

namespace {

// One part of a frame's viewport and what it shows: the whole viewport, or split's halves (3-D left).
struct Pane {
  core::ViewMode mode;  // threeD or twoD
  Viewport viewport;
};

std::vector<Pane> panesOf(const Viewport& viewport, core::ViewMode mode) {
  if (mode != core::ViewMode::split) return {{mode, viewport}};
  const int left = viewport.width / 2;
  return {{core::ViewMode::threeD, {viewport.x, viewport.y, left, viewport.height}},
          {core::ViewMode::twoD, {viewport.x + left, viewport.y, viewport.width - left, viewport.height}}};
}

}  // namespace

std::optional<Viewport> planPane(const Viewport& viewport, core::ViewMode mode) {
  for (const Pane& pane : panesOf(viewport, mode))
    if (pane.mode == core::ViewMode::twoD) return pane.viewport;
  return std::nullopt;
}

struct Renderer::Impl {
  FrameLayers layers;
  std::uint64_t staticContent = 0;  // bumped by whatever changes surface, axes box or legend
  StaticLayerCache staticCache;  // the 3-D pane's kept static layer
  StaticLayerCache planCache;    // the 2-D pane's
  std::uint64_t trajectories = 0;  // bumped by every trajectory change (the 2-D legend's place follows them)
  std::vector<IncrementalAnimator> animations;  // one a pane
  std::vector<PixelRect> changed;               // every pane's changed regions
  std::unique_ptr<OffscreenTarget> markerStore;  // kept between animations
  // The 2-D view, made on first use (3-D frames never compile its shaders or sample contours).
  std::optional<PlanView> plan;
  std::optional<std::pair<core::SurfaceSpec, core::RenderSpec>> surface;
  std::string legendTitle{core::kDefaultLegendTitle};
  bool contoursInBackground = false;
  MapTexture map;  // the map overlay; empty: none
  std::optional<ColorBarPainter> cubeColorBar;  // render.colorbar true in 3-D, made on first use

  // Not over a draped map: the bar's colours are the surface's, which the map replaces.
  bool colorBarInCube() const {
    return surface && surface->second.display.colorbarIn(core::ViewMode::threeD) && map.empty();
  }
  // Split shows one bar, the 2-D pane's: the 3-D pane is too narrow beside its z labels.
  bool colorBarInCube(core::ViewMode frameMode) const { return frameMode != core::ViewMode::split && colorBarInCube(); }

  PlanView& planView(const std::optional<core::Domain>& window) {
    if (!plan) {
      plan.emplace();
      plan->setBuildInBackground(contoursInBackground);
    }
    if (surface) plan->setSurface(surface->first, surface->second, layers.placement().box);
    plan->setLegendTitle(legendTitle);
    plan->setWindow(window);
    plan->setMap(&map);
    return *plan;
  }
  // What the 2-D legend keeps clear of: every visible run's start and appended points (all of them, not
  // the frame's, so the legend stays put while an animation plays and export and viewer agree).
  void legendObstacles(std::vector<glm::dvec2>& starts, std::vector<glm::dvec2>& points) const {
    std::size_t total = 0;
    for (std::size_t i = 0; i < layers.paths.size(); ++i) total += layers.paths.run(i).pointCount();
    // Every point of small scenes; a stride through big ones (ensembles) keeps the 2-D frame cheap.
    const std::size_t stride = total / 16384 + 1;
    for (std::size_t i = 0; i < layers.paths.size(); ++i) {
      const RunState& run = layers.paths.run(i);
      const std::size_t count = run.pointCount();
      if (!run.style.visible || count == 0) continue;
      starts.emplace_back(glm::dvec2(run.point(0)));
      for (std::size_t k = 0; k < count; k += stride) points.emplace_back(glm::dvec2(run.point(k)));
    }
  }
  // A pane's frame options: the 2-D view has no surface to hide anything (its depth mask is not one).
  static FrameOptions paneOptions(const Pane& pane, const FrameOptions& options) {
    FrameOptions result = options;
    if (pane.mode == core::ViewMode::twoD) result.hiddenPaths = core::HiddenPaths::hide;
    return result;
  }
  std::optional<core::Domain> planWindow;  // the frame's (FrameOptions::planWindow)
  ViewProjection paneView(const Pane& pane, const Camera& camera) {
    return pane.mode == core::ViewMode::twoD ? planView(planWindow).view(pane.viewport) : layers.view(camera, pane.viewport);
  }
  // The pane's static layer: the 3-D scenery, or the 2-D contours, axes, colour bar and legend.
  void drawStatic(core::ViewMode mode, const ViewProjection& view, const FrameOptions& options) {
    if (mode == core::ViewMode::twoD) {
      std::vector<glm::dvec2> starts, points;
      if (options.legend) legendObstacles(starts, points);
      planView(options.planWindow)
          .draw(view, options, options.legend ? layers.paths.legendEntries() : std::vector<LegendEntry>{}, starts, points);
    } else
      layers.drawStatic(view, options);
    if (mode == core::ViewMode::threeD && colorBarInCube(options.view)) {
      if (!cubeColorBar) cubeColorBar.emplace();
      cubeColorBar->draw(view, colorBarBesideCube(view), colorScaleFor(surface->second, layers.placement().box), {});
    }
  }
};

RunStyle runStyle(const core::RunSpec& run, std::size_t index) {
  RunStyle style{run.color ? *run.color : core::defaultColor(index), run.marker ? *run.marker : core::defaultMarker(index),
                 run.label ? *run.label : core::defaultLabel(run), true};
  style.group = run.group;
  if (run.group && run.group->ensemble) {
    const core::RunSpec& source = run.group->source;
    style.particle = true;
    style.inLegend = run.member == 0;
    // Member 0 carries the legend line; the others keep their own "LABEL #m" (the viewer's run list).
    if (style.inLegend)
      style.label = (source.label ? *source.label : core::defaultLabel(source)) + " (" +
                    std::to_string(run.group->ensemble->count) + " particles)";
  }
  return style;
}

Renderer::Renderer() : impl_(std::make_unique<Impl>()) {}
Renderer::~Renderer() = default;

void Renderer::setSurface(const core::SurfaceSpec& surface, const core::RenderSpec& render) {
  FrameLayers& layers = impl_->layers;
  impl_->surface.emplace(surface, render);
  if (!layers.scenery.setSurface(surface, render)) return;
  ++impl_->staticContent;
  layers.paths.placeAll(layers.placement());  // new box and surface: new world positions and normals
}

void Renderer::setMapOverlay(const MapOverlay* overlay) {
  if (overlay) impl_->map.upload(*overlay);
  else if (impl_->map.empty()) return;
  else impl_->map.clear();
  impl_->layers.scenery.setMap(&impl_->map);
  if (impl_->plan) impl_->plan->setMap(&impl_->map);
  ++impl_->staticContent;
}

void Renderer::setLegendTitle(const std::string& title) {
  impl_->legendTitle = title;
  if (impl_->layers.scenery.setLegendTitle(title)) ++impl_->staticContent;
}

void Renderer::setContoursInBackground(bool on) {
  impl_->contoursInBackground = on;
  if (impl_->plan) impl_->plan->setBuildInBackground(on);
}

bool Renderer::contoursPending() { return impl_->plan && impl_->planView(impl_->planWindow).contoursPending(); }

DataBox Renderer::dataBox() const { return impl_->layers.placement().box; }

ViewProjection Renderer::viewProjection(const Camera& camera, const Viewport& viewport) const {
  return impl_->layers.view(camera, viewport);
}

void Renderer::setRuns(std::span<const RunStyle> runs) {
  if (impl_->layers.paths.setRuns(runs)) ++impl_->staticContent;  // the legend lists markers and labels
}

std::size_t Renderer::runCount() const { return impl_->layers.paths.size(); }

void Renderer::clearTrajectory(std::size_t run) {
  impl_->layers.paths.clear(run);
  ++impl_->trajectories;
}

void Renderer::appendTrajectory(std::size_t run, std::span<const core::TracePoint> points) {
  impl_->layers.paths.append(run, points, impl_->layers.placement());
  ++impl_->trajectories;
}

void Renderer::replaceTrajectories(std::span<const PathLayer::Replacement> replacements) {
  impl_->layers.paths.replace(replacements, impl_->layers.placement());
  ++impl_->trajectories;
}

std::size_t Renderer::trajectorySize(std::size_t run) const { return impl_->layers.paths.run(run).pointCount(); }

void Renderer::setDiverged(std::size_t run, bool diverged) { impl_->layers.paths.run(run).diverged = diverged; }
bool Renderer::diverged(std::size_t run) const { return impl_->layers.paths.run(run).diverged; }
void Renderer::drawEachRunAlone(bool alone) { impl_->layers.paths.drawEachRunAlone(alone); }

void Renderer::setInternals(std::optional<InternalsOverlay> overlay) { impl_->layers.internals.set(std::move(overlay)); }

void Renderer::render(const Camera& camera, const Viewport& viewport, const FrameOptions& options) {
  if (options.view == core::ViewMode::threeD && !impl_->colorBarInCube()) {
    impl_->layers.drawFrame(impl_->layers.view(camera, viewport), options);
    return;
  }
  impl_->planWindow = options.planWindow;
  for (const Pane& pane : panesOf(viewport, options.view)) {
    const ViewProjection view = impl_->paneView(pane, camera);
    const FrameOptions paneOptions = Impl::paneOptions(pane, options);
    beginPass(pane.viewport, options.background);
    impl_->drawStatic(pane.mode, view, paneOptions);
    impl_->layers.drawDynamic(view, paneOptions);
    endPass();
  }
}

ViewProjection Renderer::planViewProjection(const Viewport& pane, const std::optional<core::Domain>& planWindow) {
  return impl_->planView(planWindow).view(pane);
}

void Renderer::renderReusingStaticLayer(const OffscreenTarget& target, const Camera& camera,
                                        const FrameOptions& options) {
  Impl& impl = *impl_;
  const Viewport viewport{0, 0, target.width(), target.height()};
  impl.planWindow = options.planWindow;
  for (const Pane& pane : panesOf(viewport, options.view)) {
    const bool plan = pane.mode == core::ViewMode::twoD;
    const ViewProjection view = impl.paneView(pane, camera);
    const FrameOptions paneOptions = Impl::paneOptions(pane, options);
    const StaticLayerKey key{plan ? Camera{} : camera, target.width(),     target.height(),
                             target.samples(),         options.axes,       options.legend,
                             options.antialias,        options.background, options.view,
                             impl.staticContent,       plan ? impl.planView(impl.planWindow).version() : 0,
                             plan ? impl.trajectories : 0};
    StaticLayerCache& cache = plan ? impl.planCache : impl.staticCache;
    const OffscreenTarget* layer = cache.layerFor(key, target, [&](const OffscreenTarget& kept) {
      kept.bind();
      beginPass(pane.viewport, options.background);
      impl.drawStatic(pane.mode, view, paneOptions);
      endPass();
    });
    if (layer == nullptr) {
      target.bind();
      beginPass(pane.viewport, options.background);
      impl.drawStatic(pane.mode, view, paneOptions);
    } else {
      // Panes span the target's height; copy this one's columns only (the other pane is drawn apart).
      target.copyFrom(*layer, PixelRect{pane.viewport.x, 0, pane.viewport.width, target.height()});
      target.bind();
      continuePass(pane.viewport);
    }
    impl.layers.drawDynamic(view, paneOptions);
    endPass();
  }
}

std::optional<std::array<double, 2>> Renderer::pickSurface(const Camera& camera, const Viewport& viewport,
                                                           double px, double py) const {
  const SurfacePlacement& placement = impl_->layers.placement();
  if (!placement.surface) return std::nullopt;
  const ViewProjection view = impl_->layers.view(camera, viewport);
  return pickHeightField(placement.surface->surface, placement.surface->domain(), view.pixelRay(px, py));
}

std::optional<std::array<double, 2>> Renderer::pick(const Camera& camera, const Viewport& viewport, core::ViewMode mode,
                                                    double px, double py,
                                                    const std::optional<core::Domain>& planWindow) {
  for (const Pane& pane : panesOf(viewport, mode)) {
    const double x = px - (pane.viewport.x - viewport.x);  // into the pane's pixels
    if (x < 0 || x >= pane.viewport.width) continue;
    if (pane.mode == core::ViewMode::twoD) return impl_->planView(planWindow).dataAt(pane.viewport, x, py);
    return pickSurface(camera, pane.viewport, x, py);
  }
  return std::nullopt;
}

PixelRect Renderer::beginAnimation(const OffscreenTarget& target, const Camera& camera, const FrameOptions& options) {
  Impl& impl = *impl_;
  if (!impl.animations.empty()) impl.markerStore = impl.animations.front().releaseMarkerStore();
  impl.animations.clear();
  impl.animations.reserve(2);  // the animators draw through `impl`; none moves once made
  impl.changed.clear();
  PixelRect all;
  impl.planWindow = options.planWindow;
  for (const Pane& pane : panesOf(Viewport{0, 0, target.width(), target.height()}, options.view)) {
    const core::ViewMode mode = pane.mode;
    IncrementalAnimator& animation = impl.animations.emplace_back(
        impl.layers, target, impl.paneView(pane, camera), Impl::paneOptions(pane, options), std::move(impl.markerStore),
        [&impl, mode](const ViewProjection& view, const FrameOptions& frame) { impl.drawStatic(mode, view, frame); });
    all = all.united(animation.redraw());
    impl.changed.insert(impl.changed.end(), animation.changedRegions().begin(), animation.changedRegions().end());
  }
  return all;
}

PixelRect Renderer::advanceTo(std::int64_t iteration) {
  Impl& impl = *impl_;
  if (impl.animations.empty()) throw Error("renderer: advanceTo without beginAnimation");
  impl.changed.clear();
  PixelRect all;
  for (IncrementalAnimator& animation : impl.animations) {
    all = all.united(animation.advanceTo(iteration));
    impl.changed.insert(impl.changed.end(), animation.changedRegions().begin(), animation.changedRegions().end());
  }
  return all;
}

std::span<const PixelRect> Renderer::changedRegions() const { return impl_->changed; }

void Renderer::endAnimation() {
  if (!impl_->animations.empty()) impl_->markerStore = impl_->animations.front().releaseMarkerStore();
  impl_->animations.clear();
  impl_->changed.clear();
}

}  // namespace gradscape::render
