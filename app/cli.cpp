// The command line: dispatches to view / trace / export / map, prints help and version, turns errors into one line.
#include "cli.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cli_export.hpp"
#include "cli_map.hpp"
#include "cli_trace_summary.hpp"
#include "command.hpp"
#include "core/number_format.hpp"
#include "core/scene.hpp"
#include "core/trace.hpp"
#include "viewer/viewer.hpp"

namespace gradscape::app {
namespace {

constexpr const char* kUsage =
    "usage: gradscape [view] [SCENE.json]        open the viewer (default: the article's scene)\n"
    "       gradscape trace SCENE.json|-         print the descent trace as CSV (run,iter,x,y,z)\n"
    "       gradscape export SCENE.json -o OUT   write a PNG, GIF, MP4, WebM or PNG sequence\n"
    "       gradscape map SCENE.json -o OUT      basin, loss, steps or phase map as PNG or CSV\n"
    "       gradscape COMMAND --help             help for one command\n"
    "       gradscape --version\n"
    "\n"
    "Scene files are JSON (version 1): see docs/scene-format.md.\n";

constexpr const char* kTraceUsage =
    "usage: gradscape trace [--summary] SCENE.json\n"
    "       gradscape trace [--summary] -            (read the scene from standard input)\n"
    "\n"
    "Runs every optimizer of the scene on its surface and prints one CSV row per point:\n"
    "  run,iter,x,y,z   (run = index into runs, sweeps and ensembles expanded; iter 0 = the start;\n"
    "                   shortest round-trip numbers)\n"
    "--summary prints one row per run instead:\n"
    "  run,label,end_x,end_y,end_loss,best_loss,steps,status,last_lr\n"
    "A run that leaves the finite numbers ends at its last finite point (reported on standard error).\n";

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

// argv[0] is "trace".
int runTraceCommand(int argc, char** argv) {
  std::string scenePath;
  bool summary = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kTraceUsage, stdout);
      return 0;
    }
    if (arg == "--summary") {
      summary = true;
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') throw UsageError("unknown option '" + arg + "' (see gradscape trace --help)");
    if (!scenePath.empty()) throw UsageError("expected one scene file, got '" + scenePath + "' and '" + arg + "'");
    scenePath = arg;
  }
  if (scenePath.empty()) throw UsageError("missing SCENE.json (see gradscape trace --help)");
  // Load and check everything before the first byte of output: bad input prints nothing on stdout.
  const core::Scene scene = core::loadScene(scenePath);
  if (summary) {
    if (!writeTraceSummary(scene, stdout)) throw Error("trace: cannot write to standard output");
    return 0;
  }
  CsvOut csv(stdout);
  csv.header();
  for (std::size_t index = 0; index < scene.runs.size(); ++index) {
    const core::RunSpec& run = scene.runs[index];
    const core::RunOutcome outcome =
        core::traceRun(scene.surface.surface, run, [&](const core::TracePoint& point) { csv.row(index, point); });
    if (outcome.reason == core::StopReason::diverged) {
      csv.flush();
      printMessage("run " + std::to_string(index) + " diverged at iteration " + std::to_string(outcome.lastIteration + 1) +
                   " (x, y or z not finite); its trace ends there");
    }
  }
  if (!csv.ok()) throw Error("trace: cannot write to standard output");
  return 0;
}

// Every command: its name and its body (argv[0] is the name). Each body runs under runCommand, so a new
// command gets the error contract by being listed here.
struct Command {
  std::string_view name;
  int (*run)(int argc, char** argv);
};
constexpr Command kCommands[] = {
    {"view", runViewCommand},
    {"trace", runTraceCommand},
    {"export", runExportCommand},
    {"map", runMapCommand},
};

}  // namespace

int runCommandLine(int argc, char** argv) {
  static char viewName[] = "view";
  std::vector<char*> args(argv + 1, argv + argc);
  args.push_back(nullptr);
  // `gradscape` and `gradscape scene.json ...` open the viewer, like `gradscape view [scene.json ...]`.
  const std::string_view first = argc > 1 ? argv[1] : "";
  if (argc < 2 || (first.size() > 5 && first.ends_with(".json"))) args.insert(args.begin(), viewName);
  const std::string_view name = args[0];
  for (const Command& command : kCommands)
    if (command.name == name) return runCommand(name, [&] { return command.run(static_cast<int>(args.size() - 1), args.data()); });
  return runCommand("", [&] {
    if (name == "-h" || name == "--help" || name == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (name == "--version" || name == "version") {
      std::printf("gradscape %s\n", GRADSCAPE_VERSION);
      return 0;
    }
    std::string known;
    for (std::size_t i = 0; i < std::size(kCommands); ++i)
      known += (i == 0 ? "" : i + 1 == std::size(kCommands) ? " or " : ", ") + std::string(kCommands[i].name);
    throw UsageError("unknown command '" + std::string(name) + "' (expected " + known + "; see gradscape --help)");
  });
}

}  // namespace gradscape::app
