// The panel's display controls: every change goes through Session::setRenderOptions like a `set render.*`
// script line, so the scene saved afterwards carries it.
#include "viewer/display_panel.hpp"

#include <cmath>
#include <string>

#include <imgui.h>

#include "viewer/viewer_state.hpp"

namespace gradscape::app {

void drawDisplayControls(ViewerState& state) {
  Session& session = state.session;
  core::RenderSpec render = session.scene().render;
  core::DisplayRenderSpec& display = render.display;
  bool changed = false;

  for (const core::ColorScaleKind kind : {core::ColorScaleKind::linear, core::ColorScaleKind::log, core::ColorScaleKind::symlog}) {
    if (ImGui::RadioButton(std::string(core::colorScaleName(kind)).c_str(), display.colorScale == kind)) {
      changed |= display.colorScale != kind;
      display.colorScale = kind;
    }
    ImGui::SameLine();
  }
  ImGui::TextDisabled("colour scale");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("log of a surface whose minimum is not positive is shifted: log10(f - vmin + 1e-5 (vmax - vmin));\n"
                      "the colour bar shows the real values");
  if (display.colorScale == core::ColorScaleKind::symlog) {
    // Zero stands for "the default from the data range" (the scene key left out).
    double threshold = display.symlogThreshold.value_or(0.0);
    if (ImGui::InputDouble("symlog threshold", &threshold, 0, 0, "%.4g", ImGuiInputTextFlags_EnterReturnsTrue) &&
        std::isfinite(threshold) && threshold >= 0) {
      display.symlogThreshold = threshold > 0 ? std::optional<double>(threshold) : std::nullopt;
      changed = true;
    }
  }

  const core::ViewMode mode = session.scene().viewMode;
  bool colorbar = display.colorbarIn(mode == core::ViewMode::split ? core::ViewMode::threeD : mode);
  if (ImGui::Checkbox("colour bar", &colorbar)) {
    display.colorbar = colorbar;
    changed = true;
  }
  if (display.colorbar) {
    ImGui::SameLine();
    if (ImGui::SmallButton("auto##colorbar")) {
      display.colorbar.reset();  // shown in 2-D, not in 3-D
      changed = true;
    }
  }
  ImGui::SameLine();
  bool faint = display.hiddenPaths == core::HiddenPaths::faint;
  if (ImGui::Checkbox("hidden paths faintly", &faint)) {
    display.hiddenPaths = faint ? core::HiddenPaths::faint : core::HiddenPaths::hide;
    changed = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("what the surface hides of paths and markers, drawn faintly on top (3-D)");
  if (changed) session.setRenderOptions(render);
}

}  // namespace gradscape::app
