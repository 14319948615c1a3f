// The error contract every gradscape command shares (docs/bad-input.md): one printable line, an exit status
// that says whose fault it was. A command's body throws; runCommand turns what it threw into the line and status.
#pragma once

#include <functional>
#include <string_view>

#include "core/error.hpp"

namespace gradscape::app {

// The command line itself is malformed: an unknown command or flag, a missing or extra argument, a flag
// value that does not parse or lies outside the flag's own range, a flag that does not apply to the chosen
// command or format. Exit status 2. Anything the command line is fine with but the input or the machine is
// not (the scene, an expression, a value checked against the scene or the format, a missing ffmpeg,
// display or directory) is a plain gradscape::Error: exit status 1.
class UsageError : public Error {
 public:
  using Error::Error;
};

inline constexpr int kExitBadInput = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 70;  // EX_SOFTWARE: a bug of ours, never the user's input

// Runs one command's body and returns its exit status. What the body throws becomes one line on standard
// error, control characters escaped: a UsageError "gradscape: COMMAND: message" and 2 (no "COMMAND: " when
// `command` is empty: the top level), an Error "gradscape: message" and 1, running out of memory 1, anything
// else "gradscape: internal error: ..." and 70. Nothing is written on standard output on the way out.
int runCommand(std::string_view command, const std::function<int()>& body);

// One line on standard error, "gradscape: " and `message` with control characters escaped: for notes that
// are not failures (a run that diverged) and keep the same shape as the errors.
void printMessage(std::string_view message);

}  // namespace gradscape::app
