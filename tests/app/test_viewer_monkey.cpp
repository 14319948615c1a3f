// The monkey test: long random scripts (orbit, zoom, pan, clicks, keys, playback, adding, removing and
// duplicating runs, every optimizer, extreme but valid lr, starts, grids and camera values, iterations up
// to 10^5, surface and expression switches, 3-D/2-D/split views, noise and lr schedules, resizes) replayed in the real viewer under Xvfb while another
// X client resizes the window from outside. Every seed must end with exit 0 and nothing alarming on
// standard error, within its time cap. A failure prints the seed and keeps the script to replay.
//
//   GRADSCAPE_MONKEY_SEEDS=FIRST:COUNT      seeds to run (default 1:3, what CI runs)
//   GRADSCAPE_MONKEY_COMMANDS=N             commands per script (default 150)
//   GRADSCAPE_MONKEY_SEED_SECONDS=S         time cap per seed (default 120; raise it under sanitizers)
//   GRADSCAPE_MONKEY_MINUTES=M              keep drawing new seeds from FIRST until M minutes have passed
//   GRADSCAPE_MONKEY_BINARY=PATH            the gradscape to drive (default: this build's; e.g. an ASan build)
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

long long environmentNumber(const char* name, long long fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::atoll(text) : fallback;
}

constexpr const char* kOptimizers[] = {"sgd", "adam", "adamw", "adagrad", "rmsprop", "adadelta", "adamax", "nadam", "radam"};
constexpr const char* kSurfaces[] = {"saddle",    "monkey_saddle", "quadratic",       "rosenbrock",     "beale",
                                     "himmelblau", "booth",        "matyas",          "rastrigin",      "ackley",
                                     "goldstein_price", "six_hump_camel", "styblinski_tang"};
constexpr const char* kExpressions[] = {"x^2 + 3*y^2", "sin(3*x) * cos(3*y)", "(x - 1)^2 + 10*(y - x^2)^2", "x*y",
                                        "exp(-(x^2 + y^2))"};
constexpr const char* kKeys[] = {"space", "left", "right", "home", "end", "r", "f1", "up", "down", "escape", "enter", "v"};
constexpr const char* kViews[] = {"3d", "2d", "split"};
// Schedules valid for every optimizer and run length (OneCycleLR needs total_steps >= iterations, and
// cycling momentum needs an optimizer with it: an edit of either would be refused, ending the script).
constexpr const char* kSchedules[] = {"none", "StepLR step_size 7 gamma 0.5", "MultiStepLR milestones 3,40 gamma 0.2",
                                      "ExponentialLR gamma 0.97", "CosineAnnealingLR T_max 50", "LinearLR total_iters 20",
                                      "CyclicLR base_lr 0.001 max_lr 0.1 step_size_up 10 cycle_momentum false"};
constexpr const char* kToggles[] = {"plots", "axes", "legend", "help", "overlay", "camera.orthographic"};

class Monkey {
 public:
  explicit Monkey(std::uint64_t seed) : random_(seed) {}

  std::string script(int commands) {
    std::ostringstream out;
    out << "wait 3\n";
    for (int i = 0; i < commands; ++i) out << command() << "\n";
    out << "state\n";
    return out.str();
  }

  // Window sizes another client applies, one after another, while the script runs.
  std::vector<std::pair<int, int>> outsideResizes(int count) {
    std::vector<std::pair<int, int>> sizes;
    for (int i = 0; i < count; ++i) sizes.emplace_back(integer(240, 1560), integer(200, 990));
    return sizes;
  }

