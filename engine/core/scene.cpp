// Scene files v1: strict JSON loading with errors that name the file and JSON path, canonical saving.
#include "core/scene.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/stat.h>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/number_format.hpp"
#include "core/json_reader.hpp"
#include "core/printable.hpp"
#include "core/scene_run_keys.hpp"
#include "core/run_points.hpp"

namespace gradscape::core {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;
using json_reading::jsonNumber;
using json_reading::Reader;

Domain readDomain(const Reader& reader, const Json& object, const std::string& path, Domain domain) {
  auto range = [&](const char* key, double& lo, double& hi) {
    if (!object.contains(key)) return;
    const std::string where = Reader::join(path, key);
    const auto [a, b] = reader.pair(object.at(key), where);
    if (!(a < b)) reader.fail(where, "expected [min, max] with min < max");
    lo = a;
    hi = b;
  };
  range("x", domain.xMin, domain.xMax);
  range("y", domain.yMin, domain.yMax);
  return domain;
}

SurfaceSpec readSurface(const Reader& reader, const Json& value) {
  const std::string path = "surface";
  SurfaceSpec spec;
  auto build = [&](auto&& make, const std::string& where) {
    try {
      spec.surface = make();
    } catch (const Error& error) {
      reader.fail(where, error.what());
    }
  };
  if (value.is_string()) {
    build([&] { return Surface::fromCatalog(value.get<std::string>()); }, path);
    return spec;
  }
  reader.object(value, path);
  reader.onlyKeys(value, path, {"name", "expression", "x", "y"});
  const bool hasName = value.contains("name"), hasExpression = value.contains("expression");
  if (hasName == hasExpression) reader.fail(path, "expected exactly one of \"name\" (a catalog surface) or \"expression\"");
  if (hasName) {
    const std::string& name = reader.string(value.at("name"), path + ".name");
    build([&] { return Surface::fromCatalog(name); }, path + ".name");
  } else {
    const std::string& source = reader.string(value.at("expression"), path + ".expression");
    build([&] { return Surface::fromExpression(source); }, path + ".expression");
  }
  if (value.contains("x") || value.contains("y"))
    spec.domainOverride = readDomain(reader, value, path, spec.surface.defaultDomain());
  return spec;
}

OptimizerConfig readOptimizer(const Reader& reader, const Json& value, const std::string& path) {
  OptimizerKind kind{};
  const Json* object = nullptr;
  std::string namePath = path;
  if (value.is_string()) {
    if (!parseOptimizerName(value.get<std::string>(), kind))
      reader.fail(path, "unknown optimizer '" + value.get<std::string>() + "' (expected one of: sgd, adam, adamw, adagrad, rmsprop, adadelta, adamax, nadam, radam)");
  } else {
    object = &reader.object(value, path);
    namePath = path + ".name";
    if (!value.contains("name")) reader.fail(path, "missing \"name\"");
    const std::string& name = reader.string(value.at("name"), namePath);
    if (!parseOptimizerName(name, kind))
      reader.fail(namePath, "unknown optimizer '" + name + "' (expected one of: sgd, adam, adamw, adagrad, rmsprop, adadelta, adamax, nadam, radam)");
  }
  OptimizerConfig config = OptimizerConfig::defaultsFor(kind);
  if (!object) return config;

  const auto accepted = hyperparameters(kind);
  for (const auto& [key, item] : object->items()) {
    if (key == "name") continue;
    const std::string where = Reader::join(path, key);
    const HyperparameterInfo* info = nullptr;
    for (const auto& candidate : accepted)
      if (candidate.key == key) info = &candidate;
    if (!info) {
      std::string list;
      for (const auto& candidate : accepted) list += (list.empty() ? "" : ", ") + std::string(candidate.key);
      reader.fail(where, "unknown hyperparameter for " + std::string(optimizerName(kind)) + " (expected one of: " + list + ")");
    }
    if (key == "lr") config.lr = reader.number(item, where);
    else if (key == "momentum") config.momentum = reader.number(item, where);
    else if (key == "dampening") config.dampening = reader.number(item, where);
    else if (key == "nesterov") config.nesterov = reader.boolean(item, where);
    else if (key == "weight_decay") config.weightDecay = reader.number(item, where);
    else if (key == "betas") config.betas = reader.pair(item, where);
    else if (key == "eps") config.eps = reader.number(item, where);
    else if (key == "amsgrad") config.amsgrad = reader.boolean(item, where);
    else if (key == "lr_decay") config.lrDecay = reader.number(item, where);
    else if (key == "initial_accumulator_value") config.initialAccumulatorValue = reader.number(item, where);
    else if (key == "alpha") config.alpha = reader.number(item, where);
    else if (key == "centered") config.centered = reader.boolean(item, where);
    else if (key == "rho") config.rho = reader.number(item, where);
    else if (key == "momentum_decay") config.momentumDecay = reader.number(item, where);
    else reader.fail(where, "hyperparameter not handled by this version of gradscape");
  }
  try {
    validate(config);
  } catch (const Error& error) {
    // validate() names the hyperparameter first ("lr: must be >= 0"); put our path in front.
    reader.fail(path, error.what());
  }
  return config;
}

Rgb readColor(const Reader& reader, const Json& value, const std::string& path) {
  const std::string& text = reader.string(value, path);
  const std::optional<Rgb> color = parseHexColor(text);
  if (!color) reader.fail(path, "expected a colour \"#rrggbb\", got \"" + text + "\"");
  return *color;
}

void readRunLooks(const Reader& reader, const Json& value, const std::string& path, RunSpec& run);

RunSpec readRun(const Reader& reader, const Json& value, const std::string& path) {
  reader.object(value, path);
  RunSpec run;
  if (value.contains("points")) {
    readRunPoints(value, path, run, [&](const std::string& where, const std::string& what) { reader.fail(where, what); });
    readRunLooks(reader, value, path, run);
    return run;
  }
  reader.onlyKeys(value, path, {"label", "start", "optimizer", "iterations", "tolerance", "color", "marker", "noise",
                                "schedule", "sweep", "ensemble"});
  const bool gridEnsemble = value.contains("ensemble") && value.at("ensemble").is_object() && value.at("ensemble").contains("grid");
  if (!value.contains("start") && !gridEnsemble) reader.fail(path, "missing \"start\": [x, y]");
  if (value.contains("start")) run.start = reader.pair(value.at("start"), path + ".start");
  if (value.contains("optimizer")) run.optimizer = readOptimizer(reader, value.at("optimizer"), path + ".optimizer");
  if (value.contains("iterations"))
    run.iterations = reader.wholeNumber(value.at("iterations"), path + ".iterations", 0, kMaxIterations);
  if (value.contains("tolerance")) {
    run.tolerance = reader.number(value.at("tolerance"), path + ".tolerance");
    if (run.tolerance < 0) reader.fail(path + ".tolerance", "must be >= 0");
  }
  readRunLooks(reader, value, path, run);
  readNoiseAndSchedule(reader, value, path, run);
  return run;
}

// The keys every run may have: label, color, marker.
void readRunLooks(const Reader& reader, const Json& value, const std::string& path, RunSpec& run) {
  if (value.contains("label")) run.label = reader.string(value.at("label"), path + ".label");
  if (value.contains("color")) run.color = readColor(reader, value.at("color"), path + ".color");
  if (value.contains("marker")) {
    const std::string& name = reader.string(value.at("marker"), path + ".marker");
    run.marker = parseMarkerName(name);
    if (!run.marker) reader.fail(path + ".marker", "unknown marker '" + name + "' (expected one of: " + markerNameList() + ")");
  }
}

CameraSpec readCamera(const Reader& reader, const Json& value) {
  const std::string path = "camera";
  reader.object(value, path);
  reader.onlyKeys(value, path, {"azimuth", "elevation", "distance", "projection"});
  CameraSpec camera;
  if (value.contains("azimuth")) camera.azimuth = reader.number(value.at("azimuth"), path + ".azimuth");
  if (value.contains("elevation")) camera.elevation = reader.number(value.at("elevation"), path + ".elevation");
  if (value.contains("distance")) {
    camera.distance = reader.number(value.at("distance"), path + ".distance");
    if (!(camera.distance > 0)) reader.fail(path + ".distance", "must be > 0");
  }
  if (value.contains("projection")) {
    const std::string& projection = reader.string(value.at("projection"), path + ".projection");
    if (projection == "orthographic") camera.orthographic = true;
    else if (projection != "perspective") reader.fail(path + ".projection", "expected \"perspective\" or \"orthographic\"");
  }
  return camera;
}

RenderSpec readRender(const Reader& reader, const Json& value) {
  const std::string path = "render";
  reader.object(value, path);
  reader.onlyKeys(value, path, {"grid", "edge_stride", "color_range", "colorbar", "color_scale", "symlog_threshold", "hidden_paths"});
  RenderSpec render;
  if (value.contains("grid"))
    render.gridResolution = static_cast<int>(reader.wholeNumber(value.at("grid"), path + ".grid", 2, kMaxGridResolution));
  if (value.contains("edge_stride"))
    render.edgeStride = static_cast<int>(reader.wholeNumber(value.at("edge_stride"), path + ".edge_stride", 0, kMaxGridResolution));
  if (value.contains("color_range")) {
    const auto range = reader.pair(value.at("color_range"), path + ".color_range");
    if (!(range[0] < range[1])) reader.fail(path + ".color_range", "expected [vmin, vmax] with vmin < vmax");
    render.colorRange = range;
  }
  render.display = readDisplayRender(value, [&](const std::string& where, const std::string& what) { reader.fail(where, what); });
  return render;
}

// nlohmann rejects a number that overflows a double (1e999) while parsing, before the document exists, so
// its error cannot name a JSON path. This DOM builder keeps track of the path to report it like any other
// non-finite number; everything else is nlohmann's own DOM parser.
class PathTrackingDomParser : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  using Base = nlohmann::detail::json_sax_dom_parser<Json>;
  PathTrackingDomParser(Json& root, const Reader& reader) : Base(root, true), reader_(reader) {}

