// Scripted viewer runs: a file of input events and actions, one per line, replayed in the real window.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gradscape::app {

// One line of a script: `verb arg arg ...`. Arguments may be "double quoted" to hold spaces.
struct ScriptCommand {
  int line = 0;
  std::string verb;
  std::vector<std::string> args;

  double number(std::size_t index) const;  // throws gradscape::Error naming the line
  long long integer(std::size_t index) const;
  std::string where() const;  // "line 3 (orbit)"
};

// A verb's argument shape: how many, and per position 'n' number, 'i' integer, '-' text.
struct VerbShape {
  std::string_view verb;
  std::size_t minArgs, maxArgs;
  std::string_view numericArgs;
};

// Checks every verb and its argument count up front, so a typo fails before a window opens.
// `origin` names the file in errors: "demo.txt:3: unknown command 'orbitt' (expected one of: ...)".
std::vector<ScriptCommand> parseScript(std::string_view text, const std::string& origin);
std::vector<ScriptCommand> loadScript(const std::string& path);

// The reference printed by `gradscape view --help` and the F1 overlay's scripting note.
extern const char* const kScriptReference;

}  // namespace gradscape::app
