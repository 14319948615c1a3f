// Optimizers with torch.optim's semantics and defaults (PyTorch's single-tensor path), in float64.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

namespace gradscape::core {

enum class OptimizerKind { sgd, adam, adamw, adagrad, rmsprop, adadelta, adamax, nadam, radam };

std::string_view optimizerName(OptimizerKind kind);
// false when `name` is not one of the nine.
bool parseOptimizerName(std::string_view name, OptimizerKind& kind);

// Every hyperparameter of every optimizer; only those of `kind` mean anything.
// defaultsFor() fills torch's defaults (sgd's lr defaults to 0.01 here).
struct OptimizerConfig {
  OptimizerKind kind = OptimizerKind::sgd;
  double lr = 0.01;
  double momentum = 0;       // sgd, rmsprop
  double dampening = 0;      // sgd
  bool nesterov = false;     // sgd
  double weightDecay = 0;    // all
  std::array<double, 2> betas{0.9, 0.999};  // adam, adamw, adamax, nadam, radam
  double eps = 1e-8;         // adam*, rmsprop, adagrad (1e-10), adadelta (1e-6), adamax, nadam, radam
  bool amsgrad = false;      // adam, adamw
  double lrDecay = 0;        // adagrad
  double initialAccumulatorValue = 0;  // adagrad
  double alpha = 0.99;       // rmsprop
  bool centered = false;     // rmsprop
  double rho = 0.9;          // adadelta
  double momentumDecay = 0.004;  // nadam

  static OptimizerConfig defaultsFor(OptimizerKind kind);
  friend bool operator==(const OptimizerConfig&, const OptimizerConfig&) = default;
};

// A hyperparameter as it is spelled in scene files ("weight_decay"), for loading, saving and the UI.
struct HyperparameterInfo {
  std::string_view key;
  enum class Type { number, boolean, pair } type;
};
// The hyperparameters `kind` accepts, in torch's order, "lr" first.
std::span<const HyperparameterInfo> hyperparameters(OptimizerKind kind);

// Throws gradscape::Error naming the hyperparameter when torch would reject the value,
// e.g. "lr: must be >= 0 (got -1)", "betas[1]: must be in [0, 1) (got 1)", "nesterov: needs momentum > 0 and dampening = 0".
// Non-finite values are rejected too (scene files cannot hold them either).
void validate(const OptimizerConfig& config);

// The state of one run's optimizer: the point is the parameter tensor [x, y].
//
// Exactness: every update repeats torch 1.13's _single_tensor_* arithmetic operation for operation,
// spelled with the helpers in `torch_ops` below. torch's portable CPU kernels (ATEN_CPU_CAPABILITY=default)
// round every multiply and add; its AVX2 kernels let GCC fuse `self + alpha * other` into one FMA, which
// changes last bits from machine to machine. We follow the portable kernels: the same on every machine,
// and they reproduce the article's reference numbers exactly (-ffp-contract=off keeps compilers from fusing).
// The constructor does not validate: call validate() on configs from outside.
class Optimizer {
 public:
  explicit Optimizer(const OptimizerConfig& config);
  // One torch `optimizer.step()` with gradient g at point p; updates p in place.
  // Forced inline: GCC would otherwise call it, and p would travel through memory on every step.
  [[gnu::always_inline]] void step(std::array<double, 2>& p, const std::array<double, 2>& g) {
    // One predictable branch per step; the two hot kinds are inlined into the trace loop.
    switch (config_.kind) {
      case OptimizerKind::sgd: stepSgd(p, g); return;
      case OptimizerKind::adam:
      case OptimizerKind::adamw: stepAdam(p, g); return;
      default: stepOther(p, g); return;
    }
  }
  const OptimizerConfig& config() const { return config_; }
  // What a learning-rate scheduler changes between steps, as torch's param_group entries: lr, momentum
  // (sgd, rmsprop) and betas[0] (the Adam family). Recomputes what the constructor derived from them.
  void setScheduledHyperparameters(double lr, double momentum, double beta1);

  // The per-coordinate state after the last step, by torch's state keys (see the members below), for
  // the internals view (step_internals.hpp): read-only, so showing it cannot change a trace.
  struct State {
    double step = 0;  // torch's `step` (Adam family, adagrad)
    std::array<double, 2> buffer1{}, buffer2{}, buffer3{};
  };
  State state() const { return {stepCount_, buf1_, buf2_, buf3_}; }

 private:
  [[gnu::always_inline]] void stepSgd(std::array<double, 2>& p, const std::array<double, 2>& g);
  [[gnu::always_inline]] void stepAdam(std::array<double, 2>& p, const std::array<double, 2>& g);
  [[gnu::always_inline]] double sgdCoordinate(double param, double grad, double& momentumBuffer, bool firstMomentumStep) const;
  [[gnu::always_inline]] double adamCoordinate(double param, double grad, int i);
  // Recomputes Adam's bias corrections (two pow calls) until they are exactly 1.
  void updateAdamBiasCorrections();
  // adagrad, rmsprop, adadelta, adamax, nadam, radam: out of line, in optimizer.cpp.
  void stepOther(std::array<double, 2>& p, const std::array<double, 2>& g);
  void stepAdagrad(std::array<double, 2>& p, const std::array<double, 2>& g);
  void stepRmsprop(std::array<double, 2>& p, const std::array<double, 2>& g);
  void stepAdadelta(std::array<double, 2>& p, const std::array<double, 2>& g);
  void stepAdamax(std::array<double, 2>& p, const std::array<double, 2>& g);
  void stepNadam(std::array<double, 2>& p, const std::array<double, 2>& g);
  void stepRadam(std::array<double, 2>& p, const std::array<double, 2>& g);

