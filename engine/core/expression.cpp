// Expression parser (recursive descent straight to postfix code, folding constants as it goes) and the
// evaluator: a forward pass for values and a reverse pass that reproduces torch autograd's gradients.
#include "core/expression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

#include "core/error.hpp"

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

bool isPush(Op op) { return op == Op::pushX || op == Op::pushY || op == Op::pushConstant; }

// Where an adjoint for the value computed by `op` goes (see AdjointSink).
AdjointSink sinkOf(Op op) {
  return op == Op::pushX ? AdjointSink::x : op == Op::pushY ? AdjointSink::y
       : op == Op::pushConstant ? AdjointSink::none : AdjointSink::stack;
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
    deliver(sinkOf(program[count - 1].op), 1);
    for (std::size_t i = count; i-- > 0;) {
      const Instruction& instruction = program[i];
      const Op op = instruction.op;
      if (isPush(op)) continue;  // leaves: their consumer delivered their adjoint
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

  // Evaluates `code_[from..]` (one op on constants) and replaces it by its value.
  void foldFrom(std::size_t from) {
    std::vector<Instruction> operation(code_.begin() + static_cast<std::ptrdiff_t>(from), code_.end());
    operation.back().left = 0;  // the first constant, for a binary op (no gradient: sinks do not matter)
    double values[4], pending[4];
    Partials partials[3];
    const double value = run<false>(operation, 0, 0, values, partials, pending).value;
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

// Walks the finished program once: records each op's operands (where the left one was computed, where
// their adjoints go), and returns the most values alive at once in a stack evaluation (which bounds the
// adjoints pending in the reverse pass).
std::size_t annotate(std::vector<Instruction>& program) {
  std::vector<std::uint32_t> roots;  // where each live value was computed
  std::size_t highest = 0;
  for (std::uint32_t i = 0; i < program.size(); ++i) {
    Instruction& instruction = program[i];
    if (isPush(instruction.op)) {
      roots.push_back(i);
      highest = std::max(highest, roots.size());
    } else {
      instruction.rightSink = sinkOf(program[i - 1].op);
      if (isBinaryOp(instruction.op)) {
        roots.pop_back();
        instruction.left = roots.back();
        instruction.leftSink = sinkOf(program[instruction.left].op);
      }
      roots.back() = i;
    }
  }
  return highest;
}

}  // namespace

bool isBinaryOp(ExpressionOp op) {
  switch (op) {
    case Op::add: case Op::subtract: case Op::multiply: case Op::divide: case Op::power:
    case Op::min: case Op::max: case Op::atan2:
      return true;
    default:
      return false;
  }
}

CompiledExpression CompiledExpression::compile(std::string_view source) {
  if (source.size() > kMaxExpressionLength)
    throw Error("expression too long (" + std::to_string(source.size()) + " characters, limit " +
                std::to_string(kMaxExpressionLength) + ")");
  CompiledExpression compiled;
  compiled.program_ = Parser(source).parse();
  compiled.stackSize_ = annotate(compiled.program_);
  // Unreachable within the limits (a token makes at most one instruction; each nesting level keeps at
  // most three values waiting); kept as a guard for the fixed scratch arrays.
  if (compiled.program_.size() > kMaxExpressionLength || compiled.stackSize_ > kMaxExpressionStack)
    throw Error("expression too complex");
  return compiled;
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
