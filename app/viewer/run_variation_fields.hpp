// Edits of a run's noise and learning-rate schedule, shared by the panel and the script's `set`. Every
// edit goes through the scene file's reader, so the viewer accepts exactly what a file accepts and says
// what is wrong the way loading a file would.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/scene.hpp"

namespace gradscape::app {

// `run` with noise sigma and/or seed replaced (the other kept). Throws gradscape::Error naming `origin`.
core::RunSpec withNoise(const core::RunSpec& run, std::optional<double> sigma, std::optional<std::uint64_t> seed,
                        const std::string& origin);

// `run` with the schedule given as its JSON object ({"name": ..., arguments}), or none when `schedule` is
// null. Throws gradscape::Error naming `origin` and the argument.
core::RunSpec withSchedule(const core::RunSpec& run, const nlohmann::json& schedule, const std::string& origin);

// The script's words for a schedule, "StepLR step_size 30 gamma 0.5" (milestones as "50,100"), as the
// JSON object withSchedule() reads. "none" gives null.
nlohmann::json scheduleFromWords(const std::vector<std::string>& words, const std::string& origin);

// A schedule of class `name` that makes sense for this run: its required arguments chosen from the run's
// lr and iterations (e.g. StepLR every quarter of the run, OneCycleLR over the whole run to 10 × lr).
nlohmann::json scheduleTemplate(std::string_view name, const core::RunSpec& run);

// The "new seed" button's next seed: a fixed mixing of the current one (SplitMix64's finaliser), so
// successive seeds look unrelated and a session can be replayed.
std::uint64_t nextNoiseSeed(std::uint64_t seed);

}  // namespace gradscape::app
