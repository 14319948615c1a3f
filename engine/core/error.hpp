// The one error type of gradscape: a message that already names the place (file, JSON path, column).
#pragma once

#include <stdexcept>
#include <string>

namespace gradscape {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace gradscape
