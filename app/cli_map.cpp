// `gradscape map SCENE.json -o OUT.png|OUT.csv [options]`: basin, loss, steps and phase maps through the
// batch core, written as CSV or as a picture.
#include "cli_map.hpp"

#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "command_line.hpp"
#include "core/descent_map.hpp"
#include "core/number_format.hpp"
#include "core/parallel_for.hpp"
#include "core/run_summary.hpp"
#include "core/scene.hpp"
#include "encode/atomic_file.hpp"
#include "encode/png_writer.hpp"
#include "render/map_image.hpp"

namespace gradscape::app {
namespace {

constexpr const char* kMapUsage =
    "usage: gradscape map SCENE.json|- -o OUT.png|OUT.csv [options]\n"
    "\n"
    "Runs one of the scene's runs from every vertex of an N x N grid over the domain (or, --kind phase, with\n"
    "every pair of two hyperparameters' values) and writes where each ended.\n"
    "\n"
    "  --kind KIND      basin (default: cells by the attractor they reach), loss (final loss), steps\n"
    "                   (steps taken), or phase (two hyperparameters, from the run's start)\n"
    "  --grid N         vertices per side, 2..1024 (default 256)\n"
    "  --run I          which run of the scene (default 0): its optimizer, iterations and tolerance\n"
    "  --x AXIS         phase: NAME:FROM:TO:linear|log, like lr:1e-4:1:log; NAME is a torch hyperparameter\n"
    "  --y AXIS           (lr, momentum, dampening, weight_decay, eps, alpha, rho, lr_decay,\n"
    "                     initial_accumulator_value, momentum_decay), beta1/beta2 or noise.sigma; log axes\n"
    "                     need positive ends\n"
    "  --color WHAT     phase pictures: loss (default), steps, or diverged (cells by status)\n"
    "  --size N         PNG: pixels on the plot's longer side (default 800), 16..8192\n"
    "  --threads N      threads (default: every core)\n"
    "  --quiet          no summary line\n"
    "\n"
    "CSV: i,j,x,y,end_x,end_y,end_loss,steps,status,attractor, one row per cell, j outer, i inner; x, y are the\n"
    "start (phase: the two hyperparameters' values); status is tolerance, iterations or diverged; attractor is\n"
    "the basin map's attractor index (-1 diverged), empty for other kinds. See docs/scene-format.md, \"Maps\".\n"
    "On success prints: wrote OUT (NxN cells, T s)\n";

constexpr int kDefaultSize = 800;
constexpr int kMinSize = 16, kMaxSize = 8192;
constexpr long kMaxThreads = 256;

enum class OutputKind { png, csv };

struct MapArguments {
  std::string scenePath;
  std::string out;
  core::MapSpec spec;
  std::optional<render::MapColoring> phaseColoring;
  std::optional<int> size;
  unsigned threads = 0;
  bool quiet = false;
};

// NAME:FROM:TO:linear|log; what is wrong with it is the command line's fault.
core::PhaseAxis parseAxis(const std::string& flag, const std::string& text) {
  try {
    return core::parsePhaseAxis(text);
  } catch (const Error& error) {
    throw UsageError(flag + " " + text + ": " + error.what());
  }
}

MapArguments parseArguments(int argc, char** argv) {
  MapArguments parsed;
  parsed.scenePath = walkArguments(argc, argv, "map", [&](const std::string& arg, FlagValue& value) {
    if (arg == "-o" || arg == "--output") {
      parsed.out = value.take();
      if (parsed.out.empty()) throw UsageError(arg + ": empty file name");
    } else if (arg == "--kind") {
      const std::string kind = value.take();
      const auto parsedKind = core::parseMapKind(kind);
      if (!parsedKind) throw UsageError("--kind " + kind + ": expected basin, loss, steps or phase");
      parsed.spec.kind = *parsedKind;
    } else if (arg == "--grid") {
      parsed.spec.grid = int(parseInteger("--grid", value.take(), 2, core::kMaxMapGrid));
    } else if (arg == "--run") {
      parsed.spec.runIndex = std::size_t(parseInteger("--run", value.take(), 0, long(core::kMaxRuns) - 1));
    } else if (arg == "--x") {
      parsed.spec.xAxis = parseAxis("--x", value.take());
    } else if (arg == "--y") {
      parsed.spec.yAxis = parseAxis("--y", value.take());
    } else if (arg == "--color") {
      const std::string color = value.take();
      parsed.phaseColoring = render::parsePhaseColoring(color);
      if (!parsed.phaseColoring) throw UsageError("--color " + color + ": expected loss, steps or diverged");
    } else if (arg == "--size") {
      parsed.size = int(parseInteger("--size", value.take(), kMinSize, kMaxSize));
    } else if (arg == "--threads") {
      parsed.threads = unsigned(parseInteger("--threads", value.take(), 1, kMaxThreads));
    } else if (arg == "--quiet") {
      value.none();
      parsed.quiet = true;
    } else {
      return false;
    }
    return true;
  });
  if (parsed.out.empty()) throw UsageError("missing -o OUT.png|OUT.csv (see gradscape map --help)");
  const bool phase = parsed.spec.kind == core::MapKind::phase;
  if (phase && (!parsed.spec.xAxis || !parsed.spec.yAxis))
    throw UsageError("--kind phase needs --x and --y, like --x lr:1e-4:1:log --y momentum:0:0.99:linear");
  if (!phase && (parsed.spec.xAxis || parsed.spec.yAxis)) throw UsageError("--x and --y apply to --kind phase only");
  if (!phase && parsed.phaseColoring) throw UsageError("--color applies to --kind phase only");
  if (phase && parsed.spec.xAxis->name() == parsed.spec.yAxis->name())
    throw UsageError("--x and --y both set " + parsed.spec.xAxis->name());
  return parsed;
}

OutputKind outputKindFor(const std::string& path) {
  auto endsWith = [&](std::string_view suffix) {
    if (path.size() < suffix.size()) return false;
    for (std::size_t k = 0; k < suffix.size(); ++k)
      if (std::tolower(static_cast<unsigned char>(path[path.size() - suffix.size() + k])) != suffix[k]) return false;
    return true;
  };
  if (endsWith(".png")) return OutputKind::png;
  if (endsWith(".csv")) return OutputKind::csv;
  throw Error("unknown output format for " + path + ": use .png or .csv");
}

// Row j of the CSV (its n cells) appended to `text`.
void appendCsvRow(const core::DescentMap& map, int j, std::string& text) {
  const int n = map.spec.grid;
  const bool basin = map.spec.kind == core::MapKind::basin;
  char row[512];
  for (int i = 0; i < n; ++i) {
    const core::MapCell& cell = map.at(i, j);
    char* out = row;
    char* const end = row + sizeof row;
    auto comma = [&] {
      if (out < end) *out++ = ',';
    };
    out = std::to_chars(out, end, i).ptr, comma();
    out = std::to_chars(out, end, j).ptr, comma();
    for (double v : {cell.x, cell.y, cell.end.x, cell.end.y, cell.end.loss}) out = core::appendShortest(out, end, v), comma();
    out = std::to_chars(out, end, cell.end.steps).ptr, comma();
    const std::string_view status = core::stopReasonName(cell.end.status);
    for (char c : status) out = out < end ? (*out = c, out + 1) : out;
    comma();
    if (basin) out = std::to_chars(out, end, cell.attractor).ptr;
    if (out < end) *out++ = '\n';
    text.append(row, std::size_t(out - row));
  }
}

void writeCsv(const core::DescentMap& map, const std::string& path) {
  encode::AtomicFile file(path);
  constexpr std::string_view kHeader = "i,j,x,y,end_x,end_y,end_loss,steps,status,attractor\n";
  file.write(kHeader.data(), kHeader.size());
  // Rows are spelled on every core, a block at a time, and written in order: the shortest round-trip
  // spelling of 5 numbers a cell was a third of a 256² basin map's time on one core. A block bounds the
  // text held at once (a 1000² map's CSV is about 100 MB).
  constexpr int kBlockRows = 64;
  const int n = map.spec.grid;
  std::vector<std::string> rows(std::size_t(std::min(n, kBlockRows)));
  for (int first = 0; first < n; first += kBlockRows) {
    const int count = std::min(kBlockRows, n - first);
    core::parallelFor(std::size_t(count), 4, [&](std::size_t r) {
      rows[r].clear();
      appendCsvRow(map, first + int(r), rows[r]);
    });
    for (int r = 0; r < count; ++r) file.write(rows[std::size_t(r)].data(), rows[std::size_t(r)].size());
  }
  file.commit();
}

void writePicture(const core::Scene& scene, const core::DescentMap& map, const MapArguments& arguments) {
  const render::MapPicture picture =
      render::drawMapPicture(map, render::coloringFor(map.spec.kind, arguments.phaseColoring),
                             arguments.size.value_or(kDefaultSize), render::mapTitle(scene, map.spec));
  encode::writePng(arguments.out, {picture.rgba.data(), picture.width, picture.height});
}

}  // namespace

int runMapCommand(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "-h" || std::string_view(argv[i]) == "--help") {
      std::fputs(kMapUsage, stdout);
      return 0;
    }
  const MapArguments arguments = parseArguments(argc, argv);
  const OutputKind output = outputKindFor(arguments.out);
  if (output == OutputKind::csv && arguments.size) throw UsageError("--size applies to PNG output only");
  const auto started = std::chrono::steady_clock::now();
  const core::Scene scene = core::loadScene(arguments.scenePath);
  core::checkMapSpec(scene, arguments.spec);
  encode::installInterruptCleanup();
  const core::DescentMap map = core::computeMap(scene, arguments.spec, {arguments.threads, core::SimdPath::automatic});
  if (output == OutputKind::csv) writeCsv(map, arguments.out);
  else writePicture(scene, map, arguments);
  if (!arguments.quiet) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("wrote %s (%dx%d cells, %.3f s)\n", arguments.out.c_str(), map.spec.grid, map.spec.grid, seconds);
  }
  return 0;
}

}  // namespace gradscape::app
