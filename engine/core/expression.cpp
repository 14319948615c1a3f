// Expression parser (recursive descent straight to postfix code, folding constants as it goes) and the
// dual-number stack machine that evaluates the code.
#include "core/expression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

#include "core/error.hpp"
#include "core/torch_math.hpp"

namespace gradscape::core {
namespace {

using Op = ExpressionOp;
using Instruction = ExpressionInstruction;

// A value with its derivatives along x and y.
struct Dual {
  double v, dx, dy;
};

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

// Chain rule for a function of one argument: f(t) with f'(t) = factor.
inline Dual chain(double value, double factor, const Dual& t) { return {value, t.dx * factor, t.dy * factor}; }

// torch.minimum/maximum's derivative: factor 1 for the smaller (larger) side and 0 for the other, 1/2
// each at a tie, 1 each with a NaN (the value is NaN then). The losing side is multiplied by 0 rather
// than dropped, so a non-finite derivative there stays non-finite, as in torch's backward pass.
inline Dual minimumOrMaximum(const Dual& a, const Dual& b, bool takeMinimum) {
  double value, factorA, factorB;
  if (std::isnan(a.v) || std::isnan(b.v)) {
    value = std::nan("");
    factorA = factorB = 1;
  } else if (a.v == b.v) {
    value = a.v;
    factorA = factorB = 0.5;
  } else {
    const bool aWins = takeMinimum ? a.v < b.v : a.v > b.v;
    value = aWins ? a.v : b.v;
    factorA = aWins ? 1 : 0;
    factorB = aWins ? 0 : 1;
  }
  return {value, a.dx * factorA + b.dx * factorB, a.dy * factorA + b.dy * factorB};
}

// Zeroes the tangents along variables the value cannot depend on (see ExpressionInstruction::dependencies).
inline Dual keepDependent(Dual t, std::uint8_t dependsOn) {
  if (!(dependsOn & kLeftDependsOnX)) t.dx = 0;
  if (!(dependsOn & kLeftDependsOnY)) t.dy = 0;
  return t;
}

// Runs a program. The top of the stack lives in locals (registers); the rest in a fixed array.
template <std::size_t kCapacity>
ValueAndGradient run(std::span<const Instruction> program, double x, double y) {
  const TorchMath& math = torchMath();
  Dual below[kCapacity];  // uninitialised on purpose: written before read
  std::size_t count = 0;
  Dual t{0, 0, 0};
  for (const Instruction& instruction : program) {
    const double c = instruction.constant;
    switch (instruction.op) {
      case Op::pushX: below[count++] = t; t = {x, 1, 0}; break;
      case Op::pushY: below[count++] = t; t = {y, 0, 1}; break;
      case Op::pushConstant: below[count++] = t; t = {c, 0, 0}; break;
      case Op::negate: t = {-t.v, -t.dx, -t.dy}; break;
      case Op::add: {
        const Dual a = below[--count];
        t = {a.v + t.v, a.dx + t.dx, a.dy + t.dy};
        break;
      }
      case Op::subtract: {
        const Dual a = below[--count];
        t = {a.v - t.v, a.dx - t.dx, a.dy - t.dy};
        break;
      }
      case Op::multiply: {
        const Dual a = below[--count];
        t = {a.v * t.v, a.dx * t.v + a.v * t.dx, a.dy * t.v + a.v * t.dy};
        break;
      }
      case Op::divide: {  // torch: d/db (a / b) = -((a / b) / b)
        const Dual a = below[--count];
        const double q = a.v / t.v, qOverB = q / t.v;
        t = {q, a.dx / t.v - t.dx * qOverB, a.dy / t.v - t.dy * qOverB};
        break;
      }
      case Op::power: {  // torch's pow(Tensor, Tensor) and its two derivative rules
        const Dual a = below[--count];
        const double r = std::pow(a.v, t.v);
        const double byBase = t.v == 0 ? 0 : t.v * std::pow(a.v, t.v - 1);
        const double byExponent = a.v == 0 && t.v >= 0 ? 0 : r * math.log(a.v);  // Tensor.log()
        const std::uint8_t on = instruction.dependencies;
        const double dx =
            ((on & kLeftDependsOnX) ? a.dx * byBase : 0) + ((on & kRightDependsOnX) ? t.dx * byExponent : 0);
        const double dy =
            ((on & kLeftDependsOnY) ? a.dy * byBase : 0) + ((on & kRightDependsOnY) ? t.dy * byExponent : 0);
        t = {r, dx, dy};
        break;
      }
      case Op::addConstant: t.v = t.v + c; break;
      case Op::subtractConstant: t.v = t.v - c; break;
      case Op::constantSubtract: t = {c - t.v, -t.dx, -t.dy}; break;
      case Op::multiplyConstant: t = {t.v * c, t.dx * c, t.dy * c}; break;
      case Op::divideConstant: t = {t.v / c, t.dx / c, t.dy / c}; break;
      case Op::constantDivide: {  // Python's `c / x` on a tensor is x.reciprocal() * c
        const double r = 1 / t.v, byT = -(r * r);
        t = {r * c, t.dx * byT * c, t.dy * byT * c};
        break;
      }
      case Op::square: t = chain(t.v * t.v, 2 * t.v, t); break;
      case Op::cube: t = chain(t.v * t.v * t.v, 3 * (t.v * t.v), t); break;
      case Op::powerConstant:  // x^0.5 at 0: inf
        t = keepDependent(chain(powerOfConstant(t.v, c), c == 0 ? 0 : c * powerOfConstant(t.v, c - 1), t),
                          instruction.dependencies);
        break;
      case Op::constantPower: {  // (-2)^x: NaN
        const double r = c == 1 ? 1 : std::pow(c, t.v);
        // torch takes log of the Scalar base with the C library
        t = keepDependent(chain(r, c == 0 && t.v >= 0 ? 0 : r * std::log(c), t), instruction.dependencies);
        break;
      }
      case Op::sin: t = chain(math.sin(t.v), math.cos(t.v), t); break;
      case Op::cos: t = chain(math.cos(t.v), -math.sin(t.v), t); break;
      case Op::tan: {
        const double r = math.tan(t.v);
        t = chain(r, 1 + r * r, t);
        break;
      }
      case Op::asin:
        t = keepDependent(chain(math.asin(t.v), 1 / std::sqrt(-t.v * t.v + 1), t), instruction.dependencies);
        break;
      case Op::acos:
        t = keepDependent(chain(math.acos(t.v), -(1 / std::sqrt(-t.v * t.v + 1)), t), instruction.dependencies);
        break;
      case Op::atan: {
        const double denominator = t.v * t.v + 1;
        t = {math.atan(t.v), t.dx / denominator, t.dy / denominator};
        break;
      }
      case Op::sinh: t = chain(std::sinh(t.v), std::cosh(t.v), t); break;
      case Op::cosh: t = chain(std::cosh(t.v), std::sinh(t.v), t); break;
      case Op::tanh: {
        const double r = math.tanh(t.v);
        t = chain(r, 1 - r * r, t);
        break;
      }
      case Op::exp: {
        const double r = math.exp(t.v);
        t = chain(r, r, t);
        break;
      }
      case Op::log: t = {math.log(t.v), t.dx / t.v, t.dy / t.v}; break;
      case Op::sqrt: {
        const double r = std::sqrt(t.v), twice = 2 * r;
        t = keepDependent({r, t.dx / twice, t.dy / twice}, instruction.dependencies);
        break;
      }
      case Op::abs: t = chain(std::fabs(t.v), static_cast<double>((0 < t.v) - (t.v < 0)), t); break;
      case Op::min: t = minimumOrMaximum(below[--count], t, true); break;
      case Op::max: t = minimumOrMaximum(below[--count], t, false); break;
      case Op::atan2: {  // torch: recip = 1 / (a^2 + b^2); d/da = b * recip, d/db = -a * recip
        const Dual a = below[--count];
        const double recip = 1 / (a.v * a.v + t.v * t.v), minusA = -a.v;
        const std::uint8_t on = instruction.dependencies;
        t = keepDependent({std::atan2(a.v, t.v), a.dx * t.v * recip + t.dx * minusA * recip,
                           a.dy * t.v * recip + t.dy * minusA * recip},
                          static_cast<std::uint8_t>((on | on >> 2) & 3));
        break;
      }
    }
  }
  return {t.v, t.dx, t.dy};
}

bool isBinary(Op op) {
  switch (op) {
    case Op::add: case Op::subtract: case Op::multiply: case Op::divide: case Op::power:
    case Op::min: case Op::max: case Op::atan2:
      return true;
    default:
      return false;
  }
}

bool isPush(Op op) { return op == Op::pushX || op == Op::pushY || op == Op::pushConstant; }

struct FunctionInfo {
  std::string_view name;
  Op op;
  int arity;
};

constexpr FunctionInfo kFunctions[] = {
    {"sin", Op::sin, 1},     {"cos", Op::cos, 1},     {"tan", Op::tan, 1},   {"asin", Op::asin, 1},
    {"acos", Op::acos, 1},   {"atan", Op::atan, 1},   {"sinh", Op::sinh, 1}, {"cosh", Op::cosh, 1},
    {"tanh", Op::tanh, 1},   {"exp", Op::exp, 1},     {"log", Op::log, 1},   {"sqrt", Op::sqrt, 1},
    {"abs", Op::abs, 1},     {"min", Op::min, 2},     {"max", Op::max, 2},   {"pow", Op::power, 2},
    {"atan2", Op::atan2, 2},
};

const FunctionInfo* findFunction(std::string_view name) {
  for (const FunctionInfo& function : kFunctions)
    if (function.name == name) return &function;
  return nullptr;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isNameChar(char c) { return isNameStart(c) || isDigit(c); }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Recursive descent over
//   expression = term { ("+" | "-") term }
//   term       = unary { ("*" | "/") unary }
//   unary      = { "+" | "-" } power           (so -x^2 = -(x^2))
//   power      = primary [ "^" unary ]          (right-associative: the exponent may carry a sign)
//   primary    = number | name | name "(" expression { "," expression } ")" | "(" expression ")"
// emitting postfix code as it goes. Parentheses, calls and exponents count towards the depth limit, which
// bounds both the recursion and the evaluation stack; sign chains are read in a loop.
class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  std::vector<Instruction> parse() {
    lex();
    if (token_.kind == Kind::end) throw Error("empty expression");
    parseExpression();
    if (token_.kind != Kind::end) {
      if (token_.kind == Kind::number || token_.kind == Kind::name || isSymbol('('))
        fail("missing operator before " + quoted(), token_.column);
      fail("unexpected " + quoted(), token_.column);
    }
    return std::move(code_);
  }

 private:
  enum class Kind { end, number, name, symbol };
  struct Token {
    Kind kind = Kind::end;
    std::size_t column = 0;  // 1-based
    std::string_view text;
    double number = 0;
  };

  [[noreturn]] static void fail(const std::string& message, std::size_t column) {
    throw Error(message + " at column " + std::to_string(column));
  }

  std::string quoted() const { return "'" + std::string(token_.text) + "'"; }
  bool isSymbol(char symbol) const {
    return token_.kind == Kind::symbol && token_.text.size() == 1 && token_.text[0] == symbol;
  }

  void lex() {
    while (position_ < source_.size() && isSpace(source_[position_])) ++position_;
    token_ = Token{};
    token_.column = position_ + 1;
    if (position_ == source_.size()) return;
    const std::size_t start = position_;
    const char c = source_[position_];
    if (isDigit(c) || (c == '.' && position_ + 1 < source_.size() && isDigit(source_[position_ + 1]))) {
      lexNumber();
    } else if (isNameStart(c)) {
      while (position_ < source_.size() && isNameChar(source_[position_])) ++position_;
      token_.kind = Kind::name;
    } else if (std::string_view("+-*/^(),").find(c) != std::string_view::npos) {
      ++position_;
      token_.kind = Kind::symbol;
    } else if (c >= 0x21 && c <= 0x7e) {
      fail(std::string("unexpected character '") + c + "'", token_.column);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(c));
      fail(std::string("unexpected byte ") + hex, token_.column);
    }
    token_.text = source_.substr(start, position_ - start);
  }

