// What the expression parser (expression_parser.cpp) and the evaluator (expression_evaluator.cpp) share
// about the postfix program; internal to engine/core.
#pragma once

#include <span>

#include "core/expression.hpp"

namespace gradscape::core {

inline bool isPushOp(ExpressionOp op) {
  return op == ExpressionOp::pushX || op == ExpressionOp::pushY || op == ExpressionOp::pushConstant;
}

// Where an adjoint for the value computed by `op` goes (see AdjointSink).
inline AdjointSink adjointSinkOf(ExpressionOp op) {
  return op == ExpressionOp::pushX ? AdjointSink::x : op == ExpressionOp::pushY ? AdjointSink::y
       : op == ExpressionOp::pushConstant ? AdjointSink::none : AdjointSink::stack;
}

// The value of one operation on constants (at most three instructions: two pushConstant and a binary op,
// whose `left` is 0), computed by the evaluator itself so that folding a constant gives the bits
// evaluation would.
double evaluateConstantOperation(std::span<const ExpressionInstruction> operation);

}  // namespace gradscape::core
