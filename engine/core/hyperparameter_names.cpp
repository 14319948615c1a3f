// Numeric hyperparameters by name: the name table and the OptimizerConfig field each one is.
#include "core/hyperparameter_names.hpp"

namespace gradscape::core {
namespace {

using Which = NumericHyperparameter;

constexpr std::array<std::string_view, kNumericHyperparameterCount> kNames{
    "lr", "momentum", "dampening", "weight_decay", "beta1", "beta2", "eps", "lr_decay", "initial_accumulator_value",
    "alpha", "rho", "momentum_decay"};

double& field(OptimizerConfig& c, Which which) {
  switch (which) {
    case Which::lr: return c.lr;
    case Which::momentum: return c.momentum;
    case Which::dampening: return c.dampening;
    case Which::weightDecay: return c.weightDecay;
    case Which::beta1: return c.betas[0];
    case Which::beta2: return c.betas[1];
    case Which::eps: return c.eps;
    case Which::lrDecay: return c.lrDecay;
    case Which::initialAccumulatorValue: return c.initialAccumulatorValue;
    case Which::alpha: return c.alpha;
    case Which::rho: return c.rho;
    case Which::momentumDecay: return c.momentumDecay;
  }
  return c.lr;
}

}  // namespace

std::string_view numericHyperparameterName(Which which) { return kNames[static_cast<std::size_t>(which)]; }

bool parseNumericHyperparameter(std::string_view name, Which& which) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) {
      which = static_cast<Which>(i);
      return true;
    }
  return false;
}

bool optimizerHas(OptimizerKind kind, Which which) {
  const std::string_view name = numericHyperparameterName(which);
  const std::string_view key = which == Which::beta1 || which == Which::beta2 ? "betas" : name;
  for (const HyperparameterInfo& info : hyperparameters(kind))
    if (info.key == key) return true;
  return false;
}

std::string numericHyperparameterNames(OptimizerKind kind) {
  std::string names;
  for (const HyperparameterInfo& info : hyperparameters(kind)) {
    if (info.type == HyperparameterInfo::Type::boolean) continue;
    const std::string key = info.type == HyperparameterInfo::Type::pair ? "beta1, beta2" : std::string(info.key);
    names += (names.empty() ? "" : ", ") + key;
  }
  return names;
}

double hyperparameterValue(const OptimizerConfig& config, Which which) {
  return field(const_cast<OptimizerConfig&>(config), which);
}

void setHyperparameter(OptimizerConfig& config, Which which, double value) { field(config, which) = value; }

}  // namespace gradscape::core
