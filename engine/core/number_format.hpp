// Shortest round-trip decimal text for doubles (the trace CSV, labels, messages).
#pragma once

#include <charconv>
#include <string>

namespace gradscape::core {

// The shortest text that parses back to exactly `value` ("1", "0.25", "1e-05", "-inf", "nan").
inline std::string formatShortest(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// `digits` significant digits, shortest form ("0.3489", "1e-05", "12"): labels that stay short.
inline std::string formatSignificant(double value, int digits) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, digits);
  return std::string(buffer, result.ptr);
}

// Appends to a caller-owned buffer; no allocation in streaming loops. Returns the new end.
inline char* appendShortest(char* out, char* end, double value) { return std::to_chars(out, end, value).ptr; }

}  // namespace gradscape::core