  // digits [ "." digits ] [ ("e" | "E") [sign] digits ], or "." digits [exponent]. An "e" not followed by
  // an exponent ends the number (then "2e" is 2 followed by the name e, an error).
  void lexNumber() {
    const std::size_t start = position_;
    auto digits = [&] {
      while (position_ < source_.size() && isDigit(source_[position_])) ++position_;
    };
    digits();
    if (position_ < source_.size() && source_[position_] == '.') {
      ++position_;
      digits();
    }
    if (position_ < source_.size() && (source_[position_] == 'e' || source_[position_] == 'E')) {
      std::size_t exponent = position_ + 1;
      if (exponent < source_.size() && (source_[exponent] == '+' || source_[exponent] == '-')) ++exponent;
      if (exponent < source_.size() && isDigit(source_[exponent])) {
        position_ = exponent;
        digits();
      }
    }
    const char* first = source_.data() + start;
    const char* last = source_.data() + position_;
    // from_chars takes no leading '+' and no locale; a lone leading "." is fine for it.
    const auto [end, error] = std::from_chars(first, last, token_.number);
    if (error != std::errc() || end != last || !std::isfinite(token_.number))
      fail("number '" + std::string(first, last) + "' is out of range", start + 1);
    token_.kind = Kind::number;
  }

