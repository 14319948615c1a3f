// Error messages as one printable line: text from files and command lines may hold newlines or escape codes.
#pragma once

#include <string>
#include <string_view>

namespace gradscape::core {

// Control characters (C0 and DEL) become \n, \r, \t or \xNN, so a message quoting a JSON key, a file name
// or a stray byte stays one line on standard error and cannot drive the terminal. Other text is kept as is.
inline std::string printableText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

}  // namespace gradscape::core
