// Exact Hessians by second-order forward-mode automatic differentiation over the expression program.
#include "core/hessian.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/expression.hpp"

namespace gradscape::core {
namespace {

using Op = ExpressionOp;

// A value with its gradient and (symmetric) Hessian with respect to (x, y).
struct Second {
  double v = 0, gx = 0, gy = 0, hxx = 0, hxy = 0, hyy = 0;
};

Second constant(double c) { return {c}; }

Second operator+(const Second& a, const Second& b) {
  return {a.v + b.v, a.gx + b.gx, a.gy + b.gy, a.hxx + b.hxx, a.hxy + b.hxy, a.hyy + b.hyy};
}
Second operator-(const Second& a) { return {-a.v, -a.gx, -a.gy, -a.hxx, -a.hxy, -a.hyy}; }
Second operator-(const Second& a, const Second& b) { return a + -b; }
Second scaled(const Second& a, double s) { return {a.v * s, a.gx * s, a.gy * s, a.hxx * s, a.hxy * s, a.hyy * s}; }

// phi(u) by the chain rule: phi' u'' + phi'' u' u'^T.
Second chain(const Second& u, double value, double d1, double d2) {
  return {value,
          d1 * u.gx,
          d1 * u.gy,
          d1 * u.hxx + d2 * u.gx * u.gx,
          d1 * u.hxy + d2 * u.gx * u.gy,
          d1 * u.hyy + d2 * u.gy * u.gy};
}

// phi(a, b) with first partials (fa, fb) and second partials (faa, fab, fbb).
Second chain2(const Second& a, const Second& b, double value, double fa, double fb, double faa, double fab,
              double fbb) {
  return {value,
          fa * a.gx + fb * b.gx,
          fa * a.gy + fb * b.gy,
          fa * a.hxx + fb * b.hxx + faa * a.gx * a.gx + 2 * fab * a.gx * b.gx + fbb * b.gx * b.gx,
          fa * a.hxy + fb * b.hxy + faa * a.gx * a.gy + fab * (a.gx * b.gy + a.gy * b.gx) + fbb * b.gx * b.gy,
          fa * a.hyy + fb * b.hyy + faa * a.gy * a.gy + 2 * fab * a.gy * b.gy + fbb * b.gy * b.gy};
}

Second operator*(const Second& a, const Second& b) { return chain2(a, b, a.v * b.v, b.v, a.v, 0, 1, 0); }

Second reciprocal(const Second& u) { return chain(u, 1 / u.v, -1 / (u.v * u.v), 2 / (u.v * u.v * u.v)); }

Second powerOf(const Second& u, double c) {
  if (c == 0) return constant(1);
  return chain(u, std::pow(u.v, c), c * std::pow(u.v, c - 1), c * (c - 1) * std::pow(u.v, c - 2));
}

// min/max: the chosen side's derivatives; at a tie half of each, as torch.minimum/maximum share the gradient.
Second select(const Second& a, const Second& b, bool pickA) {
  if (a.v == b.v) return {a.v, (a.gx + b.gx) / 2, (a.gy + b.gy) / 2, (a.hxx + b.hxx) / 2, (a.hxy + b.hxy) / 2,
                          (a.hyy + b.hyy) / 2};
  return pickA ? a : b;
}

Second unary(Op op, const Second& u, double c) {
  const double t = u.v;
  switch (op) {
    case Op::negate: return -u;
    case Op::addConstant: return u + constant(c);
    case Op::subtractConstant: return u - constant(c);
    case Op::constantSubtract: return constant(c) - u;
    case Op::multiplyConstant: return scaled(u, c);
    case Op::divideConstant: return scaled(u, 1 / c);
    case Op::constantDivide: return scaled(reciprocal(u), c);
    case Op::square: return u * u;
    case Op::cube: return u * u * u;
    case Op::powerConstant: return powerOf(u, c);
    case Op::constantPower: {
      const double value = std::pow(c, t), logC = std::log(c);
      return chain(u, value, value * logC, value * logC * logC);
    }
    case Op::sin: return chain(u, std::sin(t), std::cos(t), -std::sin(t));
    case Op::cos: return chain(u, std::cos(t), -std::sin(t), -std::cos(t));
    case Op::tan: {
      const double value = std::tan(t), d1 = 1 + value * value;
      return chain(u, value, d1, 2 * value * d1);
    }
    case Op::asin: {
      const double r = 1 - t * t;
      return chain(u, std::asin(t), 1 / std::sqrt(r), t / (r * std::sqrt(r)));
    }
    case Op::acos: {
      const double r = 1 - t * t;
      return chain(u, std::acos(t), -1 / std::sqrt(r), -t / (r * std::sqrt(r)));
    }
    case Op::atan: {
      const double r = 1 + t * t;
      return chain(u, std::atan(t), 1 / r, -2 * t / (r * r));
    }
    case Op::sinh: return chain(u, std::sinh(t), std::cosh(t), std::sinh(t));
    case Op::cosh: return chain(u, std::cosh(t), std::sinh(t), std::cosh(t));
    case Op::tanh: {
      const double value = std::tanh(t), d1 = 1 - value * value;
      return chain(u, value, d1, -2 * value * d1);
    }
    case Op::exp: {
      const double value = std::exp(t);
      return chain(u, value, value, value);
    }
    case Op::log: return chain(u, std::log(t), 1 / t, -1 / (t * t));
    case Op::sqrt: {
      const double value = std::sqrt(t);
      return chain(u, value, 0.5 / value, -0.25 / (value * t));
    }
    case Op::abs: return chain(u, std::abs(t), t > 0 ? 1.0 : t < 0 ? -1.0 : 0.0, 0);
    default: return u;  // not a unary op: unreachable for a compiled program
  }
}

Second binary(Op op, const Second& a, const Second& b) {
  switch (op) {
    case Op::add: return a + b;
    case Op::subtract: return a - b;
    case Op::multiply: return a * b;
    case Op::divide: return a * reciprocal(b);
    case Op::power: {
      // a^b = exp(b log a) where a > 0; a constant-free exponent on a non-positive base keeps the value
      // and gives NaN derivatives, as torch's log(a) term does.
      const double value = std::pow(a.v, b.v), logA = std::log(a.v);
      const double fa = b.v * std::pow(a.v, b.v - 1), fb = value * logA;
      const double faa = b.v * (b.v - 1) * std::pow(a.v, b.v - 2);
      const double fab = std::pow(a.v, b.v - 1) * (1 + b.v * logA);
      return chain2(a, b, value, fa, fb, faa, fab, value * logA * logA);
    }
    case Op::min: return select(a, b, a.v < b.v);
    case Op::max: return select(a, b, a.v > b.v);
    case Op::atan2: {
      const double r = a.v * a.v + b.v * b.v, r2 = r * r;
      return chain2(a, b, std::atan2(a.v, b.v), b.v / r, -a.v / r, -2 * a.v * b.v / r2, (a.v * a.v - b.v * b.v) / r2,
                    2 * a.v * b.v / r2);
    }
    default: return a;  // not a binary op: unreachable for a compiled program
  }
}

}  // namespace

ValueGradientHessian exactHessian(const CompiledExpression& expression, double x, double y) {
  const auto program = expression.program();
  // As the gradient pass: the result of instruction i sits at values[i + 1]; a unary op's operand (a binary
  // op's right one) is the previous instruction's result, a binary op's left one is at `left`.
  std::vector<Second> values(program.size() + 1);
  for (std::size_t i = 0; i < program.size(); ++i) {
    const ExpressionInstruction& instruction = program[i];
    Second& result = values[i + 1];
    switch (instruction.op) {
      case Op::pushX: result = {x, 1, 0}; break;
      case Op::pushY: result = {y, 0, 1}; break;
      case Op::pushConstant: result = constant(instruction.constant); break;
      default:
        result = isBinaryOp(instruction.op) ? binary(instruction.op, values[instruction.left + 1], values[i])
                                            : unary(instruction.op, values[i], instruction.constant);
    }
  }
  const Second& f = values.back();
  return {f.v, f.gx, f.gy, f.hxx, f.hxy, f.hyy};
}

ValueGradientHessian exactHessian(const Surface& surface, double x, double y) {
  if (const CompiledExpression* expression = surface.expression()) return exactHessian(*expression, x, y);
  const CompiledExpression formula = CompiledExpression::compile(catalog()[static_cast<std::size_t>(surface.catalogId())].formula);
  return exactHessian(formula, x, y);
}

HessianEigen hessianEigen(double dxx, double dxy, double dyy) {
  HessianEigen eigen;
  const double mean = (dxx + dyy) / 2, half = (dxx - dyy) / 2;
  const double radius = std::hypot(half, dxy);
  eigen.values = {mean + radius, mean - radius};
  if (dxy != 0 || half != 0) {
    // The larger eigenvalue's direction: angle theta with tan(2 theta) = 2 dxy / (dxx - dyy).
    const double theta = std::atan2(dxy, half) / 2;
    eigen.vectors = {{{std::cos(theta), std::sin(theta)}, {-std::sin(theta), std::cos(theta)}}};
  }
  const double large = std::max(std::abs(eigen.values[0]), std::abs(eigen.values[1]));
  const double small = std::min(std::abs(eigen.values[0]), std::abs(eigen.values[1]));
  eigen.condition = large / small;  // inf for a singular Hessian, NaN for 0/0 or a non-finite one
  return eigen;
}

}  // namespace gradscape::core
