// The viewer's map job, its `set map.*` fields and its state-line fields (see map_view.hpp).
#include "viewer/map_view.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/hyperparameter_names.hpp"
#include "core/number_format.hpp"
#include "core/scene_values.hpp"
#include "render/map_image.hpp"
#include "render/map_overlay.hpp"
#include "viewer/scene_view.hpp"
#include "viewer/state_report.hpp"

namespace gradscape::app {
namespace {

std::string axisText(const core::PhaseAxis& axis) {
  return axis.name() + ":" + core::formatShortest(axis.from) + ":" + core::formatShortest(axis.to) +
         (axis.scale == core::AxisScale::log ? ":log" : ":linear");
}

}  // namespace

// What the map depends on: the settings, the surface and what of the mapped run a cell uses. A phase map's
// two axes set their hyperparameters in every cell, so the run's own values of them take no part: loading
// a cell into the run must not start the same map again.
std::optional<MapController::Inputs> MapController::inputsOf(const ViewerState& state) {
  const MapSettings& settings = state.map.settings;
  if (!settings.kind) return std::nullopt;
  const Session& session = state.session;
  Inputs inputs;
  inputs.settings = std::string(core::mapKindName(*settings.kind)) + " " + std::to_string(settings.run) + " " +
                    std::to_string(settings.grid);
  if (*settings.kind == core::MapKind::phase) inputs.settings += " " + axisText(settings.x) + " " + axisText(settings.y);
  inputs.surface = session.versions().surface;
  if (settings.run >= session.runCount()) return inputs;
  const core::RunSpec& run = session.run(settings.run);
  MappedRun& mapped = inputs.run.emplace(
      MappedRun{run.start, run.optimizer, run.iterations, run.tolerance, run.noise, run.schedule, run.points.get()});
  if (*settings.kind == core::MapKind::phase)
    for (const core::PhaseAxis* axis : {&settings.x, &settings.y}) {
      if (axis->noiseSigma) mapped.noise.sigma = 0;
      else if (core::optimizerHas(mapped.optimizer.kind, axis->which)) core::setHyperparameter(mapped.optimizer, axis->which, 0);
    }
  return inputs;
}

namespace {

core::MapSpec specOf(const MapSettings& settings, int grid) {
  core::MapSpec spec;
  spec.kind = *settings.kind;
  spec.grid = grid;
  spec.runIndex = settings.run;
  if (spec.kind == core::MapKind::phase) spec.xAxis = settings.x, spec.yAxis = settings.y;
  return spec;
}

// The levels of a coarse-to-fine job: 32, 64, ... below `grid`, then `grid`.
std::vector<int> levelsUpTo(int grid) {
  std::vector<int> levels;
  for (int g = kFirstMapLevel; g < grid; g *= 2) levels.push_back(g);
  levels.push_back(grid);
  return levels;
}

long long wholeNumber(std::string_view path, const std::string& text, long long low, long long high) {
  const std::optional<double> value = core::parseNumber(text);
  if (!value || *value != std::floor(*value) || *value < double(low) || *value > double(high))
    throw Error(std::string(path) + ": expected a whole number in [" + std::to_string(low) + ", " +
                std::to_string(high) + "], got '" + text + "'");
  return static_cast<long long>(*value);
}

void expectValues(std::string_view path, const std::vector<std::string>& values, std::size_t count) {
  if (values.size() != count)
    throw Error(std::string(path) + ": expected " + std::to_string(count) + " value(s), got " +
                std::to_string(values.size()));
}

}  // namespace

void MapController::start(const ViewerState& state) {
  auto levels = std::make_shared<Levels>();
  levels_ = levels;
  const MapSettings settings = state.map.settings;
  core::Scene scene = state.session.scene();
  job_.start(
      [levels, settings, scene = std::move(scene)](JobControl& control) -> std::string {
        core::BatchOptions options;
        options.interrupted = [&control] { return control.cancelled(); };
        try {
          for (int grid : levelsUpTo(settings.grid)) {
            auto map = std::make_shared<const core::DescentMap>(core::computeMap(scene, specOf(settings, grid), options));
            std::lock_guard lock(levels->mutex);
            levels->latest = std::move(map);
            levels->fresh = true;
          }
        } catch (const core::BatchInterrupted&) {
          return "cancelled";
        } catch (const Error& error) {
          std::lock_guard lock(levels->mutex);
          levels->error = error.what();
          levels->fresh = true;
        }
        return "done";
      },
      "map");
}

void MapController::update(ViewerState& state, SceneView& view) {
  MapState& map = state.map;
  JobStatus status;
  job_.poll(status);  // collects a finished thread
  if (levels_) {
    std::lock_guard lock(levels_->mutex);
    if (levels_->fresh) {
      levels_->fresh = false;
      map.error = levels_->error;
      if (!map.error.empty()) {
        map.shown.reset();
        view.showMap(nullptr);
      } else if (levels_->latest) {
        map.shown = levels_->latest;
        const core::MapKind kind = map.shown->spec.kind;
        if (kind == core::MapKind::phase) {
          view.showMap(nullptr);
        } else {
          render::MapOverlay overlay;
          overlay.grid = map.shown->spec.grid;
          overlay.colors = render::mapCellColors(*map.shown, render::coloringFor(kind, std::nullopt));
          view.showMap(&overlay);
        }
      }
    }
  }
  const std::optional<Inputs> wanted = inputsOf(state);
  if (wanted != key_) {
    if (job_.busy()) {  // the stale job stops at its next check; its levels are dropped
      job_.cancel();
      levels_.reset();
      map.computing = true;
      return;
    }
    key_ = wanted;
    map.error.clear();
    if (!wanted) {
      map.shown.reset();
      view.showMap(nullptr);
    } else {
      start(state);
    }
  }
  map.computing = job_.busy();
}

bool isMapFieldPath(std::string_view path) { return path.starts_with("map."); }

void setMapField(ViewerState& state, std::string_view path, const std::vector<std::string>& values) {
  MapSettings& settings = state.map.settings;
  if (path == "map.kind") {
    expectValues(path, values, 1);
    if (values[0] == "off") {
      settings.kind.reset();
      return;
    }
    const std::optional<core::MapKind> kind = core::parseMapKind(values[0]);
    if (!kind) throw Error(std::string(path) + ": expected off, basin, loss, steps or phase, got '" + values[0] + "'");
    settings.kind = kind;
  } else if (path == "map.grid") {
    expectValues(path, values, 1);
    settings.grid = int(wholeNumber(path, values[0], 2, core::kMaxMapGrid));
  } else if (path == "map.run") {
    expectValues(path, values, 1);
    const long long runs = static_cast<long long>(state.session.runCount());
    if (runs == 0) throw Error(std::string(path) + ": the scene has no runs");
    settings.run = std::size_t(wholeNumber(path, values[0], 0, runs - 1));
  } else if (path == "map.x" || path == "map.y") {
    expectValues(path, values, 1);
    try {
      (path == "map.x" ? settings.x : settings.y) = core::parsePhaseAxis(values[0]);
    } catch (const Error& error) {
      throw Error(std::string(path) + " " + values[0] + ": " + error.what());
    }
  } else if (path == "map.pick") {
    expectValues(path, values, 2);
    if (settings.kind != core::MapKind::phase) throw Error(std::string(path) + ": needs map.kind phase");
    const int i = int(wholeNumber(path, values[0], 0, settings.grid - 1));
    const int j = int(wholeNumber(path, values[1], 0, settings.grid - 1));
    try {
      loadPhaseCell(state, i, j, settings.grid);
    } catch (const Error& error) {
      throw Error(std::string(path) + ": " + error.what());
    }
  } else {
    throw Error(std::string(path) + ": unknown field (map.kind, map.grid, map.run, map.x, map.y, map.pick)");
  }
}

void loadPhaseCell(ViewerState& state, int i, int j, int grid) {
  const MapSettings& settings = state.map.settings;
  if (settings.run >= state.session.runCount())
    throw Error("no run " + std::to_string(settings.run) + " (the scene has " + std::to_string(state.session.runCount()) + ")");
  core::RunSpec run = state.session.run(settings.run);
  for (const auto& [axis, index] : {std::pair{&settings.x, i}, std::pair{&settings.y, j}}) {
    const double value = axis->value(index, grid);
    if (axis->noiseSigma) run.noise.sigma = value;
    else if (!core::optimizerHas(run.optimizer.kind, axis->which))
      throw Error(std::string(core::optimizerName(run.optimizer.kind)) + " has no hyperparameter '" + axis->name() + "'");
    else core::setHyperparameter(run.optimizer, axis->which, value);
  }
  state.session.setRun(settings.run, run);
  state.selectedRun = settings.run;
}

std::string describeMapState(const MapState& map) {
  const MapSettings& settings = map.settings;
  std::string text = " map=" + std::string(settings.kind ? core::mapKindName(*settings.kind) : "off");
  text += " map_grid=" + std::to_string(map.shown && settings.kind ? map.shown->spec.grid : 0);
  text += " map_target=" + std::to_string(settings.grid) + " map_run=" + std::to_string(settings.run);
  text += " map_busy=" + std::string(map.computing ? "1" : "0") + " map_error=" + quoted(map.error);
  if (map.phasePicture) {
    const auto [left, top, side] = *map.phasePicture;
    text += " map_picture=" + core::formatShortest(left) + "," + core::formatShortest(top) + "," + core::formatShortest(side);
  }
  return text;
}

}  // namespace gradscape::app
