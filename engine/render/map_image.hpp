// Pictures of maps (`gradscape map -o OUT.png`): the grid's cells coloured by attractor, loss, steps or
// status, y growing upwards as in the 2-D view, with an attractor legend or a colour bar. Pure CPU: no GL.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/color_scale.hpp"
#include "core/descent_map.hpp"
#include "core/scene.hpp"

namespace gradscape::render {

// What a cell's colour says: its attractor (categorical, diverged black), its final loss (log colour scale,
// symlog when a loss is negative), the steps it took, or its status (tolerance, iterations, diverged).
enum class MapColoring { attractor, loss, steps, status };

// A phase map's `--color` / `color=`: "loss", "steps" or "diverged" (cells by status); nothing for other text.
std::optional<MapColoring> parsePhaseColoring(std::string_view name);
// What a map of `kind` is coloured by: attractors, losses, steps, or for phase maps the chosen colouring (loss).
MapColoring coloringFor(core::MapKind kind, std::optional<MapColoring> phaseColoring);
// "basin map: adam, lr 0.01, 200 iterations on rosenbrock": the picture's title.
std::string mapTitle(const core::Scene& scene, const core::MapSpec& spec);

// The attractor palette (matplotlib's tab10, then tab20's lighter halves), cycled; diverged cells are black.
core::Rgb attractorColor(int attractor);
// viridis at t in [0, 1] (a polynomial fit of matplotlib's table, within 1/255 of it).
core::Rgb viridis(double t);

// The colour scale of a loss or steps map: log losses from the smallest positive one, zeros at the bottom
// (symlog when one is negative), steps linear from 0.
core::ColorScale mapColorScale(const core::DescentMap& map, MapColoring coloring);

// One colour per cell, row-major as the map's cells (j outer); also what a texture of the map would hold.
std::vector<core::Rgb> mapCellColors(const core::DescentMap& map, MapColoring coloring);

struct MapPicture {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // rows top-down
  // Where the map's cells are drawn (pixels, top-left origin): cell (i, j) fills column i * plotWidth / N
  // onwards and, y up, row plotTop + plotHeight - (j + 1) * plotHeight / N.
  int plotLeft = 0, plotTop = 0, plotWidth = 0, plotHeight = 0;
};

// The picture: `longerSide` pixels for the plot's longer side (the domain's aspect; square for phase maps),
// a title, the axes' end values, and the legend or colour bar on the right.
MapPicture drawMapPicture(const core::DescentMap& map, MapColoring coloring, int longerSide, const std::string& title);

}  // namespace gradscape::render
