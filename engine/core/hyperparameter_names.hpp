// Numeric hyperparameters by the names command lines use: torch's keys ("lr", "weight_decay"), and
// "beta1"/"beta2" for the two halves of "betas". For phase maps (and anything that sets one by name).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/optimizer.hpp"

namespace gradscape::core {

enum class NumericHyperparameter {
  lr, momentum, dampening, weightDecay, beta1, beta2, eps, lrDecay, initialAccumulatorValue, alpha, rho, momentumDecay,
};
inline constexpr int kNumericHyperparameterCount = 12;

// "weight_decay", "beta1", ...
std::string_view numericHyperparameterName(NumericHyperparameter which);
// false when `name` is not one of the twelve.
bool parseNumericHyperparameter(std::string_view name, NumericHyperparameter& which);
// Whether `kind` has it (torch's constructor takes it; beta1/beta2 when it takes betas).
bool optimizerHas(OptimizerKind kind, NumericHyperparameter which);
// The numeric names `kind` accepts, comma separated, for messages: "lr, beta1, beta2, eps, weight_decay".
std::string numericHyperparameterNames(OptimizerKind kind);

double hyperparameterValue(const OptimizerConfig& config, NumericHyperparameter which);
void setHyperparameter(OptimizerConfig& config, NumericHyperparameter which, double value);

}  // namespace gradscape::core
