// How a scene is shown (issue 15): the view mode, the colour scale and bar, hidden paths, the legend title.
// Their JSON keys are read and written here; scene.cpp calls in.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/color_scale.hpp"

namespace gradscape::core {

enum class ViewMode { threeD, twoD, split };  // "3d", "2d", "split"
std::string_view viewModeName(ViewMode mode);
std::optional<ViewMode> findViewMode(std::string_view name);

enum class HiddenPaths { hide, faint };  // what the surface hides: left out, or drawn faintly on top
std::string_view hiddenPathsName(HiddenPaths mode);
std::optional<HiddenPaths> findHiddenPaths(std::string_view name);

inline constexpr std::string_view kDefaultLegendTitle = "Initialization";  // the article's
inline constexpr std::size_t kMaxLegendTitleLength = 200;                   // bytes

// "render": {"colorbar", "color_scale", "symlog_threshold", "hidden_paths"}; defaults keep the article's picture.
struct DisplayRenderSpec {
  std::optional<bool> colorbar;  // absent: shown in 2-D, not in 3-D
  ColorScaleKind colorScale = ColorScaleKind::linear;
  std::optional<double> symlogThreshold;  // absent: ColorScale's default from the range
  HiddenPaths hiddenPaths = HiddenPaths::hide;
  friend bool operator==(const DisplayRenderSpec&, const DisplayRenderSpec&) = default;

  bool colorbarIn(ViewMode pane) const { return colorbar ? *colorbar : pane != ViewMode::threeD; }
};

// Errors go through `fail(path, what)`, which throws (scene.cpp's reader: it names the file).
using DisplayFailure = std::function<void(const std::string& path, const std::string& what)>;

// The optional "view" object: {"mode": "3d" | "2d" | "split"}.
ViewMode readViewMode(const nlohmann::json& view, const DisplayFailure& fail);
// The optional "legend" object: {"title": "..."}.
std::string readLegendTitle(const nlohmann::json& legend, const DisplayFailure& fail);
// The display keys of a "render" object (other keys are scene.cpp's).
DisplayRenderSpec readDisplayRender(const nlohmann::json& render, const DisplayFailure& fail);

// Adds the keys that differ from the defaults.
void writeDisplayRender(const DisplayRenderSpec& display, nlohmann::ordered_json& render);
void writeViewAndLegend(ViewMode mode, const std::string& legendTitle, nlohmann::ordered_json& scene);

}  // namespace gradscape::core
