// The viewer's layout and its conversion to framebuffer pixels.
#include "viewer/layout.hpp"

#include <algorithm>
#include <cmath>

namespace gradscape::app {

Layout computeLayout(ImVec2 displaySize, float panelWidth, bool showPlots) {
  Layout layout;
  const float width = displaySize.x, height = displaySize.y;
  const float panel = std::min(panelWidth, std::max(0.0f, width - 64));
  layout.showPlots = showPlots;
  const float plotsHeight = layout.showPlots ? std::clamp(height * 0.24f, 120.0f, 320.0f) : 0.0f;
  const float sceneWidth = std::max(0.0f, width - panel), sceneHeight = std::max(0.0f, height - plotsHeight);
  layout.scene = {panel, 0, panel + sceneWidth, sceneHeight};
  layout.plots = {panel, sceneHeight, panel + sceneWidth, sceneHeight + plotsHeight};
  return layout;
}

render::Viewport sceneViewport(const Layout& layout, const WindowMetrics& window) {
  const float sx = window.framebufferScale.x, sy = window.framebufferScale.y;
  const int left = static_cast<int>(std::lround(layout.scene.x0 * sx));
  const int top = static_cast<int>(std::lround(layout.scene.y0 * sy));
  const int width =
      std::clamp(static_cast<int>(std::lround(layout.scene.width() * sx)), 0, window.framebufferWidth - left);
  const int height =
      std::clamp(static_cast<int>(std::lround(layout.scene.height() * sy)), 0, window.framebufferHeight - top);
  return render::Viewport{left, window.framebufferHeight - top - height, width, height};
}

WindowRect toPixels(const UiRect& rect, const WindowMetrics& window) {
  const int width = window.framebufferWidth, height = window.framebufferHeight;
  const float sx = window.framebufferScale.x, sy = window.framebufferScale.y;
  const int x0 = std::clamp(static_cast<int>(std::floor(rect.x0 * sx)), 0, width);
  const int y0 = std::clamp(static_cast<int>(std::floor(rect.y0 * sy)), 0, height);
  const int x1 = std::clamp(static_cast<int>(std::ceil(rect.x1 * sx)), 0, width);
  const int y1 = std::clamp(static_cast<int>(std::ceil(rect.y1 * sy)), 0, height);
  return WindowRect{x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

}  // namespace gradscape::app