  void enter(std::size_t column) {
    if (++depth_ > kMaxExpressionDepth)
      fail("expression nested too deeply (more than " + std::to_string(kMaxExpressionDepth) + " levels)", column);
  }
  void leave() { --depth_; }

  void parseExpression() {
    parseTerm();
    while (isSymbol('+') || isSymbol('-')) {
      const Op op = isSymbol('+') ? Op::add : Op::subtract;
      lex();
      const std::size_t rightStart = code_.size();
      parseTerm();
      emitBinary(op, rightStart);
    }
  }

  void parseTerm() {
    parseUnary();
    while (isSymbol('*') || isSymbol('/')) {
      const Op op = isSymbol('*') ? Op::multiply : Op::divide;
      lex();
      const std::size_t rightStart = code_.size();
      parseUnary();
      emitBinary(op, rightStart);
    }
  }

  void parseUnary() {
    bool negative = false;
    while (isSymbol('+') || isSymbol('-')) {
      negative ^= isSymbol('-');
      lex();
    }
    parsePower();
    if (negative) emitUnary(Op::negate);
  }

  void parsePower() {
    parsePrimary();
    if (!isSymbol('^')) return;
    enter(token_.column);
    lex();
    const std::size_t rightStart = code_.size();
    parseUnary();
    emitBinary(Op::power, rightStart);
    leave();
  }