  bool null() { return value(Base::null()); }
  bool boolean(bool v) { return value(Base::boolean(v)); }
  bool number_integer(Json::number_integer_t v) { return value(Base::number_integer(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return value(Base::number_unsigned(v)); }
  bool number_float(Json::number_float_t v, const std::string& text) { return value(Base::number_float(v, text)); }
  bool string(std::string& v) { return value(Base::string(v)); }
  bool binary(Json::binary_t& v) { return value(Base::binary(v)); }
  bool start_object(std::size_t size) {
    levels_.push_back({false, 0, {}});
    return Base::start_object(size);
  }
  bool key(std::string& key) {
    levels_.back().key = key;
    return Base::key(key);
  }
  bool end_object() {
    levels_.pop_back();
    return value(Base::end_object());
  }
  bool start_array(std::size_t size) {
    levels_.push_back({true, 0, {}});
    return Base::start_array(size);
  }
  bool end_array() {
    levels_.pop_back();
    return value(Base::end_array());
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    if constexpr (std::is_same_v<Exception, nlohmann::detail::out_of_range>)
      if (error.id == 406) reader_.fail(path(), "expected a finite number");
    return Base::parse_error(position, token, error);
  }

 private:
  struct Level {
    bool array;
    std::size_t index;  // of the element being read, in an array
    std::string key;    // of the member being read, in an object
  };
  // A complete value moves its array on to the next index.
  bool value(bool ok) {
    if (!levels_.empty() && levels_.back().array) ++levels_.back().index;
    return ok;
  }
  std::string path() const {
    std::string out;
    for (const Level& level : levels_) out = level.array ? Reader::index(out, level.index) : Reader::join(out, level.key);
    return out;
  }

  const Reader& reader_;
  std::vector<Level> levels_;
};

// nlohmann reports a byte offset; people look for line and column.
std::string lineAndColumn(std::string_view text, std::size_t byte) {
  byte = std::min(byte, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i + 1 < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

OrderedJson jsonPair(const std::array<double, 2>& pair) { return OrderedJson::array({jsonNumber(pair[0]), jsonNumber(pair[1])}); }

// Stands in for a run's points in the document dumped by serializeScene (a string no run can hold: \x01).
constexpr const char* kPointsPlaceholder = "\x01points ";

OrderedJson optimizerJson(const OptimizerConfig& config) {
  const OptimizerConfig defaults = OptimizerConfig::defaultsFor(config.kind);
  OrderedJson out;
  out["name"] = std::string(optimizerName(config.kind));
  out["lr"] = jsonNumber(config.lr);  // always written: the step size is what people read first
  for (const auto& info : hyperparameters(config.kind)) {
    const std::string key(info.key);
    auto number = [&](double value, double fallback) {
      if (value != fallback) out[key] = jsonNumber(value);
    };
    auto flag = [&](bool value, bool fallback) {
      if (value != fallback) out[key] = value;
    };
    if (key == "momentum") number(config.momentum, defaults.momentum);
    else if (key == "dampening") number(config.dampening, defaults.dampening);
    else if (key == "nesterov") flag(config.nesterov, defaults.nesterov);
    else if (key == "weight_decay") number(config.weightDecay, defaults.weightDecay);
    else if (key == "betas") {
      if (config.betas != defaults.betas) out[key] = jsonPair(config.betas);
    } else if (key == "eps") number(config.eps, defaults.eps);
    else if (key == "amsgrad") flag(config.amsgrad, defaults.amsgrad);
    else if (key == "lr_decay") number(config.lrDecay, defaults.lrDecay);
    else if (key == "initial_accumulator_value") number(config.initialAccumulatorValue, defaults.initialAccumulatorValue);
    else if (key == "alpha") number(config.alpha, defaults.alpha);
    else if (key == "centered") flag(config.centered, defaults.centered);
    else if (key == "rho") number(config.rho, defaults.rho);
    else if (key == "momentum_decay") number(config.momentumDecay, defaults.momentumDecay);
  }
  return out;
}

}  // namespace

std::int64_t keptPointCount(std::span<const RunSpec> runs) {
  std::int64_t points = 0;
  for (const RunSpec& run : runs) points += keptPointCount(run);
  return points;
}

void checkKeptPoints(std::int64_t points, std::size_t runCount, const std::string& where) {
  if (points <= kMaxKeptPoints) return;
  throw Error(where + ": " + std::to_string(runCount) + (runCount == 1 ? " run asks" : " runs ask") + " for " +
              std::to_string(points) + " points (iterations + 1 each); export and view keep at most " +
              std::to_string(kMaxKeptPoints) + " in memory: use fewer iterations, or stream them with gradscape trace");
}

std::string defaultLabel(const RunSpec& run) {
  // Four significant digits: a start picked with the mouse (0.34892374621...) stays a short legend entry.
  return "x = " + formatSignificant(run.start[0], 4) + ", y = " + formatSignificant(run.start[1], 4);
}

Rgb defaultColor(std::size_t runIndex) {
  // The article's blue and red first, then matplotlib's tab10 cycle.
  static constexpr Rgb kColors[] = {
      {0x00, 0x00, 0xff}, {0xff, 0x00, 0x00}, {0x2c, 0xa0, 0x2c}, {0xff, 0x7f, 0x0e}, {0x94, 0x67, 0xbd},
      {0x8c, 0x56, 0x4b}, {0xe3, 0x77, 0xc2}, {0x7f, 0x7f, 0x7f}, {0xbc, 0xbd, 0x22}, {0x17, 0xbe, 0xcf},
  };
  return kColors[runIndex % std::size(kColors)];
}

Marker defaultMarker(std::size_t runIndex) { return static_cast<Marker>(runIndex % kMarkerNames.size()); }

Scene parseScene(std::string_view text, const std::string& origin) {
  const Reader reader(origin);
  if (const auto problem = sceneSizeProblem(text)) reader.fail("", *problem);
  Json document;
  try {
    PathTrackingDomParser builder(document, reader);
    Json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const Json::parse_error& error) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while
    // parsing value - invalid literal; ...": keep the reason, we print the place ourselves.
    std::string what = error.what();
    if (const auto dash = what.find(" - "); dash != std::string::npos) what = what.substr(dash + 3);
    else if (const auto colon = what.rfind(": "); colon != std::string::npos) what = what.substr(colon + 2);
    reader.fail("", "invalid JSON at " + lineAndColumn(text, error.byte) + ": " + what);
  }
  reader.object(document, "");
  reader.onlyKeys(document, "", {"surface", "runs", "camera", "render", "view", "legend"});

  Scene scene;
  if (!document.contains("surface")) reader.fail("", "missing \"surface\"");
  scene.surface = readSurface(reader, document.at("surface"));
  if (!document.contains("runs")) reader.fail("", "missing \"runs\"");
  const Json& runs = document.at("runs");
  if (!runs.is_array()) reader.fail("runs", "expected an array, got " + Reader::describe(runs));
  if (runs.empty()) reader.fail("runs", "expected at least one run");
  if (runs.size() > kMaxRuns) reader.fail("runs", "too many runs (" + std::to_string(runs.size()) + "; the limit is " + std::to_string(kMaxRuns) + ")");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string where = Reader::index("runs", i);
    const RunSpec run = readRun(reader, runs[i], where);
    // Sweeps and ensembles become several runs here (run_expansion.hpp).
    appendExpandedRuns(reader, where, i, run, readRunGroup(reader, runs[i], where, run), scene.surface.domain(), scene.runs);
  }
  if (document.contains("camera")) scene.camera = readCamera(reader, document.at("camera"));
  if (document.contains("render")) scene.render = readRender(reader, document.at("render"));
  const DisplayFailure fail = [&](const std::string& where, const std::string& what) { reader.fail(where, what); };
  if (document.contains("view")) scene.viewMode = readViewMode(document.at("view"), fail);
  if (document.contains("legend")) scene.legendTitle = readLegendTitle(document.at("legend"), fail);
  if (scenePointCount(scene) > kMaxScenePoints)
    reader.fail("runs", "too many points (" + std::to_string(scenePointCount(scene)) + " in all; a scene holds at most " +
                            std::to_string(kMaxScenePoints) + ")");
  if (text.size() > sceneByteLimit(scene))  // mentioned "points" without carrying any
    reader.fail("", "scene file too large (" + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(kMaxSceneBytes) + ")");
  return scene;
}

namespace {

// Reads at most kMaxSceneBytes + 1 bytes, and more (up to kMaxSceneBytesWithPoints + 1) only when the
// first MiB has a run with "points": a stream that never ends (/dev/zero, `yes | gradscape trace -`) is
// "too large" after 1 MiB instead of a hang that allocates without bound.
// `fileSize`: a regular file's size, quoted when the file is too large (0: not known, a stream).
std::string readSceneText(std::istream& in, const std::string& where, std::size_t fileSize = 0) {
  std::string text;
  std::size_t limit = kMaxSceneBytes;
  while (in && text.size() <= limit) {
    const std::size_t used = text.size();
    text.resize(std::min(limit + 1, std::max<std::size_t>(used * 2, 1 << 16)));
    in.read(text.data() + used, static_cast<std::streamsize>(text.size() - used));
    text.resize(used + static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSceneBytes && limit == kMaxSceneBytes && mayCarryPoints(text)) limit = kMaxSceneBytesWithPoints;
  }
  if (in.bad()) throw Error(where + ": read error");
  if (text.size() > limit && fileSize > 0)
    throw Error(where + ": scene file too large (" + std::to_string(fileSize) + " bytes; the limit is " + std::to_string(limit) + ")");
  if (text.size() > limit)
    throw Error(where + ": scene file too large (more than " + std::to_string(limit) + " bytes, the limit)");
  return text;
}

}  // namespace

Scene loadScene(const std::string& path) {
  if (path == "-") return parseScene(readSceneText(std::cin, "<stdin>"), "<stdin>");
  const std::string where = printableText(path);
  struct stat info{};
  if (::stat(path.c_str(), &info) != 0) throw Error(where + ": cannot open: " + std::strerror(errno));
  if (S_ISDIR(info.st_mode)) throw Error(where + ": is a directory, not a scene file");
  if (static_cast<std::size_t>(info.st_size) > kMaxSceneBytesWithPoints)
    throw Error(where + ": scene file too large (" + std::to_string(info.st_size) + " bytes; the limit is " +
                std::to_string(kMaxSceneBytesWithPoints) + " for a scene whose runs carry points)");
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(where + ": cannot open: " + std::strerror(errno));
  // A regular file's size is known (a device or pipe says 0): quote it when the file is too large.
  const std::size_t size = S_ISREG(info.st_mode) ? static_cast<std::size_t>(info.st_size) : 0;
  return parseScene(readSceneText(file, where, size), path);
}

std::string serializeScene(const Scene& scene) {
  OrderedJson out;
  const SurfaceSpec& surface = scene.surface;
  if (surface.surface.isCatalog() && !surface.domainOverride) {
    out["surface"] = surface.surface.text();
  } else {
    OrderedJson object;
    object[surface.surface.isCatalog() ? "name" : "expression"] = surface.surface.text();
    if (surface.domainOverride) {
      object["x"] = jsonPair({surface.domainOverride->xMin, surface.domainOverride->xMax});
      object["y"] = jsonPair({surface.domainOverride->yMin, surface.domainOverride->yMax});
    }
    out["surface"] = object;
  }
  OrderedJson runs = OrderedJson::array();
  for (const RunSpec& expanded : scene.runs) {
    if (!isWrittenRun(expanded)) continue;
    const RunSpec& run = expanded.group ? expanded.group->source : expanded;
    OrderedJson item;
    if (run.label) item["label"] = *run.label;
    if (run.points) {
      // A placeholder, replaced by one point a line below (dump would spend four lines on each point).
      // Numbered by its index in scene.runs (a sweep writes one item for many runs).
      item["points"] = kPointsPlaceholder + std::to_string(&expanded - scene.runs.data());
    } else {
      item["start"] = jsonPair(run.start);
      item["optimizer"] = optimizerJson(run.optimizer);
      item["iterations"] = run.iterations;
      if (run.tolerance != 0) item["tolerance"] = jsonNumber(run.tolerance);
    }
    if (run.color) item["color"] = formatHexColor(*run.color);
    if (run.marker) item["marker"] = std::string(markerName(*run.marker));
    writeRunVariations(expanded, item);
    runs.push_back(item);
  }
  out["runs"] = runs;
  if (scene.camera) {
    const CameraSpec defaults;
    OrderedJson camera;
    camera["azimuth"] = jsonNumber(scene.camera->azimuth);
    camera["elevation"] = jsonNumber(scene.camera->elevation);
    if (scene.camera->distance != defaults.distance) camera["distance"] = jsonNumber(scene.camera->distance);
    if (scene.camera->orthographic) camera["projection"] = "orthographic";
    out["camera"] = camera;
  }
  if (scene.render != RenderSpec{}) {
    const RenderSpec defaults;
    OrderedJson render;
    if (scene.render.gridResolution != defaults.gridResolution) render["grid"] = scene.render.gridResolution;
    if (scene.render.edgeStride != defaults.edgeStride) render["edge_stride"] = scene.render.edgeStride;
    if (scene.render.colorRange) render["color_range"] = jsonPair(*scene.render.colorRange);
    writeDisplayRender(scene.render.display, render);
    out["render"] = render;
  }
  writeViewAndLegend(scene.viewMode, scene.legendTitle, out);
  std::string text = out.dump(2) + "\n";
  for (std::size_t i = scene.runs.size(); i-- > 0;) {
    if (!scene.runs[i].points) continue;
    // dump escapes the placeholder's \x01; a label cannot produce the key before it.
    const std::string placeholder = "\"points\": \"\\u0001points " + std::to_string(i) + "\"";
    const std::size_t at = text.find(placeholder);
    text.replace(at, placeholder.size(), "\"points\": " + serializeRunPoints(*scene.runs[i].points));
  }
  return text;
}

bool mayCarryPoints(std::string_view text) { return text.substr(0, kMaxSceneBytes).find("\"points\"") != std::string_view::npos; }

std::optional<std::string> sceneSizeProblem(std::string_view text) {
  if (text.size() > kMaxSceneBytesWithPoints)
    return "scene file too large (" + std::to_string(text.size()) + " bytes; the limit is " +
           std::to_string(kMaxSceneBytesWithPoints) + " for a scene whose runs carry points)";
  if (text.size() > kMaxSceneBytes && !mayCarryPoints(text))
    return "scene file too large (" + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(kMaxSceneBytes) + ")";
  return std::nullopt;
}

// The spec's example, word for word (assets/scenes/article.json holds the same text; a test keeps them equal).
const char* const kArticleSceneJson = R"({
  "surface": "saddle",
  "runs": [
    {"label": "Symmetry", "start": [1, 0],    "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 200, "marker": "circle"},
    {"label": "Offset",   "start": [1, 0.25], "optimizer": {"name": "sgd", "lr": 0.01}, "iterations": 200, "marker": "square"}
  ],
  "camera": {"azimuth": 120, "elevation": 37}
}
)";

Scene articleScene() { return parseScene(kArticleSceneJson, "<built-in article scene>"); }

}  // namespace gradscape::core
