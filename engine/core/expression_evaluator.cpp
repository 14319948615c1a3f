// The expression evaluator: a forward pass for values and a reverse pass that reproduces torch autograd's
// gradients, over the postfix program the parser (expression_parser.cpp) made.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/expression.hpp"
#include "core/expression_program.hpp"

namespace gradscape::core {
namespace {

using Op = ExpressionOp;
using Instruction = ExpressionInstruction;

// torch's Tensor.pow(Scalar): exponents 0, 1, ±0.5, -1, ±2 and 3 have their own exact kernels,
// everything else is std::pow. Its derivatives use the same function (exponent - 1), so we do too.
double powerOfConstant(double base, double exponent) {
  if (exponent == 2) return base * base;
  if (exponent == 3) return base * base * base;
  if (exponent == 0) return 1;
  if (exponent == 1) return base;
  if (exponent == 0.5) return std::sqrt(base);
  if (exponent == -0.5) return 1 / std::sqrt(base);
  if (exponent == -1) return 1 / base;
  if (exponent == -2) return 1 / (base * base);
  return std::pow(base, exponent);
}

// torch.minimum / torch.maximum: NaN if either side is NaN.
double minimumOf(double a, double b) { return std::isnan(a) || std::isnan(b) ? std::nan("") : std::min(a, b); }
double maximumOf(double a, double b) { return std::isnan(a) || std::isnan(b) ? std::nan("") : std::max(a, b); }

// Runs a program: values forward, then (kGradient) adjoints backward, as torch autograd computes them
// for the same formula written in Python with x and y tensors:
// - every value is the operation torch's portable CPU kernels perform (x**2 is x*x, c/x is
//   x.reciprocal()*c; sin, exp, ... are the C library's: the oracle runs ATEN_CPU_CAPABILITY=default,
//   whose results do not depend on the machine, unlike the AVX2 kernels' SLEEF functions);
// - every adjoint is torch's derivative formula with its operation order (mul: grad * other; div:
//   -grad * ((a / b) / b); pow's where(...) cases; min/max split ties and zero the losing side);
// - the expression is a tree whose nodes torch creates in program order, so its engine (highest sequence
//   number first) runs them in reverse program order and adds into x and y as each consumer runs:
//   x.grad = ((first + second) + third)... in that order.
// Gradients are then those torch computes bit for bit, non-finite exactly where torch's are.
// Scratch: values[i + 1] holds instruction i's value (values[0] is a dummy so operand reads never branch);
// partials[i] the factors its derivative needs that cost a libm call, computed in the forward pass next to
// the value so the calls overlap (same function, same argument: the same bits as computing them later);
// `pending` the adjoints not yet consumed (at most stackSize of them).
struct Partials {
  double first, second;
};

template <bool kGradient>
ValueAndGradient run(std::span<const Instruction> program, double x, double y, double* values, Partials* partials,
                     double* pending) {
  const std::size_t count = program.size();
  values[0] = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const Instruction& instruction = program[i];
    const double c = instruction.constant;
    const double t = values[i];  // the operand of a unary op, the right operand of a binary op
    const double a = values[instruction.left + 1];  // the left operand of a binary op
    Partials& partial = partials[i];
    double v;
    switch (instruction.op) {
      case Op::pushX: v = x; break;
      case Op::pushY: v = y; break;
      case Op::pushConstant: v = c; break;
      case Op::negate: v = -t; break;
      case Op::add: v = a + t; break;
      case Op::subtract: v = a - t; break;
      case Op::multiply: v = a * t; break;
      case Op::divide: v = a / t; break;
      case Op::power:
        v = std::pow(a, t);
        if constexpr (kGradient) partial = {std::pow(a, t - 1), std::log(a)};
        break;
      case Op::addConstant: v = t + c; break;
      case Op::subtractConstant: v = t - c; break;
      case Op::constantSubtract: v = c - t; break;
      case Op::multiplyConstant: v = t * c; break;
      case Op::divideConstant: v = t / c; break;
      case Op::constantDivide: v = 1 / t * c; break;
      case Op::square: v = t * t; break;
      case Op::cube: v = t * t * t; break;
      case Op::powerConstant:
        v = powerOfConstant(t, c);
        if constexpr (kGradient) partial.first = powerOfConstant(t, c - 1);
        break;
      case Op::constantPower:  // torch.pow(c, x); d/dx = result * log(c)
        v = std::pow(c, t);
        if constexpr (kGradient) partial.first = std::log(c);
        break;
      case Op::sin:
      case Op::cos:
        if constexpr (kGradient) {  // one case, so the compiler makes one sincos call (same bits as sin, cos)
          const double sine = std::sin(t), cosine = std::cos(t);
          v = instruction.op == Op::sin ? sine : cosine;
          partial.first = instruction.op == Op::sin ? cosine : -sine;
        } else {
          v = instruction.op == Op::sin ? std::sin(t) : std::cos(t);
        }
        break;
      case Op::tan: v = std::tan(t); break;
      case Op::asin: v = std::asin(t); break;
      case Op::acos: v = std::acos(t); break;
      case Op::atan: v = std::atan(t); break;
      case Op::sinh:
        v = std::sinh(t);
        if constexpr (kGradient) partial.first = std::cosh(t);
        break;
      case Op::cosh:
        v = std::cosh(t);
        if constexpr (kGradient) partial.first = std::sinh(t);
        break;
      case Op::tanh: v = std::tanh(t); break;
      case Op::exp: v = std::exp(t); break;
      case Op::log: v = std::log(t); break;
      case Op::sqrt: v = std::sqrt(t); break;
      case Op::abs: v = std::fabs(t); break;
      case Op::min: v = minimumOf(a, t); break;
      case Op::max: v = maximumOf(a, t); break;
      case Op::atan2: v = std::atan2(a, t); break;
    }
    values[i + 1] = v;
  }
  if constexpr (!kGradient) {
    return {values[count], 0, 0};
  } else {
    double dx = 0, dy = 0;
    std::size_t pendingCount = 0;
    // Hands an operand's adjoint on: into x or y at once (leaves), nowhere (constants), or onto the stack,
    // where the walk below finds it when it reaches the operand.
    auto deliver = [&](AdjointSink sink, double adjoint) {
      switch (sink) {
        case AdjointSink::stack: pending[pendingCount++] = adjoint; break;
        case AdjointSink::x: dx += adjoint; break;
        case AdjointSink::y: dy += adjoint; break;
        case AdjointSink::none: break;
      }
    };
    deliver(adjointSinkOf(program[count - 1].op), 1);
    for (std::size_t i = count; i-- > 0;) {
      const Instruction& instruction = program[i];
      const Op op = instruction.op;
      if (isPushOp(op)) continue;  // leaves: their consumer delivered their adjoint
      const double g = pending[--pendingCount];
      const double c = instruction.constant;
      const double t = values[i], r = values[i + 1], a = values[instruction.left + 1];
      const AdjointSink right = instruction.rightSink, left = instruction.leftSink;
      switch (op) {
        case Op::pushX: case Op::pushY: case Op::pushConstant: break;
        case Op::negate: deliver(right, -g); break;
        case Op::add: deliver(left, g); deliver(right, g); break;
        case Op::subtract: deliver(left, g); deliver(right, -g); break;
        case Op::multiply: deliver(left, g * t); deliver(right, g * a); break;
        case Op::divide: deliver(left, g / t); deliver(right, -g * (a / t / t)); break;
        case Op::power:  // torch's pow_backward_self and pow_backward_exponent
          deliver(left, t == 0 ? 0 : g * (t * partials[i].first));
          deliver(right, g * (a == 0 && t >= 0 ? 0 : r * partials[i].second));
          break;
        case Op::addConstant: case Op::subtractConstant: deliver(right, g); break;
        case Op::constantSubtract: deliver(right, -g); break;
        case Op::multiplyConstant: deliver(right, g * c); break;
        case Op::divideConstant: deliver(right, g / c); break;
        case Op::constantDivide: {  // mul's backward (grad * c), then reciprocal's (-grad * (1/t)^2)
          const double reciprocal = 1 / t;
          deliver(right, -(g * c) * (reciprocal * reciprocal));
          break;
        }
        case Op::square: deliver(right, g * (2 * t)); break;
        case Op::cube: deliver(right, g * (3 * (t * t))); break;
        case Op::powerConstant: deliver(right, c == 0 ? 0 : g * (c * partials[i].first)); break;
        case Op::constantPower: deliver(right, g * (c == 0 && t >= 0 ? 0 : r * partials[i].first)); break;
        case Op::sin: case Op::cos: case Op::sinh: case Op::cosh: deliver(right, g * partials[i].first); break;
        case Op::tan: deliver(right, g * (1 + r * r)); break;
        case Op::asin: deliver(right, g * (1 / std::sqrt(-t * t + 1))); break;
        case Op::acos: deliver(right, g * -(1 / std::sqrt(-t * t + 1))); break;
        case Op::atan: deliver(right, g / (t * t + 1)); break;
        case Op::tanh: deliver(right, g * (1 - r * r)); break;
        case Op::exp: deliver(right, g * r); break;
        case Op::log: deliver(right, g / t); break;
        case Op::sqrt: deliver(right, g / (2 * r)); break;
        case Op::abs: deliver(right, g * static_cast<double>((0 < t) - (t < 0))); break;
        case Op::min:
        case Op::max: {  // a tie splits the gradient; the losing side gets 0 (then 0 * its partials)
          const double share = a == t ? g / 2 : g;
          const bool leftLoses = op == Op::min ? a > t : a < t;
          const bool rightLoses = op == Op::min ? a < t : a > t;
          deliver(left, leftLoses ? 0 : share);
          deliver(right, rightLoses ? 0 : share);
          break;
        }
        case Op::atan2: {
          const double recip = 1 / (a * a + t * t);
          deliver(left, g * t * recip);
          deliver(right, g * -a * recip);
          break;
        }
      }
    }
    return {values[count], dx, dy};
  }
}

}  // namespace

