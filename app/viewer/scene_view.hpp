// The window's scene layer: the one Renderer, kept in sync with the Session, drawn into a cached image
// that is re-rendered only when the picture changes: without MSAA while things move, once with 4x MSAA
// when they come to rest. Each frame the cache is copied under the UI.
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

enum class ScenePass { reused, fast, antialiased };

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
};

class SceneView {
 public:
  SceneView();  // needs a current GL 3.3 context with the loader initialised

  render::Renderer& renderer() { return *renderer_; }
  bool sync(const Session& session);
  // Bumps whenever uploaded content changes (surface, runs, styles, trajectories).
  std::uint64_t contentVersion() const { return content_; }

  // Brings the cached image up to date for this camera, size and frame; `now` in seconds.
  ScenePass update(const render::Camera& camera, int width, int height, const render::FrameOptions& options, double now);
  // True while a changed picture still waits for its anti-aliased frame.
  bool antialiasPending() const { return antialiasPending_; }
  // Copies the cached image into the default framebuffer at `target` (GL lower-left origin, same size).
  void present(const render::Viewport& target) const;

  // The surface point under (px, py), viewport pixels with a top-left origin.
  std::optional<std::array<double, 2>> pick(const render::Camera& camera, int width, int height, double px,
                                            double py) const;

  // The cached image (top-down RGBA), what the scene part of the window shows.
  std::vector<std::uint8_t> readCachedRgba() const;

 private:
  struct DrawnKey {
    render::Camera camera;
    int width = 0, height = 0;
    std::int64_t iteration = 0;
    bool axes = true, legend = true;
    std::uint64_t content = 0;
    friend bool operator==(const DrawnKey&, const DrawnKey&) = default;
  };
  void ensureTargets(int width, int height);

  std::unique_ptr<render::Renderer> renderer_;
  SessionUploader uploader_;
  std::optional<render::OffscreenTarget> image_;     // single-sample: what is presented
  std::optional<render::OffscreenTarget> smoothed_;  // 4x MSAA, resolved into image_
  std::optional<DrawnKey> drawn_;
  std::uint64_t content_ = 0;
  bool antialiasPending_ = false;
  double lastChange_ = 0;
};

}  // namespace gradscape::app
