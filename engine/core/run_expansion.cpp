// Sweeps and ensembles expanded into runs: swept values, particle starts, labels and viridis colours.
#include "core/run_expansion.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/error.hpp"
#include "core/hyperparameter_names.hpp"
#include "core/noise.hpp"
#include "core/number_format.hpp"

namespace gradscape::core {
namespace {

constexpr std::string_view kStartAndNoise[] = {"start.x", "start.y", "noise.sigma"};

// The optimizer's own numeric hyperparameters come from the one name table (core/hyperparameter_names.hpp),
// which phase maps use too; a sweep adds the start and the noise.
std::optional<NumericHyperparameter> optimizerNumber(OptimizerKind kind, std::string_view param) {
  NumericHyperparameter which{};
  if (parseNumericHyperparameter(param, which) && optimizerHas(kind, which)) return which;
  return std::nullopt;
}

}  // namespace

std::string sweepParameterNames(OptimizerKind kind) {
  std::string list = numericHyperparameterNames(kind);
  for (std::string_view name : kStartAndNoise) list += ", " + std::string(name);
  return list;
}

void checkSweepParameter(std::string_view param, OptimizerKind kind) {
  if (optimizerNumber(kind, param)) return;
  for (std::string_view name : kStartAndNoise)
    if (param == name) return;
  throw Error("'" + std::string(param) + "' is not a numeric hyperparameter of " + std::string(optimizerName(kind)) +
              " (expected one of: " + sweepParameterNames(kind) + ")");
}

double sweepValue(const SweepSpec& sweep, std::int64_t member) {
  if (member == 0 || sweep.count == 1) return sweep.from;
  if (member == sweep.count - 1) return sweep.to;
  const double t = static_cast<double>(member) / static_cast<double>(sweep.count - 1);
  if (sweep.logScale) return sweep.from * std::pow(sweep.to / sweep.from, t);
  return sweep.from + (sweep.to - sweep.from) * t;
}

void setSweptValue(RunSpec& run, std::string_view param, double value) {
  if (param == "start.x") run.start[0] = value;
  else if (param == "start.y") run.start[1] = value;
  else if (param == "noise.sigma") run.noise.sigma = value;
  else if (const auto which = optimizerNumber(run.optimizer.kind, param)) setHyperparameter(run.optimizer, *which, value);
  else throw Error("'" + std::string(param) + "' cannot be swept");
}

std::array<double, 2> particleStart(const EnsembleSpec& ensemble, const std::array<double, 2>& start, const Domain& domain,
                                    std::int64_t particle) {
  if (!ensemble.grid) {
    const auto z = normalPair(ensemble.seed, static_cast<std::uint64_t>(particle), 0);
    return {start[0] + ensemble.spread * z[0], start[1] + ensemble.spread * z[1]};
  }
  const auto side = static_cast<std::int64_t>(std::ceil(std::sqrt(static_cast<double>(ensemble.count))));
  if (side < 2) return {(domain.xMin + domain.xMax) / 2, (domain.yMin + domain.yMax) / 2};
  const std::int64_t i = particle % side, j = particle / side;
  const double n1 = static_cast<double>(side - 1);
  return {domain.xMin + static_cast<double>(i) * (domain.xMax - domain.xMin) / n1,
          domain.yMin + static_cast<double>(j) * (domain.yMax - domain.yMin) / n1};
}

std::vector<RunSpec> expandRunGroup(const std::shared_ptr<const RunGroup>& group, std::size_t sourceIndex, const Domain& domain) {
  const RunSpec& source = group->source;
  std::vector<RunSpec> runs;
  const std::int64_t count = group->sweep ? group->sweep->count : group->ensemble ? group->ensemble->count : 1;
  runs.reserve(static_cast<std::size_t>(count));
  const std::string prefix = source.label ? *source.label + ", " : "";
  const std::string particleLabel = (source.label ? *source.label : defaultLabel(source)) + " #";
  for (std::int64_t m = 0; m < count; ++m) {
    RunSpec run = source;
    run.group = group;
    run.member = m;
    if (const auto& sweep = group->sweep) {
      const double value = sweepValue(*sweep, m);
      setSweptValue(run, sweep->param, value);
      const std::string what = sweep->param + " = " + formatSignificant(value, 4);
      try {
        validate(run.optimizer);
        if (run.noise.sigma < 0 || !std::isfinite(run.noise.sigma)) throw Error("noise.sigma: must be >= 0");
      } catch (const Error& error) {
        throw Error(what + ": " + error.what());
      }
      run.label = prefix + what;
      run.color = viridis(count == 1 ? 0 : static_cast<double>(m) / static_cast<double>(count - 1));
    } else {
      run.start = particleStart(*group->ensemble, source.start, domain, m);
      run.label = particleLabel + std::to_string(m);
      if (!run.color) run.color = defaultColor(sourceIndex);
    }
    if (!run.marker) run.marker = defaultMarker(sourceIndex);
    runs.push_back(std::move(run));
  }
  return runs;
}

Rgb viridis(double t) {
  static constexpr Rgb kSamples[] = {
      {68, 1, 84},    {71, 13, 96},   {72, 24, 106},  {72, 35, 116},  {71, 45, 123},  {69, 55, 129},  {66, 64, 134},
      {62, 73, 137},  {59, 82, 139},  {55, 91, 141},  {51, 99, 141},  {47, 107, 142}, {44, 114, 142}, {41, 122, 142},
      {38, 130, 142}, {35, 137, 142}, {33, 145, 140}, {31, 152, 139}, {31, 160, 136}, {34, 167, 133}, {40, 174, 128},
      {50, 182, 122}, {63, 188, 115}, {78, 195, 107}, {94, 201, 98},  {112, 207, 87}, {132, 212, 75}, {152, 216, 62},
      {173, 220, 48}, {194, 223, 35}, {216, 226, 25}, {236, 229, 27}, {253, 231, 37}};
  constexpr int kLast = static_cast<int>(std::size(kSamples)) - 1;
  const double position = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * kLast;
  const int k = std::min(static_cast<int>(position), kLast - 1);
  const double f = position - k;
  auto mix = [&](std::uint8_t a, std::uint8_t b) { return static_cast<std::uint8_t>(std::lround(a + (b - a) * f)); };
  return {mix(kSamples[k].r, kSamples[k + 1].r), mix(kSamples[k].g, kSamples[k + 1].g), mix(kSamples[k].b, kSamples[k + 1].b)};
}

}  // namespace gradscape::core
