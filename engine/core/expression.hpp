// User expressions f(x, y) (specs/scene-v1.md grammar) compiled to a flat program with exact forward-mode gradients.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/surface.hpp"

namespace gradscape::core {

// Limits that keep hostile input from exhausting the machine; exceeding one is a gradscape::Error.
inline constexpr std::size_t kMaxExpressionLength = 4096;  // characters
inline constexpr int kMaxExpressionDepth = 200;            // nested parentheses, function calls and exponents
// Values the program keeps at once; the depth limit keeps every accepted expression well below it.
inline constexpr std::size_t kMaxExpressionStack = 1024;

// One operation of the stack machine. `Const` variants carry the constant operand in Instruction::constant,
// so `x^2`, `2*x` and `x/3` cost one dispatch.
enum class ExpressionOp : std::uint8_t {
  pushX, pushY, pushConstant,
  negate,
  add, subtract, multiply, divide, power,
  addConstant,       // top + c
  subtractConstant,  // top - c
  constantSubtract,  // c - top
  multiplyConstant,  // top * c
  divideConstant,    // top / c
  constantDivide,    // c / top
  square,            // top^2 (top * top, as torch computes x**2)
  cube,              // top^3 (top * top * top)
  powerConstant,     // top^c for any other constant c
  constantPower,     // c^top
  sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, exp, log, sqrt, abs,
  min, max, atan2,
};

struct ExpressionInstruction {
  ExpressionInstruction(ExpressionOp op, double constant = 0) : op(op), constant(constant) {}

  ExpressionOp op;
  // Which variables the operands depend on: bits kLeftDependsOnX/Y for a unary op's operand and a binary
  // op's left one, kRightDependsOnX/Y for the right one. Forward mode would multiply an operand's zero
  // tangent by a partial that can be inf or NaN while the value is finite (sqrt(y) at 0 along x, x^y at
  // x < 0 along y), where torch, whose graph has no such edge, adds nothing; those ops drop such terms.
  std::uint8_t dependencies = 0;
  double constant;  // for pushConstant and the *Constant ops
};
inline constexpr std::uint8_t kLeftDependsOnX = 1, kLeftDependsOnY = 2, kRightDependsOnX = 4, kRightDependsOnY = 8;

// An immutable compiled expression. Evaluation allocates nothing and walks no tree.
class CompiledExpression {
 public:
  // Throws gradscape::Error naming the 1-based column, e.g. "expected ')' at column 14",
  // "unknown name 'foo' at column 3", "function 'atan2' takes 2 arguments, got 1 at column 1".
  static CompiledExpression compile(std::string_view source);

  double value(double x, double y) const { return valueAndGradient(x, y).value; }
  // Forward-mode dual numbers (value, d/dx, d/dy); derivatives follow torch autograd's formulas, including
  // its choices where f is not differentiable: abs'(0) = 0, min/max at a tie split the derivative in
  // halves (torch.minimum/maximum), sqrt'(0) = inf, pow's exponent derivative is 0 where the base is 0.
  ValueAndGradient valueAndGradient(double x, double y) const;

  std::span<const ExpressionInstruction> program() const { return program_; }
  // The most values alive at once while the program runs.
  std::size_t stackSize() const { return stackSize_; }

 private:
  std::vector<ExpressionInstruction> program_;
  std::size_t stackSize_ = 0;
};

}  // namespace gradscape::core