 private:
  long long integer(long long low, long long high) { return std::uniform_int_distribution<long long>(low, high)(random_); }
  double uniform(double low, double high) { return std::uniform_real_distribution<double>(low, high)(random_); }
  double logUniform(double low, double high) { return std::exp(uniform(std::log(low), std::log(high))); }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) { return items[integer(0, N - 1)]; }
  std::string number(double value) {
    std::ostringstream text;
    text.precision(6);
    text << value;
    return text.str();
  }
  std::string run() { return "runs[" + std::to_string(integer(0, runs_ - 1)) + "]"; }

  std::string growRuns() {
    if (runs_ >= 10) return shrinkRuns();
    const long long source = integer(0, runs_ - 1);
    ++runs_;
    return integer(0, 1) ? "add-run" : "duplicate-run " + std::to_string(source);
  }
  std::string shrinkRuns() {
    if (runs_ <= 1) return growRuns();
    const long long index = integer(0, runs_ - 1);
    --runs_;
    return "remove-run " + std::to_string(index);
  }

  std::string command() {
    switch (integer(0, 31)) {
      case 0: case 1: return "orbit " + std::to_string(integer(-300, 300)) + " " + std::to_string(integer(-200, 200));
      case 2: return "pan " + std::to_string(integer(-200, 200)) + " " + std::to_string(integer(-200, 200));
      case 3: return "zoom " + number(uniform(-6, 6));
      // Clicks land on the scene and the plots, not the panel (whose buttons would add and remove runs
      // behind the script's back, so its run indices would go stale).
      case 4: return "click " + std::to_string(integer(430, 1500)) + " " + std::to_string(integer(0, 980));
      case 5: return "ctrl-click " + std::to_string(integer(430, 1500)) + " " + std::to_string(integer(0, 980));
      case 6: return "double-click";
      case 7: return std::string("key ") + pick(kKeys);
      case 8: return "step " + std::to_string(integer(-40, 40));
      case 9: return "play " + std::to_string(integer(1, 30));
      case 10: return "scrub " + std::to_string(integer(0, 100000));
      case 11: return integer(0, 1) ? "pause" : "wait " + std::to_string(integer(0, 5));
      case 12: return growRuns();
      case 13: return shrinkRuns();
      case 14: return "select " + std::to_string(integer(0, runs_ - 1));
      case 15: case 16: return "set " + run() + ".optimizer " + pick(kOptimizers);
      case 17: return "set " + run() + ".lr " + number(logUniform(1e-6, 10));
      case 18: return "set " + run() + ".start " + number(uniform(-4, 4)) + " " + number(uniform(-4, 4));
      case 19: return "set " + run() + ".iterations " + std::to_string(static_cast<long long>(logUniform(1, 1e5)));
      case 20: return "set render.grid " + std::to_string(integer(2, 300));
      case 21: return "set camera.azimuth " + number(uniform(-1000, 1000));
      case 22: return "set camera.elevation " + number(uniform(-90, 90));
      case 23: return "set camera.distance " + number(logUniform(1, 80));
      case 24: return std::string("set surface ") + pick(kSurfaces);
      case 25: return std::string("set surface.expression ") + pick(kExpressions);
      case 26: return std::string("set ") + pick(kToggles) + (integer(0, 1) ? " true" : " false");
      case 27: return std::string("set view.mode ") + pick(kViews);
      case 28: return "set " + run() + ".noise.sigma " + (integer(0, 3) ? number(logUniform(1e-3, 100)) : "0");
      case 29: return "set " + run() + ".noise.seed " + std::to_string(integer(0, 1000000));
      case 30: return "set " + run() + ".schedule " + pick(kSchedules);
      default: return "resize " + std::to_string(integer(200, 1560)) + " " + std::to_string(integer(200, 990));
    }
  }

  std::mt19937_64 random_;
  int runs_ = 2;  // the article's scene
};

struct SeedResult {
  bool passed = false;
  std::string why;
};

