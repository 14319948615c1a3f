// Scene keys for how a scene is shown: view.mode, legend.title and the render object's display keys.
#include "core/scene_display.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/number_format.hpp"

namespace gradscape::core {
namespace {

constexpr std::string_view kViewModeNames[] = {"3d", "2d", "split"};
constexpr std::string_view kHiddenPathsNames[] = {"hide", "faint"};

template <class Enum, std::size_t N>
std::optional<Enum> findName(const std::string_view (&names)[N], std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  return std::nullopt;
}

std::string typeOf(const nlohmann::json& value) {
  if (value.is_string()) return "a string";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_null()) return "null";
  return value.is_array() ? "an array" : "an object";
}

void onlyKeys(const nlohmann::json& object, const std::string& path, std::string_view allowed,
              const DisplayFailure& fail) {
  if (!object.is_object()) fail(path, "expected an object, got " + typeOf(object));
  for (const auto& [key, unused] : object.items())
    if (key != allowed) fail(path + "." + key, "unknown key (expected one of: " + std::string(allowed) + ")");
}

// A string that must be one of `names`: "expected "3d", "2d" or "split"".
template <class Enum, std::size_t N>
Enum readChoice(const nlohmann::json& value, const std::string& path, const std::string_view (&names)[N],
                const DisplayFailure& fail) {
  std::string list;
  for (std::size_t i = 0; i < N; ++i)
    list += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + ("\"" + std::string(names[i]) + "\"");
  if (!value.is_string()) fail(path, "expected " + list + ", got " + typeOf(value));
  const auto found = findName<Enum>(names, value.get_ref<const std::string&>());
  if (!found) fail(path, "expected " + list + ", got \"" + value.get<std::string>() + "\"");
  return *found;
}

}  // namespace

std::string_view viewModeName(ViewMode mode) { return kViewModeNames[static_cast<std::size_t>(mode)]; }
std::optional<ViewMode> findViewMode(std::string_view name) { return findName<ViewMode>(kViewModeNames, name); }
std::string_view hiddenPathsName(HiddenPaths mode) { return kHiddenPathsNames[static_cast<std::size_t>(mode)]; }
std::optional<HiddenPaths> findHiddenPaths(std::string_view name) {
  return findName<HiddenPaths>(kHiddenPathsNames, name);
}

ViewMode readViewMode(const nlohmann::json& view, const DisplayFailure& fail) {
  onlyKeys(view, "view", "mode", fail);
  if (!view.contains("mode")) return ViewMode::threeD;
  return readChoice<ViewMode>(view.at("mode"), "view.mode", kViewModeNames, fail);
}

std::string readLegendTitle(const nlohmann::json& legend, const DisplayFailure& fail) {
  onlyKeys(legend, "legend", "title", fail);
  if (!legend.contains("title")) return std::string(kDefaultLegendTitle);
  const nlohmann::json& title = legend.at("title");
  if (!title.is_string()) fail("legend.title", "expected a string, got " + typeOf(title));
  const std::string& text = title.get_ref<const std::string&>();
  if (text.size() > kMaxLegendTitleLength)
    fail("legend.title", "too long (" + std::to_string(text.size()) + " bytes; the limit is " +
                             std::to_string(kMaxLegendTitleLength) + ")");
  return text;
}

DisplayRenderSpec readDisplayRender(const nlohmann::json& render, const DisplayFailure& fail) {
  DisplayRenderSpec display;
  if (render.contains("colorbar")) {
    const nlohmann::json& value = render.at("colorbar");
    if (!value.is_boolean()) fail("render.colorbar", "expected true or false, got " + typeOf(value));
    display.colorbar = value.get<bool>();
  }
  if (render.contains("color_scale")) {
    static constexpr std::string_view kNames[] = {"linear", "log", "symlog"};  // ColorScaleKind's order
    display.colorScale = readChoice<ColorScaleKind>(render.at("color_scale"), "render.color_scale", kNames, fail);
  }
  if (render.contains("symlog_threshold")) {
    const nlohmann::json& value = render.at("symlog_threshold");
    if (!value.is_number()) fail("render.symlog_threshold", "expected a number, got " + typeOf(value));
    const double threshold = value.get<double>();
    if (!std::isfinite(threshold)) fail("render.symlog_threshold", "expected a finite number");
    if (!(threshold > 0)) fail("render.symlog_threshold", "must be > 0 (got " + formatShortest(threshold) + ")");
    display.symlogThreshold = threshold;
  }
  if (render.contains("hidden_paths"))
    display.hiddenPaths = readChoice<HiddenPaths>(render.at("hidden_paths"), "render.hidden_paths", kHiddenPathsNames, fail);
  return display;
}

void writeDisplayRender(const DisplayRenderSpec& display, nlohmann::ordered_json& render) {
  if (display.colorbar) render["colorbar"] = *display.colorbar;
  if (display.colorScale != ColorScaleKind::linear) render["color_scale"] = std::string(colorScaleName(display.colorScale));
  if (display.symlogThreshold) render["symlog_threshold"] = *display.symlogThreshold;
  if (display.hiddenPaths != HiddenPaths::hide) render["hidden_paths"] = std::string(hiddenPathsName(display.hiddenPaths));
}

void writeViewAndLegend(ViewMode mode, const std::string& legendTitle, nlohmann::ordered_json& scene) {
  if (mode != ViewMode::threeD) scene["view"] = {{"mode", std::string(viewModeName(mode))}};
  if (legendTitle != kDefaultLegendTitle) scene["legend"] = {{"title", legendTitle}};
}

}  // namespace gradscape::core
