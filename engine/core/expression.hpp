// User expressions f(x, y) (docs/scene-format.md grammar) compiled to a flat program with exact gradients.
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
// Values a stack evaluation keeps at once; the depth limit keeps every accepted expression well below it.
inline constexpr std::size_t kMaxExpressionStack = 1024;

// One operation of the postfix program ("top" is its operand, the value just computed). `Constant` variants
// carry the constant operand in ExpressionInstruction::constant, so `x^2`, `2*x` and `x/3` are one step.
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

// Binary ops take their left operand from ExpressionInstruction::left; every other op is a push or unary.
bool isBinaryOp(ExpressionOp op);

// Where the reverse pass sends an operand's adjoint: into df/dx or df/dy (the operand is x or y), nowhere
// (a constant), or onto the stack of adjoints still to be propagated (any other operand).
enum class AdjointSink : std::uint8_t { stack, x, y, none };

struct ExpressionInstruction {
  ExpressionInstruction(ExpressionOp op, double constant = 0) : op(op), constant(constant) {}

  ExpressionOp op;
  AdjointSink leftSink = AdjointSink::none;   // a binary op's left operand
  AdjointSink rightSink = AdjointSink::none;  // a unary op's operand, a binary op's right one
  std::uint32_t left = 0;  // a binary op's left operand: the instruction that computed it
  double constant;  // for pushConstant and the *Constant ops
};

// An immutable compiled expression: a flat postfix program. Evaluation allocates nothing and walks no tree.
class CompiledExpression {
 public:
  // Throws gradscape::Error naming the 1-based column, e.g. "expected ')' at column 14",
  // "unknown name 'foo' at column 3", "function 'atan2' takes 2 arguments, got 1 at column 1".
  static CompiledExpression compile(std::string_view source);

  double value(double x, double y) const;
  // Exact gradient by reverse-mode automatic differentiation over the program, with torch autograd's
  // derivative formulas and operation order, so it equals torch's gradient of the same formula bit for
  // bit, including its choices where f is not differentiable: abs'(0) = 0, min/max at a tie give each
  // side half (torch.minimum/maximum), sqrt'(0) = inf, pow's exponent derivative is 0 where the base is
  // 0, and NaN/inf wherever torch's are (Ackley's origin).
  ValueAndGradient valueAndGradient(double x, double y) const;

  std::span<const ExpressionInstruction> program() const { return program_; }
  // The most values alive at once while the program runs.
  std::size_t stackSize() const { return stackSize_; }

 private:
  template <bool kGradient>
  ValueAndGradient evaluate(double x, double y) const;

  std::vector<ExpressionInstruction> program_;
  std::size_t stackSize_ = 0;
};

}  // namespace gradscape::core
