// The `gradscape view` command line: [SCENE.json] [--script FILE] [--screenshot OUT.png] [--size WxH].
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gradscape::app {

struct WindowSize {
  int width = 0, height = 0;
};

struct ViewOptions {
  std::optional<std::string> scenePath;       // none: the article's scene
  std::optional<std::string> scriptPath;      // replay these actions, then exit
  std::optional<std::string> screenshotPath;  // window screenshot (with UI) written before exiting
  std::optional<WindowSize> size;             // window size in screen coordinates
  bool restore = false;                       // restore the newest unsaved session without asking
  bool help = false;
};

// argv[0] is "view". Throws UsageError with a one-line reason naming the bad argument.
ViewOptions parseViewOptions(const std::vector<std::string>& args);

// "1200x900" -> {1200, 900}; throws gradscape::Error for anything else or sizes outside [64, 16384].
WindowSize parseWindowSize(const std::string& text, const std::string& what);

extern const char* const kViewUsage;

}  // namespace gradscape::app
