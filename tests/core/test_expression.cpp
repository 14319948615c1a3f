// Expression parser and autodiff: precedence, every error with its column, limits, values, and gradients
// checked against high-accuracy finite differences.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "core/error.hpp"
#include "core/expression.hpp"

namespace gradscape::core {
namespace {

double valueOf(std::string_view source, double x = 0, double y = 0) {
  return CompiledExpression::compile(source).value(x, y);
}

// The message of the gradscape::Error that compiling `source` throws ("" if none).
std::string compileError(std::string_view source) {
  try {
    CompiledExpression::compile(source);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(ExpressionPrecedence, PowerBindsTighterThanUnaryMinus) {
  EXPECT_EQ(valueOf("-x^2", 3), -9);
  EXPECT_EQ(valueOf("-2^2"), -4);
  EXPECT_EQ(valueOf("(-2)^2"), 4);
  EXPECT_EQ(valueOf("-x^2 + y", 3, 1), -8);
}

TEST(ExpressionPrecedence, ExponentMayCarryUnaryMinus) {
  EXPECT_EQ(valueOf("2^-x", 1), 0.5);
  EXPECT_EQ(valueOf("2^-x^2", 2), 0.0625);  // 2^(-(x^2)), as Python's 2**-x**2
  EXPECT_EQ(valueOf("2^--x", 1), 2);
  EXPECT_EQ(valueOf("x^-1", 4), 0.25);
}

TEST(ExpressionPrecedence, PowerIsRightAssociative) {
  EXPECT_EQ(valueOf("2^3^2"), 512);
  EXPECT_EQ(valueOf("(2^3)^2"), 64);
  EXPECT_EQ(valueOf("x^y^2", 2, 3), 512);
}

TEST(ExpressionPrecedence, BinaryOperatorsAreLeftAssociative) {
  EXPECT_EQ(valueOf("1-2-3"), -4);
  EXPECT_EQ(valueOf("8/4/2"), 1);
  EXPECT_EQ(valueOf("x-y-1", 5, 2), 2);
  EXPECT_EQ(valueOf("x/y/2", 8, 2), 2);
  EXPECT_EQ(valueOf("2+3*4"), 14);
  EXPECT_EQ(valueOf("(2+3)*4"), 20);
  EXPECT_EQ(valueOf("2*3^2"), 18);
}

TEST(ExpressionPrecedence, UnaryMinusChains) {
  EXPECT_EQ(valueOf("--x", 3), 3);
  EXPECT_EQ(valueOf("---x", 3), -3);
  EXPECT_EQ(valueOf("-(-(-x))", 3), -3);
  EXPECT_EQ(valueOf("x--y", 3, 2), 5);
  EXPECT_EQ(valueOf("x - -y", 3, 2), 5);
  EXPECT_EQ(valueOf("2*-x", 3), -6);
  EXPECT_EQ(valueOf("-x*y", 3, 2), -6);
  EXPECT_EQ(valueOf("+x", 3), 3);
  EXPECT_EQ(valueOf("-+-x", 3), 3);
}

TEST(ExpressionValues, NumbersAndConstants) {
  EXPECT_EQ(valueOf("1e3"), 1000);
  EXPECT_EQ(valueOf("1.5E-2"), 0.015);
  EXPECT_EQ(valueOf("2.5e+1"), 25);
  EXPECT_EQ(valueOf(".5"), 0.5);
  EXPECT_EQ(valueOf("5."), 5);
  EXPECT_EQ(valueOf("0.1"), 0.1);
  EXPECT_EQ(valueOf("pi"), std::numbers::pi);
  EXPECT_EQ(valueOf("e"), std::numbers::e);
  EXPECT_EQ(valueOf("2*pi"), 2 * std::numbers::pi);
  EXPECT_EQ(valueOf(" \t x \n", 7), 7);
}

TEST(ExpressionValues, Functions) {
  const double x = 0.3, y = -0.7;
  EXPECT_EQ(valueOf("sin(x)", x), std::sin(x));
  EXPECT_EQ(valueOf("cos(x)", x), std::cos(x));
  EXPECT_EQ(valueOf("tan(x)", x), std::tan(x));
  EXPECT_EQ(valueOf("asin(x)", x), std::asin(x));
  EXPECT_EQ(valueOf("acos(x)", x), std::acos(x));
  EXPECT_EQ(valueOf("atan(x)", x), std::atan(x));
  EXPECT_EQ(valueOf("tanh(x)", x), std::tanh(x));
  EXPECT_EQ(valueOf("exp(x)", x), std::exp(x));
  EXPECT_EQ(valueOf("log(x)", x), std::log(x));
  EXPECT_EQ(valueOf("sinh(x)", x), std::sinh(x));
  EXPECT_EQ(valueOf("cosh(x)", x), std::cosh(x));
  EXPECT_EQ(valueOf("sqrt(x)", x), std::sqrt(x));
  EXPECT_EQ(valueOf("abs(y)", x, y), 0.7);
  EXPECT_EQ(valueOf("min(x, y)", x, y), y);
  EXPECT_EQ(valueOf("max(x, y)", x, y), x);
  EXPECT_EQ(valueOf("pow(x, y)", x, y), std::pow(x, y));
  EXPECT_EQ(valueOf("atan2(y, x)", x, y), std::atan2(y, x));
  EXPECT_EQ(valueOf("sin(cos(x) * exp(y))", x, y), std::sin(std::cos(x) * std::exp(y)));
  EXPECT_EQ(valueOf("max(x, y) - min(x, y)", x, y), 1);
}

TEST(ExpressionValues, PowersOfNegativeBases) {
  EXPECT_EQ(valueOf("(-2)^3"), -8);
  EXPECT_EQ(valueOf("x^3", -2), -8);
  EXPECT_EQ(valueOf("x^y", -2, 3), -8);
  EXPECT_EQ(valueOf("x^4", -2), 16);
  EXPECT_EQ(valueOf("x^-2", -2), 0.25);
  EXPECT_TRUE(std::isnan(valueOf("x^0.5", -1)));  // the trace treats NaN as divergence
  EXPECT_TRUE(std::isnan(valueOf("x^y", -2, 0.5)));
  EXPECT_EQ(valueOf("x^0", -2), 1);
}

TEST(ExpressionGradient, MinAndMaxKeepTheLosingSidesNonFiniteDerivative) {
  // torch multiplies the losing side's gradient by 0, and sqrt'(0) = inf makes that NaN.
  const auto atKink = CompiledExpression::compile("max(sqrt(y), 5) + x").valueAndGradient(1, 0);
  EXPECT_EQ(atKink.value, 6);
  EXPECT_EQ(atKink.dx, 1);
  EXPECT_TRUE(std::isnan(atKink.dy));
}

TEST(ExpressionGradient, InfinitePartialsStayOffVariablesTheyDoNotDependOn) {
  // sqrt'(0) = inf along y must not turn d/dx into 0 * inf (torch's graph has no x edge there).
  const auto root = CompiledExpression::compile("x^2 + sqrt(y)").valueAndGradient(3, 0);
  EXPECT_EQ(root.dx, 6);
  EXPECT_EQ(root.dy, INFINITY);
  const auto arcsine = CompiledExpression::compile("x + asin(y)").valueAndGradient(3, 1);
  EXPECT_EQ(arcsine.dx, 1);
  EXPECT_EQ(arcsine.dy, INFINITY);
  const auto halfPower = CompiledExpression::compile("x + y^0.25").valueAndGradient(3, 0);
  EXPECT_EQ(halfPower.dx, 1);
  EXPECT_EQ(halfPower.dy, INFINITY);
  const auto negativeBase = CompiledExpression::compile("x + (-2)^y").valueAndGradient(3, 2);
  EXPECT_EQ(negativeBase.value, 7);
  EXPECT_EQ(negativeBase.dx, 1);
  EXPECT_TRUE(std::isnan(negativeBase.dy));
  const auto angle = CompiledExpression::compile("x + atan2(y, y)").valueAndGradient(3, 0);
  EXPECT_EQ(angle.dx, 1);
  EXPECT_TRUE(std::isnan(angle.dy));
  // Where the variable does reach the infinite partial, the result is non-finite, as in torch
  // (Ackley at the origin relies on this).
  EXPECT_TRUE(std::isnan(CompiledExpression::compile("sqrt(x^2 + y^2)").valueAndGradient(0, 0).dx));
}

TEST(ExpressionValues, MinAndMaxPropagateNaN) {
  EXPECT_TRUE(std::isnan(valueOf("min(x, sqrt(y))", 1, -1)));
  EXPECT_TRUE(std::isnan(valueOf("max(sqrt(y), x)", 1, -1)));
}

TEST(ExpressionCompile, FoldsConstantsAndFusesConstantOperands) {
  // 2*pi folds to one constant, then the product with x is one fused instruction.
  const auto scaled = CompiledExpression::compile("2*pi*x");
  ASSERT_EQ(scaled.program().size(), 2u);
  EXPECT_EQ(scaled.program()[1].op, ExpressionOp::multiplyConstant);
  EXPECT_EQ(scaled.program()[1].constant, 2 * std::numbers::pi);

  const auto constant = CompiledExpression::compile("sin(1) + 2^3^2 - -4");
  ASSERT_EQ(constant.program().size(), 1u);
  EXPECT_EQ(constant.value(5, 5), std::sin(1.0) + 512 + 4);

  const auto squared = CompiledExpression::compile("x^2");
  ASSERT_EQ(squared.program().size(), 2u);
  EXPECT_EQ(squared.program()[1].op, ExpressionOp::square);

  EXPECT_EQ(CompiledExpression::compile("x^1").program().size(), 1u);
  EXPECT_EQ(CompiledExpression::compile("-(-x)").program().size(), 1u);
  EXPECT_EQ(CompiledExpression::compile("1 - x").program()[1].op, ExpressionOp::constantSubtract);
  EXPECT_EQ(CompiledExpression::compile("2^x").program()[1].op, ExpressionOp::constantPower);
}

TEST(ExpressionCompile, StackSizeFollowsNesting) {
  EXPECT_EQ(CompiledExpression::compile("x+y+x+y+x+y").stackSize(), 2u);
  EXPECT_EQ(CompiledExpression::compile("x-(y-(x-(y-x)))").stackSize(), 5u);
}

TEST(ExpressionErrors, MessagesNameTheColumn) {
  EXPECT_EQ(compileError("1+foo"), "unknown name 'foo' at column 3");
  EXPECT_EQ(compileError("X"), "unknown name 'X' at column 1");
  EXPECT_EQ(compileError("x + foo(y)"), "unknown function 'foo' at column 5");
  EXPECT_EQ(compileError("Sin(x)"), "unknown function 'Sin' at column 1");
  EXPECT_EQ(compileError("x(2)"), "'x' is not a function at column 1");
  EXPECT_EQ(compileError("atan2(x)"), "function 'atan2' takes 2 arguments, got 1 at column 1");
  EXPECT_EQ(compileError("1 + min(x, y, 2)"), "function 'min' takes 2 arguments, got 3 at column 5");
  EXPECT_EQ(compileError("sin(x, y)"), "function 'sin' takes 1 argument, got 2 at column 1");
  EXPECT_EQ(compileError("pow()"), "function 'pow' takes 2 arguments, got 0 at column 1");
  EXPECT_EQ(compileError("sin + 1"), "expected '(' after function 'sin' at column 5");
  EXPECT_EQ(compileError("sin(x)*(cos(y)"), "expected ')' at column 15");
  EXPECT_EQ(compileError("sin(x * y"), "expected ')' at column 10");
  EXPECT_EQ(compileError("(x y)"), "expected ')' at column 4");
  EXPECT_EQ(compileError("sin(x) +"), "unexpected end of expression at column 9");
  EXPECT_EQ(compileError("2^"), "unexpected end of expression at column 3");
  EXPECT_EQ(compileError("x + 1)"), "unexpected ')' at column 6");
  EXPECT_EQ(compileError("x y"), "missing operator before 'y' at column 3");
  EXPECT_EQ(compileError("2x"), "missing operator before 'x' at column 2");
  EXPECT_EQ(compileError("2e"), "missing operator before 'e' at column 2");
  EXPECT_EQ(compileError("2 (y)"), "missing operator before '(' at column 3");
  EXPECT_EQ(compileError("x (y)"), "'x' is not a function at column 1");
  EXPECT_EQ(compileError("1.5.5"), "missing operator before '.5' at column 4");
  EXPECT_EQ(compileError("*x"), "unexpected '*' at column 1");
  EXPECT_EQ(compileError("x + , y"), "unexpected ',' at column 5");
  EXPECT_EQ(compileError("x $ 2"), "unexpected character '$' at column 3");
  EXPECT_EQ(compileError("x + \xc3\xa9"), "unexpected byte 0xC3 at column 5");
  EXPECT_EQ(compileError("1e999 * x"), "number '1e999' is out of range at column 1");
  EXPECT_EQ(compileError(""), "empty expression");
  EXPECT_EQ(compileError("  \t "), "empty expression");
}

TEST(ExpressionLimits, NestingDeeperThanTheLimitIsAnError) {
  const int limit = kMaxExpressionDepth;
  const std::string deepest = std::string(limit, '(') + "x" + std::string(limit, ')');
  EXPECT_EQ(valueOf(deepest, 3), 3);
  const std::string tooDeep = std::string(limit + 1, '(') + "x" + std::string(limit + 1, ')');
  EXPECT_EQ(compileError(tooDeep), "expression nested too deeply (more than 200 levels) at column 201");

  std::string calls;
  for (int i = 0; i <= limit; ++i) calls += "sin(";
  EXPECT_EQ(compileError(calls), "expression nested too deeply (more than 200 levels) at column 804");

  std::string exponents;
  for (int i = 0; i <= limit; ++i) exponents += "x^";
  EXPECT_EQ(compileError(exponents + "x"), "expression nested too deeply (more than 200 levels) at column 402");
}

TEST(ExpressionLimits, WorstCaseNestingFitsTheEvaluationStack) {
  // Each level keeps three values waiting: the worst shape for the evaluation stack.
  std::string source;
  for (int i = 0; i < kMaxExpressionDepth; ++i) source += "x-x/atan2(x,";
  source += "x" + std::string(kMaxExpressionDepth, ')');
  const auto compiled = CompiledExpression::compile(source);
  EXPECT_GT(compiled.stackSize(), 3u * kMaxExpressionDepth);
  EXPECT_LE(compiled.stackSize(), kMaxExpressionStack);
  EXPECT_TRUE(std::isfinite(compiled.valueAndGradient(0.5, 0.5).dx));
}

TEST(ExpressionLimits, LengthLimit) {
  std::string longest = "x";
  while (longest.size() + 2 <= kMaxExpressionLength) longest += "+x";
  longest += std::string(kMaxExpressionLength - longest.size(), ' ');
  ASSERT_EQ(longest.size(), kMaxExpressionLength);
  EXPECT_EQ(valueOf(longest, 1), static_cast<double>((kMaxExpressionLength + 1) / 2));
  EXPECT_EQ(compileError(longest + " "), "expression too long (4097 characters, limit 4096)");
}

TEST(ExpressionLimits, LongSignChainsAreReadWithoutRecursion) {
  EXPECT_EQ(valueOf(std::string(4000, '-') + "x", 3), 3);
  EXPECT_EQ(valueOf(std::string(4001, '-') + "x", 3), -3);
}

// High-accuracy derivative: Richardson extrapolation of central differences (error ~h^4).
template <class F>
double numericDerivative(F f, double at) {
  const double h = 1e-3;
  auto central = [&](double step) { return (f(at + step) - f(at - step)) / (2 * step); };
  return (4 * central(h / 2) - central(h)) / 3;
}

void expectGradientMatchesFiniteDifference(const std::string& source, double x, double y) {
  const auto compiled = CompiledExpression::compile(source);
  const ValueAndGradient exact = compiled.valueAndGradient(x, y);
  const double dx = numericDerivative([&](double at) { return compiled.value(at, y); }, x);
  const double dy = numericDerivative([&](double at) { return compiled.value(x, at); }, y);
  EXPECT_NEAR(exact.dx, dx, 1e-6 * std::max(1.0, std::abs(dx))) << source << " at " << x << ", " << y;
  EXPECT_NEAR(exact.dy, dy, 1e-6 * std::max(1.0, std::abs(dy))) << source << " at " << x << ", " << y;
  EXPECT_EQ(exact.value, compiled.value(x, y));
}

TEST(ExpressionGradient, EveryFunctionAndOperatorMatchesFiniteDifferences) {
  // Arguments stay inside each function's domain and away from kinks (abs at 0, min/max ties).
  const char* sources[] = {
      "x + y",          "x - y",          "x * y",          "x / y",           "-x * y",
      "3 / (x + 2*y)",  "2 - x*y",        "x*y + 0.5",      "x*y/3",           "x^2 + y^2",
      "x^3 - y^3",      "(x*y)^4",        "(x^2 + 1)^0.5",  "(x^2 + 1)^-0.5",  "(x^2 + 1)^-1",
      "(x^2 + 1)^-2",   "(x^2 + 1)^2.5",  "abs(x)^y",       "(x^2+1)^(x*y)",   "2^(x*y)",
      "pi^-y",          "sin(x*y)",       "cos(x - y)",     "tan(0.3*x + 0.2*y)",
      "asin(0.4*x*y)",  "acos(0.3*x + 0.2*y)",              "atan(x*y)",       "sinh(x - y)",
      "cosh(x*y)",      "tanh(x + 2*y)",  "exp(x*y)",       "log(x^2 + y^2)",  "sqrt(x^2 + y^2)",
      "abs(x*y - 0.3)", "min(x, y^2)",    "max(x*y, x - y)", "pow(x^2 + 1, y)", "atan2(y, x)",
      "atan2(x*y, x - y)", "sin(x)*cos(y) + x^2",           "exp(-(x^2 + y^2)) * sin(3*x)",
  };
  const double points[][2] = {{0.7, 0.45}, {-0.6, 0.8}, {1.3, -0.4}, {0.25, 1.1}, {-1.2, -0.9}};
  for (const char* source : sources)
    for (const auto& point : points) expectGradientMatchesFiniteDifference(source, point[0], point[1]);
}

TEST(ExpressionGradient, IntegerPowersAreExact) {
  const auto square = CompiledExpression::compile("x^2").valueAndGradient(3, 0);
  EXPECT_EQ(square.value, 9);
  EXPECT_EQ(square.dx, 6);
  const auto cube = CompiledExpression::compile("x^3").valueAndGradient(-2, 0);
  EXPECT_EQ(cube.value, -8);
  EXPECT_EQ(cube.dx, 12);
  const auto fourth = CompiledExpression::compile("y^4").valueAndGradient(0, -2);
  EXPECT_EQ(fourth.value, 16);
  EXPECT_EQ(fourth.dy, -32);
  const auto inverse = CompiledExpression::compile("x^-2").valueAndGradient(2, 0);
  EXPECT_EQ(inverse.value, 0.25);
  EXPECT_EQ(inverse.dx, -0.25);
}

TEST(ExpressionGradient, PowerWithVariableExponentFollowsTorch) {
  // (-2)^y at y = 3: the value exists, d/dy = result * log(-2) does not (torch: NaN as well).
  const auto negativeBase = CompiledExpression::compile("x^y").valueAndGradient(-2, 3);
  EXPECT_EQ(negativeBase.value, -8);
  EXPECT_EQ(negativeBase.dx, 12);
  EXPECT_TRUE(std::isnan(negativeBase.dy));
  // 0^y: torch defines d/dy as 0 for y >= 0.
  const auto zeroBase = CompiledExpression::compile("x^y").valueAndGradient(0, 2);
  EXPECT_EQ(zeroBase.value, 0);
  EXPECT_EQ(zeroBase.dx, 0);
  EXPECT_EQ(zeroBase.dy, 0);
  const auto twoToX = CompiledExpression::compile("2^x").valueAndGradient(3, 0);
  EXPECT_EQ(twoToX.value, 8);
  EXPECT_EQ(twoToX.dx, 8 * std::log(2.0));
  const auto zeroPower = CompiledExpression::compile("x^0").valueAndGradient(5, 0);
  EXPECT_EQ(zeroPower.value, 1);
  EXPECT_EQ(zeroPower.dx, 0);
}

TEST(ExpressionGradient, NonDifferentiablePointsFollowTorch) {
  const auto absolute = CompiledExpression::compile("abs(x)").valueAndGradient(0, 0);
  EXPECT_EQ(absolute.dx, 0);  // torch: sgn(0) = 0
  // min/max at a tie: torch.minimum/maximum give each side half of the gradient.
  const auto minimum = CompiledExpression::compile("min(x, y)").valueAndGradient(1, 1);
  EXPECT_EQ(minimum.dx, 0.5);
  EXPECT_EQ(minimum.dy, 0.5);
  const auto maximum = CompiledExpression::compile("max(x, 1 - x)").valueAndGradient(0.5, 0);
  EXPECT_EQ(maximum.dx, 0);
  const auto strictMinimum = CompiledExpression::compile("min(x, y)").valueAndGradient(1, 2);
  EXPECT_EQ(strictMinimum.dx, 1);
  EXPECT_EQ(strictMinimum.dy, 0);
  const auto root = CompiledExpression::compile("sqrt(x)").valueAndGradient(0, 0);
  EXPECT_EQ(root.dx, INFINITY);  // torch: inf as well
}

TEST(ExpressionGradient, ConstantsHaveNoGradient) {
  const auto constant = CompiledExpression::compile("sin(2) * pi").valueAndGradient(0.3, 0.4);
  EXPECT_EQ(constant.dx, 0);
  EXPECT_EQ(constant.dy, 0);
  const auto onlyY = CompiledExpression::compile("sin(y) * 3").valueAndGradient(0.3, 0.4);
  EXPECT_EQ(onlyY.dx, 0);
  EXPECT_EQ(onlyY.dy, std::cos(0.4) * 3);
}

}  // namespace
}  // namespace gradscape::core
