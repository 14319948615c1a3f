// torch.optim's nine optimizers (PyTorch 1.13, single-tensor path, float64): defaults, validation, updates.
#include "core/optimizer.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/number_format.hpp"

namespace gradscape::core {

namespace {

struct KindName {
  OptimizerKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {OptimizerKind::sgd, "sgd"},         {OptimizerKind::adam, "adam"},         {OptimizerKind::adamw, "adamw"},
    {OptimizerKind::adagrad, "adagrad"}, {OptimizerKind::rmsprop, "rmsprop"},   {OptimizerKind::adadelta, "adadelta"},
    {OptimizerKind::adamax, "adamax"},   {OptimizerKind::nadam, "nadam"},       {OptimizerKind::radam, "radam"},
};

using Type = HyperparameterInfo::Type;
// In the order of each torch.optim constructor's signature.
constexpr HyperparameterInfo kSgd[] = {
    {"lr", Type::number}, {"momentum", Type::number}, {"dampening", Type::number},
    {"weight_decay", Type::number}, {"nesterov", Type::boolean}};
constexpr HyperparameterInfo kAdam[] = {
    {"lr", Type::number}, {"betas", Type::pair}, {"eps", Type::number},
    {"weight_decay", Type::number}, {"amsgrad", Type::boolean}};
constexpr HyperparameterInfo kAdagrad[] = {
    {"lr", Type::number}, {"lr_decay", Type::number}, {"weight_decay", Type::number},
    {"initial_accumulator_value", Type::number}, {"eps", Type::number}};
constexpr HyperparameterInfo kRmsprop[] = {
    {"lr", Type::number}, {"alpha", Type::number}, {"eps", Type::number},
    {"weight_decay", Type::number}, {"momentum", Type::number}, {"centered", Type::boolean}};
constexpr HyperparameterInfo kAdadelta[] = {
    {"lr", Type::number}, {"rho", Type::number}, {"eps", Type::number}, {"weight_decay", Type::number}};
constexpr HyperparameterInfo kAdamax[] = {
    {"lr", Type::number}, {"betas", Type::pair}, {"eps", Type::number}, {"weight_decay", Type::number}};
constexpr HyperparameterInfo kNadam[] = {
    {"lr", Type::number}, {"betas", Type::pair}, {"eps", Type::number},
    {"weight_decay", Type::number}, {"momentum_decay", Type::number}};

// Below this, 1 - beta^step rounds to exactly 1 (1 - 2^-54 already does) and, beta being < 1,
// stays so at every later step even with pow's last-bit error.
constexpr double kNegligiblePower = 0x1p-60;

[[noreturn]] void reject(std::string_view key, const std::string& rule, double value) {
  throw Error(std::string(key) + ": " + rule + " (got " + formatShortest(value) + ")");
}

void requireFinite(std::string_view key, double value) {
  if (!std::isfinite(value)) reject(key, "must be finite", value);
}

// torch: `if not 0.0 <= value: raise ValueError(...)`
void requireNonNegative(std::string_view key, double value) {
  requireFinite(key, value);
  if (!(value >= 0)) reject(key, "must be >= 0", value);
}

void requireBetas(const std::array<double, 2>& betas) {
  for (int i = 0; i < 2; ++i) {
    const std::string key = "betas[" + std::to_string(i) + "]";
    requireFinite(key, betas[i]);
    if (!(betas[i] >= 0 && betas[i] < 1)) reject(key, "must be in [0, 1)", betas[i]);
  }
}

}  // namespace

std::string_view optimizerName(OptimizerKind kind) {
  for (const auto& entry : kKindNames)
    if (entry.kind == kind) return entry.name;
  return "unknown";
}

bool parseOptimizerName(std::string_view name, OptimizerKind& kind) {
  for (const auto& entry : kKindNames)
    if (entry.name == name) {
      kind = entry.kind;
      return true;
    }
  return false;
}

OptimizerConfig OptimizerConfig::defaultsFor(OptimizerKind kind) {
  OptimizerConfig config;
  config.kind = kind;
  switch (kind) {
    case OptimizerKind::sgd: config.lr = 0.01; break;  // torch has no default lr for SGD; the article's step
    case OptimizerKind::adam: config.lr = 1e-3; break;
    case OptimizerKind::adamw: config.lr = 1e-3; config.weightDecay = 1e-2; break;
    case OptimizerKind::adagrad: config.lr = 1e-2; config.eps = 1e-10; break;
    case OptimizerKind::rmsprop: config.lr = 1e-2; break;
    case OptimizerKind::adadelta: config.lr = 1.0; config.eps = 1e-6; break;
    case OptimizerKind::adamax: config.lr = 2e-3; break;
    case OptimizerKind::nadam: config.lr = 2e-3; break;
    case OptimizerKind::radam: config.lr = 1e-3; break;
  }
  return config;
}

std::span<const HyperparameterInfo> hyperparameters(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::sgd: return kSgd;
    case OptimizerKind::adam:
    case OptimizerKind::adamw: return kAdam;
    case OptimizerKind::adagrad: return kAdagrad;
    case OptimizerKind::rmsprop: return kRmsprop;
    case OptimizerKind::adadelta: return kAdadelta;
    case OptimizerKind::adamax:
    case OptimizerKind::radam: return kAdamax;  // the same four keys
    case OptimizerKind::nadam: return kNadam;
  }
  return {};
}

