// Addresses an optimizer hyperparameter by its scene-file key ("weight_decay"), for the panel and scripts.
#pragma once

#include <array>
#include <string_view>

#include "core/optimizer.hpp"

namespace gradscape::app {

template <class Config>  // core::OptimizerConfig or const core::OptimizerConfig
struct HyperparameterFieldOf {
  core::HyperparameterInfo info;
  // Exactly one is set, matching info.type.
  decltype(&std::declval<Config&>().lr) number = nullptr;
  decltype(&std::declval<Config&>().nesterov) boolean = nullptr;
  decltype(&std::declval<Config&>().betas) pair = nullptr;
};
using HyperparameterField = HyperparameterFieldOf<core::OptimizerConfig>;

// The member of `config` that `key` names; number == boolean == pair == nullptr for an unknown key.
template <class Config>
HyperparameterFieldOf<Config> hyperparameterField(Config& config, std::string_view key) {
  HyperparameterFieldOf<Config> field;
  field.info = {key, core::HyperparameterInfo::Type::number};
  if (key == "lr") field.number = &config.lr;
  else if (key == "momentum") field.number = &config.momentum;
  else if (key == "dampening") field.number = &config.dampening;
  else if (key == "weight_decay") field.number = &config.weightDecay;
  else if (key == "eps") field.number = &config.eps;
  else if (key == "lr_decay") field.number = &config.lrDecay;
  else if (key == "initial_accumulator_value") field.number = &config.initialAccumulatorValue;
  else if (key == "alpha") field.number = &config.alpha;
  else if (key == "rho") field.number = &config.rho;
  else if (key == "momentum_decay") field.number = &config.momentumDecay;
  else if (key == "betas") field.pair = &config.betas, field.info.type = core::HyperparameterInfo::Type::pair;
  else if (key == "nesterov") field.boolean = &config.nesterov, field.info.type = core::HyperparameterInfo::Type::boolean;
  else if (key == "amsgrad") field.boolean = &config.amsgrad, field.info.type = core::HyperparameterInfo::Type::boolean;
  else if (key == "centered") field.boolean = &config.centered, field.info.type = core::HyperparameterInfo::Type::boolean;
  return field;
}

// Whether `kind` accepts `key` (torch's list, from core::hyperparameters()).
inline bool acceptsHyperparameter(core::OptimizerKind kind, std::string_view key) {
  for (const auto& info : core::hyperparameters(kind))
    if (info.key == key) return true;
  return false;
}

}  // namespace gradscape::app
