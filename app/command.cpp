// runCommand: the one place where a command's exceptions become a message line and an exit status.
#include "command.hpp"

#include <cstdio>
#include <new>
#include <string>

#include "core/printable.hpp"

namespace gradscape::app {

void printMessage(std::string_view message) {
  const std::string line = "gradscape: " + core::printableText(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

int runCommand(std::string_view command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& error) {
    printMessage(command.empty() ? std::string(error.what()) : std::string(command) + ": " + error.what());
    return kExitUsage;
  } catch (const Error& error) {
    printMessage(error.what());
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    printMessage("out of memory");
    return kExitBadInput;
  } catch (const std::exception& error) {
    printMessage(std::string("internal error: ") + error.what());
    return kExitInternal;
  } catch (...) {
    printMessage("internal error: an unknown exception");
    return kExitInternal;
  }
}

}  // namespace gradscape::app
