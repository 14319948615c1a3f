// The message of the gradscape::Error an action throws, or "" when it throws none: tests compare
// messages, the user's only view of what went wrong.
#pragma once

#include <functional>
#include <string>

#include "core/error.hpp"

namespace gradscape::testing {

inline std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

}  // namespace gradscape::testing
