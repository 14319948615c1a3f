// The argument walk and flag-value parsing every command shares (command_line.hpp).
#include "command_line.hpp"

namespace gradscape::app {

std::string FlagValue::take() {
  if (inline_) return *inline_;
  if (index_ + 1 >= argc_)
    throw UsageError(flag_ + ": missing its value (see gradscape " + std::string(command_) + " --help)");
  return argv_[++index_];
}

void FlagValue::none() const {
  if (inline_) throw UsageError(flag_ + " takes no value");
}

std::string walkArguments(int argc, char** argv, std::string_view command,
                          const std::function<bool(const std::string& flag, FlagValue& value)>& onOption) {
  const std::string help = " (see gradscape " + std::string(command) + " --help)";
  std::string scenePath;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() > 1 && arg[0] == '-') {
      std::optional<std::string> inlineValue;
      if (arg.starts_with("--") && arg.find('=') != std::string::npos) {
        inlineValue = arg.substr(arg.find('=') + 1);
        arg = arg.substr(0, arg.find('='));
      }
      FlagValue value(arg, std::move(inlineValue), argc, argv, i, command);
      if (!onOption(arg, value)) throw UsageError("unknown option '" + arg + "'" + help);
    } else if (!scenePath.empty()) {
      throw UsageError("expected one scene file, got '" + scenePath + "' and '" + arg + "'");
    } else {
      scenePath = arg;
    }
  }
  if (scenePath.empty()) throw UsageError("missing SCENE.json" + help);
  return scenePath;
}

std::int64_t parseInteger(const std::string& flag, const std::string& text, std::int64_t low, std::int64_t high) {
  const auto number = parseNumber<std::int64_t>(text);
  if (!number) throw UsageError(flag + " " + text + ": expected a whole number");
  if (*number < low || *number > high)
    throw UsageError(flag + " " + text + ": must be " + std::to_string(low) + ".." + std::to_string(high));
  return *number;
}

double parseReal(const std::string& flag, const std::string& text) {
  const auto number = parseNumber<double>(text);
  if (!number) throw UsageError(flag + " " + text + ": expected a number");
  return *number;
}

}  // namespace gradscape::app