SeedResult runSeed(const std::filesystem::path& directory, std::uint64_t seed, int commands, int capSeconds) {
  const char* override = std::getenv("GRADSCAPE_MONKEY_BINARY");
  const std::string binary = override && *override ? override : GRADSCAPE_BINARY;
  Monkey monkey(seed);
  const std::string script = monkey.script(commands);
  const auto seedDirectory = directory / ("seed-" + std::to_string(seed));
  std::filesystem::create_directories(seedDirectory);
  std::ofstream(seedDirectory / "script.txt") << script;
  std::ostringstream shell;
  shell << "cd " << shellQuoted(seedDirectory.string()) << "\n"
        << "env XDG_CONFIG_HOME=" << shellQuoted((seedDirectory / "config").string())
        << " XDG_STATE_HOME=" << shellQuoted((seedDirectory / "state").string()) << " timeout -s KILL " << capSeconds
        << " " << shellQuoted(binary) << " view --script script.txt --size 1200x900 &\n"
        << "viewer=$!\n"
        << "window=$(timeout 20 xdotool search --sync --onlyvisible --name '^gradscape$' 2>/dev/null | head -1)\n"
        << "for size in";
  for (const auto& [width, height] : monkey.outsideResizes(400)) shell << " " << width << "x" << height;
  shell << "; do\n"
        << "  kill -0 $viewer 2>/dev/null || break\n"
        << "  [ -n \"$window\" ] && xdotool windowsize $window ${size%x*} ${size#*x} 2>/dev/null\n"
        << "  sleep 0.25\n"
        << "done\n"
        << "wait $viewer\n";
  std::ofstream(seedDirectory / "run.sh") << shell.str();
  ViewerRun run;
  run.directory = seedDirectory;
  run.process = runProcess(
      {"xvfb-run", "-a", "-s", "-screen 0 1600x1000x24 -noreset", "sh", (seedDirectory / "run.sh").string()});
  readViewerOutput(run);
  std::ofstream(seedDirectory / "stderr.txt") << run.process.err;
  SeedResult result;
  const std::string replay = "seed " + std::to_string(seed) + " (replay: GRADSCAPE_MONKEY_SEEDS=" + std::to_string(seed) +
                             ":1; script " + (seedDirectory / "script.txt").string() + ")";
  if (run.process.exitCode == 137 || run.process.exitCode == -1)
    result.why = replay + ": killed after the " + std::to_string(capSeconds) + " s cap or by a signal";
  else if (run.process.exitCode != 0)
    result.why = replay + ": exit " + std::to_string(run.process.exitCode);
  else if (run.states.empty())
    result.why = replay + ": no final state printed";
  // "X Error of failed request" is Xlib's default handler ending the program. The viewer's own one-line
  // "X error ...; falls back" is the recovery working: a resize from outside can still race the copy
  // (the server's size changes between Mesa sizing the buffer and the copy), see docs/hardening.md.
  for (const char* alarm : {"X Error", "GL error", "internal error", "AddressSanitizer", "runtime error:",
                            "LeakSanitizer"})
    if (result.why.empty() && run.process.err.find(alarm) != std::string::npos)
      result.why = replay + ": '" + alarm + "' on standard error";
  result.passed = result.why.empty();
  if (!result.passed) result.why += "\n" + run.describe() + "script:\n" + script;
  return result;
}

TEST(ViewerMonkey, RandomScriptsAndOutsideResizesNeverEndTheViewer) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  if (std::system("command -v xdotool >/dev/null 2>&1") != 0) GTEST_SKIP() << "xdotool is not installed";
  const std::string seeds = std::getenv("GRADSCAPE_MONKEY_SEEDS") ? std::getenv("GRADSCAPE_MONKEY_SEEDS") : "1:3";
  const auto colon = seeds.find(':');
  const std::uint64_t first = std::stoull(seeds.substr(0, colon));
  const long long count = colon == std::string::npos ? 1 : std::stoll(seeds.substr(colon + 1));
  const int commands = static_cast<int>(environmentNumber("GRADSCAPE_MONKEY_COMMANDS", 150));
  const int cap = static_cast<int>(environmentNumber("GRADSCAPE_MONKEY_SEED_SECONDS", 120));
  const double minutes = static_cast<double>(environmentNumber("GRADSCAPE_MONKEY_MINUTES", 0));
  const auto directory = viewerTestDirectory();
  const auto start = std::chrono::steady_clock::now();
  long long ran = 0;
  for (std::uint64_t seed = first;; ++seed) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
    if (ran >= count && elapsed >= minutes) break;
    const SeedResult result = runSeed(directory, seed, commands, cap);
    ++ran;
    ASSERT_TRUE(result.passed) << result.why;
  }
  std::printf("monkey: %lld seeds from %llu, %d commands each, %.1f minutes, no failures\n", ran,
              static_cast<unsigned long long>(first), commands,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60);
}

}  // namespace
}  // namespace gradscape::testing
