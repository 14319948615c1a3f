// The bad-input table's test harness: each row of docs/bad-input.md is one gtest that runs the built binary,
// checks the exact message line, the exit status, stdout and output files, and that the doc says the same.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace gradscape::testing::bad_input {

namespace fs = std::filesystem;

const std::string kBinary = GRADSCAPE_BINARY;
const std::string kTablePath = std::string(GRADSCAPE_SOURCE_DIR) + "/docs/bad-input.md";

// One documented row: the standard error line (with the placeholder $DIR for the row's scratch directory)
// and the exit status.
struct DocumentedRow {
  std::string message;
  int exitCode = -1;
};

// Rows of the table: "| S1 | input | `gradscape: ...` | 1 | ... |". The message is the first `...` cell.
inline std::map<std::string, DocumentedRow> documentedRows() {
  std::map<std::string, DocumentedRow> rows;
  std::ifstream file(kTablePath);
  for (std::string line; std::getline(file, line);) {
    if (!line.starts_with("| ")) continue;
    // Cells split at '|', except an escaped "\|" inside a cell.
    std::vector<std::string> cells(1);
    for (std::size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
        cells.back() += '|';
        ++i;
      } else if (line[i] == '|') {
        cells.emplace_back();
      } else {
        cells.back() += line[i];
      }
    }
    for (std::string& cell : cells) {
      const auto first = cell.find_first_not_of(' '), last = cell.find_last_not_of(' ');
      cell = first == std::string::npos ? "" : cell.substr(first, last - first + 1);
    }
    if (cells.size() < 4 || cells[0].empty() || cells[0] == "row" || cells[0].starts_with("-")) continue;
    DocumentedRow row;
    const std::string& message = cells[2];
    // `message`, or `` message `` when the message itself holds a backtick.
    if (message.size() >= 6 && message.starts_with("`` ") && message.ends_with(" ``"))
      row.message = message.substr(3, message.size() - 6);
    else if (message.size() >= 2 && message.front() == '`' && message.back() == '`')
      row.message = message.substr(1, message.size() - 2);
    row.exitCode = std::atoi(cells[3].c_str());
    rows[cells[0]] = row;
  }
  return rows;
}

// Row ids the tests of this binary cover (filled at static initialisation by BAD_INPUT_ROW).
inline std::set<std::string>& testedRowIds() {
  static std::set<std::string> ids;
  return ids;
}
inline bool registerRow(const std::string& id) { return testedRowIds().insert(id).second; }

// A fresh, empty scratch directory for one row.
inline std::string scratchDirectory(const std::string& id) {
  const fs::path dir = fs::path(GRADSCAPE_TEST_OUTPUT) / "bad-input" / id;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

inline std::string writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

inline std::string readFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

inline std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

// The parent's environment with `unset` removed and `set` ("NAME=value") replacing or adding entries, so a
// row can drop DISPLAY or change PATH while sanitizer options and the rest pass through.
inline std::vector<std::string> environmentWith(const std::vector<std::string>& set, const std::vector<std::string>& unset = {}) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry; ++entry) {
    const std::string text = *entry;
    const std::string name = text.substr(0, text.find('='));
    bool drop = false;
    for (const auto& u : unset) drop = drop || name == u;
    for (const auto& s : set) drop = drop || s.substr(0, s.find('=')) == name;
    if (!drop) out.push_back(text);
  }
  out.insert(out.end(), set.begin(), set.end());
  return out;
}

// The checks every row makes: the documented message as the one line on standard error, the documented exit
// status, no crash, and the doc's row saying exactly this. `messageTemplate` may hold $DIR.
inline void expectRow(const std::string& id, const ProcessResult& result, const std::string& dir, const std::string& messageTemplate,
                      int exitCode) {
  EXPECT_EQ(result.signal, 0) << "killed by signal " << result.signal << "; stderr: " << result.err;
  EXPECT_EQ(result.exitCode, exitCode) << result.err;
  EXPECT_EQ(result.err, replaceAll(messageTemplate, "$DIR", dir) + "\n");
  const auto rows = documentedRows();
  const auto row = rows.find(id);
  ASSERT_NE(row, rows.end()) << "row " << id << " is missing from " << kTablePath;
  EXPECT_EQ(row->second.message, messageTemplate) << "row " << id << " of docs/bad-input.md";
  EXPECT_EQ(row->second.exitCode, exitCode) << "row " << id << " of docs/bad-input.md";
}

// Every documented row whose id starts with one of `prefixes` has a test in this binary, and no test
// claims a row the doc lacks.
inline void expectEveryRowTested(const std::vector<std::string>& prefixes) {
  std::set<std::string> documented;
  for (const auto& [id, row] : documentedRows())
    for (const auto& prefix : prefixes)
      if (id.starts_with(prefix)) documented.insert(id);
  EXPECT_FALSE(documented.empty()) << kTablePath;
  for (const auto& id : documented) EXPECT_TRUE(testedRowIds().contains(id)) << "row " << id << " has no test";
  for (const auto& id : testedRowIds()) EXPECT_TRUE(documented.contains(id)) << "test of row " << id << " is not in the doc";
}

}  // namespace gradscape::testing::bad_input

// One gtest per table row, registered so expectEveryRowTested() can see it. `name` says what the row is.
#define BAD_INPUT_ROW(id, name)                                                                            \
  [[maybe_unused]] static const bool badInputRegistered_##name = ::gradscape::testing::bad_input::registerRow(id);          \
  TEST(BadInput, name)