  OptimizerConfig config_;
  // torch keeps `step` as a float tensor and reads it with .item(); integral and exact here.
  double stepCount_ = 0;
  // Per-coordinate state, named by torch's state keys where they apply:
  //   sgd: momentum_buffer; adam/adamw: exp_avg, exp_avg_sq, max_exp_avg_sq; adagrad: sum;
  //   rmsprop: square_avg, grad_avg, momentum_buffer; adadelta: square_avg, acc_delta;
  //   adamax: exp_avg, exp_inf; nadam/radam: exp_avg, exp_avg_sq.
  std::array<double, 2> buf1_{}, buf2_{}, buf3_{};
  double muProduct_ = 1;  // nadam
  bool hasMomentumBuffer_ = false;  // sgd: torch clones the first d_p into the buffer

  // Constants torch recomputes each step from the hyperparameters (same expressions, so same bits).
  double negativeLr_ = 0;            // -lr
  double oneMinusDampening_ = 1;     // sgd: 1 - dampening
  double oneMinusBeta1_ = 0;         // 1 - beta1 (adam*, adamax, nadam, radam); 1 - alpha (rmsprop); 1 - rho (adadelta)
  double oneMinusBeta2_ = 0;         // 1 - beta2
  double decoupledDecayFactor_ = 1;  // adamw: 1 - lr * weight_decay
  // Adam's bias corrections for the current step; once beta^step is negligible they are exactly 1
  // and stay so, which lets the hot loop skip the pow calls and the division by 1.
  double negativeStepSize_ = 0;      // -(lr / bias_correction1)
  double biasCorrection2Sqrt_ = 1;
  bool biasCorrectionsSettled_ = false;
};

// torch's tensor operations on one element, named as in torch/optim/*.py.
namespace torch_ops {
// self.add(other, alpha=alpha)
inline double add(double self, double other, double alpha) { return self + alpha * other; }
// self.addcmul(t1, t2, value=value)
inline double addcmul(double self, double t1, double t2, double value) { return self + value * t1 * t2; }
// self.addcdiv(t1, t2, value=value)
inline double addcdiv(double self, double t1, double t2, double value) { return self + value * t1 / t2; }
// torch.maximum / torch.amax: a NaN on either side wins.
inline double maximum(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::quiet_NaN();
  return a < b ? b : a;
}
}  // namespace torch_ops

// _single_tensor_sgd. The two coordinates are spelled out (not looped) so that, inlined into the trace
// loop, the point stays in registers instead of going through memory on every step.
inline double Optimizer::sgdCoordinate(double param, double grad, double& momentumBuffer, bool firstMomentumStep) const {
  using namespace torch_ops;
  const OptimizerConfig& c = config_;
  double direction = grad;  // d_p
  if (c.weightDecay != 0) direction = add(direction, param, c.weightDecay);
  if (c.momentum != 0) {
    if (firstMomentumStep) momentumBuffer = direction;  // torch.clone(d_p)
    else momentumBuffer = add(momentumBuffer * c.momentum, direction, oneMinusDampening_);
    direction = c.nesterov ? add(direction, momentumBuffer, c.momentum) : momentumBuffer;
  }
  return add(param, direction, negativeLr_);  // param.add_(d_p, alpha=-lr)
}

inline void Optimizer::stepSgd(std::array<double, 2>& p, const std::array<double, 2>& g) {
  const bool firstMomentumStep = !hasMomentumBuffer_;
  p[0] = sgdCoordinate(p[0], g[0], buf1_[0], firstMomentumStep);
  p[1] = sgdCoordinate(p[1], g[1], buf1_[1], firstMomentumStep);
  if (config_.momentum != 0) hasMomentumBuffer_ = true;
}

// _single_tensor_adam and _single_tensor_adamw (capturable=False, differentiable=False)
inline double Optimizer::adamCoordinate(double param, double grad, int i) {
  using namespace torch_ops;
  const OptimizerConfig& c = config_;
  if (c.kind == OptimizerKind::adamw) param *= decoupledDecayFactor_;     // param.mul_(1 - lr * weight_decay)
  else if (c.weightDecay != 0) grad = add(grad, param, c.weightDecay);  // grad.add(param, alpha=weight_decay)
  const double expAvg = buf1_[i] = add(buf1_[i] * c.betas[0], grad, oneMinusBeta1_);  // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
  double expAvgSq = buf2_[i] = addcmul(buf2_[i] * c.betas[1], grad, grad, oneMinusBeta2_);  // exp_avg_sq.mul_(beta2).addcmul_(...)
  if (c.amsgrad) expAvgSq = buf3_[i] = maximum(buf3_[i], expAvgSq);  // max_exp_avg_sq
  const double root = std::sqrt(expAvgSq);
  // x / 1 == x exactly: skipping the division once the correction is 1 changes no bit.
  const double denominator = (biasCorrectionsSettled_ ? root : root / biasCorrection2Sqrt_) + c.eps;
  return addcdiv(param, expAvg, denominator, negativeStepSize_);  // param.addcdiv_(exp_avg, denom, value=-step_size)
}

inline void Optimizer::stepAdam(std::array<double, 2>& p, const std::array<double, 2>& g) {
  stepCount_ += 1;
  if (!biasCorrectionsSettled_) updateAdamBiasCorrections();
  p[0] = adamCoordinate(p[0], g[0], 0);
  p[1] = adamCoordinate(p[1], g[1], 1);
}

}  // namespace gradscape::core
