// The viewer's internals overlay (see internals_view.hpp).
#include "viewer/internals_view.hpp"

#include <cstdio>
#include <sstream>

#include "core/error.hpp"
#include "core/number_format.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

namespace {

std::string pair(const std::array<double, 2>& v) { return core::formatShortest(v[0]) + "," + core::formatShortest(v[1]); }

std::string shortPair(const std::array<double, 2>& v) {
  char text[64];
  std::snprintf(text, sizeof text, "(%.4g, %.4g)", v[0], v[1]);
  return text;
}

std::string shortNumber(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

}  // namespace

void InternalsView::update(const ViewerState& state, SceneView& view) {
  const Session& session = state.session;
  const bool hasRun = state.selectedRun < session.runCount();
  const Key key{toggles, state.selectedRun, state.playback.frame(), hasRun ? session.traceVersion(state.selectedRun) : 0,
                session.versions().surface};
  if (key_ && *key_ == key) return;
  const bool wasShown = key_ && (key_->toggles.show || key_->toggles.quiver);
  key_ = key;
  current_.reset();
  if (toggles.show && hasRun)
    current_ = core::stepInternals(session.scene().surface.surface, session.run(state.selectedRun), state.playback.frame());
  if (!toggles.show && !toggles.quiver) {
    if (wasShown) view.setInternals(std::nullopt);
    return;
  }
  view.setInternals(render::InternalsOverlay{current_, toggles.show, toggles.show && toggles.hessian, toggles.quiver});
}

std::vector<std::string> internalsStatusLines(const core::StepInternals& at) {
  std::vector<std::string> lines;
  lines.push_back("k " + std::to_string(at.iteration) + "  x " + shortPair(at.point) + "  f " + shortNumber(at.value) +
                  "  lr " + shortNumber(at.lr));
  std::string gradient = "-grad f " + shortPair({-at.gradient[0], -at.gradient[1]});
  if (at.usedGradient != at.gradient) gradient += "  noisy grad " + shortPair(at.usedGradient);
  lines.push_back(gradient);
  lines.push_back(at.hasStep ? "step " + shortPair(at.step) : std::string("step: none (the run's last point)"));
  if (at.hasState) {
    std::string state = std::string(at.stateName) + " " + shortPair(at.stateStep);
    for (const core::StateValue& value : at.stateValues) state += "  " + std::string(value.name) + " " + shortPair(value.value);
    lines.push_back(state);
  }
  lines.push_back("Hessian eig " + shortNumber(at.eigen.values[0]) + ", " + shortNumber(at.eigen.values[1]) + "  cond " +
                  shortNumber(at.eigen.condition));
  return lines;
}

std::string internalsStateFields(const InternalsView& view) {
  std::ostringstream out;
  out << " internals=" << (view.toggles.show ? 1 : 0) << " hessian_cross=" << (view.toggles.hessian ? 1 : 0)
      << " quiver=" << (view.toggles.quiver ? 1 : 0);
  if (!view.current()) return out.str();
  const core::StepInternals& at = *view.current();
  out << " internals_iteration=" << at.iteration << " internals_point=" << pair(at.point)
      << " internals_grad=" << pair(at.gradient) << " internals_used_grad=" << pair(at.usedGradient)
      << " internals_has_step=" << (at.hasStep ? 1 : 0) << " internals_step=" << pair(at.step)
      << " internals_lr=" << core::formatShortest(at.lr) << " internals_state=\"" << (at.hasState ? at.stateName : "none")
      << "\" internals_state_step=" << pair(at.stateStep);
  for (const core::StateValue& value : at.stateValues) out << " internals_" << value.name << "=" << pair(value.value);
  out << " internals_hessian=" << core::formatShortest(at.hessian.dxx) << "," << core::formatShortest(at.hessian.dxy) << ","
      << core::formatShortest(at.hessian.dyy) << " internals_eigenvalues=" << pair(at.eigen.values)
      << " internals_condition=" << core::formatShortest(at.eigen.condition);
  return out.str();
}

void setInternalsField(InternalsToggles& toggles, std::string_view path, const std::vector<std::string>& values) {
  bool* field = path == "internals" ? &toggles.show
                : path == "internals.hessian" ? &toggles.hessian
                : path == "internals.quiver" ? &toggles.quiver
                                             : nullptr;
  if (!field) throw Error(std::string(path) + ": unknown field");
  const std::string value = values.size() == 1 ? values[0] : std::string();
  if (value == "true" || value == "1" || value == "on") *field = true;
  else if (value == "false" || value == "0" || value == "off") *field = false;
  else throw Error(std::string(path) + ": expected true or false");
}

}  // namespace gradscape::app
