// The scene's hover readout and the 2-D view's gestures (see plan_interaction.hpp).
#include "viewer/plan_interaction.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/number_format.hpp"

namespace gradscape::app {
namespace {

std::string fmt(double value) { return core::formatShortest(value); }

// `side` long, kept inside [low, high] (whole when it does not fit), moved as little as possible.
std::array<double, 2> fitInside(double first, double side, double low, double high) {
  side = std::min(side, high - low);
  first = std::clamp(first, low, high - side);
  return {first, first + side};
}

}  // namespace

bool PlanInteraction::handleMouse(const Layout& layout, const WindowMetrics& window, ViewerState& state, SceneView& view,
                                  bool sceneDragging) {
  const core::Domain domain = state.session.scene().surface.domain();
  if (windowDomain_ != domain) window_.reset(), windowDomain_ = domain;
  const ImGuiIO& io = ImGui::GetIO();
  const render::Viewport sceneViewport = app::sceneViewport(layout, window);
  const render::Viewport scene{0, 0, sceneViewport.width, sceneViewport.height};
  const double px = (io.MousePos.x - layout.scene.x0) * window.framebufferScale.x;
  const double py = (io.MousePos.y - layout.scene.y0) * window.framebufferScale.y;
  const double dx = io.MouseDelta.x * window.framebufferScale.x, dy = io.MouseDelta.y * window.framebufferScale.y;
  const core::ViewMode mode = state.session.scene().viewMode;
  const bool overScene = layout.scene.contains(io.MousePos) && !io.WantCaptureMouse;
  const std::optional<render::Viewport> pane = render::planPane(scene, mode);

  if (drag_) {
    if (!io.MouseDown[drag_->button]) {
      drag_.reset();  // released anywhere: the gesture ends
    } else if (dx != 0 || dy != 0) {
      if (drag_->gesture == Gesture::moveStart) dragStart(state, view, scene, px, py);
      else pan(state, view, scene, *pane, px, py, dx, dy);
    }
  }
  updateHover(state, view, mode, scene, px, py, overScene);
  if (drag_) return true;
  if (!pane || sceneDragging || !overScene || px < pane->x || px >= pane->x + pane->width) return false;

  bool took = false;
  if (io.MouseWheel != 0) {
    zoom(domain, view, *pane, io.MouseWheel, view.pick(state.camera, mode, scene.width, scene.height, px, py, window_), px, py);
    took = true;
  }
  for (int button = 0; button < 3; ++button) {
    if (!io.MouseClicked[button]) continue;
    if (button == 0 && io.KeyCtrl) return false;  // the viewer places the selected run's start
    took = true;
    if (button == 0 && io.MouseDoubleClicked[0]) {
      window_.reset();
      drag_.reset();
      continue;
    }
    const std::optional<std::size_t> run = button == 0 ? startUnder(state, view, *pane, px, py) : std::nullopt;
    if (!run) {
      drag_ = Drag{Gesture::pan, button, 0};
      continue;
    }
    state.selectedRun = *run;
    if (state.session.run(*run).points) {
      state.say("drag: run " + std::to_string(*run) + " carries its points (a recorded path): its start stays", true);
      continue;
    }
    drag_ = Drag{Gesture::moveStart, button, *run};
  }
  return took;
}

void PlanInteraction::updateHover(const ViewerState& state, SceneView& view, core::ViewMode mode,
                                  const render::Viewport& scene, double px, double py, bool overScene) {
  hover_.reset();
  if (!overScene && !drag_) {
    drawTooltip();
    return;
  }
  const std::optional<std::array<double, 2>> point = view.pick(state.camera, mode, scene.width, scene.height, px, py, window_);
  if (point) {
    const core::ValueAndGradient at = state.session.scene().surface.surface.valueAndGradient((*point)[0], (*point)[1]);
    const std::optional<render::Viewport> pane = render::planPane(scene, mode);
    hover_ = HoverReadout{(*point)[0], (*point)[1], at.value, std::hypot(at.dx, at.dy),
                          pane && px >= pane->x && px < pane->x + pane->width};
  }
  drawTooltip();
}

std::optional<std::size_t> PlanInteraction::startUnder(const ViewerState& state, SceneView& view,
                                                       const render::Viewport& pane, double px, double py) const {
  const render::ViewProjection projection = view.renderer().planViewProjection(pane, window_);
  const Session& session = state.session;
  std::optional<std::size_t> nearest;
  double nearestDistance = kStartGrabPixels;
  // The selected run first: where starts overlap, the one being edited is the one grabbed.
  std::vector<std::size_t> order{state.selectedRun};
  for (std::size_t i = 0; i < session.runCount(); ++i)
    if (i != state.selectedRun) order.push_back(i);
  for (const std::size_t i : order) {
    if (i >= session.runCount() || !session.visible(i) || session.trace(i).points().empty()) continue;
    const core::TracePoint start = session.trace(i).points().front();
    const std::optional<glm::dvec3> pixel = projection.dataToPixel({start.x, start.y, 0});
    if (!pixel) continue;
    const double distance = std::hypot(pixel->x + pane.x - px, pixel->y - py);
    if (distance <= nearestDistance) nearest = i, nearestDistance = distance - 1e-9;  // ties: the earlier
  }
  return nearest;
}

void PlanInteraction::dragStart(ViewerState& state, SceneView& view, const render::Viewport& scene, double px, double py) {
  // Outside the plot area the start waits at the last point inside it.
  const std::optional<std::array<double, 2>> point =
      view.pick(state.camera, state.session.scene().viewMode, scene.width, scene.height, px, py, window_);
  if (!point || drag_->run >= state.session.runCount()) return;
  core::RunSpec run = state.session.run(drag_->run);
  run.start = *point;
  try {
    state.session.setRun(drag_->run, run);  // traced again before this frame is drawn
  } catch (const Error& error) {
    state.say(error.what(), true);
    drag_.reset();
  }
}

void PlanInteraction::pan(const ViewerState& state, SceneView& view, const render::Viewport& scene,
                          const render::Viewport& pane, double px, double py, double dx, double dy) {
  // The picture follows the cursor: the data point under the previous cursor goes under this one.
  const core::Domain domain = state.session.scene().surface.domain();
  const std::optional<std::array<double, 2>> grabbed =
      view.pick(state.camera, state.session.scene().viewMode, scene.width, scene.height, px - dx, py - dy, window_);
  if (!grabbed) return;  // the previous cursor was off the plot area
  const core::Domain shown = window_.value_or(domain);
  anchorWindow(domain, view, pane, *grabbed, px, py, shown.xMax - shown.xMin, shown.yMax - shown.yMin);
}

void PlanInteraction::zoom(const core::Domain& domain, SceneView& view, const render::Viewport& pane, double notches,
                           std::optional<std::array<double, 2>> about, double px, double py) {
  const core::Domain shown = window_.value_or(domain);
  const double factor = std::pow(kPlanZoomPerNotch, notches);
  const double xSide = std::max((shown.xMax - shown.xMin) * factor, (domain.xMax - domain.xMin) * kPlanMinFraction);
  const double ySide = std::max((shown.yMax - shown.yMin) * factor, (domain.yMax - domain.yMin) * kPlanMinFraction);
  if (!about) {  // the cursor is off the plot area: about the window's centre
    const std::array<double, 2> centre{(shown.xMin + shown.xMax) / 2, (shown.yMin + shown.yMax) / 2};
    setWindow(domain, core::Domain{centre[0] - xSide / 2, centre[0] + xSide / 2, centre[1] - ySide / 2, centre[1] + ySide / 2});
    return;
  }
  // The data point under the cursor stays under it.
  anchorWindow(domain, view, pane, *about, px, py, xSide, ySide);
}

void PlanInteraction::anchorWindow(const core::Domain& domain, SceneView& view, const render::Viewport& pane,
                                   std::array<double, 2> at, double px, double py, double xSide, double ySide) {
  // The plot area's margins follow the tick labels of the window shown, so solve against the new
  // window's layout (twice: the second pass sees the labels of the first's window).
  std::optional<core::Domain> trial = window_;
  for (int pass = 0; pass < 2; ++pass) {
    const auto plot = view.renderer().planViewProjection(pane, trial).axesRect();
    const double u = (px - pane.x - plot[0]) / plot[2], v = (py - plot[1]) / plot[3];
    const double xFirst = at[0] - u * xSide, yFirst = at[1] - (1 - v) * ySide;
    setWindow(domain, core::Domain{xFirst, xFirst + xSide, yFirst, yFirst + ySide});
    trial = window_;
  }
}

void PlanInteraction::setWindow(const core::Domain& domain, core::Domain window) {
  const auto x = fitInside(window.xMin, window.xMax - window.xMin, domain.xMin, domain.xMax);
  const auto y = fitInside(window.yMin, window.yMax - window.yMin, domain.yMin, domain.yMax);
  const core::Domain fitted{x[0], x[1], y[0], y[1]};
  if (fitted == domain) window_.reset();
  else window_ = fitted;
  windowDomain_ = domain;
}

void PlanInteraction::drawTooltip() const {
  if (!hover_ || drag_) return;
  ImGui::BeginTooltip();
  ImGui::Text("x = %.6g   y = %.6g", hover_->x, hover_->y);
  ImGui::Text("f = %.6g", hover_->f);
  ImGui::Text("|grad f| = %.6g", hover_->gradientNorm);
  ImGui::EndTooltip();
}

std::string PlanInteraction::describe() const {
  std::string text = " hover=";
  text += hover_ ? fmt(hover_->x) + "," + fmt(hover_->y) + "," + fmt(hover_->f) + "," + fmt(hover_->gradientNorm) : "none";
  text += std::string(" hover_view=") + (!hover_ ? "none" : hover_->inPlan ? "2d" : "3d");
  text += " plan_window=";
  text += window_ ? fmt(window_->xMin) + "," + fmt(window_->xMax) + "," + fmt(window_->yMin) + "," + fmt(window_->yMax)
                  : "none";
  return text;
}

}  // namespace gradscape::app
