// The incremental animation of a fixed camera (see incremental_animator.hpp).
#include "render/incremental_animator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace gradscape::render {

namespace {

// Many runs: past this many changed regions one bounding rectangle keeps the merging linear.
constexpr std::size_t kMaxRegions = 32;

std::int64_t shownIteration(std::int64_t iteration) {
  return iteration < 0 ? std::numeric_limits<std::int64_t>::max() : iteration;
}

bool touchesAny(const std::vector<PixelRect>& regions, const PixelRect& rect) {
  return std::any_of(regions.begin(), regions.end(), [&](const PixelRect& r) { return r.overlaps(rect); });
}

}  // namespace

IncrementalAnimator::IncrementalAnimator(FrameLayers& layers, const OffscreenTarget& target, const ViewProjection& view,
                                         const FrameOptions& options, std::unique_ptr<OffscreenTarget> previousStore,
                                         StaticPainter drawStatic)
    : layers_(layers),
      target_(&target),
      view_(view),
      drawStatic_(std::move(drawStatic)),
      options_(options),
      iteration_(shownIteration(options.iteration)) {
  options_.iteration = iteration_;
  // Marker store: a square slot per marker slot, as large as the largest marker (a diverged head) can be.
  slotSide_ = static_cast<int>(std::ceil(2 * MarkerLayer::largestExtent(view_, options))) + 2;
  const int slots = std::max<int>(1, static_cast<int>(2 * layers.paths.size()));
  slotColumns_ = std::clamp(8192 / slotSide_, 1, slots);
  const int storeWidth = slotColumns_ * slotSide_;
  const int storeHeight = (slots + slotColumns_ - 1) / slotColumns_ * slotSide_;
  if (previousStore && previousStore->width() == storeWidth && previousStore->height() == storeHeight &&
      previousStore->samples() == target.samples())
    markerStore_ = std::move(previousStore);
  else
    markerStore_ = std::make_unique<OffscreenTarget>(storeWidth, storeHeight, target.samples());
}

PixelRect IncrementalAnimator::toTarget(const PixelRect& paneRect) const {
  if (paneRect.empty()) return paneRect;
  const Viewport& pane = view_.viewport();
  return {paneRect.x + pane.x, paneRect.y + (target_->height() - pane.y - pane.height), paneRect.width,
          paneRect.height};
}

