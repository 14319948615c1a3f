// The command line: dispatches to view / trace / export, prints help and version, turns errors into one line.
#include "cli.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/number_format.hpp"
#include "core/printable.hpp"
#include "core/scene.hpp"
#include "core/trace.hpp"

#if __has_include("cli_export.hpp")
#include "cli_export.hpp"
#define GRADSCAPE_HAS_EXPORT 1
#endif
#if __has_include("viewer/viewer.hpp")
#include "viewer/viewer.hpp"
#define GRADSCAPE_HAS_VIEWER 1
#endif

namespace gradscape::app {
namespace {

constexpr const char* kUsage =
    "usage: gradscape [view] [SCENE.json]        open the viewer (default: the article's scene)\n"
    "       gradscape trace SCENE.json|-         print the descent trace as CSV (run,iter,x,y,z)\n"
    "       gradscape export SCENE.json -o OUT   write a PNG, GIF, MP4, WebM or PNG sequence\n"
    "       gradscape COMMAND --help             help for one command\n"
    "       gradscape --version\n"
    "\n"
    "Scene files are JSON (version 1): see docs/scene-format.md.\n";

constexpr const char* kTraceUsage =
    "usage: gradscape trace SCENE.json\n"
    "       gradscape trace -            (read the scene from standard input)\n"
    "\n"
    "Runs every optimizer of the scene on its surface and prints one CSV row per point:\n"
    "  run,iter,x,y,z   (run = index into runs, iter 0 = the start; shortest round-trip numbers)\n"
    "A run that leaves the finite numbers ends at its last finite point (reported on standard error).\n";

// One line whatever the message quotes (file names and arguments may hold newlines or escape codes).
void printError(const std::string& message) {
  std::fprintf(stderr, "gradscape: %s\n", core::printableText(message).c_str());
}

// Buffered CSV writer: rows are formatted into one block and written in large chunks, so memory
// stays constant however many iterations a run has.
class CsvOut {
 public:
  explicit CsvOut(std::FILE* file) : file_(file) {}
  ~CsvOut() { flush(); }

  void header() { append("run,iter,x,y,z\n"); }

  void row(std::size_t run, const core::TracePoint& point) {
    if (buffer_.size() - used_ < kMaxRow) flush();
    char* out = buffer_.data() + used_;
    char* end = buffer_.data() + buffer_.size();
    out = std::to_chars(out, end, run).ptr;
    *out++ = ',';
    out = std::to_chars(out, end, point.iteration).ptr;
    *out++ = ',';
    out = core::appendShortest(out, end, point.x);
    *out++ = ',';
    out = core::appendShortest(out, end, point.y);
    *out++ = ',';
    out = core::appendShortest(out, end, point.z);
    *out++ = '\n';
    used_ = static_cast<std::size_t>(out - buffer_.data());
  }

  void flush() {
    if (used_ && std::fwrite(buffer_.data(), 1, used_, file_) != used_) failed_ = true;
    used_ = 0;
  }
  bool ok() {
    flush();
    return !failed_ && std::fflush(file_) == 0 && !std::ferror(file_);
  }

 private:
  static constexpr std::size_t kMaxRow = 128;
  void append(std::string_view text) {
    if (buffer_.size() - used_ < text.size()) flush();
    std::memcpy(buffer_.data() + used_, text.data(), text.size());
    used_ += text.size();
  }
  std::FILE* file_;
  std::vector<char> buffer_ = std::vector<char>(1 << 16);
  std::size_t used_ = 0;
  bool failed_ = false;
};

int runTraceCommand(const std::vector<std::string>& args) {
  std::string scenePath;
  for (const std::string& arg : args) {
    if (arg == "-h" || arg == "--help") {
      std::fputs(kTraceUsage, stdout);
      return 0;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      printError("trace: unknown option '" + arg + "' (see gradscape trace --help)");
      return 2;
    }
    if (!scenePath.empty()) {
      printError("trace: expected one scene file, got '" + scenePath + "' and '" + arg + "'");
      return 2;
    }
    scenePath = arg;
  }
  if (scenePath.empty()) {
    printError("trace: missing SCENE.json (see gradscape trace --help)");
    return 2;
  }
  // Load and check everything before the first byte of output: bad input prints nothing on stdout.
  const core::Scene scene = core::loadScene(scenePath);
  CsvOut csv(stdout);
  csv.header();
  for (std::size_t index = 0; index < scene.runs.size(); ++index) {
    const core::RunSpec& run = scene.runs[index];
    const core::RunOutcome outcome =
        core::traceRun(scene.surface.surface, run, [&](const core::TracePoint& point) { csv.row(index, point); });
    if (outcome.reason == core::StopReason::diverged) {
      csv.flush();
      std::fprintf(stderr, "gradscape: run %zu diverged at iteration %lld (x, y or z not finite); its trace ends there\n",
                   index, static_cast<long long>(outcome.lastIteration + 1));
    }
  }
  if (!csv.ok()) {
    printError("trace: cannot write to standard output");
    return 1;
  }
  return 0;
}

int runView(int argc, char** argv) {
#ifdef GRADSCAPE_HAS_VIEWER
  return runViewCommand(argc, argv);
#else
  (void)argc;
  (void)argv;
  printError("this build has no viewer; use `gradscape export SCENE.json -o out.gif`");
  return 1;
#endif
}

}  // namespace

int runCommandLine(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    static char viewName[] = "view";
    if (args.empty()) {
      char* viewArgs[] = {viewName, nullptr};
      return runView(1, viewArgs);
    }
    const std::string& command = args[0];
    if (command == "-h" || command == "--help" || command == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (command == "--version" || command == "version") {
      std::printf("gradscape %s\n", GRADSCAPE_VERSION);
      return 0;
    }
    if (command == "trace") return runTraceCommand({args.begin() + 1, args.end()});
    if (command == "export") {
#ifdef GRADSCAPE_HAS_EXPORT
      return runExportCommand(argc - 1, argv + 1);
#else
      printError("this build has no exporter");
      return 1;
#endif
    }
    if (command == "view") return runView(argc - 1, argv + 1);
    // `gradscape scene.json` opens it in the viewer, like `gradscape view scene.json`.
    if (command.size() > 5 && command.ends_with(".json")) {
      std::vector<char*> viewArgs{viewName};
      for (int i = 1; i < argc; ++i) viewArgs.push_back(argv[i]);
      viewArgs.push_back(nullptr);
      return runView(static_cast<int>(viewArgs.size() - 1), viewArgs.data());
    }
    printError("unknown command '" + command + "' (expected view, trace or export; see gradscape --help)");
    return 2;
  } catch (const Error& error) {
    printError(error.what());
    return 1;
  } catch (const std::exception& error) {
    printError(std::string("internal error: ") + error.what());
    return 70;
  }
}

}  // namespace gradscape::app
