// Error messages as one printable line: text from files and command lines may hold newlines or escape codes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gradscape::core {

// Control characters (C0 and DEL) become \n, \r, \t or \xNN, and so does every byte that is not part of a
// well-formed UTF-8 sequence, so a message quoting a JSON key, a file name or a stray byte stays one line
// of valid text on standard error and cannot drive the terminal. Other text is kept as is.
inline std::string printableText(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto escape = [](std::string& out, unsigned char byte) {
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  };
  // Length of the well-formed UTF-8 sequence starting at `at`, 0 if there is none.
  auto sequenceLength = [&](std::size_t at) -> std::size_t {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length == 0 || at + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i)
      if ((static_cast<unsigned char>(text[at + i]) & 0xc0) != 0x80) return 0;
    return length;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x80) {
      if (const std::size_t length = sequenceLength(at)) {
        out.append(text.substr(at, length));
        at += length;
      } else {
        escape(out, byte);
        ++at;
      }
      continue;
    }
    if (byte >= 0x20 && byte != 0x7f) out += static_cast<char>(byte);
    else if (byte == '\n') out += "\\n";
    else if (byte == '\r') out += "\\r";
    else if (byte == '\t') out += "\\t";
    else escape(out, byte);
    ++at;
  }
  return out;
}

}  // namespace gradscape::core
