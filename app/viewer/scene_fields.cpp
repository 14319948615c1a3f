// Scene edits addressed by path, validated and applied through Session.
#include "viewer/scene_fields.hpp"

#include <charconv>
#include <cmath>
#include <optional>

#include "core/error.hpp"
#include "core/noise.hpp"
#include "viewer/hyperparameter_fields.hpp"
#include "viewer/run_variation_fields.hpp"

namespace gradscape::app {
namespace {

// The scene file's number syntax (core::parseNumber): what a file accepts, an edit accepts.
double toNumber(std::string_view path, const std::string& text) {
  const std::optional<double> value = core::parseNumber(text);
  if (!value) throw Error(std::string(path) + ": expected a number, got '" + text + "'");
  return *value;
}

bool toBoolean(std::string_view path, const std::string& text) {
  if (text == "true" || text == "1" || text == "on") return true;
  if (text == "false" || text == "0" || text == "off") return false;
  throw Error(std::string(path) + ": expected true or false, got '" + text + "'");
}

void expectCount(std::string_view path, const std::vector<std::string>& values, std::size_t count) {
  if (values.size() != count)
    throw Error(std::string(path) + ": expected " + std::to_string(count) + " value(s), got " + std::to_string(values.size()));
}

std::string joined(const std::vector<std::string>& values) {
  std::string text;
  for (const auto& value : values) text += (text.empty() ? "" : " ") + value;
  return text;
}

void setRunField(Session& session, std::size_t index, std::string_view field, std::string_view path,
                 const std::vector<std::string>& values) {
  if (index >= session.runCount())
    throw Error(std::string(path) + ": no such run (the scene has " + std::to_string(session.runCount()) + ")");
  core::RunSpec run = session.run(index);
  if (field == "start") {
    expectCount(path, values, 2);
    run.start = {toNumber(path, values[0]), toNumber(path, values[1])};
  } else if (field == "optimizer") {
    expectCount(path, values, 1);
    core::OptimizerKind kind;
    if (!core::parseOptimizerName(values[0], kind)) throw Error(std::string(path) + ": unknown optimizer '" + values[0] + "'");
    run.optimizer = core::OptimizerConfig::defaultsFor(kind);
  } else if (field == "iterations") {
    expectCount(path, values, 1);
    const double n = toNumber(path, values[0]);
    if (n != std::floor(n) || n < 0 || n > static_cast<double>(core::kMaxIterations))
      throw Error(std::string(path) + ": expected a whole number in [0, " + std::to_string(core::kMaxIterations) + "]");
    run.iterations = static_cast<std::int64_t>(n);
  } else if (field == "tolerance") {
    expectCount(path, values, 1);
    run.tolerance = toNumber(path, values[0]);
  } else if (field == "color") {
    expectCount(path, values, 1);
    run.color = core::parseHexColor(values[0]);
    if (!run.color) throw Error(std::string(path) + ": expected a colour #rrggbb, got '" + values[0] + "'");
  } else if (field == "marker") {
    expectCount(path, values, 1);
    run.marker = core::parseMarkerName(values[0]);
    if (!run.marker) throw Error(std::string(path) + ": unknown marker '" + values[0] + "'");
  } else if (field == "label") {
    run.label = joined(values);
  } else if (field == "visible") {
    expectCount(path, values, 1);
    session.setVisible(index, toBoolean(path, values[0]));
    return;
  } else if (field == "noise.sigma" || field == "noise.seed") {
    expectCount(path, values, 1);
    const double value = toNumber(path, values[0]);
    const std::string origin = std::string(path.substr(0, path.find('.')));
    if (field == "noise.sigma") {
      run = withNoise(run, value, std::nullopt, origin);
    } else {
      if (!(value >= 0 && value <= static_cast<double>(core::kMaxNoiseSeed) && value == std::floor(value)))
        throw Error(std::string(path) + ": expected a whole number in [0, 2^53 - 1], got '" + values[0] + "'");
      run = withNoise(run, std::nullopt, static_cast<std::uint64_t>(value), origin);
    }
  } else if (field == "schedule") {
    const std::string origin = std::string(path.substr(0, path.find('.')));
    run = withSchedule(run, scheduleFromWords(values, std::string(path)), origin);
  } else {
    auto hyper = hyperparameterField(run.optimizer, field);
    if (!hyper.number && !hyper.boolean && !hyper.pair) throw Error(std::string(path) + ": unknown run field");
    if (!acceptsHyperparameter(run.optimizer.kind, field))
      throw Error(std::string(path) + ": " + std::string(core::optimizerName(run.optimizer.kind)) + " has no " +
                  std::string(field));
    if (hyper.number) {
      expectCount(path, values, 1);
      *hyper.number = toNumber(path, values[0]);
    } else if (hyper.boolean) {
      expectCount(path, values, 1);
      *hyper.boolean = toBoolean(path, values[0]);
    } else {
      expectCount(path, values, 2);
      *hyper.pair = {toNumber(path, values[0]), toNumber(path, values[1])};
    }
  }
  try {
    session.setRun(index, run);
  } catch (const Error& error) {
    throw Error(std::string(path) + ": " + error.what());
  }
}

core::Domain withAxis(core::Domain domain, bool xAxis, std::string_view path, const std::vector<std::string>& values) {
  expectCount(path, values, 2);
  const double low = toNumber(path, values[0]), high = toNumber(path, values[1]);
  if (!(low < high)) throw Error(std::string(path) + ": expected min < max");
  (xAxis ? domain.xMin : domain.yMin) = low;
  (xAxis ? domain.xMax : domain.yMax) = high;
  return domain;
}

// The display keys of "render" (core/scene_display.hpp) as the scene file spells their values; "auto"
// gives the colour bar and the symlog threshold back to their defaults.
core::RenderSpec withDisplayField(core::RenderSpec render, std::string_view path, const std::string& value) {
  core::DisplayRenderSpec& display = render.display;
  if (path == "render.color_scale") {
    const std::optional<core::ColorScaleKind> kind = core::findColorScale(value);
    if (!kind) throw Error(std::string(path) + ": expected linear, log or symlog, got '" + value + "'");
    display.colorScale = *kind;
  } else if (path == "render.colorbar") {
    if (value == "auto") display.colorbar.reset();  // shown in 2-D, not in 3-D
    else if (value == "true" || value == "false") display.colorbar = value == "true";
    else throw Error(std::string(path) + ": expected true, false or auto, got '" + value + "'");
  } else if (path == "render.hidden_paths") {
    const std::optional<core::HiddenPaths> mode = core::findHiddenPaths(value);
    if (!mode) throw Error(std::string(path) + ": expected hide or faint, got '" + value + "'");
    display.hiddenPaths = *mode;
  } else if (value == "auto") {
    display.symlogThreshold.reset();
  } else {
    const double threshold = toNumber(path, value);
    if (!(threshold > 0) || !std::isfinite(threshold))
      throw Error(std::string(path) + ": expected a positive number or auto, got '" + value + "'");
    display.symlogThreshold = threshold;
  }
  return render;
}

}  // namespace

bool isSceneFieldPath(std::string_view path) {
  return path.starts_with("runs[") || path == "surface" || path.starts_with("surface.") || path.starts_with("render.") ||
         path == "view.mode";
}

void setSceneField(Session& session, std::string_view path, const std::vector<std::string>& values) {
  if (path.starts_with("runs[")) {
    const auto close = path.find(']');
    std::size_t index = 0;
    const auto result = std::from_chars(path.data() + 5, path.data() + (close == std::string_view::npos ? 5 : close), index);
    if (close == std::string_view::npos || result.ptr != path.data() + close || close + 1 >= path.size() ||
        path[close + 1] != '.')
      throw Error(std::string(path) + ": expected runs[INDEX].FIELD");
    setRunField(session, index, path.substr(close + 2), path, values);
    return;
  }
  core::SurfaceSpec surface = session.scene().surface;
  if (path == "surface") {
    expectCount(path, values, 1);
    try {
      surface.surface = core::Surface::fromCatalog(values[0]);
    } catch (const Error& error) {
      throw Error(std::string(path) + ": " + error.what());
    }
    surface.domainOverride.reset();
    session.setSurface(surface);
  } else if (path == "surface.expression") {
    const std::string source = joined(values);
    try {
      const core::Domain domain = surface.domain();
      surface.surface = core::Surface::fromExpression(source);
      surface.domainOverride = domain;  // keep what is on screen; the catalog's own domain no longer applies
    } catch (const Error& error) {
      throw Error(std::string(path) + ": " + error.what());
    }
    session.setSurface(surface);
  } else if (path == "surface.x" || path == "surface.y") {
    surface.domainOverride = withAxis(surface.domain(), path == "surface.x", path, values);
    session.setSurface(surface);
  } else if (path == "render.grid") {
    expectCount(path, values, 1);
    core::RenderSpec render = session.scene().render;
    const double n = toNumber(path, values[0]);
    if (n != std::floor(n) || n < 2 || n > core::kMaxGridResolution)
      throw Error(std::string(path) + ": expected a whole number in [2, " + std::to_string(core::kMaxGridResolution) + "]");
    render.gridResolution = static_cast<int>(n);
    session.setRenderOptions(render);
  } else if (path == "render.edge_stride") {
    expectCount(path, values, 1);
    core::RenderSpec render = session.scene().render;
    const double n = toNumber(path, values[0]);
    if (n != std::floor(n) || n < 0 || n > 1024) throw Error(std::string(path) + ": expected a whole number in [0, 1024]");
    render.edgeStride = static_cast<int>(n);
    session.setRenderOptions(render);
  } else if (path == "render.color_scale" || path == "render.colorbar" || path == "render.symlog_threshold" ||
             path == "render.hidden_paths") {
    expectCount(path, values, 1);
    session.setRenderOptions(withDisplayField(session.scene().render, path, values[0]));
  } else if (path == "view.mode") {
    expectCount(path, values, 1);
    const std::optional<core::ViewMode> mode = core::findViewMode(values[0]);
    if (!mode) throw Error(std::string(path) + ": expected 3d, 2d or split, got '" + values[0] + "'");
    session.setViewMode(*mode);
  } else {
    throw Error(std::string(path) + ": unknown field");
  }
}

}  // namespace gradscape::app