  void parsePrimary() {
    if (token_.kind == Kind::end) fail("unexpected end of expression", token_.column);
    if (token_.kind == Kind::number) {
      emitConstant(token_.number);
      lex();
      return;
    }
    if (isSymbol('(')) {
      enter(token_.column);
      lex();
      parseExpression();
      expectClosingParenthesis();
      leave();
      return;
    }
    if (token_.kind != Kind::name) fail("unexpected " + quoted(), token_.column);

    const Token name = token_;
    lex();
    const FunctionInfo* function = findFunction(name.text);
    const bool isVariableOrConstant = name.text == "x" || name.text == "y" || name.text == "pi" || name.text == "e";
    if (isSymbol('(')) {
      if (isVariableOrConstant) fail("'" + std::string(name.text) + "' is not a function", name.column);
      if (!function) fail("unknown function '" + std::string(name.text) + "'", name.column);
      parseCall(*function, name.column);
      return;
    }
    if (function) fail("expected '(' after function '" + std::string(name.text) + "'", token_.column);
    if (name.text == "x") {
      code_.push_back({Op::pushX});
    } else if (name.text == "y") {
      code_.push_back({Op::pushY});
    } else if (name.text == "pi") {
      emitConstant(std::numbers::pi);
    } else if (name.text == "e") {
      emitConstant(std::numbers::e);
    } else {
      fail("unknown name '" + std::string(name.text) + "'", name.column);
    }
  }

  void parseCall(const FunctionInfo& function, std::size_t nameColumn) {
    enter(token_.column);
    lex();  // "("
    int arguments = 0;
    std::size_t secondStart = 0;
    if (!isSymbol(')')) {
      while (true) {
        if (arguments == 1) secondStart = code_.size();
        parseExpression();
        ++arguments;
        if (!isSymbol(',')) break;
        lex();
      }
    }
    expectClosingParenthesis();
    leave();
    if (arguments != function.arity)
      fail("function '" + std::string(function.name) + "' takes " + std::to_string(function.arity) +
               (function.arity == 1 ? " argument" : " arguments") + ", got " + std::to_string(arguments),
           nameColumn);
    if (function.arity == 1) {
      emitUnary(function.op);
    } else {
      emitBinary(function.op, secondStart);
    }
  }

  void expectClosingParenthesis() {
    if (!isSymbol(')')) fail("expected ')'", token_.column);
    lex();
  }

  void emitConstant(double value) { code_.push_back({Op::pushConstant, value}); }

  bool isConstantAt(std::size_t index) const { return code_[index].op == Op::pushConstant; }

  // Evaluates `code_[from..]` (constants only) and replaces it by its value.
  void foldFrom(std::size_t from) {
    const double value = run<4>(std::span(code_).subspan(from), 0, 0).value;
    code_.erase(code_.begin() + static_cast<std::ptrdiff_t>(from), code_.end());
    emitConstant(value);
  }

