// The panel's "Maps" section: kind, run, grid and phase axes as `gradscape map` takes them, the map's
// progress, its attractor legend or colour bar, and the phase map's own window (a click loads the cell).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/hyperparameter_names.hpp"
#include "core/number_format.hpp"
#include "render/map_image.hpp"
#include "viewer/map_view.hpp"

namespace gradscape::app {
namespace {

constexpr int kMaxDrawnCells = 160;  // per side in the phase window: finer grids are sampled
constexpr int kLegendAttractors = 12;

ImU32 imColor(core::Rgb c) { return IM_COL32(c.r, c.g, c.b, 255); }

std::string label(double v) { return core::formatSignificant(v, 3); }

// An axis field in the command line's spelling (lr:1e-4:1:log); applied on Enter, its error shown below.
void axisField(ViewerState& state, const char* name, std::string& text, std::string& error) {
  if (ImGui::InputText(name, &text, ImGuiInputTextFlags_EnterReturnsTrue)) {
    try {
      setMapField(state, std::string("map.") + name, {text});
      error.clear();
    } catch (const Error& failure) {
      error = failure.what();
    }
  }
}

void colorBar(const core::DescentMap& map, render::MapColoring coloring) {
  const core::ColorScale scale = render::mapColorScale(map, coloring);
  ImGui::TextUnformatted(coloring == render::MapColoring::steps ? "steps" : "final loss");
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x * 0.8f, height = ImGui::GetFontSize();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  constexpr int kSlices = 64;
  for (int k = 0; k < kSlices; ++k)
    draw->AddRectFilled(ImVec2(corner.x + width * k / kSlices, corner.y),
                        ImVec2(corner.x + width * (k + 1) / kSlices + 1, corner.y + height),
                        imColor(render::viridis(double(k) / (kSlices - 1))));
  ImGui::Dummy(ImVec2(width, height));
  ImGui::Text("%s", label(scale.valueAt(0)).c_str());
  ImGui::SameLine(width * 0.45f);
  ImGui::Text("%s", label(scale.valueAt(0.5)).c_str());
  ImGui::SameLine(std::max(width - 40.0f, width * 0.7f));
  ImGui::Text("%s", label(scale.valueAt(1)).c_str());
}

void swatch(core::Rgb color, const std::string& text) {
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  const float size = ImGui::GetFontSize() * 0.8f;
  ImGui::GetWindowDrawList()->AddRectFilled(corner, ImVec2(corner.x + size, corner.y + size), imColor(color));
  ImGui::Dummy(ImVec2(size, size));
  ImGui::SameLine();
  ImGui::TextUnformatted(text.c_str());
}

void legend(const core::DescentMap& map) {
  const render::MapColoring coloring = render::coloringFor(map.spec.kind, std::nullopt);
  std::size_t diverged = 0;
  for (const core::MapCell& cell : map.cells) diverged += cell.end.status == core::StopReason::diverged;
  if (coloring == render::MapColoring::attractor) {
    ImGui::Text("%zu attractor%s", map.attractors.size(), map.attractors.size() == 1 ? "" : "s");
    for (std::size_t a = 0; a < map.attractors.size() && a < std::size_t(kLegendAttractors); ++a)
      swatch(render::attractorColor(int(a)), label(map.attractors[a][0]) + ", " + label(map.attractors[a][1]));
    if (map.attractors.size() > std::size_t(kLegendAttractors))
      ImGui::Text("+ %zu more", map.attractors.size() - kLegendAttractors);
  } else {
    colorBar(map, coloring);
  }
  if (diverged) swatch(render::attractorColor(-1), "diverged (" + std::to_string(diverged) + " cells)");
}

// Where `value` lies along a phase axis of n cells, as a fraction of the picture's side (cell i spans
// [i, i + 1] / n and holds the value of vertex i); nothing outside the axis.
std::optional<float> axisFraction(const core::PhaseAxis& axis, double value, int n) {
  const bool log = axis.scale == core::AxisScale::log;
  if (log && !(value > 0)) return std::nullopt;
  const double t = log ? (std::log(value) - std::log(axis.from)) / (std::log(axis.to) - std::log(axis.from))
                       : (value - axis.from) / (axis.to - axis.from);
  if (!(t >= 0 && t <= 1)) return std::nullopt;
  return float((t * (n - 1) + 0.5) / n);
}

// The map's run's own values of the two axes: a ring on the picture (where a click put them).
void markRun(const ViewerState& state, const core::DescentMap& map, ImVec2 corner, float side) {
  if (map.spec.runIndex >= state.session.runCount()) return;
  const core::RunSpec& run = state.session.run(map.spec.runIndex);
  const auto valueOf = [&](const core::PhaseAxis& axis) -> std::optional<double> {
    if (axis.noiseSigma) return run.noise.sigma;
    if (!core::optimizerHas(run.optimizer.kind, axis.which)) return std::nullopt;
    return core::hyperparameterValue(run.optimizer, axis.which);
  };
  const std::optional<double> x = valueOf(*map.spec.xAxis), y = valueOf(*map.spec.yAxis);
  if (!x || !y) return;
  const std::optional<float> u = axisFraction(*map.spec.xAxis, *x, map.spec.grid);
  const std::optional<float> v = axisFraction(*map.spec.yAxis, *y, map.spec.grid);
  if (!u || !v) return;
  const ImVec2 at(corner.x + *u * side, corner.y + (1 - *v) * side);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddCircle(at, 6, IM_COL32(0, 0, 0, 255), 0, 3);
  draw->AddCircle(at, 6, IM_COL32(255, 255, 255, 255), 0, 1.5f);
}

// The phase map's picture, y up; a click loads the cell under the cursor into the map's run. It opens at
// the right of the window, over the scene rather than the panel it is set from.
void phaseWindow(ViewerState& state, const core::DescentMap& map) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(std::max(0.0f, display.x - 380), 30), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(360, 480), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Phase map")) {
    state.map.phasePicture.reset();
    ImGui::End();
    return;
  }
  const int n = map.spec.grid;
  ImGui::Text("x: %s%s, y: %s%s", map.spec.xAxis->name().c_str(),
              map.spec.xAxis->scale == core::AxisScale::log ? " (log)" : "", map.spec.yAxis->name().c_str(),
              map.spec.yAxis->scale == core::AxisScale::log ? " (log)" : "");
  const ImVec2 room = ImGui::GetContentRegionAvail();
  // Room under the picture for the ranges line and the colour bar with its labels.
  const float side = std::max(32.0f, std::min(room.x, room.y - ImGui::GetFrameHeightWithSpacing() * 5));
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  state.map.phasePicture = {corner.x, corner.y, side};
  const std::vector<core::Rgb> colors = render::mapCellColors(map, render::coloringFor(core::MapKind::phase, std::nullopt));
  const int drawn = std::min(n, kMaxDrawnCells);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int dj = 0; dj < drawn; ++dj)
    for (int di = 0; di < drawn; ++di) {
      const int i = di * n / drawn, j = dj * n / drawn;
      const float x0 = corner.x + side * di / drawn, x1 = corner.x + side * (di + 1) / drawn;
      const float y1 = corner.y + side * (drawn - dj) / drawn, y0 = corner.y + side * (drawn - dj - 1) / drawn;
      draw->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), imColor(colors[std::size_t(j) * n + i]));
    }
  markRun(state, map, corner, side);
  ImGui::InvisibleButton("phase cells", ImVec2(side, side));
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const int i = std::clamp(int((mouse.x - corner.x) / side * n), 0, n - 1);
  const int j = std::clamp(int((corner.y + side - mouse.y) / side * n), 0, n - 1);
  if (ImGui::IsItemHovered()) {
    const core::MapCell& cell = map.at(i, j);
    ImGui::SetTooltip("%s = %s\n%s = %s\nfinal loss %s", map.spec.xAxis->name().c_str(), label(cell.x).c_str(),
                      map.spec.yAxis->name().c_str(), label(cell.y).c_str(), label(cell.end.loss).c_str());
  }
  if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
    try {
      loadPhaseCell(state, i, j, n);
      state.say("loaded phase cell " + std::to_string(i) + ", " + std::to_string(j) + " into run " +
                    std::to_string(state.map.settings.run),
                false);
    } catch (const Error& error) {
      state.say(std::string("phase cell: ") + error.what(), true);
    }
  }
  ImGui::Text("%s .. %s  by  %s .. %s", label(map.cells.front().x).c_str(), label(map.cells.back().x).c_str(),
              label(map.cells.front().y).c_str(), label(map.cells.back().y).c_str());
  legend(map);
  ImGui::End();
}

}  // namespace

