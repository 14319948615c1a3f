// The window's scene layer: the one Renderer, kept in sync with the Session. While the picture changes
// (orbit, edits, playback) it is drawn straight into the window without MSAA; once it has rested for a
// moment it is drawn once with 4x MSAA into a cached image, which later frames copy under the UI.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "render/offscreen_target.hpp"
#include "render/renderer.hpp"
#include "viewer/session.hpp"

namespace gradscape::app {

// How long the picture must stay unchanged before the anti-aliased frame is drawn.
inline constexpr double kRestSeconds = 0.08;
inline constexpr int kRestSamples = 4;

enum class ScenePass {
  none,         // the window still shows the right picture: nothing drawn
  reused,       // part of the cached anti-aliased picture copied back (the UI had drawn over it)
  fast,         // drawn straight into the window without MSAA (the picture is changing)
  antialiased,  // drawn once with MSAA and copied into the window (the picture came to rest)
};

// What the renderer has of a session: the versions it last uploaded.
class SessionUploader {
 public:
  // Uploads to `renderer` whatever changed in `session` since the last call; true when anything did.
  bool sync(const Session& session, render::Renderer& renderer);
  void forgetAll() { *this = SessionUploader{}; }

 private:
  bool synced_ = false;
  SessionVersions seen_;
  std::vector<std::uint64_t> traceVersions_;
  std::vector<render::PathLayer::Replacement> replacements_;  // scratch: this sync's runs traced again
};

class SceneView {
 public:
  SceneView();  // needs a current GL 3.3 context with the loader initialised
  // The scene's picture as the window shows it (single-sample), once one was drawn.
  const render::OffscreenTarget* image() const { return image_ ? &*image_ : nullptr; }

  render::Renderer& renderer() { return *renderer_; }
  // The internals overlay (internals_view.hpp): a new one is new content, so the picture is drawn again.
  void setInternals(std::optional<render::InternalsOverlay> overlay) {
    renderer_->setInternals(std::move(overlay));
    ++content_;
  }
  bool sync(const Session& session);
  // The map draped over the surface and under the 2-D contours (null: none).
  void showMap(const render::MapOverlay* overlay) {
    renderer_->setMapOverlay(overlay);
    ++content_;
  }
  // Bumps whenever uploaded content changes (surface, runs, styles, trajectories).
  std::uint64_t contentVersion() const { return content_; }

  // Brings the scene part of the default framebuffer up to date at `viewport` (GL lower-left origin);
  // `now` in seconds. The `repaint` rectangles (inside the viewport, same origin) lost their pixels to
  // something else and must be restored even when the picture did not change.
  ScenePass draw(const render::Camera& camera, const render::Viewport& viewport, const render::FrameOptions& options,
                 double now, const std::vector<render::Viewport>& repaint);
  // Whether draw() will render the picture (it changed, or its anti-aliased frame is due).
  bool needsDraw(const render::Camera& camera, const render::Viewport& viewport, const render::FrameOptions& options,
                 double now) const;
  // Whether restoring part of the scene means drawing all of it again (no cached picture yet: the
  // anti-aliased frame is not due), so whatever the UI drew over the scene must be drawn again too.
  bool repaintRedrawsAll(double now) const { return antialiasPending_ && now - lastChange_ < kRestSeconds; }
  // True while a changed picture still waits for its anti-aliased frame.
  bool antialiasPending() const { return antialiasPending_; }
  bool contoursPending() const { return contoursPending_; }  // the 2-D view's, as of the last sync

  // The data point under (px, py), viewport pixels with a top-left origin: on the surface in a 3-D pane,
  // under the pixel in a 2-D one (view `mode` as drawn).
  std::optional<std::array<double, 2>> pick(const render::Camera& camera, core::ViewMode mode, int width, int height,
                                            double px, double py,
                                            const std::optional<core::Domain>& planWindow = std::nullopt) const;

 private:
  struct DrawnKey {
    render::Camera camera;
    render::Viewport viewport;
    std::int64_t iteration = 0;
    bool axes = true, legend = true;
    core::ViewMode view = core::ViewMode::threeD;
    std::uint64_t content = 0;
    std::optional<core::Domain> planWindow;
    core::HiddenPaths hiddenPaths = core::HiddenPaths::hide;
    friend bool operator==(const DrawnKey&, const DrawnKey&) = default;
  };
  DrawnKey keyFor(const render::Camera& camera, const render::Viewport& viewport,
                 const render::FrameOptions& options) const {
    return DrawnKey{camera,  viewport, options.iteration, options.axes, options.legend, options.view, content_,
                    options.planWindow, options.hiddenPaths};
  }
  void ensureTargets(int width, int height);
  // Copies `part` (window coordinates inside `viewport`) of the cached picture into the window.
  void blitCache(const render::Viewport& viewport, const render::Viewport& part) const;

  std::unique_ptr<render::Renderer> renderer_;
  SessionUploader uploader_;
  std::optional<render::OffscreenTarget> image_;     // single-sample: the anti-aliased picture at rest
  std::optional<render::OffscreenTarget> smoothed_;  // 4x MSAA, resolved into image_
  std::optional<DrawnKey> drawn_;
  std::uint64_t content_ = 0;
  bool antialiasPending_ = false;
  bool contoursPending_ = false;
  double lastChange_ = 0;
};

}  // namespace gradscape::app