  void emitUnary(Op op) {
    if (isConstantAt(code_.size() - 1)) {
      code_.push_back({op});
      foldFrom(code_.size() - 2);
    } else if (op == Op::negate && code_.back().op == Op::negate) {
      code_.pop_back();  // -(-t) = t exactly
    } else {
      code_.push_back({op});
    }
  }

  // The right operand occupies code_[rightStart..]; the left one ends just before it. An operand that is a
  // single pushConstant is a constant (any constant subtree has already been folded to one).
  void emitBinary(Op op, std::size_t rightStart) {
    const bool leftConstant = isConstantAt(rightStart - 1);
    const bool rightConstant = isConstantAt(code_.size() - 1);
    if (leftConstant && rightConstant) {
      code_.push_back({op});
      foldFrom(rightStart - 1);
      return;
    }
    if (rightConstant) {
      const double c = code_.back().constant;
      code_.pop_back();
      switch (op) {
        case Op::add: code_.push_back({Op::addConstant, c}); return;
        case Op::subtract: code_.push_back({Op::subtractConstant, c}); return;
        case Op::multiply: code_.push_back({Op::multiplyConstant, c}); return;
        case Op::divide: code_.push_back({Op::divideConstant, c}); return;
        case Op::power:
          if (c == 1) return;  // torch copies the base: value and derivative unchanged
          code_.push_back(c == 2 ? Instruction{Op::square} : c == 3 ? Instruction{Op::cube}
                                                                    : Instruction{Op::powerConstant, c});
          return;
        default:
          code_.push_back({Op::pushConstant, c});
          code_.push_back({op});
          return;
      }
    }
    if (leftConstant) {
      const double c = code_[rightStart - 1].constant;
      Op fused;
      switch (op) {
        case Op::add: fused = Op::addConstant; break;  // c + t = t + c exactly
        case Op::multiply: fused = Op::multiplyConstant; break;
        case Op::subtract: fused = Op::constantSubtract; break;
        case Op::divide: fused = Op::constantDivide; break;
        case Op::power: fused = Op::constantPower; break;
        default:
          code_.push_back({op});
          return;
      }
      code_.erase(code_.begin() + static_cast<std::ptrdiff_t>(rightStart - 1));
      code_.push_back({fused, c});
      return;
    }
    code_.push_back({op});
  }

  std::string_view source_;
  std::size_t position_ = 0;
  Token token_;
  int depth_ = 0;
  std::vector<Instruction> code_;
};

// Walks the finished program once: records on each op which variables its operands depend on, and returns
// the most values alive at once.
std::size_t annotate(std::vector<Instruction>& program) {
  std::vector<std::uint8_t> dependsOn;  // per live value: bit 0 = x, bit 1 = y
  std::size_t highest = 0;
  for (Instruction& instruction : program) {
    if (isPush(instruction.op)) {
      dependsOn.push_back(instruction.op == Op::pushX ? 1 : instruction.op == Op::pushY ? 2 : 0);
      highest = std::max(highest, dependsOn.size());
    } else if (isBinary(instruction.op)) {
      const std::uint8_t right = dependsOn.back();
      dependsOn.pop_back();
      const std::uint8_t left = dependsOn.back();
      instruction.dependencies = static_cast<std::uint8_t>(left | right << 2);
      dependsOn.back() = left | right;
    } else {
      instruction.dependencies = dependsOn.back();
    }
  }
  return highest;
}

}  // namespace

CompiledExpression CompiledExpression::compile(std::string_view source) {
  if (source.size() > kMaxExpressionLength)
    throw Error("expression too long (" + std::to_string(source.size()) + " characters, limit " +
                std::to_string(kMaxExpressionLength) + ")");
  CompiledExpression compiled;
  compiled.program_ = Parser(source).parse();
  compiled.stackSize_ = annotate(compiled.program_);
  // Unreachable within the depth limit (each level adds at most three values); kept as a guard.
  if (compiled.stackSize_ > kMaxExpressionStack) throw Error("expression too complex");
  return compiled;
}

ValueAndGradient CompiledExpression::valueAndGradient(double x, double y) const {
  // A small frame for the common case keeps the hot loop's stack footprint in one cache line or two.
  if (stackSize_ <= 16) return run<16>(program_, x, y);
  return run<kMaxExpressionStack>(program_, x, y);
}

}  // namespace gradscape::core
