// Parses the `gradscape view` arguments.
#include "viewer/view_options.hpp"

#include <charconv>

#include "command.hpp"

namespace gradscape::app {

const char* const kViewUsage =
    "usage: gradscape view [SCENE.json] [--script FILE] [--screenshot OUT.png] [--size WxH] [--restore]\n"
    "  SCENE.json        scene to open (default: the article's saddle scene)\n"
    "  --script FILE     replay the actions in FILE (one per line), then exit\n"
    "  --screenshot PNG  write a screenshot of the window, UI included, then exit\n"
    "  --size WxH        window size, e.g. 1200x900\n"
    "  --restore         open the newest session a crashed or killed viewer left unsaved (no question asked)\n";

WindowSize parseWindowSize(const std::string& text, const std::string& what) {
  const auto fail = [&] { return Error(what + ": expected WxH with sizes in [64, 16384], got '" + text + "'"); };
  const auto cross = text.find('x');
  if (cross == std::string::npos) throw fail();
  WindowSize size;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto first = std::from_chars(begin, begin + cross, size.width);
  auto second = std::from_chars(begin + cross + 1, end, size.height);
  if (first.ec != std::errc{} || first.ptr != begin + cross || second.ec != std::errc{} || second.ptr != end)
    throw fail();
  if (size.width < 64 || size.height < 64 || size.width > 16384 || size.height > 16384) throw fail();
  return size;
}

ViewOptions parseViewOptions(const std::vector<std::string>& args) {
  ViewOptions options;
  const auto value = [&](std::size_t& i) -> const std::string& {
    if (i + 1 >= args.size()) throw UsageError(args[i] + " needs a value");
    return args[++i];
  };
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--script") {
      options.scriptPath = value(i);
    } else if (arg == "--screenshot") {
      options.screenshotPath = value(i);
    } else if (arg == "--size") {
      const std::string& text = value(i);
      try {
        options.size = parseWindowSize(text, "--size");
      } catch (const Error& error) {
        throw UsageError(error.what());  // on the command line a bad size is the command line's fault
      }
    } else if (arg == "--restore") {
      options.restore = true;
    } else if (arg == "-h" || arg == "--help") {
      options.help = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UsageError("unknown option '" + arg + "'");
    } else if (options.scenePath) {
      throw UsageError("one scene at a time (got '" + *options.scenePath + "' and '" + arg + "')");
    } else {
      options.scenePath = arg;
    }
  }
  // Checked here, before any file is read: which of the two scenes was meant is the command line's fault.
  if (options.restore && options.scenePath && !options.help)
    throw UsageError("--restore opens the unsaved session: give no SCENE.json with it");
  return options;
}

}  // namespace gradscape::app