// The checks of each torch.optim constructor, in its order.
void validate(const OptimizerConfig& c) {
  requireNonNegative("lr", c.lr);
  switch (c.kind) {
    case OptimizerKind::sgd:
      requireNonNegative("momentum", c.momentum);
      requireNonNegative("weight_decay", c.weightDecay);
      requireFinite("dampening", c.dampening);  // torch accepts any dampening
      if (c.nesterov && (c.momentum <= 0 || c.dampening != 0))
        throw Error("nesterov: needs momentum > 0 and dampening = 0 (got momentum " + formatShortest(c.momentum) +
                    ", dampening " + formatShortest(c.dampening) + ")");
      return;
    case OptimizerKind::adam:
    case OptimizerKind::adamw:
    case OptimizerKind::adamax:
    case OptimizerKind::nadam:
    case OptimizerKind::radam:
      requireNonNegative("eps", c.eps);
      requireBetas(c.betas);
      requireNonNegative("weight_decay", c.weightDecay);
      if (c.kind == OptimizerKind::nadam) requireNonNegative("momentum_decay", c.momentumDecay);
      return;
    case OptimizerKind::adagrad:
      requireNonNegative("lr_decay", c.lrDecay);
      requireNonNegative("weight_decay", c.weightDecay);
      requireNonNegative("initial_accumulator_value", c.initialAccumulatorValue);
      requireNonNegative("eps", c.eps);
      return;
    case OptimizerKind::rmsprop:
      requireNonNegative("eps", c.eps);
      requireNonNegative("momentum", c.momentum);
      requireNonNegative("weight_decay", c.weightDecay);
      requireNonNegative("alpha", c.alpha);  // torch allows alpha > 1
      return;
    case OptimizerKind::adadelta:
      requireFinite("rho", c.rho);
      if (!(c.rho >= 0 && c.rho <= 1)) reject("rho", "must be in [0, 1]", c.rho);
      requireNonNegative("eps", c.eps);
      requireNonNegative("weight_decay", c.weightDecay);
      return;
  }
}

Optimizer::Optimizer(const OptimizerConfig& config) : config_(config) {
  negativeLr_ = -config.lr;
  oneMinusDampening_ = 1 - config.dampening;
  switch (config.kind) {
    case OptimizerKind::rmsprop: oneMinusBeta1_ = 1 - config.alpha; break;
    case OptimizerKind::adadelta: oneMinusBeta1_ = 1 - config.rho; break;
    default:
      oneMinusBeta1_ = 1 - config.betas[0];
      oneMinusBeta2_ = 1 - config.betas[1];
      break;
  }
  decoupledDecayFactor_ = 1 - config.lr * config.weightDecay;
  if (config.kind == OptimizerKind::adagrad) buf1_.fill(config.initialAccumulatorValue);  // torch.full_like
}

void Optimizer::setScheduledHyperparameters(double lr, double momentum, double beta1) {
  config_.lr = lr;
  config_.momentum = momentum;
  negativeLr_ = -lr;
  decoupledDecayFactor_ = 1 - lr * config_.weightDecay;
  if (config_.kind != OptimizerKind::rmsprop && config_.kind != OptimizerKind::adadelta && beta1 != config_.betas[0]) {
    config_.betas[0] = beta1;
    oneMinusBeta1_ = 1 - beta1;
    // beta1^step was negligible for the old beta1, maybe not for this one: recompute from here on.
    biasCorrectionsSettled_ = false;
  }
  // Settled, torch's step_size is lr / 1.
  if (biasCorrectionsSettled_) negativeStepSize_ = -lr;
}

