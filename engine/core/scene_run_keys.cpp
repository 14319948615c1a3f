// Reading and writing runs[i].noise, .schedule, .sweep and .ensemble.
#include "core/scene_run_keys.hpp"

#include <cmath>

#include "core/error.hpp"

namespace gradscape::core {
namespace {

using json_reading::Json;
using json_reading::Reader;
using OrderedJson = nlohmann::ordered_json;
using json_reading::jsonNumber;

std::string join(const std::string& path, std::string_view key) { return Reader::join(path, key); }

// A required number >= 0 ("sigma", "spread") and the optional "seed" beside it.
double readNonNegative(const Reader& reader, const Json& value, const std::string& path, const char* key, const std::string& missing) {
  if (!value.contains(key)) reader.fail(path, missing);
  const double number = reader.number(value.at(key), join(path, key));
  if (number < 0) reader.fail(join(path, key), "must be >= 0 (got " + formatShortest(number) + ")");
  return number;
}
std::uint64_t readSeed(const Reader& reader, const Json& value, const std::string& path) {
  if (!value.contains("seed")) return 0;
  return static_cast<std::uint64_t>(reader.wholeNumber(value.at("seed"), join(path, "seed"), 0, kMaxNoiseSeed));
}

NoiseSpec readNoise(const Reader& reader, const Json& value, const std::string& path) {
  reader.object(value, path);
  reader.onlyKeys(value, path, {"sigma", "seed"});
  NoiseSpec noise;
  noise.sigma = readNonNegative(reader, value, path, "sigma", "missing \"sigma\"");
  noise.seed = readSeed(reader, value, path);
  return noise;
}

ScheduleSpec readSchedule(const Reader& reader, const Json& value, const std::string& path, const RunSpec& run) {
  reader.object(value, path);
  if (!value.contains("name")) reader.fail(path, "missing \"name\"");
  const std::string& name = reader.string(value.at("name"), join(path, "name"));
  ScheduleKind kind{};
  if (!parseScheduleName(name, kind))
    reader.fail(join(path, "name"), "unknown schedule '" + name +
                                        "' (expected one of: StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, CyclicLR, OneCycleLR)");
  ScheduleSpec spec = ScheduleSpec::defaultsFor(kind);
  const auto arguments = scheduleArguments(kind);
  for (const auto& entry : value.items()) {
    // Named references, not a structured binding: clang 14 (the fuzz build) cannot capture bindings in lambdas.
    const std::string& key = entry.key();
    const Json& item = entry.value();
    if (key == "name") continue;
    const std::string where = join(path, key);
    const ScheduleArgument* argument = nullptr;
    for (const auto& candidate : arguments)
      if (candidate.key == key) argument = &candidate;
    if (!argument) {
      std::string list;
      for (const auto& candidate : arguments) list += (list.empty() ? "" : ", ") + std::string(candidate.key);
      reader.fail(where, "unknown argument for " + name + " (expected one of: " + list + ")");
    }
    auto number = [&] { return reader.number(item, where); };
    auto whole = [&](std::int64_t min) { return reader.wholeNumber(item, where, min, kMaxIterations); };
    if (key == "step_size") spec.stepSize = whole(1);
    else if (key == "gamma") spec.gamma = number();
    else if (key == "milestones") {
      if (!item.is_array()) reader.fail(where, "expected an array of whole numbers, got " + Reader::describe(item));
      if (item.size() > kMaxMilestones)
        reader.fail(where, "too many milestones (" + std::to_string(item.size()) + "; the limit is " + std::to_string(kMaxMilestones) + ")");
      for (std::size_t i = 0; i < item.size(); ++i) spec.milestones.push_back(reader.wholeNumber(item[i], Reader::index(where, i), 0, kMaxIterations));
    } else if (key == "T_max") spec.tMax = number();
    else if (key == "eta_min") spec.etaMin = number();
    else if (key == "start_factor") spec.startFactor = number();
    else if (key == "end_factor") spec.endFactor = number();
    else if (key == "total_iters") spec.totalIters = whole(0);
    else if (key == "base_lr") spec.baseLr = number();
    else if (key == "max_lr") spec.maxLr = number();
    else if (key == "step_size_up") spec.stepSizeUp = number();
    else if (key == "step_size_down") spec.stepSizeDown = number();
    else if (key == "mode") {
      const std::string& mode = reader.string(item, where);
      if (mode == "triangular") spec.mode = CyclicMode::triangular;
      else if (mode == "triangular2") spec.mode = CyclicMode::triangular2;
      else if (mode == "exp_range") spec.mode = CyclicMode::exp_range;
      else reader.fail(where, "unknown mode '" + mode + "' (expected one of: triangular, triangular2, exp_range)");
    } else if (key == "cycle_momentum") spec.cycleMomentum = reader.boolean(item, where);
    else if (key == "base_momentum") spec.baseMomentum = number();
    else if (key == "max_momentum") spec.maxMomentum = number();
    else if (key == "total_steps") spec.totalSteps = whole(1);
    else if (key == "pct_start") spec.pctStart = number();
    else if (key == "anneal_strategy") {
      const std::string& strategy = reader.string(item, where);
      if (strategy == "cos") spec.annealStrategy = AnnealStrategy::cos;
      else if (strategy == "linear") spec.annealStrategy = AnnealStrategy::linear;
      else reader.fail(where, "unknown anneal_strategy '" + strategy + "' (expected cos or linear)");
    } else if (key == "div_factor") spec.divFactor = number();
    else if (key == "final_div_factor") spec.finalDivFactor = number();
    else if (key == "three_phase") spec.threePhase = reader.boolean(item, where);
  }
  for (const auto& argument : arguments)
    if (argument.required && !value.contains(argument.key))
      reader.fail(path, name + " needs \"" + std::string(argument.key) + "\"");
  try {
    validate(spec, run.optimizer.kind, run.iterations);
  } catch (const Error& error) {
    // validate() names the argument first ("total_steps: ..."); put our path in front.
    reader.fail(path, error.what());
  }
  return spec;
}

SweepSpec readSweep(const Reader& reader, const Json& value, const std::string& path, const RunSpec& run) {
  reader.object(value, path);
  reader.onlyKeys(value, path, {"param", "from", "to", "count", "scale"});
  for (const char* key : {"param", "from", "to", "count"})
    if (!value.contains(key)) reader.fail(path, std::string("missing \"") + key + "\"");
  SweepSpec sweep;
  sweep.param = reader.string(value.at("param"), join(path, "param"));
  try {
    checkSweepParameter(sweep.param, run.optimizer.kind);
  } catch (const Error& error) {
    reader.fail(join(path, "param"), error.what());
  }
  sweep.from = reader.number(value.at("from"), join(path, "from"));
  sweep.to = reader.number(value.at("to"), join(path, "to"));
  sweep.count = reader.wholeNumber(value.at("count"), join(path, "count"), 2, kMaxSweepCount);
  if (value.contains("scale")) {
    const std::string& scale = reader.string(value.at("scale"), join(path, "scale"));
    if (scale == "log") sweep.logScale = true;
    else if (scale != "linear") reader.fail(join(path, "scale"), "expected \"linear\" or \"log\", got \"" + scale + "\"");
  }
  if (sweep.logScale && !(sweep.from > 0 && sweep.to > 0))
    reader.fail(path, "a log sweep needs from > 0 and to > 0 (got " + formatShortest(sweep.from) + ", " + formatShortest(sweep.to) + ")");
  return sweep;
}

EnsembleSpec readEnsemble(const Reader& reader, const Json& value, const std::string& path) {
  reader.object(value, path);
  EnsembleSpec ensemble;
  if (!value.contains("count")) reader.fail(path, "missing \"count\"");
  ensemble.count = reader.wholeNumber(value.at("count"), join(path, "count"), 1, kMaxParticles);
  if (value.contains("grid")) {
    reader.onlyKeys(value, path, {"count", "grid"});
    ensemble.grid = reader.boolean(value.at("grid"), join(path, "grid"));
    if (!ensemble.grid) reader.fail(join(path, "grid"), "expected true (or leave it out and give \"spread\" and \"seed\")");
    return ensemble;
  }
  reader.onlyKeys(value, path, {"count", "spread", "seed"});
  ensemble.spread = readNonNegative(reader, value, path, "spread", "missing \"spread\" (or \"grid\": true)");
  ensemble.seed = readSeed(reader, value, path);
  return ensemble;
}

}  // namespace

void readNoiseAndSchedule(const Reader& reader, const Json& value, const std::string& path, RunSpec& run) {
  if (value.contains("noise")) run.noise = readNoise(reader, value.at("noise"), join(path, "noise"));
  if (value.contains("schedule")) run.schedule = readSchedule(reader, value.at("schedule"), join(path, "schedule"), run);
}

std::shared_ptr<const RunGroup> readRunGroup(const Reader& reader, const Json& value, const std::string& path, const RunSpec& run) {
  const bool hasSweep = value.contains("sweep"), hasEnsemble = value.contains("ensemble");
  if (!hasSweep && !hasEnsemble) return nullptr;
  if (hasSweep && hasEnsemble) reader.fail(path, "a run has a \"sweep\" or an \"ensemble\", not both");
  auto group = std::make_shared<RunGroup>();
  group->source = run;
  if (hasSweep) group->sweep = readSweep(reader, value.at("sweep"), join(path, "sweep"), run);
  else group->ensemble = readEnsemble(reader, value.at("ensemble"), join(path, "ensemble"));
  return group;
}

void appendExpandedRuns(const Reader& reader, const std::string& path, std::size_t sourceIndex, const RunSpec& source,
                        const std::shared_ptr<const RunGroup>& group, const Domain& domain, std::vector<RunSpec>& runs) {
  const std::size_t first = runs.size();
  std::int64_t particles = 0;
  for (const RunSpec& run : runs) particles += run.group && run.group->ensemble;
  const auto plainRuns = static_cast<std::int64_t>(runs.size()) - particles;
  if (!group) {
    if (plainRuns + 1 > static_cast<std::int64_t>(kMaxRuns))
      reader.fail("runs", "too many runs (more than " + std::to_string(kMaxRuns) + " with sweeps expanded, the limit)");
    runs.push_back(source);
  } else {
    if (group->sweep && plainRuns + group->sweep->count > static_cast<std::int64_t>(kMaxRuns))
      reader.fail(join(path, "sweep.count"), "too many runs (" + std::to_string(plainRuns + group->sweep->count) +
                                                 " with sweeps expanded; the limit is " + std::to_string(kMaxRuns) + ")");
    if (group->ensemble && particles + group->ensemble->count > kMaxParticles)
      reader.fail(join(path, "ensemble.count"), "too many particles (" + std::to_string(particles + group->ensemble->count) +
                                                     " in all; the limit is " + std::to_string(kMaxParticles) + ")");
    try {
      for (RunSpec& run : expandRunGroup(group, sourceIndex, domain)) runs.push_back(std::move(run));
    } catch (const Error& error) {
      reader.fail(join(path, "sweep"), error.what());
    }
  }
  for (std::size_t i = first; i < runs.size(); ++i) runs[i].noise.stream = i;
}

OrderedJson scheduleJson(const ScheduleSpec& s, bool everyArgument) {
  const ScheduleSpec defaults = ScheduleSpec::defaultsFor(s.kind);
  OrderedJson out;
  out["name"] = std::string(scheduleName(s.kind));
  for (const auto& argument : scheduleArguments(s.kind)) {
    const std::string key(argument.key);
    auto number = [&](double v, double fallback) {
      if (everyArgument || argument.required || v != fallback) out[key] = jsonNumber(v);
    };
    auto flag = [&](bool v, bool fallback) {
      if (everyArgument || v != fallback) out[key] = v;
    };
    if (key == "step_size") out[key] = s.stepSize;
    else if (key == "gamma") number(s.gamma, defaults.gamma);
    else if (key == "milestones") out[key] = s.milestones;
    else if (key == "T_max") number(s.tMax, defaults.tMax);
    else if (key == "eta_min") number(s.etaMin, defaults.etaMin);
    else if (key == "start_factor") number(s.startFactor, defaults.startFactor);
    else if (key == "end_factor") number(s.endFactor, defaults.endFactor);
    else if (key == "total_iters") { if (everyArgument || s.totalIters != defaults.totalIters) out[key] = s.totalIters; }
    else if (key == "base_lr") number(s.baseLr, defaults.baseLr);
    else if (key == "max_lr") number(s.maxLr, defaults.maxLr);
    else if (key == "step_size_up") number(s.stepSizeUp, defaults.stepSizeUp);
    else if (key == "step_size_down") { if (s.stepSizeDown) out[key] = jsonNumber(*s.stepSizeDown); }
    else if (key == "mode") {
      if (everyArgument || s.mode != defaults.mode)
        out[key] = s.mode == CyclicMode::triangular ? "triangular" : s.mode == CyclicMode::triangular2 ? "triangular2" : "exp_range";
    } else if (key == "cycle_momentum") flag(s.cycleMomentum, defaults.cycleMomentum);
    else if (key == "base_momentum") number(s.baseMomentum, defaults.baseMomentum);
    else if (key == "max_momentum") number(s.maxMomentum, defaults.maxMomentum);
    else if (key == "total_steps") out[key] = s.totalSteps;
    else if (key == "pct_start") number(s.pctStart, defaults.pctStart);
    else if (key == "anneal_strategy") {
      if (everyArgument || s.annealStrategy != defaults.annealStrategy)
        out[key] = s.annealStrategy == AnnealStrategy::cos ? "cos" : "linear";
    }
    else if (key == "div_factor") number(s.divFactor, defaults.divFactor);
    else if (key == "final_div_factor") number(s.finalDivFactor, defaults.finalDivFactor);
    else if (key == "three_phase") flag(s.threePhase, defaults.threePhase);
  }
  return out;
}

void writeRunVariations(const RunSpec& run, OrderedJson& item) {
  const RunSpec& written = run.group ? run.group->source : run;
  if (written.noise.active() || written.noise.seed != 0) {
    OrderedJson noise;
    noise["sigma"] = jsonNumber(written.noise.sigma);
    noise["seed"] = written.noise.seed;
    item["noise"] = noise;
  }
  if (written.schedule) {
    item["schedule"] = scheduleJson(*written.schedule, false);
  }
  if (!run.group) return;
  if (const auto& sweep = run.group->sweep) {
    OrderedJson out;
    out["param"] = sweep->param;
    out["from"] = jsonNumber(sweep->from);
    out["to"] = jsonNumber(sweep->to);
    out["count"] = sweep->count;
    out["scale"] = sweep->logScale ? "log" : "linear";
    item["sweep"] = out;
  }
  if (const auto& ensemble = run.group->ensemble) {
    OrderedJson out;
    out["count"] = ensemble->count;
    if (ensemble->grid) {
      out["grid"] = true;
    } else {
      out["spread"] = jsonNumber(ensemble->spread);
      out["seed"] = ensemble->seed;
    }
    item["ensemble"] = out;
  }
}

}  // namespace gradscape::core
