// Noise and schedule edits through the scene reader (see the header).
#include "viewer/run_variation_fields.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/json_reader.hpp"
#include "core/noise.hpp"
#include "core/scene_run_keys.hpp"
#include "core/scene_values.hpp"
#include "core/schedule.hpp"

namespace gradscape::app {
namespace {

core::RunSpec readVariation(const core::RunSpec& run, const nlohmann::json& object, const std::string& origin) {
  core::RunSpec edited = run;
  const core::json_reading::Reader reader(origin);
  core::readNoiseAndSchedule(reader, object, "", edited);
  return edited;
}

nlohmann::json scalarWord(const std::string& word) {
  if (word == "true") return true;
  if (word == "false") return false;
  if (const std::optional<double> number = core::parseNumber(word)) {
    if (*number == std::floor(*number) && std::fabs(*number) < 9.0e15) return static_cast<std::int64_t>(*number);
    return *number;
  }
  return word;  // a choice ("triangular2", "linear"), or wrong: the reader names the argument
}

}  // namespace

core::RunSpec withNoise(const core::RunSpec& run, std::optional<double> sigma, std::optional<std::uint64_t> seed,
                        const std::string& origin) {
  nlohmann::json noise{{"sigma", sigma.value_or(run.noise.sigma)}, {"seed", seed.value_or(run.noise.seed)}};
  if (sigma && !std::isfinite(*sigma)) noise["sigma"] = nullptr;  // JSON has no inf: the reader rejects null
  return readVariation(run, nlohmann::json{{"noise", noise}}, origin);
}

core::RunSpec withSchedule(const core::RunSpec& run, const nlohmann::json& schedule, const std::string& origin) {
  if (schedule.is_null()) {
    core::RunSpec edited = run;
    edited.schedule.reset();
    return edited;
  }
  return readVariation(run, nlohmann::json{{"schedule", schedule}}, origin);
}

nlohmann::json scheduleFromWords(const std::vector<std::string>& words, const std::string& origin) {
  if (words.empty()) throw Error(origin + ": expected none or a schedule name and its arguments");
  if (words.size() == 1 && words[0] == "none") return nullptr;
  if (words.size() % 2 == 0) throw Error(origin + ": expected NAME, then argument and value pairs");
  nlohmann::json schedule{{"name", words[0]}};
  for (std::size_t i = 1; i + 1 < words.size(); i += 2) {
    const std::string& key = words[i];
    const std::string& value = words[i + 1];
    if (key == "milestones") {
      nlohmann::json list = nlohmann::json::array();
      std::size_t begin = 0;
      while (begin <= value.size()) {
        const std::size_t end = std::min(value.find(',', begin), value.size());
        list.push_back(scalarWord(value.substr(begin, end - begin)));
        begin = end + 1;
      }
      schedule[key] = list;
    } else {
      schedule[key] = scalarWord(value);
    }
  }
  return schedule;
}

nlohmann::json scheduleTemplate(std::string_view name, const core::RunSpec& run) {
  const std::int64_t n = std::max<std::int64_t>(run.iterations, 1);
  const double lr = run.optimizer.lr > 0 ? run.optimizer.lr : 1e-3;
  nlohmann::json schedule{{"name", std::string(name)}};
  if (name == "StepLR") {
    schedule["step_size"] = std::max<std::int64_t>(n / 4, 1);
    schedule["gamma"] = 0.5;
  } else if (name == "MultiStepLR") {
    schedule["milestones"] = {std::max<std::int64_t>(n / 2, 1), std::max<std::int64_t>(3 * n / 4, 2)};
  } else if (name == "ExponentialLR") {
    schedule["gamma"] = 0.99;
  } else if (name == "CosineAnnealingLR") {
    schedule["T_max"] = n;
  } else if (name == "LinearLR") {
    schedule["total_iters"] = std::max<std::int64_t>(n / 4, 1);
  } else if (name == "CyclicLR") {
    schedule["base_lr"] = lr / 10;
    schedule["max_lr"] = lr;
    schedule["step_size_up"] = std::max<std::int64_t>(n / 8, 1);
  } else if (name == "OneCycleLR") {
    schedule["max_lr"] = lr * 10;
    schedule["total_steps"] = n;
  }
  // torch cycles momentum by default and refuses to for an optimizer that has none: then the template
  // turns it off rather than offering a schedule that cannot run.
  if (name == "CyclicLR" || name == "OneCycleLR") {
    try {
      withSchedule(run, schedule, "schedule");
    } catch (const Error&) {
      schedule["cycle_momentum"] = false;
    }
  }
  return schedule;
}

std::uint64_t nextNoiseSeed(std::uint64_t seed) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return z & core::kMaxNoiseSeed;
}

}  // namespace gradscape::app
