// Why the step goes there: a run's optimizer internals at one iteration, by replaying its trace exactly.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/hessian.hpp"
#include "core/scene.hpp"
#include "core/surface.hpp"

namespace gradscape::core {

// A named per-coordinate state value ("m_hat", "v_hat", "momentum_buffer", ...), as the status line shows it.
struct StateValue {
  std::string_view name;
  std::array<double, 2> value{0, 0};
};

// Everything at iteration k of a run: the point x_k, the gradient there, and the step k + 1 that leaves it
// (x_{k+1} - x_k) with the state the optimizer held when it took that step.
//
// The state arrow is the displacement the optimizer's state asks for, in the step's units:
//   sgd with momentum: -lr * momentum_buffer (the velocity; nesterov adds -lr * momentum * ... to it, see step)
//   adam, adamw: -lr * m_hat / (sqrt(v_hat) + eps), spelled as torch spells it (amsgrad: v_hat from the max)
//   nadam, radam: -lr * m_hat / (sqrt(v_hat) + eps), the Adam step their state stands for
//   adamax: -lr / (1 - beta1^t) * exp_avg / exp_inf
//   rmsprop: -lr * momentum_buffer with momentum, else -lr * g / (sqrt(square_avg) + eps)
//   adagrad: -clr * g / (sqrt(sum) + eps); adadelta: -lr * delta (the accumulators' ratio times g)
// Plain sgd (and a run that carries its points) has no state: hasState is false.
struct StepInternals {
  std::int64_t iteration = 0;
  std::array<double, 2> point{0, 0};
  double value = 0;
  std::array<double, 2> gradient{0, 0};      // the surface's exact gradient at the point
  std::array<double, 2> usedGradient{0, 0};  // what the step used: the gradient plus the run's noise
  bool hasStep = false;                      // false at the run's last written point
  std::array<double, 2> step{0, 0};          // x_{k+1} - x_k
  double lr = 0;                             // the learning rate the step used (after the schedule)
  bool hasState = false;
  std::string_view stateName;                // what the state arrow is ("velocity", "effective step", ...)
  std::array<double, 2> stateStep{0, 0};     // the state arrow (see above)
  std::vector<StateValue> stateValues;       // the state itself, by torch's names where they apply
  ValueGradientHessian hessian;              // exact second derivatives at the point
  HessianEigen eigen;
};

// The internals of run `run` at iteration k (0 = the start), replaying the optimizer with the trace's
// arithmetic (trace.hpp's loop, noise and schedule included), so the replayed points are the trace's bit for
// bit. k past the run's end (iterations, tolerance stop or divergence) is clamped to the last written point.
// `replayed`, when given, receives the points the replay wrote (for the tests' bit-for-bit check).
StepInternals stepInternals(const Surface& surface, const RunSpec& run, std::int64_t k,
                            std::vector<std::array<double, 2>>* replayed = nullptr);

}  // namespace gradscape::core