void drawMapSection(ViewerState& state) {
  MapState& map = state.map;
  MapSettings& settings = map.settings;
  if (ImGui::CollapsingHeader("Maps")) {
    static const char* const kinds[] = {"off", "basin", "loss", "steps", "phase"};
    int kind = settings.kind ? int(*settings.kind) + 1 : 0;
    if (ImGui::Combo("map", &kind, kinds, int(std::size(kinds)))) setMapField(state, "map.kind", {kinds[kind]});
    int run = int(settings.run), grid = settings.grid;
    if (ImGui::InputInt("map run", &run) && run >= 0 && std::size_t(run) < state.session.runCount())
      settings.run = std::size_t(run);
    if (ImGui::InputInt("map grid", &grid, 32, 128, ImGuiInputTextFlags_EnterReturnsTrue))
      settings.grid = std::clamp(grid, 2, core::kMaxMapGrid);
    if (settings.kind == core::MapKind::phase) {
      axisField(state, "x", map.xText, map.axisError);
      axisField(state, "y", map.yText, map.axisError);
      if (!map.axisError.empty()) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", map.axisError.c_str());
    }
    if (!map.error.empty()) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", map.error.c_str());
    if (settings.kind && map.shown) {
      ImGui::Text("%d x %d cells%s", map.shown->spec.grid, map.shown->spec.grid, map.computing ? ", refining..." : "");
      if (map.shown->spec.kind != core::MapKind::phase) legend(*map.shown);
    } else if (settings.kind && map.computing) {
      ImGui::TextUnformatted("computing...");
    }
  }
  if (settings.kind == core::MapKind::phase && map.shown && map.shown->spec.kind == core::MapKind::phase)
    phaseWindow(state, *map.shown);
  else
    map.phasePicture.reset();
}

}  // namespace gradscape::app
