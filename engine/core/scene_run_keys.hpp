// The run keys "noise", "schedule", "sweep" and "ensemble": reading them (errors name the JSON path) and
// writing them back in canonical form. Called by scene.cpp's run reader and writer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/json_reader.hpp"
#include "core/run_expansion.hpp"
#include "core/scene.hpp"

namespace gradscape::core {

// The keys these functions read, for the run's list of allowed keys.
inline constexpr const char* kRunVariationKeys[] = {"noise", "schedule", "sweep", "ensemble"};

// Reads "noise" and "schedule" of the run object `value` at `path` into `run` (its optimizer and
// iterations already read), validating the schedule against them.
void readNoiseAndSchedule(const json_reading::Reader& reader, const nlohmann::json& value, const std::string& path, RunSpec& run);

// The run's group when it has "sweep" or "ensemble" (null otherwise).
std::shared_ptr<const RunGroup> readRunGroup(const json_reading::Reader& reader, const nlohmann::json& value,
                                             const std::string& path, const RunSpec& run);

// Appends the scene's run `source` (index `sourceIndex` in the file) to `runs`: itself, or its expansion.
// Enforces kMaxRuns and kMaxParticles over all runs so far, and sets every run's noise stream to its index.
void appendExpandedRuns(const json_reading::Reader& reader, const std::string& path, std::size_t sourceIndex,
                        const RunSpec& source, const std::shared_ptr<const RunGroup>& group, const Domain& domain,
                        std::vector<RunSpec>& runs);

// A schedule as its JSON object: {"name": ..., arguments}. Only required arguments and those that differ
// from torch's defaults, as saved; or every argument of its class (`everyArgument`, for editors).
nlohmann::ordered_json scheduleJson(const ScheduleSpec& schedule, bool everyArgument);
// Writes noise, schedule, sweep and ensemble of a run into its JSON object (nothing when absent).
void writeRunVariations(const RunSpec& run, nlohmann::ordered_json& item);

// Whether saving writes this run: runs that are not member 0 of a group are written by that member.
inline bool isWrittenRun(const RunSpec& run) { return !run.group || run.member == 0; }

}  // namespace gradscape::core
