// How every command reads its command line: `--flag value`, `--flag=value`, `-o value`, one scene path,
// and numbers that must parse whole and lie in the flag's range. Errors are UsageError (exit status 2).
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "command.hpp"

namespace gradscape::app {

// The value side of the flag being read, handed to a command's flag handler.
class FlagValue {
 public:
  FlagValue(const std::string& flag, std::optional<std::string> inlineValue, int argc, char** argv, int& index,
            std::string_view command)
      : flag_(flag), inline_(std::move(inlineValue)), argc_(argc), argv_(argv), index_(index), command_(command) {}
  // "--flag=value", else the next argument; a UsageError when there is none.
  std::string take();
  // For flags that take no value: a UsageError for "--flag=value".
  void none() const;

 private:
  const std::string& flag_;
  std::optional<std::string> inline_;
  int argc_;
  char** argv_;
  int& index_;
  std::string_view command_;
};

// Walks argv[1..] (argv[0] is the command's name, `command`). Each option (an argument of two or more
// characters starting with '-', without any "=value") goes to onOption, which reads its value through the
// FlagValue and returns false for a flag it does not know: "unknown option '--colour' (see gradscape
// COMMAND --help)". The one other argument is the scene path ("-" is standard input); a second one or none
// is a UsageError. Returns the scene path.
std::string walkArguments(int argc, char** argv, std::string_view command,
                          const std::function<bool(const std::string& flag, FlagValue& value)>& onOption);

// `text` as a whole Number: nothing before or after it, and finite when floating point.
template <class Number>
std::optional<Number> parseNumber(std::string_view text) {
  Number value{};
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end) return std::nullopt;
  if constexpr (std::is_floating_point_v<Number>)
    if (!std::isfinite(value)) return std::nullopt;
  return value;
}

// "FLAG TEXT: expected a whole number" / "FLAG TEXT: must be LOW..HIGH" as UsageErrors.
std::int64_t parseInteger(const std::string& flag, const std::string& text, std::int64_t low, std::int64_t high);
// "FLAG TEXT: expected a number" as a UsageError.
double parseReal(const std::string& flag, const std::string& text);

}  // namespace gradscape::app
