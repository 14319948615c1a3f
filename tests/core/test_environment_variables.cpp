// README's table of environment variables names every variable the program's sources read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

std::string readText(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(EnvironmentVariables, ReadmeListsEveryVariableTheSourcesRead) {
  const std::filesystem::path root = GRADSCAPE_SOURCE_DIR;
  // getenv("NAME") reads one; setenv("NAME", ..., 0) keeps the user's own value, so it reads it too.
  const std::regex read(R"re((?:getenv|setenv)\("([A-Za-z_][A-Za-z0-9_]*)")re");
  std::set<std::string> names;
  for (const char* folder : {"app", "engine"})
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      const auto extension = entry.path().extension();
      if (extension != ".cpp" && extension != ".hpp") continue;
      const std::string text = readText(entry.path());
      for (std::sregex_iterator match(text.begin(), text.end(), read), end; match != end; ++match) names.insert((*match)[1]);
    }
  EXPECT_TRUE(names.contains("PATH") && names.contains("GRADSCAPE_NO_HUGEPAGES")) << "the search found nothing?";
  const std::string readme = readText(root / "README.md");
  const auto section = readme.find("## Environment variables");
  ASSERT_NE(section, std::string::npos) << "README.md has no Environment variables section";
  const std::string table = readme.substr(section, readme.find("\n## ", section + 1) - section);
  for (const std::string& name : names) EXPECT_NE(table.find("`" + name + "`"), std::string::npos) << name << " is not in README's table";
}

}  // namespace
