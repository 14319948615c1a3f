// Where the viewer's parts lie in the window this frame: the panel on the left, the scene, the plots
// under it; and the conversions from ImGui units to framebuffer pixels.
#pragma once

#include <imgui.h>

#include "render/camera.hpp"
#include "viewer/ui_damage.hpp"
#include "viewer/window_presenter.hpp"

namespace gradscape::app {

// In ImGui (window) units, top-left origin.
struct Layout {
  UiRect scene;
  UiRect plots;
  bool showPlots = true;
};

// The framebuffer as ImGui sees it this frame: its size in pixels and in ImGui units.
struct WindowMetrics {
  int framebufferWidth = 0, framebufferHeight = 0;
  ImVec2 displaySize;       // ImGui units
  ImVec2 framebufferScale;  // pixels per ImGui unit
};

Layout computeLayout(ImVec2 displaySize, float panelWidth, bool showPlots);

// The scene's rectangle in framebuffer pixels, GL lower-left origin, clamped to the framebuffer.
render::Viewport sceneViewport(const Layout& layout, const WindowMetrics& window);

// `rect` in framebuffer pixels (outward to whole pixels), top-left origin, clamped to the framebuffer.
WindowRect toPixels(const UiRect& rect, const WindowMetrics& window);

}  // namespace gradscape::app
