// The expression parser: recursive descent straight to postfix code, folding constants as it goes, then
// one pass that annotates each operation's operands (CompiledExpression::compile). Evaluation is in
// expression_evaluator.cpp.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

#include "core/error.hpp"
#include "core/expression.hpp"
#include "core/expression_program.hpp"

namespace gradscape::core {
namespace {

using Op = ExpressionOp;
using Instruction = ExpressionInstruction;

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
    const double value = evaluateConstantOperation(operation);
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
    if (isPushOp(instruction.op)) {
      roots.push_back(i);
      highest = std::max(highest, roots.size());
    } else {
      instruction.rightSink = adjointSinkOf(program[i - 1].op);
      if (isBinaryOp(instruction.op)) {
        roots.pop_back();
        instruction.left = roots.back();
        instruction.leftSink = adjointSinkOf(program[instruction.left].op);
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

}  // namespace gradscape::core
