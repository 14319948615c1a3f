// Damage regions, background clears, the scene and ImGui passes, screenshots.
#include "viewer/frame_compositor.hpp"

#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "encode/png_writer.hpp"
#include "render/window_framebuffer.hpp"

namespace gradscape::app {

FrameCompositor::FrameCompositor() : debugDamage_(std::getenv("GRADSCAPE_DEBUG_DAMAGE") != nullptr) {}

std::vector<UiRect> FrameCompositor::damagedRegions(std::vector<UiRect> damage, const UiRect& display,
                                                    const UiRect& sceneRect, bool full, bool sceneWillDraw,
                                                    const SceneView& sceneView, double now) const {
  std::vector<UiRect> regions;
  if (full) {
    regions.push_back(display);
    return regions;
  }
  for (const UiRect& rect : damage) {
    const UiRect clipped = rect.intersected(display);
    if (!clipped.empty())
      regions.push_back({std::floor(clipped.x0), std::floor(clipped.y0), std::ceil(clipped.x1), std::ceil(clipped.y1)});
  }
  if (sceneWillDraw) regions.push_back(sceneRect);
  regions = mergeRects(std::move(regions));
  // UI damage over the scene before its anti-aliased frame exists: the scene is drawn again whole, so all
  // of it (and the UI over it) is repainted.
  const bool damagesScene =
      std::any_of(regions.begin(), regions.end(), [&](const UiRect& r) { return r.overlaps(sceneRect); });
  if (!sceneWillDraw && damagesScene && sceneView.repaintRedrawsAll(now)) {
    regions.push_back(sceneRect);
    regions = mergeRects(std::move(regions));
  }
  return regions;
}

FrameDrawing FrameCompositor::compose(const Layout& layout, const WindowMetrics& window, ImDrawData& drawData,
                                      SceneView& sceneView, const SceneFrame& scene, bool keepsBackBuffer,
                                      FrameProfiler& profiler,
                                      const std::function<void(const render::Viewport&)>& afterScene) {
  const int framebufferWidth = window.framebufferWidth, framebufferHeight = window.framebufferHeight;
  const render::Viewport viewport = sceneViewport(layout, window);
  const UiRect& sceneRect = layout.scene;
  const UiRect display{0, 0, window.displaySize.x, window.displaySize.y};

  // What must be repainted: everything when the back buffer is not kept (or was lost); otherwise what the
  // UI draws differently, plus the scene when its picture changes. Disjoint rectangles in whole ImGui
  // units, so the clears and ImGui's scissors cover the same pixels.
  std::vector<UiRect> damage = uiDamage_.update(drawData);
  const bool full = !keepsBackBuffer || repaintAll_ || framebufferWidth != framebufferWidth_ ||
                    framebufferHeight != framebufferHeight_;
  repaintAll_ = false;
  framebufferWidth_ = framebufferWidth;
  framebufferHeight_ = framebufferHeight;
  const bool sceneVisible = viewport.width > 0 && viewport.height > 0;
  const bool sceneWillDraw = sceneVisible && sceneView.needsDraw(scene.camera, viewport, scene.options, scene.now);
  const std::vector<UiRect> regions =
      damagedRegions(std::move(damage), display, sceneRect, full, sceneWillDraw, sceneView, scene.now);

  if (debugDamage_) {
    std::fprintf(stderr, "frame %lld full=%d:", static_cast<long long>(scene.frameIndex), full ? 1 : 0);
    for (const UiRect& r : regions) std::fprintf(stderr, " [%g,%g %gx%g]", r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    std::fprintf(stderr, "\n");
  }

  // Window background under the repainted regions: the panel and plots windows draw no background of
  // their own (a clear is much cheaper than ImGui's blended rectangles on a software rasteriser).
  const WindowRect scenePixels{viewport.x, framebufferHeight - viewport.y - viewport.height, viewport.width,
                               viewport.height};
  std::vector<render::Viewport> repaint;  // parts of the scene the clears take away
  std::vector<WindowRect> clears;
  for (const UiRect& region : regions) {
    const WindowRect lost = toPixels(region.intersected(sceneRect), window).intersected(scenePixels);
    if (!lost.empty()) repaint.push_back({lost.x, framebufferHeight - lost.y - lost.height, lost.width, lost.height});
    const UiRect inScene = region.intersected(sceneRect);
    const bool insideScene = inScene.x0 == region.x0 && inScene.y0 == region.y0 && inScene.x1 == region.x1 &&
                             inScene.y1 == region.y1;
    if (sceneWillDraw && insideScene) continue;  // the scene pass clears and fills all of it
    clears.push_back(toPixels(region, window));
  }
  const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  render::bindWindowFramebuffer(framebufferWidth, framebufferHeight);
  render::clearWindowRects({background.x, background.y, background.z}, clears, framebufferHeight);
  profiler.mark(FrameStage::clear);

  // Scene pass: straight into the window while moving, once with MSAA when it comes to rest, or just the
  // cleared part of the cached picture copied back.
  lastPass_ = ScenePass::none;
  if (sceneVisible) lastPass_ = sceneView.draw(scene.camera, viewport, scene.options, scene.now, repaint);
  if (lastPass_ == ScenePass::fast) ++fastSceneFrames_;
  if (lastPass_ == ScenePass::antialiased) ++antialiasedSceneFrames_;
  if (sceneVisible) afterScene(viewport);
  profiler.mark(FrameStage::scene);
  if (regions.empty()) return FrameDrawing{};

  // ImGui pass, once per region. Its backend sets blending, scissor and its program; we make sure nothing
  // else leaks in.
  render::beginWindowOverlayPass(framebufferWidth, framebufferHeight);
  FrameDrawing drawing{true, full, {}};
  if (full) {
    ImGui_ImplOpenGL3_RenderDrawData(&drawData);
  } else {
    const std::vector<ImVec4> clipRects = saveClipRects(drawData);
    for (const UiRect& region : regions) {
      clipDrawData(drawData, clipRects, region);
      ImGui_ImplOpenGL3_RenderDrawData(&drawData);
      drawing.rects.push_back(toPixels(region, window));
    }
  }
  profiler.mark(FrameStage::imgui);
  return drawing;
}

void FrameCompositor::writeScreenshot(const std::string& path, int framebufferWidth, int framebufferHeight) {
  const std::vector<std::uint8_t> image = render::readWindowBackBuffer(framebufferWidth, framebufferHeight);
  encode::writePng(path, encode::RgbaView{image.data(), framebufferWidth, framebufferHeight});
}

}  // namespace gradscape::app
