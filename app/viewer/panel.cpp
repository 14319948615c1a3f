// The ImGui side panel. Every edit goes through Session, which marks only the runs it affects.
#include "viewer/panel.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/number_format.hpp"
#include "viewer/camera_control.hpp"
#include "viewer/display_panel.hpp"
#include "viewer/internals_panel.hpp"
#include "core/run_summary.hpp"
#include "viewer/hyperparameter_fields.hpp"
#include "viewer/map_view.hpp"
#include "viewer/run_variation_editor.hpp"
#include "viewer/scene_fields.hpp"

namespace gradscape::app {
namespace {

constexpr core::OptimizerKind kOptimizerKinds[] = {
    core::OptimizerKind::sgd,     core::OptimizerKind::adam,     core::OptimizerKind::adamw,
    core::OptimizerKind::adagrad, core::OptimizerKind::rmsprop,  core::OptimizerKind::adadelta,
    core::OptimizerKind::adamax,  core::OptimizerKind::nadam,    core::OptimizerKind::radam,
};
constexpr core::Marker kMarkers[] = {core::Marker::circle, core::Marker::square, core::Marker::triangle,
                                     core::Marker::diamond, core::Marker::cross};

const ImVec4 kErrorColor(1.0f, 0.45f, 0.4f, 1.0f);

ImU32 toImColor(core::Rgb rgb) { return IM_COL32(rgb.r, rgb.g, rgb.b, 255); }

std::string formatNumber(double value) { return core::formatShortest(value); }

// The formula shown in the expression field for the current surface.
std::string formulaOf(const core::Surface& surface) {
  if (!surface.isCatalog()) return surface.text();
  for (const auto& entry : core::catalog())
    if (entry.id == surface.catalogId()) return std::string(entry.formula);
  return surface.text();
}

void errorText(const std::string& text) {
  if (text.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void helpMarker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace

std::string describeStop(const core::RunOutcome& outcome) {
  switch (outcome.reason) {
    case core::StopReason::iterations: return "iterations";
    case core::StopReason::tolerance: return "tolerance at " + std::to_string(outcome.lastIteration);
    case core::StopReason::diverged: return "diverged at " + std::to_string(outcome.lastIteration + 1);
  }
  return "";
}

std::string Panel::editExpression(ViewerState& state, const std::string& source) {
  expressionText_ = source;
  expressionFieldOwnsSurface_ = true;
  try {
    core::SurfaceSpec surface = state.session.scene().surface;
    const core::Domain domain = surface.domain();
    surface.surface = core::Surface::fromExpression(source);
    surface.domainOverride = domain;  // keep what is on screen
    state.session.setSurface(surface);
    shownSurfaceText_ = surface.surface.text();
    expressionError_.clear();
  } catch (const Error& error) {
    expressionError_ = error.what();
  }
  return expressionError_;
}

float Panel::draw(ViewerState& state, ViewerActions& actions, float height) {
  const float minWidth = 300.0f * ImGui::GetIO().FontGlobalScale * ImGui::GetFontSize() / 15.0f;
  ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(state.settings.panelWidth, height), ImGuiCond_Once);
  ImGui::SetNextWindowSizeConstraints(ImVec2(minWidth, height), ImVec2(std::max(minWidth, 900.0f), height));
  // No background: the window is cleared to this colour under it (see FrameCompositor::compose).
  ImGui::Begin("gradscape", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBackground);
  ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.5f);

  if (ImGui::CollapsingHeader("Surface", ImGuiTreeNodeFlags_DefaultOpen)) drawSurface(state);
  if (ImGui::CollapsingHeader("Runs", ImGuiTreeNodeFlags_DefaultOpen)) drawRuns(state);
  if (ImGui::CollapsingHeader("Playback", ImGuiTreeNodeFlags_DefaultOpen)) drawPlayback(state);
  if (ImGui::CollapsingHeader("Status", ImGuiTreeNodeFlags_DefaultOpen)) drawStatus(state);
  drawMapSection(state);
  if (ImGui::CollapsingHeader("Camera")) drawCamera(state, actions);
  if (ImGui::CollapsingHeader("Files")) drawFiles(state, actions);
  if (ImGui::CollapsingHeader("Export and record")) drawExport(state, actions);
  if (ImGui::CollapsingHeader("View")) drawView(state, actions);
  if (ImGui::CollapsingHeader("Internals")) drawInternalsSection(state);

  if (!state.message.empty()) {
    ImGui::Separator();
    if (state.messageIsError) errorText(state.message);
    else ImGui::TextWrapped("%s", state.message.c_str());
  }
  ImGui::PopItemWidth();
  const float width = ImGui::GetWindowWidth();
  ImGui::End();
  state.settings.panelWidth = width;
  return width;
}

void Panel::drawSurface(ViewerState& state) {
  const core::SurfaceSpec& spec = state.session.scene().surface;
  const core::Surface& surface = spec.surface;

  // Follow surface changes made elsewhere (combo, open, drop, scripts) unless the field is being edited.
  if (surface.text() != shownSurfaceText_ && !ImGui::IsAnyItemActive()) {
    expressionText_ = formulaOf(surface);
    expressionError_.clear();
    shownSurfaceText_ = surface.text();
    expressionFieldOwnsSurface_ = !surface.isCatalog();
  }

  const std::string current = surface.isCatalog() ? std::string(surface.text()) : "(expression)";
  if (ImGui::BeginCombo("surface", current.c_str())) {
    for (const auto& entry : core::catalog()) {
      const bool selected = surface.isCatalog() && surface.catalogId() == entry.id;
      if (ImGui::Selectable(std::string(entry.name).c_str(), selected)) {
        core::SurfaceSpec next;
        next.surface = core::Surface::fromCatalog(entry.name);
        state.session.setSurface(next);
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }

  // Parsed as you type: a valid expression replaces the surface at once; an invalid one leaves the last
  // valid surface on screen and shows the parser's error with its column.
  if (ImGui::InputText("f(x, y)", &expressionText_)) editExpression(state, expressionText_);
  helpMarker("Numbers, x, y, pi, e, + - * / ^, parentheses and sin cos tan asin acos atan sinh cosh tanh exp log "
             "sqrt abs min max pow atan2. The last valid surface stays on screen while the text does not parse.");
  errorText(expressionError_);

  core::Domain domain = spec.domain();
  double xRange[2] = {domain.xMin, domain.xMax};
  double yRange[2] = {domain.yMin, domain.yMax};
  bool domainEdited = ImGui::InputScalarN("x range", ImGuiDataType_Double, xRange, 2, nullptr, nullptr, "%.4g",
                                          ImGuiInputTextFlags_EnterReturnsTrue);
  domainEdited |= ImGui::InputScalarN("y range", ImGuiDataType_Double, yRange, 2, nullptr, nullptr, "%.4g",
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  if (domainEdited) {
    if (xRange[0] < xRange[1] && yRange[0] < yRange[1] && std::isfinite(xRange[0] + xRange[1] + yRange[0] + yRange[1])) {
      core::SurfaceSpec next = spec;
      next.domainOverride = core::Domain{xRange[0], xRange[1], yRange[0], yRange[1]};
      state.session.setSurface(next);
      domainError_.clear();
    } else {
      domainError_ = "domain: each range needs min < max";
    }
  }
  if (spec.domainOverride && ImGui::SmallButton("default domain")) {
    core::SurfaceSpec next = spec;
    next.domainOverride.reset();
    state.session.setSurface(next);
  }
  errorText(domainError_);

  core::RenderSpec render = state.session.scene().render;
  int grid = render.gridResolution;
  if (ImGui::SliderInt("grid", &grid, 2, 401, "%d", ImGuiSliderFlags_AlwaysClamp)) {
    render.gridResolution = grid;
    state.session.setRenderOptions(render);
  }
  int stride = render.edgeStride;
  if (ImGui::SliderInt("edge stride", &stride, 0, 16, "%d", ImGuiSliderFlags_AlwaysClamp)) {
    render.edgeStride = stride;
    state.session.setRenderOptions(render);
  }
}

void Panel::applyRun(ViewerState& state, std::size_t index, const core::RunSpec& edited) {
  try {
    state.session.setRun(index, edited);
    if (runErrorIndex_ == index) runError_.clear();
  } catch (const Error& error) {
    runError_ = std::string("run ") + std::to_string(index) + ": " + error.what();
    runErrorIndex_ = index;
  }
}

void Panel::drawRuns(ViewerState& state) {
  Session& session = state.session;
  if (ImGui::Button("Add")) {
    try {
      state.selectedRun = session.addRun(session.newRunTemplate());
    } catch (const Error& error) {
      runError_ = error.what();
    }
  }
  ImGui::SameLine();
  const bool haveRun = state.selectedRun < session.runCount();
  if (!haveRun) ImGui::BeginDisabled();
  if (ImGui::Button("Duplicate") && haveRun) {
    try {
      state.selectedRun = session.duplicateRun(state.selectedRun);
    } catch (const Error& error) {
      runError_ = error.what();
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Remove") && haveRun) {
    session.removeRun(state.selectedRun);
    if (state.selectedRun > 0 && state.selectedRun >= session.runCount()) --state.selectedRun;
    runError_.clear();
  }
  if (!haveRun) ImGui::EndDisabled();

  const float rowHeight = ImGui::GetFrameHeightWithSpacing();
  const float listHeight = rowHeight * static_cast<float>(std::clamp<std::size_t>(session.runCount(), 1, 6)) + 4;
  if (ImGui::BeginChild("run list", ImVec2(0, listHeight), true)) {
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(session.runCount()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const auto i = static_cast<std::size_t>(row);
        ImGui::PushID(row);
        bool visible = session.visible(i);
        if (ImGui::Checkbox("##visible", &visible)) session.setVisible(i, visible);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("show / hide");
        ImGui::SameLine();
        const render::RunStyle style = session.style(i);
        const ImVec2 corner = ImGui::GetCursorScreenPos();
        const float size = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(corner.x, corner.y + 3), ImVec2(corner.x + size, corner.y + 3 + size),
                                                  toImColor(style.color), 2.0f);
        ImGui::Dummy(ImVec2(size, size));
        ImGui::SameLine();
        const std::string text = std::to_string(i) + "  " + style.label + "  (" +
                                 std::string(core::optimizerName(session.run(i).optimizer.kind)) + ")";
        if (ImGui::Selectable(text.c_str(), state.selectedRun == i)) state.selectedRun = i;
        ImGui::PopID();
      }
    }
  }
  ImGui::EndChild();
  if (state.selectedRun < session.runCount()) drawRunEditor(state, state.selectedRun);
  errorText(runError_);
}

void Panel::drawRunEditor(ViewerState& state, std::size_t index) {
  Session& session = state.session;
  core::RunSpec run = session.run(index);
  const render::RunStyle style = session.style(index);
  ImGui::PushID("run editor");
  ImGui::Text("Run %zu", index);

  if (labelIndex_ != index || !ImGui::IsAnyItemActive()) {
    labelText_ = run.label ? *run.label : "";
    labelIndex_ = index;
  }
  if (ImGui::InputTextWithHint("label", style.label.c_str(), &labelText_)) {
    core::RunSpec edited = run;
    if (labelText_.empty()) edited.label.reset();
    else edited.label = labelText_;
    applyRun(state, index, edited);
  }

  const core::Domain domain = session.scene().surface.domain();
  const double dragSpeed = std::max(domain.xMax - domain.xMin, domain.yMax - domain.yMin) / 500.0;
  double start[2] = {run.start[0], run.start[1]};
  if (ImGui::DragScalarN("start", ImGuiDataType_Double, start, 2, static_cast<float>(dragSpeed), nullptr, nullptr, "%.4g")) {
    core::RunSpec edited = run;
    edited.start = {start[0], start[1]};
    applyRun(state, index, edited);
  }
  helpMarker("Ctrl+click on the surface puts the selected run's start there.");

  if (ImGui::BeginCombo("optimizer", std::string(core::optimizerName(run.optimizer.kind)).c_str())) {
    for (auto kind : kOptimizerKinds) {
      if (ImGui::Selectable(std::string(core::optimizerName(kind)).c_str(), kind == run.optimizer.kind) &&
          kind != run.optimizer.kind) {
        core::RunSpec edited = run;
        edited.optimizer = core::OptimizerConfig::defaultsFor(kind);  // torch's defaults for the new kind
        applyRun(state, index, edited);
      }
    }
    ImGui::EndCombo();
  }
  run = session.run(index);

  const core::OptimizerConfig defaults = core::OptimizerConfig::defaultsFor(run.optimizer.kind);
  for (const auto& info : core::hyperparameters(run.optimizer.kind)) {
    core::RunSpec edited = run;
    auto field = hyperparameterField(edited.optimizer, info.key);
    const auto defaultField = hyperparameterField(defaults, info.key);
    const std::string key(info.key);
    bool changed = false;
    if (key == "lr") {
      const double lo = 1e-6, hi = 10.0;
      changed = ImGui::SliderScalar("lr", ImGuiDataType_Double, field.number, &lo, &hi, "%.4g",
                                    ImGuiSliderFlags_Logarithmic);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("learning rate, log scale; Ctrl+click to type (torch default %s)",
                                                    formatNumber(*defaultField.number).c_str());
    } else if (field.number) {
      changed = ImGui::InputScalar(key.c_str(), ImGuiDataType_Double, field.number, nullptr, nullptr, "%.6g");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("torch default %s", formatNumber(*defaultField.number).c_str());
    } else if (field.boolean) {
      changed = ImGui::Checkbox(key.c_str(), field.boolean);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("torch default %s", *defaultField.boolean ? "true" : "false");
    } else if (field.pair) {
      changed = ImGui::InputScalarN(key.c_str(), ImGuiDataType_Double, field.pair->data(), 2, nullptr, nullptr, "%.6g");
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("torch default (%s, %s)", formatNumber((*defaultField.pair)[0]).c_str(),
                          formatNumber((*defaultField.pair)[1]).c_str());
    }
    if (changed) applyRun(state, index, edited);
  }
  // Always there (disabled at the defaults), so the rows below never jump while a value is dragged.
  const bool atDefaults = run.optimizer == defaults;
  if (atDefaults) ImGui::BeginDisabled();
  if (ImGui::SmallButton("torch defaults") && !atDefaults) {
    core::RunSpec edited = run;
    edited.optimizer = defaults;
    applyRun(state, index, edited);
  }
  if (atDefaults) ImGui::EndDisabled();

  std::int64_t iterations = run.iterations;
  const std::int64_t step = 10, stepFast = 100;
  if (ImGui::InputScalar("iterations", ImGuiDataType_S64, &iterations, &step, &stepFast)) {
    core::RunSpec edited = run;
    edited.iterations = std::clamp<std::int64_t>(iterations, 0, core::kMaxIterations);
    applyRun(state, index, edited);
  }
  double tolerance = run.tolerance;
  if (ImGui::InputScalar("tolerance", ImGuiDataType_Double, &tolerance, nullptr, nullptr, "%.3g")) {
    core::RunSpec edited = run;
    edited.tolerance = std::max(0.0, tolerance);
    applyRun(state, index, edited);
  }
  helpMarker("Stop when a step moves less than this; 0 = never.");
  if (!run.points) {
    std::string variationError;
    if (auto edited = drawNoiseEditor(run, variationError)) applyRun(state, index, *edited);
    if (auto edited = drawScheduleEditor(run, variationError)) applyRun(state, index, *edited);
    if (!variationError.empty()) {
      runError_ = std::string("run ") + std::to_string(index) + ": " + variationError;
      runErrorIndex_ = index;
    }
  }

  float color[3] = {style.color.r / 255.0f, style.color.g / 255.0f, style.color.b / 255.0f};
  if (ImGui::ColorEdit3("color", color, ImGuiColorEditFlags_NoInputs)) {
    core::RunSpec edited = run;
    const auto channel = [](float value) { return static_cast<std::uint8_t>(std::lround(std::clamp(value, 0.0f, 1.0f) * 255)); };
    edited.color = core::Rgb{channel(color[0]), channel(color[1]), channel(color[2])};
    applyRun(state, index, edited);
  }
  if (run.color) {
    ImGui::SameLine();
    if (ImGui::SmallButton("default colour")) {
      core::RunSpec edited = run;
      edited.color.reset();
      applyRun(state, index, edited);
    }
  }
  if (ImGui::BeginCombo("marker", std::string(core::markerName(style.marker)).c_str())) {
    for (auto marker : kMarkers) {
      if (ImGui::Selectable(std::string(core::markerName(marker)).c_str(), marker == style.marker)) {
        core::RunSpec edited = run;
        edited.marker = marker;
        applyRun(state, index, edited);
      }
    }
    ImGui::EndCombo();
  }
  ImGui::PopID();
}

void Panel::drawCamera(ViewerState& state, ViewerActions& actions) {
  render::Camera& camera = state.camera;
  bool changed = ImGui::DragScalar("azimuth", ImGuiDataType_Double, &camera.azimuth, 0.5f, nullptr, nullptr, "%.1f deg");
  const double elevationMin = -90, elevationMax = 90;
  changed |= ImGui::DragScalar("elevation", ImGuiDataType_Double, &camera.elevation, 0.5f, &elevationMin, &elevationMax,
                               "%.1f deg", ImGuiSliderFlags_AlwaysClamp);
  const double distanceMin = kMinDistance, distanceMax = kMaxDistance;
  changed |= ImGui::DragScalar("distance", ImGuiDataType_Double, &camera.distance, 0.05f, &distanceMin, &distanceMax,
                               "%.2f", ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
  int projection = camera.orthographic ? 1 : 0;
  changed |= ImGui::RadioButton("perspective", &projection, 0);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("orthographic", &projection, 1);
  camera.orthographic = projection == 1;
  double pan[2] = {camera.panX, camera.panY};
  if (ImGui::DragScalarN("pan", ImGuiDataType_Double, pan, 2, 0.002f, nullptr, nullptr, "%.3f")) {
    camera.panX = pan[0];
    camera.panY = pan[1];
  }
  if (changed) normalizeCamera(camera);
  if (ImGui::Button("Reset view")) actions.resetCamera();
  ImGui::SameLine();
  ImGui::TextDisabled("drag: orbit  wheel: zoom  right/middle: pan");
}

void Panel::drawPlayback(ViewerState& state) {
  Playback& playback = state.playback;
  const float button = ImGui::GetFrameHeight() * 1.6f;
  if (ImGui::Button("|<", ImVec2(button, 0))) playback.scrub(0), playback.pause();
  ImGui::SameLine();
  if (ImGui::Button("<", ImVec2(button, 0))) playback.step(-1);
  ImGui::SameLine();
  if (ImGui::Button(playback.playing() ? "Pause" : "Play", ImVec2(button * 2.2f, 0))) playback.togglePlaying();
  ImGui::SameLine();
  if (ImGui::Button(">", ImVec2(button, 0))) playback.step(1);
  ImGui::SameLine();
  if (ImGui::Button(">|", ImVec2(button, 0))) playback.scrub(playback.last()), playback.pause();
  ImGui::SameLine();
  ImGui::Checkbox("loop", &playback.loop);

  std::int64_t frame = playback.frame();
  const std::int64_t first = 0, last = playback.last();
  if (ImGui::SliderScalar("iteration", ImGuiDataType_S64, &frame, &first, &last, "%lld", ImGuiSliderFlags_AlwaysClamp))
    playback.scrub(frame);
  double speed = playback.speed;
  const double slowest = 1, fastest = 2000;
  if (ImGui::SliderScalar("speed", ImGuiDataType_Double, &speed, &slowest, &fastest, "%.0f it/s",
                          ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    playback.speed = speed;
}

// The runs side by side: what people compare optimizers by (the same numbers as `trace --summary`).
void Panel::drawStatus(ViewerState& state) {
  const Session& session = state.session;
  // Fixed column weights: widths that followed the text would re-lay out the whole table (and redraw it)
  // whenever a number changes length.
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchSame;
  const float rows = static_cast<float>(std::clamp<std::size_t>(session.runCount(), 1, 6) + 1);
  if (!ImGui::BeginTable("status", 6, flags, ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * rows + 6))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("run", ImGuiTableColumnFlags_WidthStretch, 0.35f);
  ImGui::TableSetupColumn("loss", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn("best", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn("steps", ImGuiTableColumnFlags_WidthStretch, 0.6f);
  ImGui::TableSetupColumn("stopped", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn("last lr", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(session.runCount()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const auto i = static_cast<std::size_t>(row);
      const RunTrace& trace = session.trace(i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(toImColor(session.style(i).color)), "%zu", i);
      if (trace.points().empty()) {
        for (int column = 0; column < 5; ++column) {
          ImGui::TableNextColumn();
          ImGui::TextUnformatted("-");
        }
        continue;
      }
      const core::TracePoint last = trace.points().back();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nends at (%.6g, %.6g)", session.style(i).label.c_str(), last.x, last.y);
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", last.z);
      ImGui::TableNextColumn();
      ImGui::Text("%.4g", trace.bestLoss);
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(last.iteration));
      ImGui::TableNextColumn();
      const std::string stopped(core::stopReasonName(trace.outcome.reason));
      if (trace.outcome.reason == core::StopReason::diverged) ImGui::TextColored(kErrorColor, "%s", stopped.c_str());
      else ImGui::TextUnformatted(stopped.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.3g", trace.outcome.lastLr);
    }
  }
  ImGui::EndTable();
}

void Panel::drawFiles(ViewerState& state, ViewerActions& actions) {
  if (!scenePathInitialised_) {
    scenePathText_ = state.scenePath ? *state.scenePath : "scene.json";
    scenePathInitialised_ = true;
  }
  ImGui::InputText("scene file", &scenePathText_);
  if (ImGui::Button("Open")) actions.openScene(scenePathText_);
  ImGui::SameLine();
  if (ImGui::Button("Save")) actions.saveScene(scenePathText_);
  ImGui::SameLine();
  ImGui::TextDisabled("or drop a .json on the window");
}

void Panel::drawExport(ViewerState& state, ViewerActions& actions) {
  ViewerSettings& settings = state.settings;
  ImGui::InputText("file", &settings.exportPath);
  helpMarker(".png: the current frame; .gif, .mp4, .webm: the whole animation from iteration 0.");
  int size[2] = {settings.exportWidth, settings.exportHeight};
  if (ImGui::InputInt2("size", size)) {
    settings.exportWidth = std::clamp(size[0], 16, 8192);
    settings.exportHeight = std::clamp(size[1], 16, 8192);
  }
  float fps = static_cast<float>(settings.exportFps);
  if (ImGui::SliderFloat("fps", &fps, 1, 60, "%.0f")) settings.exportFps = fps;
  const bool still = settings.exportPath.size() >= 4 && settings.exportPath.ends_with(".png");
  if (state.exportStatus.running) {
    ImGui::ProgressBar(std::max(0.0f, state.exportStatus.fraction), ImVec2(-ImGui::GetFontSize() * 5, 0),
                       state.exportStatus.label.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) actions.cancelExport();
  } else if (ImGui::Button(still ? "Export still" : "Export animation")) {
    if (still) actions.exportStill(settings.exportPath, settings.exportWidth, settings.exportHeight);
    else actions.exportAnimation(settings.exportPath, settings.exportWidth, settings.exportHeight, settings.exportFps);
  }
  if (!state.exportStatus.lastResult.empty()) {
    if (state.exportStatus.lastFailed) errorText(state.exportStatus.lastResult);
    else ImGui::TextWrapped("%s", state.exportStatus.lastResult.c_str());
  }

  ImGui::Separator();
  ImGui::InputText("recording", &settings.recordPath);
  helpMarker("Captures the scene as the viewport shows it (no UI), at this size, frame by frame while you play, "
             "scrub, orbit and edit. .gif, .mp4 or .webm.");
  ImGui::Checkbox("record at the scene's size", &settings.recordSceneSize);
  helpMarker("The size the scene has in the window: each recorded frame is the picture the window drew (cheap). "
             "Off: the size below, drawn again for the recording.");
  ImGui::BeginDisabled(settings.recordSceneSize);
  int recordSize[2] = {settings.recordWidth, settings.recordHeight};
  if (ImGui::InputInt2("record size", recordSize)) {
    settings.recordWidth = std::clamp(recordSize[0], 16, 4096);
    settings.recordHeight = std::clamp(recordSize[1], 16, 4096);
  }
  ImGui::EndDisabled();
  float recordFps = static_cast<float>(settings.recordFps);
  if (ImGui::SliderFloat("record fps", &recordFps, 5, 60, "%.0f")) settings.recordFps = recordFps;
  if (!state.recording) {
    if (ImGui::Button("Record")) {
      const auto [width, height] = settings.recordingSize();
      actions.startRecording(settings.recordPath, width, height, settings.recordFps);
    }
  } else {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.75f, 0.15f, 0.15f, 1.0f));
    if (ImGui::Button("Stop recording")) actions.stopRecording();
    ImGui::PopStyleColor();
  }
  if (!state.recordStatus.label.empty()) {
    ImGui::SameLine();
    ImGui::TextUnformatted(state.recordStatus.label.c_str());
  }
  if (!state.recordStatus.lastResult.empty()) {
    if (state.recordStatus.lastFailed) errorText(state.recordStatus.lastResult);
    else ImGui::TextWrapped("%s", state.recordStatus.lastResult.c_str());
  }
}

void Panel::drawView(ViewerState& state, ViewerActions& actions) {
  const core::ViewMode mode = state.session.scene().viewMode;
  for (const core::ViewMode choice : {core::ViewMode::threeD, core::ViewMode::twoD, core::ViewMode::split}) {
    if (ImGui::RadioButton(std::string(core::viewModeName(choice)).c_str(), mode == choice)) state.session.setViewMode(choice);
    ImGui::SameLine();
  }
  ImGui::TextDisabled("view (V)");
  drawDisplayControls(state);
  ImGui::Checkbox("axes", &state.showAxes);
  ImGui::SameLine();
  ImGui::Checkbox("legend", &state.showLegend);
  ImGui::SameLine();
  ImGui::Checkbox("plots", &state.settings.showPlots);
  ImGui::Checkbox("frame time", &state.settings.showFrameTime);
  ImGui::SameLine();
  ImGui::Checkbox("help (F1)", &state.showHelp);
  if (ImGui::Button("Screenshot (F12)")) actions.takeScreenshot();
}

}  // namespace gradscape::app
