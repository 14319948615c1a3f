// Optimizers with torch.optim's semantics and defaults (PyTorch's single-tensor path), in float64.
#pragma once

#include <array>
#include <cstdint>
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
void validate(const OptimizerConfig& config);

// The state of one run's optimizer: the point is the parameter tensor [x, y].
class Optimizer {
 public:
  explicit Optimizer(const OptimizerConfig& config);
  // One torch `optimizer.step()` with gradient g at point p; updates p in place.
  void step(std::array<double, 2>& p, const std::array<double, 2>& g);
  const OptimizerConfig& config() const { return config_; }

 private:
  OptimizerConfig config_;
  std::int64_t stepCount_ = 0;
  // Per-coordinate state buffers; which ones are used depends on the kind.
  std::array<double, 2> buf1_{}, buf2_{}, buf3_{}, buf4_{};
  double muProduct_ = 1;  // nadam
  bool hasMomentumBuffer_ = false;
};

}  // namespace gradscape::core