void Optimizer::updateAdamBiasCorrections() {
  const double power1 = std::pow(config_.betas[0], stepCount_);
  const double power2 = std::pow(config_.betas[1], stepCount_);
  const double biasCorrection1 = 1 - power1;
  const double biasCorrection2 = 1 - power2;
  negativeStepSize_ = -(config_.lr / biasCorrection1);
  biasCorrection2Sqrt_ = std::sqrt(biasCorrection2);
  biasCorrectionsSettled_ = power1 < kNegligiblePower && power2 < kNegligiblePower;
}

void Optimizer::stepOther(std::array<double, 2>& p, const std::array<double, 2>& g) {
  switch (config_.kind) {
    case OptimizerKind::adagrad: stepAdagrad(p, g); return;
    case OptimizerKind::rmsprop: stepRmsprop(p, g); return;
    case OptimizerKind::adadelta: stepAdadelta(p, g); return;
    case OptimizerKind::adamax: stepAdamax(p, g); return;
    case OptimizerKind::nadam: stepNadam(p, g); return;
    case OptimizerKind::radam: stepRadam(p, g); return;
    case OptimizerKind::sgd: stepSgd(p, g); return;
    case OptimizerKind::adam:
    case OptimizerKind::adamw: stepAdam(p, g); return;
  }
}

// _single_tensor_adagrad (dense): buf1_ sum
void Optimizer::stepAdagrad(std::array<double, 2>& p, const std::array<double, 2>& g) {
  using namespace torch_ops;
  const OptimizerConfig& c = config_;
  stepCount_ += 1;
  const double clr = c.lr / (1 + (stepCount_ - 1) * c.lrDecay);
  for (int i = 0; i < 2; ++i) {
    double grad = g[i];
    if (c.weightDecay != 0) grad = add(grad, p[i], c.weightDecay);
    buf1_[i] = addcmul(buf1_[i], grad, grad, 1);   // state_sum.addcmul_(grad, grad, value=1)
    const double root = std::sqrt(buf1_[i]) + c.eps;  // std = state_sum.sqrt().add_(eps)
    p[i] = addcdiv(p[i], grad, root, -clr);
  }
}

// _single_tensor_rmsprop: buf1_ square_avg, buf2_ grad_avg, buf3_ momentum_buffer (zeros at start)
void Optimizer::stepRmsprop(std::array<double, 2>& p, const std::array<double, 2>& g) {
  using namespace torch_ops;
  const OptimizerConfig& c = config_;
  const double oneMinusAlpha = oneMinusBeta1_;
  for (int i = 0; i < 2; ++i) {
    double grad = g[i];
    if (c.weightDecay != 0) grad = add(grad, p[i], c.weightDecay);
    buf1_[i] = addcmul(buf1_[i] * c.alpha, grad, grad, oneMinusAlpha);
    double average;
    if (c.centered) {
      buf2_[i] = add(buf2_[i] * c.alpha, grad, oneMinusAlpha);
      average = std::sqrt(addcmul(buf1_[i], buf2_[i], buf2_[i], -1));  // square_avg.addcmul(grad_avg, grad_avg, value=-1)
    } else {
      average = std::sqrt(buf1_[i]);
    }
    average = average + c.eps;
    if (c.momentum > 0) {
      buf3_[i] = addcdiv(buf3_[i] * c.momentum, grad, average, 1);  // buf.mul_(momentum).addcdiv_(grad, avg)
      p[i] = add(p[i], buf3_[i], negativeLr_);
    } else {
      p[i] = addcdiv(p[i], grad, average, negativeLr_);
    }
  }
}

// _single_tensor_adadelta: buf1_ square_avg, buf2_ acc_delta
void Optimizer::stepAdadelta(std::array<double, 2>& p, const std::array<double, 2>& g) {
  using namespace torch_ops;
  const OptimizerConfig& c = config_;
  const double oneMinusRho = oneMinusBeta1_;
  for (int i = 0; i < 2; ++i) {
    double grad = g[i];
    if (c.weightDecay != 0) grad = add(grad, p[i], c.weightDecay);
    buf1_[i] = addcmul(buf1_[i] * c.rho, grad, grad, oneMinusRho);
    const double root = std::sqrt(buf1_[i] + c.eps);                   // std = square_avg.add(eps).sqrt_()
    const double delta = std::sqrt(buf2_[i] + c.eps) / root * grad;   // acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
    buf2_[i] = addcmul(buf2_[i] * c.rho, delta, delta, oneMinusRho);
    p[i] = add(p[i], delta, negativeLr_);
  }
}

