// The run editor's noise and learning-rate schedule sections (ImGui). Each returns the edited run when
// the person changed something valid; an invalid value leaves the run as it is and sets `error` (what a
// scene file with that value would be told), shown by the panel like any other rejected edit.
#pragma once

#include <optional>
#include <string>

#include "core/scene.hpp"

namespace gradscape::app {

// sigma (a log slider, 0 = none), the seed, and a "new seed" button.
std::optional<core::RunSpec> drawNoiseEditor(const core::RunSpec& run, std::string& error);

// The schedule's class (or none) and every argument of that class, with torch's names.
std::optional<core::RunSpec> drawScheduleEditor(const core::RunSpec& run, std::string& error);

}  // namespace gradscape::app
