// Composes each window frame in the back buffer: works out what must be repainted (the UI's damage, the
// scene when its picture changes, everything after a resize or when the back buffer is not kept), clears
// those regions, runs the scene pass and the ImGui pass inside them, and says which rectangles the
// presenter must put on screen. Also reads the composed frame back for screenshots.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "render/renderer.hpp"
#include "viewer/frame_profiler.hpp"
#include "viewer/layout.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/ui_damage.hpp"
#include "viewer/window_presenter.hpp"

namespace gradscape::app {

// What a frame drew into the back buffer, to be put on screen.
struct FrameDrawing {
  bool drew = false;
  bool full = false;
  std::vector<WindowRect> rects;  // framebuffer pixels, top-left origin
};

// The scene as this frame shows it.
struct SceneFrame {
  const render::Camera& camera;
  render::FrameOptions options;
  double now = 0;
  std::int64_t frameIndex = 0;  // for GRADSCAPE_DEBUG_DAMAGE's lines
};

class FrameCompositor {
 public:
  FrameCompositor();

  // The window system lost the back buffer's pixels (exposed, resized): the next frame repaints all.
  void repaintAll() { repaintAll_ = true; }

  // Composes this frame. `keepsBackBuffer`: the previous frame's pixels are still there (partial redraws
  // allowed). `afterScene(viewport)` runs after the scene pass while its picture is current (recording).
  FrameDrawing compose(const Layout& layout, const WindowMetrics& window, ImDrawData& drawData, SceneView& sceneView,
                       const SceneFrame& scene, bool keepsBackBuffer, FrameProfiler& profiler,
                       const std::function<void(const render::Viewport&)>& afterScene);

  ScenePass lastPass() const { return lastPass_; }
  std::int64_t fastSceneFrames() const { return fastSceneFrames_; }
  std::int64_t antialiasedSceneFrames() const { return antialiasedSceneFrames_; }

  // The back buffer as PNG (the whole window as composed this frame). Throws gradscape::Error.
  static void writeScreenshot(const std::string& path, int framebufferWidth, int framebufferHeight);

 private:
  // The regions to repaint, disjoint, in whole ImGui units.
  std::vector<UiRect> damagedRegions(std::vector<UiRect> damage, const UiRect& display, const UiRect& sceneRect,
                                     bool full, bool sceneWillDraw, const SceneView& sceneView, double now) const;

  UiDamageTracker uiDamage_;
  bool repaintAll_ = true;
  int framebufferWidth_ = 0, framebufferHeight_ = 0;
  const bool debugDamage_;  // GRADSCAPE_DEBUG_DAMAGE: print repainted regions
  ScenePass lastPass_ = ScenePass::reused;
  std::int64_t fastSceneFrames_ = 0, antialiasedSceneFrames_ = 0;  // for scripts: which pass drew when
};

}  // namespace gradscape::app