void IncrementalAnimator::bindPane() const {
  // The target's binding covers all of it; split's panes draw their markers into their own part only.
  target_->bind();
  const Viewport& pane = view_.viewport();
  glViewport(pane.x, pane.y, pane.width, pane.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(pane.x, pane.y, pane.width, pane.height);
}

PixelRect IncrementalAnimator::paneBounds() const {
  return toTarget({0, 0, view_.viewport().width, view_.viewport().height}).intersected(target_->bounds());
}

bool IncrementalAnimator::drawsRegionsWhole() const {
  // Past kStencilIds runs the stencil left by the last frame no longer tells which run drew a sample
  // (two runs share an id), so new segments cannot be drawn over it: the changed regions are drawn
  // whole instead (redrawRegions), and nothing is saved under markers.
  return layers_.paths.size() > PathLayer::kStencilIds;
}

PixelRect IncrementalAnimator::slotOf(std::size_t marker) const {
  const int index = static_cast<int>(marker);
  return {index % slotColumns_ * slotSide_, index / slotColumns_ * slotSide_, slotSide_, slotSide_};
}

void IncrementalAnimator::saveUnderMarkers(const ViewProjection& view, const std::vector<MarkerInstance>& markers,
                                           const std::vector<bool>& drawn) {
  for (std::size_t m = 0; m < markers.size(); ++m) {
    if (!drawn[m] || !markers[m].visible) continue;
    const PixelRect rect = toTarget(MarkerLayer::pixelsOf(view, markers[m])).intersected(paneBounds());
    if (rect.width > slotSide_ || rect.height > slotSide_) {
      allSaved_ = false;
      continue;
    }
    const PixelRect slot = slotOf(m);
    markerStore_->copyColorFrom(*target_, rect, slot.x, slot.y);
    saved_[m] = rect;
  }
}

void IncrementalAnimator::restoreUnderMarkers() {
  for (std::size_t m = 0; m < saved_.size(); ++m) {
    const PixelRect& rect = saved_[m];
    if (rect.empty() || !touchesAny(regions_, rect)) continue;
    const PixelRect slot = slotOf(m);
    target_->copyColorFrom(*markerStore_, {slot.x, slot.y, rect.width, rect.height}, rect.x, rect.y);
    saved_[m] = {};
  }
}

PixelRect IncrementalAnimator::redraw() {
  const ViewProjection& view = frameView();
  target_->bind();
  beginPass(view.viewport(), options_.background);
  drawStatic_(view, options_);
  layers_.drawPaths(view, options_);
  layers_.drawParticles(view, options_);
  endPass();
  markers_ = layers_.markers.collect(view, layers_.paths, options_);
  saved_.assign(markers_.size(), PixelRect{});
  allSaved_ = true;
  if (!drawsRegionsWhole()) saveUnderMarkers(view, markers_, std::vector<bool>(markers_.size(), true));
  bindPane();
  layers_.drawMarkers(view, markers_, options_);
  endPass();
  regions_.assign(1, paneBounds());
  return paneBounds();
}

PixelRect IncrementalAnimator::redrawRegions(const ViewProjection& view) {
  if (!staticLayer_) {
    staticLayer_ = std::make_unique<OffscreenTarget>(target_->width(), target_->height(), target_->samples());
    staticLayer_->bind();
    beginPass(view.viewport(), options_.background);
    drawStatic_(view, options_);
    endPass();
  }
  // Regions are in the target's pixels: the scissor is placed as for a viewport covering the target.
  const Viewport whole{0, 0, target_->width(), target_->height()};
  PixelRect dirty;
  for (const PixelRect& region : regions_) {
    // As redraw() draws the frame, limited to the region; the static layer's samples (colour, depth and
    // stencil) are copied, not drawn again.
    target_->copyFrom(*staticLayer_, region);
    target_->bind();
    continuePass(view.viewport());
    limitTo(whole, region);
    layers_.drawPaths(view, options_);
    endPass();
    limitTo(whole, region);
    layers_.drawMarkers(view, markers_, options_);
    endPass();
    dirty = dirty.united(region);
  }
  return dirty;
}

std::vector<PathLayer::RunRange> IncrementalAnimator::findNewSegments(const ViewProjection& view,
                                                                                   std::int64_t previous) {
  const PixelRect bounds = paneBounds();
  const glm::dmat4 clipFromWorldD = view.projection() * view.view();
  const double segmentExtent = 0.5 * view.pointsToPixels(options_.lineWidthPoints) + 3;
  // One region per run, so two path heads far apart do not make one large rectangle (resolved and read
  // back for nothing).
  std::vector<PathLayer::RunRange> newSegments;
  regions_.clear();
  for (std::size_t r = 0; r < layers_.paths.size(); ++r) {
    const RunState& state = layers_.paths.run(r);
    if (!state.style.visible || state.path.size() < 2) continue;
    const std::size_t from = lastShownPoint(state.path.size(), previous);
    const std::size_t to = lastShownPoint(state.path.size(), iteration_);
    if (to <= from) continue;
    newSegments.push_back({r, from, to});
    const std::span<const PathVertex> points = state.path.points();
    PixelRect dirty;
    for (std::size_t i = from; i <= to && dirty != bounds; ++i) {
      const std::optional<glm::dvec3> pixel =
          view.clipToPixel(clipFromWorldD * glm::dvec4(glm::dvec3(points[i].world), 1));
      dirty = pixel ? dirty.united(toTarget(PixelRect::around(pixel->x, pixel->y, segmentExtent))) : bounds;
    }
    regions_.push_back(dirty.intersected(bounds));
  }
  return newSegments;
}

std::vector<bool> IncrementalAnimator::settleRegions(const ViewProjection& view,
                                                     const std::vector<MarkerInstance>& markers) {
  const PixelRect bounds = paneBounds();
  for (std::size_t i = 0; i < markers.size(); ++i)
    if (i >= markers_.size() || !(markers[i] == markers_[i])) {
      regions_.push_back(toTarget(MarkerLayer::pixelsOf(view, markers[i])).intersected(bounds));
      if (i < markers_.size()) regions_.push_back(toTarget(MarkerLayer::pixelsOf(view, markers_[i])).intersected(bounds));
    }
  std::erase_if(regions_, [](const PixelRect& r) { return r.empty(); });
  if (regions_.size() > kMaxRegions) {
    PixelRect all;
    for (const PixelRect& region : regions_) all = all.united(region);
    regions_.assign(1, all);
  }
  std::vector<bool> redraw(markers.size(), false);
  for (bool grew = !regions_.empty(); grew;) {
    grew = false;
    for (std::size_t i = 0; i < regions_.size(); ++i)
      for (std::size_t j = i + 1; j < regions_.size();)
        if (regions_[i].overlaps(regions_[j])) {
          regions_[i] = regions_[i].united(regions_[j]);
          regions_.erase(regions_.begin() + static_cast<std::ptrdiff_t>(j));
          grew = true;
        } else {
          ++j;
        }
    for (std::size_t m = 0; m < markers.size(); ++m) {
      if (!markers[m].visible) continue;
      const PixelRect rect = toTarget(MarkerLayer::pixelsOf(view, markers[m])).intersected(bounds);
      for (PixelRect& region : regions_) {
        if (!rect.overlaps(region)) continue;
        redraw[m] = true;
        const PixelRect grown = region.united(rect);
        if (grown != region) {
          region = grown;
          grew = true;
        }
      }
    }
  }
  return redraw;
}

PixelRect IncrementalAnimator::advanceTo(std::int64_t iteration) {
  const std::int64_t previous = iteration_;
  iteration_ = shownIteration(iteration);
  options_.iteration = iteration_;
  // Particles move and their trails fade every frame, all over the picture: their frames are drawn whole.
  if (iteration_ < previous || !allSaved_ || layers_.particles.active(layers_.paths, layers_.placement()))
    return redraw();

  const ViewProjection& view = frameView();
  const std::vector<PathLayer::RunRange> newSegments = findNewSegments(view, previous);
  std::vector<MarkerInstance> markers = layers_.markers.collect(view, layers_.paths, options_);
  const std::vector<bool> redrawn = settleRegions(view, markers);
  if (regions_.empty()) {
    markers_ = std::move(markers);
    return {};
  }
  if (drawsRegionsWhole()) {
    markers_ = std::move(markers);
    return redrawRegions(view);
  }

  // Take the drawn markers out of the regions (every marker drawn there is restored: one that stays is
  // redrawn, since it touches a region), draw the new segments, then save and draw the markers.
  restoreUnderMarkers();
  saved_.resize(markers.size());
  if (!newSegments.empty()) {
    target_->bind();
    continuePass(view.viewport());
    layers_.paths.drawRanges(view, newSegments, options_, layers_.placement().chordGapWorld);
    endPass();
  }
  saveUnderMarkers(view, markers, redrawn);
  markers_ = std::move(markers);
  bindPane();
  layers_.drawMarkers(view, markers_, options_, &redrawn);
  endPass();
  PixelRect dirty;
  for (const PixelRect& region : regions_) dirty = dirty.united(region);
  return dirty;
}

}  // namespace gradscape::render
