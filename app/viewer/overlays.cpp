// The frame-time overlay and the help window.
#include "viewer/overlays.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <utility>
#include <vector>

namespace gradscape::app {
namespace {

void drawFrameTime(const Layout& layout, const FrameStats& frameStats, SceneFrameCounts counts) {
  ImGui::SetNextWindowPos(ImVec2(layout.scene.x0 + layout.scene.width() - 10, layout.scene.y0 + 10), ImGuiCond_Always,
                          ImVec2(1, 0));
  ImGui::SetNextWindowBgAlpha(0.85f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
  if (ImGui::Begin("frame time", nullptr, flags)) {
    const double mean = frameStats.mean();
    ImGui::Text("frame %.2f ms (%.0f fps)", mean, mean > 0 ? 1000.0 / mean : 0.0);
    ImGui::Text("p95 %.2f ms over %zu frames", frameStats.quantile(0.95), frameStats.count());
    ImGui::Text("scene %dx%d: %lld moving frames (no MSAA), %lld at rest (4x MSAA)",
                static_cast<int>(layout.scene.width()), static_cast<int>(layout.scene.height()),
                static_cast<long long>(counts.fast), static_cast<long long>(counts.antialiased));
    std::vector<float> history(frameStats.samples().begin(), frameStats.samples().end());
    if (!history.empty())
      ImGui::PlotLines("##history", history.data(), static_cast<int>(history.size()), 0, nullptr, 0.0f, 20.0f,
                       ImVec2(220, 40));
  }
  ImGui::End();
}

void drawHelp(const Layout& layout, ViewerState& state) {
  ImGui::SetNextWindowPos(layout.scene.centre(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.9f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove;
  if (ImGui::Begin("Help (F1)", &state.showHelp, flags)) {
    static const std::pair<const char*, const char*> rows[] = {
        {"left drag", "orbit (azimuth, elevation)"},
        {"wheel", "zoom"},
        {"right / middle drag", "pan"},
        {"double-click", "reset the view"},
        {"Ctrl + click", "put the selected run's start on the surface there"},
        {"Space", "play / pause"},
        {"Left / Right", "one iteration back / forward"},
        {"Home / End", "first / last iteration"},
        {"R", "reset the camera and the 2-D zoom"},
        {"V", "3-D, 2-D contours, or both side by side"},
        {"2-D: drag a start", "move that run's start (runs recomputed live)"},
        {"2-D: drag / wheel", "pan / zoom about the cursor (double-click: whole domain)"},
        {"hover", "x, y, f and |grad f| under the cursor"},
        {"F12", "screenshot of the window (PNG in the current directory)"},
        {"F1", "this help"},
        {"drop a .json", "open that scene"},
        {"click a plot", "scrub to that iteration"},
    };
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_SizingFixedFit)) {
      for (const auto& [key, action] : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.4f, 1.0f), "%s", key);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(action);
      }
      ImGui::EndTable();
    }
    ImGui::TextDisabled("Every edit in the panel recomputes its run at once.");
  }
  ImGui::End();
}

}  // namespace

void drawOverlays(const Layout& layout, ViewerState& state, const FrameStats& frameStats, SceneFrameCounts counts) {
  if (state.settings.showFrameTime) drawFrameTime(layout, frameStats, counts);
  if (state.showHelp) drawHelp(layout, state);
}

RestoreChoice drawRestoreOffer(const std::filesystem::path& file) {
  ImGui::OpenPopup("Restore unsaved session?");
  if (!ImGui::BeginPopupModal("Restore unsaved session?", nullptr, ImGuiWindowFlags_AlwaysAutoResize))
    return RestoreChoice::undecided;
  ImGui::TextUnformatted("A viewer that ended without closing left unsaved edits:");
  ImGui::TextUnformatted(file.string().c_str());
  RestoreChoice choice = RestoreChoice::undecided;
  // Enter and Escape answer too: the question blocks everything else, so the keys cannot mean anything else.
  if (ImGui::Button("Restore (Enter)") || ImGui::IsKeyPressed(GLFW_KEY_ENTER, false)) choice = RestoreChoice::restore;
  ImGui::SameLine();
  if (ImGui::Button("Discard (Esc)") || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) choice = RestoreChoice::discard;
  if (choice != RestoreChoice::undecided) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return choice;
}

}  // namespace gradscape::app
