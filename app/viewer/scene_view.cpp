// Scene layer of the window: session upload, cached fast / anti-aliased renders, present by blit.
#include "viewer/scene_view.hpp"

#include "render/window_framebuffer.hpp"

namespace gradscape::app {

bool SessionUploader::sync(const Session& session, render::Renderer& renderer) {
  bool changed = false;
  const SessionVersions& versions = session.versions();
  const bool layoutChanged = !synced_ || versions.layout != seen_.layout;
  if (layoutChanged || versions.styles != seen_.styles) {
    const auto styles = session.styles();
    renderer.setRuns(styles);
    changed = true;
  }
  if (layoutChanged) traceVersions_.assign(session.runCount(), 0);
  // Every run traced again goes to the renderer in one batch (an edit of all runs' lr: 100 paths).
  // Runs lend the renderer their points instead of copying them. That is safe because the session
  // changes a trace's points only when it traces the run again (a new trace version) or when runs are
  // added, removed or replaced (a new layout, after which every run is replaced here), and this runs
  // after every edit of the frame, before the renderer reads them.
  replacements_.clear();
  for (std::size_t i = 0; i < session.runCount(); ++i) {
    if (traceVersions_[i] == session.traceVersion(i)) continue;
    const RunTrace& trace = session.trace(i);
    replacements_.push_back(
        {i, trace.points(), true, trace.outcome.reason == core::StopReason::diverged});
    traceVersions_[i] = session.traceVersion(i);
    changed = true;
  }
  if (!replacements_.empty()) renderer.replaceTrajectories(replacements_);
  // The surface last: a new surface places every path again from its lent points, which are the session's
  // traces only once the runs traced again have been replaced above (the session freed their old traces
  // when it traced them again, as it does for every run when the surface changes). Those runs are placed
  // twice then, on the old surface and on the new one.
  if (!synced_ || versions.surface != seen_.surface) {
    renderer.setSurface(session.scene().surface, session.scene().render);
    renderer.setLegendTitle(session.scene().legendTitle);
    changed = true;
  }
  seen_ = versions;
  synced_ = true;
  return changed;
}

SceneView::SceneView() : renderer_(std::make_unique<render::Renderer>()) { renderer_->setContoursInBackground(true); }

bool SceneView::sync(const Session& session) {
  bool changed = uploader_.sync(session, *renderer_);
  // New 2-D contours finished in the background since the last frame: the cached picture is stale.
  const bool pending = renderer_->contoursPending();
  if (contoursPending_ && !pending) changed = true;
  contoursPending_ = pending;
  if (changed) ++content_;
  return changed;
}

void SceneView::ensureTargets(int width, int height) {
  if (image_ && image_->width() == width && image_->height() == height) return;
  image_.emplace(width, height, 1);
  smoothed_.emplace(width, height, kRestSamples);
}

void SceneView::blitCache(const render::Viewport& viewport, const render::Viewport& part) const {
  image_->blitColor(0, viewport.x, viewport.y, part);
  render::bindWindowFramebuffer();
}

bool SceneView::needsDraw(const render::Camera& camera, const render::Viewport& viewport,
                          const render::FrameOptions& options, double now) const {
  if (!drawn_ || !(*drawn_ == keyFor(camera, viewport, options))) return true;
  return antialiasPending_ && now - lastChange_ >= kRestSeconds;
}

ScenePass SceneView::draw(const render::Camera& camera, const render::Viewport& viewport,
                          const render::FrameOptions& options, double now, const std::vector<render::Viewport>& repaint) {
  const DrawnKey key = keyFor(camera, viewport, options);
  const bool changed = !drawn_ || !(*drawn_ == key);
  if (changed) {
    drawn_ = key;
    antialiasPending_ = true;
    lastChange_ = now;
  }
  const bool resting = antialiasPending_ && now - lastChange_ >= kRestSeconds;
  if (antialiasPending_ && !changed && !resting && repaint.empty()) return ScenePass::none;  // the window has it
  if (changed || (antialiasPending_ && !resting)) {
    // Moving: no MSAA, into the single-sample image of exactly the scene's size, then copied to the window.
    // Drawn straight into a part of the window it cost llvmpipe more than the copy: a clear limited by the
    // scissor is a drawn quad over colour, depth and stencil, a whole-target clear is free.
    // While only paths change (live edits, playback) the renderer copies its kept static layer back
    // instead of drawing the surface again.
    ensureTargets(viewport.width, viewport.height);
    render::FrameOptions fast = options;
    fast.antialias = false;
    fast.moving = true;
    renderer_->renderReusingStaticLayer(*image_, camera, fast);
    blitCache(viewport, viewport);
    return ScenePass::fast;
  }
  if (antialiasPending_) {
    ensureTargets(viewport.width, viewport.height);
    smoothed_->bind();
    render::FrameOptions smooth = options;
    smooth.antialias = true;
    renderer_->render(camera, render::Viewport{0, 0, viewport.width, viewport.height}, smooth);
    // Resolve the multisampled picture into the cached image (same size).
    smoothed_->drawColor(image_->drawFramebufferId(), 0, 0, render::Viewport{0, 0, viewport.width, viewport.height});
    antialiasPending_ = false;
    blitCache(viewport, viewport);
    return ScenePass::antialiased;
  }
  bool copied = false;
  for (const render::Viewport& part : repaint) {
    if (part.width <= 0 || part.height <= 0) continue;
    blitCache(viewport, part);
    copied = true;
  }
  return copied ? ScenePass::reused : ScenePass::none;
}

std::optional<std::array<double, 2>> SceneView::pick(const render::Camera& camera, core::ViewMode mode, int width,
                                                     int height, double px, double py,
                                                     const std::optional<core::Domain>& planWindow) const {
  return renderer_->pick(camera, render::Viewport{0, 0, width, height}, mode, px, py, planWindow);
}

}  // namespace gradscape::app
