// Noise and schedule sections of the run editor.
#include "viewer/run_variation_editor.hpp"

#include <imgui.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "core/noise.hpp"
#include "core/scene_run_keys.hpp"
#include "core/schedule.hpp"
#include "viewer/run_variation_fields.hpp"

namespace gradscape::app {
namespace {

constexpr std::array kScheduleKinds = {core::ScheduleKind::StepLR,           core::ScheduleKind::MultiStepLR,
                                       core::ScheduleKind::ExponentialLR,    core::ScheduleKind::CosineAnnealingLR,
                                       core::ScheduleKind::LinearLR,         core::ScheduleKind::CyclicLR,
                                       core::ScheduleKind::OneCycleLR};

// The values a "choice" argument takes, as torch spells them.
std::span<const char* const> choicesOf(std::string_view key) {
  static constexpr const char* kModes[] = {"triangular", "triangular2", "exp_range"};
  static constexpr const char* kStrategies[] = {"cos", "linear"};
  if (key == "mode") return kModes;
  return kStrategies;
}

std::string listText(const nlohmann::json& list) {
  std::string text;
  for (const auto& value : list) text += (text.empty() ? "" : ", ") + value.dump();
  return text;
}

// Draws one argument's field; true when the person changed `value`.
bool drawArgument(const core::ScheduleArgument& argument, nlohmann::json& value) {
  const std::string key(argument.key);
  using Type = core::ScheduleArgument::Type;
  switch (argument.type) {
    case Type::number: {
      double number = value.is_number() ? value.get<double>() : 0.0;
      if (!ImGui::InputScalar(key.c_str(), ImGuiDataType_Double, &number, nullptr, nullptr, "%.6g")) return false;
      value = number;
      return true;
    }
    case Type::whole: {
      std::int64_t whole = value.is_number() ? value.get<std::int64_t>() : 0;
      const std::int64_t step = 1, stepFast = 10;
      if (!ImGui::InputScalar(key.c_str(), ImGuiDataType_S64, &whole, &step, &stepFast)) return false;
      value = whole;
      return true;
    }
    case Type::boolean: {
      bool flag = value.is_boolean() && value.get<bool>();
      if (!ImGui::Checkbox(key.c_str(), &flag)) return false;
      value = flag;
      return true;
    }
    case Type::choice: {
      const std::string current = value.is_string() ? value.get<std::string>() : "";
      bool changed = false;
      if (ImGui::BeginCombo(key.c_str(), current.c_str())) {
        for (const char* choice : choicesOf(key))
          if (ImGui::Selectable(choice, current == choice)) value = choice, changed = true;
        ImGui::EndCombo();
      }
      return changed;
    }
    case Type::wholeList: {
      // Applied on Enter: "50, 1" on the way to "50, 100" is not meant. While the field is active ImGui
      // keeps the text being typed; the buffer only seeds it.
      const std::string shown = listText(value);
      std::array<char, 256> buffer{};
      shown.copy(buffer.data(), buffer.size() - 1);
      if (!ImGui::InputText(key.c_str(), buffer.data(), buffer.size(), ImGuiInputTextFlags_EnterReturnsTrue)) return false;
      nlohmann::json list = nlohmann::json::array();
      std::string_view rest = buffer.data();
      while (!rest.empty()) {
        const std::size_t comma = std::min(rest.find(','), rest.size());
        const std::string item(rest.substr(0, comma));
        if (item.find_first_not_of(' ') != std::string::npos) list.push_back(std::strtoll(item.c_str(), nullptr, 10));
        rest.remove_prefix(std::min(comma + 1, rest.size()));
      }
      value = list;
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<core::RunSpec> drawNoiseEditor(const core::RunSpec& run, std::string& error) {
  double sigma = run.noise.sigma;
  const double lo = 0, hi = 1000;
  std::optional<core::RunSpec> edited;
  try {
    if (ImGui::SliderScalar("noise sigma", ImGuiDataType_Double, &sigma, &lo, &hi, "%.4g", ImGuiSliderFlags_Logarithmic))
      edited = withNoise(run, sigma, std::nullopt, "noise");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("N(0, sigma^2) added to each gradient component before each step; 0 = exact gradients");
    std::uint64_t seed = run.noise.seed;
    if (ImGui::InputScalar("seed", ImGuiDataType_U64, &seed)) edited = withNoise(run, std::nullopt, seed, "noise");
    ImGui::SameLine();
    if (ImGui::SmallButton("new seed")) edited = withNoise(run, std::nullopt, nextNoiseSeed(run.noise.seed), "noise");
  } catch (const Error& failure) {
    error = failure.what();
    return std::nullopt;
  }
  return edited;
}

std::optional<core::RunSpec> drawScheduleEditor(const core::RunSpec& run, std::string& error) {
  const std::string current = run.schedule ? std::string(core::scheduleName(run.schedule->kind)) : "none";
  std::optional<nlohmann::json> chosen;  // the schedule the person asked for (null: none)
  if (ImGui::BeginCombo("schedule", current.c_str())) {
    if (ImGui::Selectable("none", !run.schedule) && run.schedule) chosen = nullptr;
    for (core::ScheduleKind kind : kScheduleKinds) {
      const std::string name(core::scheduleName(kind));
      if (ImGui::Selectable(name.c_str(), name == current) && name != current) chosen = scheduleTemplate(name, run);
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("torch.optim.lr_scheduler, stepped after each optimizer step");
  if (!chosen && run.schedule) {
    nlohmann::json schedule = core::scheduleJson(*run.schedule, true);
    ImGui::Indent();
    for (const core::ScheduleArgument& argument : core::scheduleArguments(run.schedule->kind)) {
      const std::string key(argument.key);
      if (!schedule.contains(key)) continue;  // step_size_down: torch's None (= step_size_up)
      nlohmann::json value = schedule[key];
      if (drawArgument(argument, value)) {
        schedule[key] = value;
        chosen = schedule;
      }
    }
    ImGui::Unindent();
  }
  if (!chosen) return std::nullopt;
  try {
    return withSchedule(run, *chosen, "schedule");
  } catch (const Error& failure) {
    error = failure.what();
    return std::nullopt;
  }
}

}  // namespace gradscape::app
