// gradscape.map: `gradscape map`'s maps as numpy arrays named as its CSV's columns, and its picture.
#include <pybind11/numpy.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "core/descent_map.hpp"
#include "core/run_summary.hpp"
#include "render/map_image.hpp"

namespace gradscape::python {
namespace {

// How often the map's calling thread looks for Ctrl+C: rarely enough to cost nothing measurable.
constexpr auto kSignalInterval = std::chrono::milliseconds(50);

// The CLI's flags are Python's keywords here: "run 3: the scene has 1 run (0)".
const core::MapArgumentNames kPythonNames{"run", "x", "y"};

template <class T, class Field>
py::array_t<T> column(const core::DescentMap& map, Field field) {
  const py::ssize_t n = map.spec.grid;
  py::array_t<T> out({n, n});
  T* data = out.mutable_data();
  for (std::size_t c = 0; c < map.cells.size(); ++c) data[c] = field(map.cells[c], c);
  return out;
}

core::PhaseAxis axisFrom(const std::string& argument, const std::string& text) {
  try {
    return core::parsePhaseAxis(text);
  } catch (const Error& error) {
    throw Error("map: " + argument + "='" + text + "': " + error.what());
  }
}

core::DescentMap computeReleasingTheGil(const core::Scene& scene, const core::MapSpec& spec, unsigned threads) {
  SignalCheck signals;
  bool interrupted = false;
  core::DescentMap map;
  {
    py::gil_scoped_release release;
    auto last = std::chrono::steady_clock::now();
    core::BatchOptions options;
    options.threads = threads;
    options.interrupted = [&] {
      const auto now = std::chrono::steady_clock::now();
      if (now - last < kSignalInterval) return false;
      last = now;
      return signals.interrupted();
    };
    try {
      map = core::computeMap(scene, spec, options, kPythonNames);
    } catch (const core::BatchInterrupted&) {
      interrupted = true;
    } catch (const Error& error) {
      throw Error(std::string("map: ") + error.what());
    }
  }
  if (interrupted) throw py::error_already_set();
  return map;
}

}  // namespace

void registerMap(py::module_& module) {
  // The limits the Python side checks its arguments against (the CLI's own).
  module.attr("MAX_MAP_GRID") = core::kMaxMapGrid;
  module.attr("MAX_RUNS") = core::kMaxRuns;
  module.def(
      "map",
      [](const SceneHandle& handle, const std::string& kind, int grid, std::size_t run, std::optional<std::string> x,
         std::optional<std::string> y, std::optional<std::string> color, int size, unsigned threads, bool picture) {
        core::MapSpec spec;
        const auto parsedKind = core::parseMapKind(kind);
        if (!parsedKind) throw Error("map: kind='" + kind + "': expected basin, loss, steps or phase");
        spec.kind = *parsedKind;
        spec.grid = grid;
        spec.runIndex = run;
        const bool phase = spec.kind == core::MapKind::phase;
        if (phase && (!x || !y)) throw Error("map: kind='phase' needs x and y, like x='lr:1e-4:1:log', y='momentum:0:0.99:linear'");
        if (!phase && (x || y)) throw Error("map: x and y apply to kind='phase' only");
        if (!phase && color) throw Error("map: color applies to kind='phase' only");
        if (x) spec.xAxis = axisFrom("x", *x);
        if (y) spec.yAxis = axisFrom("y", *y);
        if (phase && spec.xAxis->name() == spec.yAxis->name()) throw Error("map: x and y both set " + spec.xAxis->name());
        std::optional<render::MapColoring> phaseColoring;
        if (color) {
          phaseColoring = render::parsePhaseColoring(*color);
          if (!phaseColoring) throw Error("map: color='" + *color + "': expected loss, steps or diverged");
        }

        const core::DescentMap map = computeReleasingTheGil(handle.scene, spec, threads);
        py::dict out;
        const int n = map.spec.grid;
        out["i"] = column<std::int64_t>(map, [n](const core::MapCell&, std::size_t c) { return std::int64_t(c % n); });
        out["j"] = column<std::int64_t>(map, [n](const core::MapCell&, std::size_t c) { return std::int64_t(c / n); });
        out["x"] = column<double>(map, [](const core::MapCell& cell, std::size_t) { return cell.x; });
        out["y"] = column<double>(map, [](const core::MapCell& cell, std::size_t) { return cell.y; });
        out["end_x"] = column<double>(map, [](const core::MapCell& cell, std::size_t) { return cell.end.x; });
        out["end_y"] = column<double>(map, [](const core::MapCell& cell, std::size_t) { return cell.end.y; });
        out["end_loss"] = column<double>(map, [](const core::MapCell& cell, std::size_t) { return cell.end.loss; });
        out["steps"] = column<std::int64_t>(map, [](const core::MapCell& cell, std::size_t) { return cell.end.steps; });
        // Strings, as the CSV has them: numpy's fixed-width "<U10" (the longest name is "iterations").
        py::list status;
        for (const core::MapCell& cell : map.cells) status.append(py::str(std::string(core::stopReasonName(cell.end.status))));
        out["status"] = py::module_::import("numpy").attr("array")(status, "U10").attr("reshape")(n, n);
        if (map.spec.kind == core::MapKind::basin) {
          out["attractor"] = column<std::int64_t>(map, [](const core::MapCell& cell, std::size_t) { return cell.attractor; });
          py::array_t<double> attractors({py::ssize_t(map.attractors.size()), py::ssize_t(2)});
          if (!map.attractors.empty())
            std::memcpy(attractors.mutable_data(), map.attractors.data(), map.attractors.size() * 2 * sizeof(double));
          out["attractors"] = attractors;
        } else {
          out["attractor"] = py::none();
        }
        if (picture) {
          render::MapPicture image;
          {
            py::gil_scoped_release release;
            image = render::drawMapPicture(map, render::coloringFor(map.spec.kind, phaseColoring), size,
                                           render::mapTitle(handle.scene, map.spec));
          }
          py::array_t<std::uint8_t> pixels({py::ssize_t(image.height), py::ssize_t(image.width), py::ssize_t(4)});
          std::memcpy(pixels.mutable_data(), image.rgba.data(), image.rgba.size());
          out["image"] = pixels;
        }
        return out;
      },
      py::arg("scene"), py::arg("kind"), py::arg("grid"), py::arg("run"), py::arg("x"), py::arg("y"), py::arg("color"),
      py::arg("size"), py::arg("threads"), py::arg("picture"));
}

}  // namespace gradscape::python
