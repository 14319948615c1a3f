// Maps in the viewer: computed in the background coarse-to-fine by the same core as `gradscape map`,
// draped over the surface (basin, loss, steps) or shown as their own picture (phase); `set map.*` fields.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "viewer/background_job.hpp"
#include "viewer/map_state.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

class SceneView;

// Runs one map job at a time: 32², 64², ... up to the requested grid, each level shown when ready. An edit
// of the map's run (hyperparameters, start), the surface or the map settings cancels the stale job and
// starts again.
class MapController {
 public:
  // Once a frame, after the session recomputed its traces: collects finished levels (handing the draped
  // ones to `view`), and restarts the job when what the map depends on changed.
  void update(ViewerState& state, SceneView& view);
  // A job is running, or finished and not yet collected by update(), which shows its last level (the
  // viewer keeps drawing frames until then).
  bool busy() const { return job_.busy(); }

 private:
  struct MappedRun {  // what of the mapped run a map's cells use
    std::array<double, 2> start;
    core::OptimizerConfig optimizer;
    std::int64_t iterations;
    double tolerance;
    core::NoiseSpec noise;
    std::optional<core::ScheduleSpec> schedule;
    const void* points;
    friend bool operator==(const MappedRun&, const MappedRun&) = default;
  };
  struct Inputs {
    std::string settings;  // kind, run, grid and phase axes
    std::uint64_t surface = 0;
    std::optional<MappedRun> run;  // nothing: no such run (the job reports it)
    friend bool operator==(const Inputs&, const Inputs&) = default;
  };
  static std::optional<Inputs> inputsOf(const ViewerState& state);
  struct Levels {  // what the job hands over; a cancelled job's slot is dropped unread
    std::mutex mutex;
    std::shared_ptr<const core::DescentMap> latest;
    std::string error;
    bool fresh = false;
  };
  void start(const ViewerState& state);

  BackgroundJob job_;
  std::shared_ptr<Levels> levels_;
  std::optional<Inputs> key_;  // what the current (or last) job computes; nothing: map off
};

// `set map.kind|map.grid|map.run|map.x|map.y|map.pick`: throws gradscape::Error naming the field.
bool isMapFieldPath(std::string_view path);
void setMapField(ViewerState& state, std::string_view path, const std::vector<std::string>& values);

// Loads phase cell (i, j) of a grid × grid phase map: run `settings.run`'s two hyperparameters become the
// cell's values exactly (PhaseAxis::value), and that run is selected. Throws gradscape::Error when torch
// would reject the values.
void loadPhaseCell(ViewerState& state, int i, int j, int grid);

// The panel section ("Maps") and, for phase maps, the picture window whose cells load their run on click.
void drawMapSection(ViewerState& state);

// " map=basin map_grid=64 map_target=64 map_busy=0 map_error=\"\"": the state line's map fields.
std::string describeMapState(const MapState& map);

}  // namespace gradscape::app