// _single_tensor_adamax: buf1_ exp_avg, buf2_ exp_inf
void Optimizer::stepAdamax(std::array<double, 2>& p, const std::array<double, 2>& g) {
  using namespace torch_ops;
  const OptimizerConfig& c = config_;
  stepCount_ += 1;
  const double clr = c.lr / (1 - std::pow(c.betas[0], stepCount_));
  for (int i = 0; i < 2; ++i) {
    double grad = g[i];
    if (c.weightDecay != 0) grad = add(grad, p[i], c.weightDecay);
    buf1_[i] = add(buf1_[i] * c.betas[0], grad, oneMinusBeta1_);
    buf2_[i] = maximum(buf2_[i] * c.betas[1], std::fabs(grad) + c.eps);  // amax over [exp_inf * beta2, |grad| + eps]
    p[i] = addcdiv(p[i], buf1_[i], buf2_[i], -clr);
  }
}

// _single_tensor_nadam with torch >= 2.0's momentum product: mu_product_next = mu_product * mu_next
// (torch 1.13 multiplies mu in twice). buf1_ exp_avg, buf2_ exp_avg_sq.
void Optimizer::stepNadam(std::array<double, 2>& p, const std::array<double, 2>& g) {
  using namespace torch_ops;
  const OptimizerConfig& c = config_;
  const double beta1 = c.betas[0];
  stepCount_ += 1;
  const double biasCorrection2 = 1 - std::pow(c.betas[1], stepCount_);
  // The momentum cache mu at this step and the next.
  const double mu = beta1 * (1. - 0.5 * std::pow(0.96, stepCount_ * c.momentumDecay));
  const double muNext = beta1 * (1. - 0.5 * std::pow(0.96, (stepCount_ + 1) * c.momentumDecay));
  muProduct_ *= mu;
  const double muProductNext = muProduct_ * muNext;
  const double gradWeight = -c.lr * (1. - mu) / (1. - muProduct_);
  const double momentumWeight = -c.lr * muNext / (1. - muProductNext);
  for (int i = 0; i < 2; ++i) {
    double grad = g[i];
    if (c.weightDecay != 0) grad = add(grad, p[i], c.weightDecay);
    buf1_[i] = add(buf1_[i] * beta1, grad, oneMinusBeta1_);
    buf2_[i] = addcmul(buf2_[i] * c.betas[1], grad, grad, oneMinusBeta2_);
    const double denominator = std::sqrt(buf2_[i] / biasCorrection2) + c.eps;
    p[i] = addcdiv(p[i], grad, denominator, gradWeight);
    p[i] = addcdiv(p[i], buf1_[i], denominator, momentumWeight);
  }
}

// _single_tensor_radam: buf1_ exp_avg, buf2_ exp_avg_sq
void Optimizer::stepRadam(std::array<double, 2>& p, const std::array<double, 2>& g) {
  using namespace torch_ops;
  const OptimizerConfig& c = config_;
  const double beta2 = c.betas[1];
  stepCount_ += 1;
  const double beta2Power = std::pow(beta2, stepCount_);
  const double biasCorrection1 = 1 - std::pow(c.betas[0], stepCount_);
  const double biasCorrection2 = 1 - beta2Power;
  // The maximum length of the approximated simple moving average, its length now, and the
  // variance rectification once it is long enough.
  const double rhoInf = 2 / (1 - beta2) - 1;
  const double rhoT = rhoInf - 2 * stepCount_ * beta2Power / biasCorrection2;
  const bool rectified = rhoT > 5.;
  const double rect =
      rectified ? std::sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
  const double biasCorrection2Sqrt = std::sqrt(biasCorrection2);
  for (int i = 0; i < 2; ++i) {
    double grad = g[i];
    if (c.weightDecay != 0) grad = add(grad, p[i], c.weightDecay);
    buf1_[i] = add(buf1_[i] * c.betas[0], grad, oneMinusBeta1_);
    buf2_[i] = addcmul(buf2_[i] * beta2, grad, grad, oneMinusBeta2_);
    const double biasCorrectedExpAvg = buf1_[i] / biasCorrection1;
    if (rectified) {
      // float / tensor is tensor.reciprocal() * float in torch.
      const double adaptiveLr = (1.0 / (std::sqrt(buf2_[i]) + c.eps)) * biasCorrection2Sqrt;
      p[i] = add(p[i], biasCorrectedExpAvg * c.lr * adaptiveLr * rect, -1.0);
    } else {
      p[i] = add(p[i], biasCorrectedExpAvg * c.lr, -1.0);
    }
  }
}

}  // namespace gradscape::core
