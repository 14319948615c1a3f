// The viewer's map (issue 16, "Maps"): what the user asked for (kind, run, grid, phase axes) and the
// finest level computed so far. Plain data: MapController (map_view.hpp) computes, the panel edits.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "core/descent_map.hpp"

namespace gradscape::app {

// The viewer's grid by default: 128² cells take a few tens of ms on this machine's two cores.
inline constexpr int kDefaultViewerMapGrid = 128;
// Coarse-to-fine: the first level, doubled until the requested grid.
inline constexpr int kFirstMapLevel = 32;

struct MapSettings {
  std::optional<core::MapKind> kind;  // nothing: off
  std::size_t run = 0;
  int grid = kDefaultViewerMapGrid;
  core::PhaseAxis x = core::parsePhaseAxis("lr:1e-4:1:log");
  core::PhaseAxis y = core::parsePhaseAxis("momentum:0:0.99:linear");
};

struct MapState {
  MapSettings settings;
  std::shared_ptr<const core::DescentMap> shown;  // the finest level ready (possibly of the previous edit)
  bool computing = false;                         // a level of the current settings is still to come
  std::string error;                              // why the scene cannot make this map ("" when it can)
  std::string xText = "lr:1e-4:1:log", yText = "momentum:0:0.99:linear", axisError;  // the panel's axis fields
  // The phase window's picture as last drawn: left, top, side (window pixels); nothing when not shown.
  std::optional<std::array<float, 3>> phasePicture;
};

}  // namespace gradscape::app