double evaluateConstantOperation(std::span<const Instruction> operation) {
  if (operation.size() > 3) throw Error("expression: internal error: folding " + std::to_string(operation.size()) +
                                        " instructions");
  double values[4], pending[4];
  Partials partials[3];
  return run<false>(operation, 0, 0, values, partials, pending).value;
}

namespace {

// Scratch on the stack, so nothing is allocated per evaluation. Each size is its own function so that the
// common small program does not reserve the frame of the largest one.
template <bool kGradient, std::size_t kInstructions, std::size_t kStack>
[[gnu::noinline]] ValueAndGradient runWithScratch(std::span<const Instruction> program, double x, double y) {
  double values[kInstructions + 1], pending[kStack];
  Partials partials[kInstructions];
  return run<kGradient>(program, x, y, values, partials, pending);
}

}  // namespace

template <bool kGradient>
ValueAndGradient CompiledExpression::evaluate(double x, double y) const {
  constexpr std::size_t kSmall = 64;
  if (program_.size() <= kSmall && stackSize_ <= kSmall) return runWithScratch<kGradient, kSmall, kSmall>(program_, x, y);
  return runWithScratch<kGradient, kMaxExpressionLength, kMaxExpressionStack>(program_, x, y);
}

double CompiledExpression::value(double x, double y) const { return evaluate<false>(x, y).value; }
ValueAndGradient CompiledExpression::valueAndGradient(double x, double y) const { return evaluate<true>(x, y); }

}  // namespace gradscape::core
