// README's table of environment variables names every variable the program's sources read.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace {

// The names in every `getenv("NAME"` and `setenv("NAME"` of a source text. A plain scan, not std::regex: GCC 12
// reports a false maybe-uninitialized inside <regex> in the sanitizer build, where warnings are errors.
void collectReadNames(const std::string& text, std::set<std::string>& names) {
  for (const std::string call : {"getenv(\"", "setenv(\""})
    for (auto at = text.find(call); at != std::string::npos; at = text.find(call, at + 1)) {
      const auto begin = at + call.size();
      auto end = begin;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
      if (end > begin && end < text.size() && text[end] == '"') names.insert(text.substr(begin, end - begin));
    }
}

std::string readText(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(EnvironmentVariables, ReadmeListsEveryVariableTheSourcesRead) {
  const std::filesystem::path root = GRADSCAPE_SOURCE_DIR;
  // getenv("NAME") reads one; setenv("NAME", ..., 0) keeps the user's own value, so it reads it too.
  std::set<std::string> names;
  for (const char* folder : {"app", "engine"})
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      const auto extension = entry.path().extension();
      if (extension != ".cpp" && extension != ".hpp") continue;
      const std::string text = readText(entry.path());
      collectReadNames(text, names);
    }
  EXPECT_TRUE(names.contains("PATH") && names.contains("GRADSCAPE_NO_HUGEPAGES")) << "the search found nothing?";
  const std::string readme = readText(root / "README.md");
  const auto section = readme.find("## Environment variables");
  ASSERT_NE(section, std::string::npos) << "README.md has no Environment variables section";
  const std::string table = readme.substr(section, readme.find("\n## ", section + 1) - section);
  for (const std::string& name : names) EXPECT_NE(table.find("`" + name + "`"), std::string::npos) << name << " is not in README's table";
}

}  // namespace
