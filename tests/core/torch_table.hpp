// Reads the torch oracle's tab-separated fixtures (tests/data/surfaces/*.tsv): rows of text fields, numbers in
// Python's repr.
#pragma once

#include <charconv>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace gradscape::test {

inline double parseNumber(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) throw std::runtime_error("bad number " + text);
  return value;
}

// Every row split at tabs; a row with another number of fields than `fields` throws.
inline std::vector<std::vector<std::string>> readTable(const std::string& path, std::size_t fields) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> row;
    for (std::size_t start = 0;;) {
      const std::size_t tab = line.find('\t', start);
      row.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (row.size() != fields) throw std::runtime_error("bad row: " + line);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace gradscape::test
