// Helpers for the app tier: run the real viewer window under Xvfb with a script, read its printed state
// and its screenshot.
#pragma once

#include <gtest/gtest.h>
#include <stb_image.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace gradscape::testing {

// Every xvfb-run here passes Xvfb -noreset: otherwise the server resets when the viewer disconnects and
// signals xvfb-run (SIGUSR1), which can interrupt its `rm` of the temporary directory and make it exit 5
// ("problem while cleaning up temporary directory") whatever the viewer returned.
inline bool haveXvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

// An empty directory under GRADSCAPE_TEST_OUTPUT named after the running test.
inline std::filesystem::path viewerTestDirectory() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto directory = std::filesystem::path(GRADSCAPE_TEST_OUTPUT) /
                         ("viewer." + std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  return directory;
}

// key=value pairs of one printed line; values may be "quoted" (with \" escapes).
using Fields = std::map<std::string, std::string>;

inline Fields parseFields(const std::string& line) {
  Fields fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const auto equals = line.find('=', i);
    const auto space = line.find(' ', i);
    if (equals == std::string::npos || (space != std::string::npos && space < equals)) {
      i = space == std::string::npos ? line.size() : space + 1;  // a bare word ("state", "run", an index)
      continue;
    }
    const std::string key = line.substr(i, equals - i);
    i = equals + 1;
    std::string value;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (i < line.size() && line[i] != '"') {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        value += line[i++];
      }
      ++i;
    } else {
      const auto end = line.find(' ', i);
      value = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? line.size() : end;
    }
    fields[key] = value;
  }
  return fields;
}

// One `state` print: the viewer's fields and one Fields per run.
struct ViewerState {
  Fields view;
  std::vector<Fields> runs;
  double number(const std::string& key) const { return std::stod(view.at(key)); }
  double runNumber(std::size_t run, const std::string& key) const { return std::stod(runs.at(run).at(key)); }
  // "1,0.25" -> {1, 0.25}
  std::pair<double, double> runPair(std::size_t run, const std::string& key) const {
    const std::string& text = runs.at(run).at(key);
    const auto comma = text.find(',');
    return {std::stod(text.substr(0, comma)), std::stod(text.substr(comma + 1))};
  }
};

struct RgbaImage {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;
  const unsigned char* at(int x, int y) const { return pixels.data() + (static_cast<std::size_t>(y) * width + x) * 4; }
};

inline std::optional<RgbaImage> loadPng(const std::filesystem::path& path) {
  int width = 0, height = 0, channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &width, &height, &channels, 4);
  if (!data) return std::nullopt;
  RgbaImage image{width, height, std::vector<unsigned char>(data, data + static_cast<std::size_t>(width) * height * 4)};
  stbi_image_free(data);
  return image;
}

// Pixels in [x0, x1) x [y0, y1) (top-left origin) for which `test(r, g, b)` holds.
template <class Test>
int countPixels(const RgbaImage& image, int x0, int y0, int x1, int y1, Test test) {
  int count = 0;
  for (int y = std::max(0, y0); y < std::min(image.height, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(image.width, x1); ++x) {
      const unsigned char* p = image.at(x, y);
      if (test(p[0], p[1], p[2])) ++count;
    }
  return count;
}

// Pixels that differ by more than `threshold` in any channel inside the rectangle.
inline int countDifferent(const RgbaImage& a, const RgbaImage& b, int x0, int y0, int x1, int y1, int threshold = 24) {
  int count = 0;
  for (int y = std::max(0, y0); y < std::min({a.height, b.height, y1}); ++y)
    for (int x = std::max(0, x0); x < std::min({a.width, b.width, x1}); ++x)
      for (int c = 0; c < 3; ++c)
        if (std::abs(int(a.at(x, y)[c]) - int(b.at(x, y)[c])) > threshold) {
          ++count;
          break;
        }
  return count;
}

struct ViewerRun {
  ProcessResult process;
  std::vector<ViewerState> states;  // every `state` print, in order (the last is printed at exit)
  std::vector<std::string> lines;   // every stdout line
  std::filesystem::path directory;
  std::string describe() const { return "exit " + std::to_string(process.exitCode) + "\nstdout:\n" + process.out + "stderr:\n" + process.err; }
};

// Splits the viewer's standard output into lines and its `state` / `run` prints.
inline void readViewerOutput(ViewerRun& run) {
  std::istringstream out(run.process.out);
  for (std::string line; std::getline(out, line);) {
    run.lines.push_back(line);
    if (line.rfind("state ", 0) == 0) run.states.push_back(ViewerState{parseFields(line), {}});
    else if (line.rfind("run ", 0) == 0 && !run.states.empty()) run.states.back().runs.push_back(parseFields(line));
  }
}

// `text` in single quotes for sh.
inline std::string shellQuoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs `gradscape view [scene] --script <script> [--screenshot shot.png] --size 1200x900` under Xvfb with
// its own config directory (`directory`/config). Relative file names in the script are relative to `directory`.
inline ViewerRun runViewer(const std::filesystem::path& directory, const std::string& script,
                           const std::vector<std::string>& extraArguments = {}, bool screenshot = true,
                           const std::string& size = "1200x900", const std::vector<std::string>& environment = {}) {
  const auto scriptPath = directory / "script.txt";
  std::ofstream(scriptPath) << script;
  std::vector<std::string> argv = {"xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -noreset", "env",
                                   "XDG_CONFIG_HOME=" + (directory / "config").string(),
                                   "XDG_STATE_HOME=" + (directory / "state").string()};
  argv.insert(argv.end(), environment.begin(), environment.end());
  argv.insert(argv.end(), {GRADSCAPE_BINARY, "view"});
  for (const auto& argument : extraArguments) argv.push_back(argument);
  argv.insert(argv.end(), {"--script", scriptPath.string(), "--size", size});
  if (screenshot) argv.insert(argv.end(), {"--screenshot", (directory / "final.png").string()});
  ViewerRun run;
  run.directory = directory;
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(directory);
  run.process = runProcess(argv);
  std::filesystem::current_path(cwd);
  readViewerOutput(run);
  return run;
}

// The scene viewport printed as "viewport=X,Y,WxH" (GL lower-left origin) -> top-left rectangle.
struct PixelBox {
  int x0, y0, x1, y1;
};
inline PixelBox sceneBox(const ViewerState& state, int windowHeight) {
  int x = 0, y = 0, width = 0, height = 0;
  std::sscanf(state.view.at("viewport").c_str(), "%d,%d,%dx%d", &x, &y, &width, &height);
  const int top = windowHeight - y - height;
  return {x, top, x + width, top + height};
}

}  // namespace gradscape::testing
