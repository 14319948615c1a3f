// The panel's "Internals" section: the overlay's checkboxes and the status line of the selected run's
// internals at the current frame (colours as drawn: internals_layer.hpp).
#include "viewer/internals_panel.hpp"

#include <imgui.h>

#include "viewer/viewer_state.hpp"

namespace gradscape::app {

void drawInternalsSection(ViewerState& state) {
  InternalsToggles& toggles = state.internals.toggles;
  ImGui::Checkbox("why the step goes there", &toggles.show);
  ImGui::SameLine();
  ImGui::Checkbox("Hessian cross", &toggles.hessian);
  ImGui::SameLine();
  ImGui::Checkbox("quiver (2-D)", &toggles.quiver);
  ImGui::TextDisabled("-grad f black, step green, state orange; Hessian: purple > 0, dashed magenta < 0");
  ImGui::TextDisabled("arrows: -grad f 1/4 of the box; step and state share a scale (longer = 1/4)");
  if (const auto& at = state.internals.current())
    for (const std::string& line : internalsStatusLines(*at)) ImGui::TextUnformatted(line.c_str());
}

}  // namespace gradscape::app
