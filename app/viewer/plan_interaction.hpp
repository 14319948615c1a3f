// The mouse in the scene beyond the 3-D orbit: the hover readout (x, y, f, |grad f|) in both views, and in a
// 2-D pane dragging a start marker (the run follows live), dragging empty plot area to pan, the wheel to
// zoom about the cursor and a double-click to show the whole domain again. Each pane owns its events: a
// gesture that begins in the 2-D pane is the 2-D view's, one that begins in the 3-D pane the camera's.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/surface.hpp"
#include "viewer/layout.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

// Wheel zoom of the 2-D view: the shown window's side is multiplied by this per notch toward you.
inline constexpr double kPlanZoomPerNotch = 0.8;
// The smallest window side, as a fraction of the domain's (doubles keep ticks and picks exact far below).
inline constexpr double kPlanMinFraction = 1e-6;
// A press this close to a start marker's centre (framebuffer pixels) grabs it.
inline constexpr double kStartGrabPixels = 8;

// The surface's exact values at a point (from the core, not from pixels).
struct HoverReadout {
  double x = 0, y = 0, f = 0, gradientNorm = 0;
  bool inPlan = false;  // under the cursor in a 2-D pane (else on the 3-D surface)
};

class PlanInteraction {
 public:
  // This frame's mouse over the scene (after ImGui::NewFrame). `sceneDragging`: a camera drag is under
  // way (its events stay the camera's). True when the 2-D view took this frame's mouse events: the
  // camera must not orbit, pan or zoom with them. Ctrl+click is left to the viewer (it places a start).
  bool handleMouse(const Layout& layout, const WindowMetrics& window, ViewerState& state, SceneView& view,
                   bool sceneDragging);

  // The 2-D view's data window for this frame's options and picks (none: the whole domain).
  const std::optional<core::Domain>& window() const { return window_; }
  void resetWindow() { window_.reset(); }

  const std::optional<HoverReadout>& hover() const { return hover_; }
  // State-line fields: "hover=x,y,f,|grad f| hover_view=2d|3d|none plan_window=xmin,xmax,ymin,ymax|none".
  std::string describe() const;

 private:
  enum class Gesture { moveStart, pan };
  struct Drag {
    Gesture gesture;
    int button = 0;
    std::size_t run = 0;
  };

  void updateHover(const ViewerState& state, SceneView& view, core::ViewMode mode, const render::Viewport& scene,
                   double px, double py, bool overScene);
  std::optional<std::size_t> startUnder(const ViewerState& state, SceneView& view, const render::Viewport& pane,
                                        double px, double py) const;
  void dragStart(ViewerState& state, SceneView& view, const render::Viewport& scene, double px, double py);
  void pan(const ViewerState& state, SceneView& view, const render::Viewport& scene, const render::Viewport& pane,
           double px, double py, double dx, double dy);
  void zoom(const core::Domain& domain, SceneView& view, const render::Viewport& pane, double notches,
            std::optional<std::array<double, 2>> about, double px, double py);
  // A window of the given sides with data point `at` under pane pixel (px, py), held inside the domain.
  void anchorWindow(const core::Domain& domain, SceneView& view, const render::Viewport& pane, std::array<double, 2> at,
                    double px, double py, double xSide, double ySide);
  void setWindow(const core::Domain& domain, core::Domain window);
  void drawTooltip() const;

  std::optional<core::Domain> window_;
  std::optional<core::Domain> windowDomain_;  // the domain window_ belongs to (another scene resets it)
  std::optional<HoverReadout> hover_;
  std::optional<Drag> drag_;
};

}  // namespace gradscape::app
