// `gradscape export` end to end, driving the built binary (needs EGL): decoded GIF/MP4/WebM/PNG outputs,
// GIF frames against PNG stills, and every failure path (bad options, unwritable paths, missing ffmpeg,
// Ctrl-C and kill mid-export) leaving nothing at OUT.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include <stb_image.h>

#include "encode/gif_decoder.hpp"
#include "encode/test_support.hpp"

namespace gradscape {
namespace {

using testing::decodeGif;
using testing::freshOutputDirectory;
using testing::listDirectory;
using testing::readFile;
using testing::writeFile;

const std::string kArticle = std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/article.json";

struct CliRun {
  int exitCode = -1;  // -1 when killed by a signal
  std::string out, err;
};

// How to start the binary: PATH replaced when given, standard input from a file, a file size limit
// (ulimit -f, bytes), extra environment variables.
struct Launch {
  std::string path;
  std::string stdinFile;
  rlim_t fileSizeLimit = RLIM_INFINITY;
  std::vector<std::pair<std::string, std::string>> environment;
};

Launch withPath(std::string path) {
  Launch launch;
  launch.path = std::move(path);
  return launch;
}
Launch withStdin(std::string file) {
  Launch launch;
  launch.stdinFile = std::move(file);
  return launch;
}
Launch withFileSizeLimit(rlim_t bytes) {
  Launch launch;
  launch.fileSizeLimit = bytes;
  return launch;
}
Launch withEnvironment(std::string name, std::string value) {
  Launch launch;
  launch.environment.emplace_back(std::move(name), std::move(value));
  return launch;
}

// Starts the binary with `args`; stdout/stderr go to files in `directory`.
pid_t startGradscape(const std::vector<std::string>& args, const std::filesystem::path& directory,
                     const Launch& launch = {}) {
  std::vector<std::string> argvStrings{GRADSCAPE_BINARY};
  argvStrings.insert(argvStrings.end(), args.begin(), args.end());
  const std::string outFile = directory / "stdout.txt", errFile = directory / "stderr.txt";
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in = ::open(launch.stdinFile.empty() ? "/dev/null" : launch.stdinFile.c_str(), O_RDONLY);
    const int out = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!launch.path.empty()) ::setenv("PATH", launch.path.c_str(), 1);
    for (const auto& [name, value] : launch.environment) ::setenv(name.c_str(), value.c_str(), 1);
    if (launch.fileSizeLimit != RLIM_INFINITY) {
      const rlimit limit{launch.fileSizeLimit, launch.fileSizeLimit};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> argv;
    for (auto& a : argvStrings) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

CliRun finish(pid_t pid, const std::filesystem::path& directory, int* signalled = nullptr) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  CliRun run;
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (signalled) *signalled = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  run.out = readFile(directory / "stdout.txt");
  run.err = readFile(directory / "stderr.txt");
  std::filesystem::remove(directory / "stdout.txt");
  std::filesystem::remove(directory / "stderr.txt");
  return run;
}

CliRun gradscape(const std::vector<std::string>& args, const std::filesystem::path& directory, const Launch& launch = {}) {
  return finish(startGradscape(args, directory, launch), directory);
}

// A one-line error on stderr (with the program's prefix), nothing on stdout.
void expectOneLineError(const CliRun& run, const std::string& fragment) {
  EXPECT_NE(run.exitCode, 0);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err.rfind("gradscape: ", 0), 0u) << run.err;
  ASSERT_FALSE(run.err.empty());
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << "one line: " << run.err;
  EXPECT_NE(run.err.find(fragment), std::string::npos) << run.err;
}

struct Png {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;
};

Png loadPng(const std::string& path) {
  Png png;
  int channels = 0;
  stbi_uc* pixels = stbi_load(path.c_str(), &png.width, &png.height, &channels, 4);
  if (!pixels) return png;
  png.rgba.assign(pixels, pixels + static_cast<std::size_t>(png.width) * png.height * 4);
  stbi_image_free(pixels);
  return png;
}

struct Difference {
  double mean = 0;
  double fractionAbove = 0;  // of pixels farther than the threshold
};

Difference compareRgb(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b, double threshold) {
  Difference difference;
  const std::size_t pixels = std::min(a.size(), b.size()) / 4;
  std::size_t above = 0;
  double total = 0;
  for (std::size_t i = 0; i < pixels; ++i) {
    const double dr = a[i * 4] - b[i * 4], dg = a[i * 4 + 1] - b[i * 4 + 1], db = a[i * 4 + 2] - b[i * 4 + 2];
    const double distance = std::sqrt(dr * dr + dg * dg + db * db);
    total += distance;
    if (distance > threshold) ++above;
  }
  difference.mean = total / static_cast<double>(pixels);
  difference.fractionAbove = static_cast<double>(above) / static_cast<double>(pixels);
  return difference;
}

// The quantiser's error on our frames: a 255-colour palette over a smooth colormap and antialiased
// edges. The mean stays near one level; only rare colours (a few hundred edge pixels) go further.
constexpr double kQuantiserMean = 1.5;
constexpr double kQuantiserFar = 30;           // farther than any RGB555 cell pair
constexpr double kQuantiserFarFraction = 0.002;

TEST(ExportCli, ArticleGifHasEveryFrameAndMatchesTheStills) {
  const auto directory = freshOutputDirectory();
  const std::string gif = directory / "article.gif";
  const CliRun run = gradscape({"export", kArticle, "-o", gif}, directory);
  ASSERT_EQ(run.exitCode, 0) << run.err;
  // "wrote OUT (N frames, WxH, BYTES bytes, T s)"
  EXPECT_EQ(run.out.rfind("wrote " + gif + " (201 frames, 1200x900, " + std::to_string(std::filesystem::file_size(gif)) +
                              " bytes, ",
                          0),
            0u)
      << run.out;
  EXPECT_EQ(run.err, "");
  EXPECT_LT(std::filesystem::file_size(gif), 500'000u);

  const auto decoded = decodeGif(gif, false);
  EXPECT_EQ(decoded.width, 1200);
  EXPECT_EQ(decoded.height, 900);
  EXPECT_EQ(decoded.netscapeLoopCount, 0);
  ASSERT_EQ(decoded.frames.size(), 201u);
  for (const auto& frame : decoded.frames) ASSERT_EQ(frame.delayCentiseconds, 5) << "20 fps";
  // Changed rectangles: after the first, frames are small.
  std::size_t pixels = 0;
  for (std::size_t k = 1; k < decoded.frames.size(); ++k)
    pixels += static_cast<std::size_t>(decoded.frames[k].width) * decoded.frames[k].height;
  EXPECT_LT(pixels / 200, 1200u * 900 / 20) << "the average frame rectangle is small";

  for (const auto& [frame, index] : {std::pair<std::string, std::size_t>{"0", 0}, {"last", 200}}) {
    const std::string still = directory / ("still_" + frame + ".png");
    const CliRun stillRun = gradscape({"export", kArticle, "-o", still, "--frame", frame, "--quiet"}, directory);
    ASSERT_EQ(stillRun.exitCode, 0) << stillRun.err;
    EXPECT_EQ(stillRun.out, "");
    const Png png = loadPng(still);
    ASSERT_EQ(png.width, 1200);
    ASSERT_EQ(png.height, 900);
    const Difference difference = compareRgb(decoded.frames[index].composited, png.rgba, kQuantiserFar);
    EXPECT_LT(difference.mean, kQuantiserMean) << "frame " << frame;
    EXPECT_LT(difference.fractionAbove, kQuantiserFarFraction) << "frame " << frame;
  }
  // And the first and last frames differ (the paths grow), by more than the quantiser's error.
  EXPECT_GT(compareRgb(decoded.frames[0].composited, decoded.frames[200].composited, kQuantiserFar).fractionAbove,
            kQuantiserFarFraction);
}

TEST(ExportCli, GifOptionsEveryFpsHoldLoopAndByteIdenticalRepeats) {
  const auto directory = freshOutputDirectory();
  const std::vector<std::string> args{"export", kArticle, "--size", "400x300", "--every", "7", "--fps", "30",
                                      "--hold", "2", "--loop", "3", "--quiet", "-o"};
  auto first = args, second = args;
  first.push_back(directory / "a.gif");
  second.push_back(directory / "b.gif");
  ASSERT_EQ(gradscape(first, directory).exitCode, 0);
  ASSERT_EQ(gradscape(second, directory).exitCode, 0);
  EXPECT_EQ(readFile(directory / "a.gif"), readFile(directory / "b.gif")) << "same input, same bytes";

  const auto decoded = decodeGif(directory / "a.gif", false);
  EXPECT_EQ(decoded.width, 400);
  EXPECT_EQ(decoded.height, 300);
  EXPECT_EQ(decoded.netscapeLoopCount, 2);  // plays 3 times
  ASSERT_EQ(decoded.frames.size(), 30u);    // iterations 0, 7, ..., 196, and 200
  int total = 0;
  for (std::size_t k = 0; k < decoded.frames.size(); ++k) {
    const int expected = (k % 3 == 2 ? 4 : 3) + (k == 29 ? 200 : 0);
    EXPECT_EQ(decoded.frames[k].delayCentiseconds, expected) << "frame " << k;
    total += decoded.frames[k].delayCentiseconds;
  }
  EXPECT_EQ(total, 100 + 200);  // 30 frames at 30 fps, plus the hold: exact
}

TEST(ExportCli, RunsOfDifferentLengthsGiveFramesForTheLongest) {
  const auto directory = freshOutputDirectory();
  writeFile(directory / "scene.json",
            R"({"surface": "saddle", "runs": [{"start": [1, 0.25], "iterations": 10},)"
            R"( {"start": [0.5, 0.2], "iterations": 30}], "camera": {"azimuth": 120, "elevation": 37}})");
  const CliRun run = gradscape({"export", "-", "-o", directory / "short.gif", "--size", "320x240"}, directory,
                               withStdin(directory / "scene.json"));
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_NE(run.out.find("(31 frames, 320x240, "), std::string::npos) << run.out;
  EXPECT_EQ(decodeGif(directory / "short.gif", false).frames.size(), 31u);
}

TEST(ExportCli, Mp4AndWebmHaveEveryFrameAndTheSize) {
  if (testing::runCommand("command -v ffprobe").empty()) GTEST_SKIP() << "no ffprobe";
  const auto directory = freshOutputDirectory();
  const CliRun mp4 = gradscape({"export", kArticle, "-o", directory / "a.mp4", "--size", "320x240", "--hold", "0.5"}, directory);
  ASSERT_EQ(mp4.exitCode, 0) << mp4.err;
  auto probe = testing::probeVideo(directory / "a.mp4");
  EXPECT_EQ(probe.codec, "h264");
  EXPECT_EQ(probe.pixelFormat, "yuv420p");
  EXPECT_EQ(probe.width, 320);
  EXPECT_EQ(probe.height, 240);
  EXPECT_EQ(probe.frames, 201 + 10);
  const CliRun webm = gradscape({"export", kArticle, "-o", directory / "a.webm", "--size", "320x240", "--every", "4"}, directory);
  ASSERT_EQ(webm.exitCode, 0) << webm.err;
  probe = testing::probeVideo(directory / "a.webm");
  EXPECT_EQ(probe.codec, "vp9");
  EXPECT_EQ(probe.width, 320);
  EXPECT_EQ(probe.frames, 51);
  EXPECT_EQ(listDirectory(directory), (std::vector<std::string>{"a.mp4", "a.webm"}));
}

TEST(ExportCli, PngSequenceHasOneFilePerFrame) {
  const auto directory = freshOutputDirectory();
  std::filesystem::create_directories(directory / "frames");
  const CliRun run = gradscape({"export", kArticle, "-o", directory / "frames" / "f_%04d.png", "--size", "200x150"}, directory);
  ASSERT_EQ(run.exitCode, 0) << run.err;
  const auto files = listDirectory(directory / "frames");
  ASSERT_EQ(files.size(), 201u);
  EXPECT_EQ(files.front(), "f_0000.png");
  EXPECT_EQ(files.back(), "f_0200.png");
  const Png last = loadPng(directory / "frames" / "f_0200.png");
  EXPECT_EQ(last.width, 200);
  EXPECT_EQ(last.height, 150);
}

TEST(ExportCli, OrbitGifHasEveryFrame) {
  const auto directory = freshOutputDirectory();
  for (const char* name : {"orbit.gif", "again.gif"}) {
    const CliRun run = gradscape({"export", kArticle, "-o", directory / name, "--size", "320x240", "--every", "20",
                                  "--orbit", "90", "--no-msaa"},
                                 directory);
    ASSERT_EQ(run.exitCode, 0) << run.err;
  }
  // Frames are encoded on a second thread while the next renders: the bytes do not depend on timing.
  EXPECT_EQ(readFile(directory / "orbit.gif"), readFile(directory / "again.gif"));
  const auto decoded = decodeGif(directory / "orbit.gif", false);
  ASSERT_EQ(decoded.frames.size(), 11u);
  // The camera turned: the last frame differs from the first over a large area.
  EXPECT_GT(compareRgb(decoded.frames[0].composited, decoded.frames[10].composited, kQuantiserFar).fractionAbove, 0.05);
}

TEST(ExportCli, BadOptionsAreOneLineErrorsAndWriteNothing) {
  const auto directory = freshOutputDirectory();
  const std::string out = directory / "out.gif";
  const struct {
    std::vector<std::string> args;
    std::string fragment;
  } cases[] = {
      {{"--size", "0x0"}, "--size 0x0"},
      {{"--size", "9000x100"}, "1..8192"},
      {{"--size", "12x"}, "WIDTHxHEIGHT"},
      {{"--every", "0"}, "--every 0"},
      {{"--fps", "0"}, "--fps 0"},
      {{"--fps", "60"}, "--fps 50 or less"},
      {{"--hold", "-1"}, "--hold -1"},
      {{"--frame", "3"}, "--frame does not apply to GIF"},
      {{"--bogus"}, "unknown option '--bogus'"},
      {{"--size"}, "--size: missing its value"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"export", kArticle, "-o", out};
    args.insert(args.end(), c.args.begin(), c.args.end());
    expectOneLineError(gradscape(args, directory), c.fragment);
  }
  expectOneLineError(gradscape({"export", kArticle, "-o", directory / "out.bmp"}, directory), "unknown output format");
  expectOneLineError(gradscape({"export", kArticle, "-o", directory / "f_%d_%d.png"}, directory), "exactly one");
  expectOneLineError(gradscape({"export", kArticle}, directory), "missing -o OUT");
  expectOneLineError(gradscape({"export", "-o", out}, directory), "missing SCENE.json");
  expectOneLineError(gradscape({"export", directory / "nope.json", "-o", out}, directory), "nope.json");
  expectOneLineError(gradscape({"export", kArticle, "-o", directory / "odd.mp4", "--size", "321x240"}, directory),
                     "even width and height");
  EXPECT_TRUE(listDirectory(directory).empty());
}

TEST(ExportCli, FrameOutOfRangeKeepsTheExistingOutput) {
  const auto directory = freshOutputDirectory();
  writeFile(directory / "still.png", "old");
  expectOneLineError(gradscape({"export", kArticle, "-o", directory / "still.png", "--frame", "201", "--size", "64x48"}, directory),
                     "--frame 201: out of range, the scene's frames are 0..200");
  EXPECT_EQ(readFile(directory / "still.png"), "old");
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"still.png"});
  // In range: replaced.
  ASSERT_EQ(gradscape({"export", kArticle, "-o", directory / "still.png", "--frame", "200", "--size", "64x48"}, directory).exitCode, 0);
  EXPECT_EQ(loadPng(directory / "still.png").width, 64);
}

TEST(ExportCli, UnwritableDestinationsFailBeforeRendering) {
  const auto directory = freshOutputDirectory();
  expectOneLineError(gradscape({"export", kArticle, "-o", directory / "missing" / "a.gif"}, directory), "does not exist");
  expectOneLineError(gradscape({"export", kArticle, "-o", directory / "missing" / "f_%03d.png"}, directory), "does not exist");
  // /proc refuses new files even for root.
  expectOneLineError(gradscape({"export", kArticle, "-o", "/proc/gradscape-test.png"}, directory), "/proc/gradscape-test.png");
  std::filesystem::create_directories(directory / "isdir.gif");
  expectOneLineError(gradscape({"export", kArticle, "-o", directory / "isdir.gif"}, directory), "is a directory");
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"isdir.gif"});
}

TEST(ExportCli, MissingFfmpegIsReportedBeforeAnyWork) {
  const auto directory = freshOutputDirectory();
  std::filesystem::create_directories(directory / "empty-bin");
  writeFile(directory / "kept.mp4", "old");
  const CliRun run =
      gradscape({"export", kArticle, "-o", directory / "kept.mp4"}, directory, withPath((directory / "empty-bin").string()));
  expectOneLineError(run, "ffmpeg not found on PATH: install it (apt-get install ffmpeg) to export .mp4/.webm");
  EXPECT_EQ(readFile(directory / "kept.mp4"), "old");
  EXPECT_EQ(listDirectory(directory), (std::vector<std::string>{"empty-bin", "kept.mp4"}));
}

// Starts a long export, waits until its temporary exists and some frames are done, sends `signo`.
void expectInterruptLeavesNothing(const std::vector<std::string>& extra, const std::string& name, int signo) {
  const auto directory = freshOutputDirectory();
  const auto out = directory / name;
  writeFile(out, "old");
  std::vector<std::string> args{"export", kArticle, "-o", out, "--orbit", "360", "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  const pid_t pid = startGradscape(args, directory);
  bool sawTemporary = false;
  for (int i = 0; i < 3000 && !sawTemporary; ++i) {
    for (const auto& file : listDirectory(directory))
      if (file.starts_with("." + name + ".")) sawTemporary = true;
    if (!sawTemporary) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(sawTemporary) << "the export never opened its temporary";
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // into the frame loop
  ::kill(pid, signo);
  int signalled = 0;
  const CliRun run = finish(pid, directory, &signalled);
  EXPECT_EQ(signalled, 0) << "exits through our handler";
  EXPECT_EQ(run.exitCode, 128 + signo) << run.err;
  EXPECT_NE(run.err.find("nothing written"), std::string::npos) << run.err;
  EXPECT_EQ(readFile(out), "old");
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{name}) << "no temporary left";
}

TEST(ExportCli, SigintDuringGifLeavesNothing) { expectInterruptLeavesNothing({}, "i.gif", SIGINT); }
TEST(ExportCli, SigtermDuringMp4KillsFfmpegAndLeavesNothing) {
  expectInterruptLeavesNothing({}, "t.mp4", SIGTERM);
}

TEST(ExportCli, FileSizeLimitIsAnErrorAndKeepsTheOutput) {
  const auto directory = freshOutputDirectory();
  for (const char* name : {"big.gif", "big.mp4"}) {
    writeFile(directory / name, "old");
    // The article's GIF is ~130 kB and its MP4 ~150 kB: 40 kB cannot hold either.
    const CliRun run = gradscape({"export", kArticle, "-o", directory / name}, directory, withFileSizeLimit(40000));
    expectOneLineError(run, "file size limit");
    EXPECT_EQ(readFile(directory / name), "old") << name;
  }
  EXPECT_EQ(listDirectory(directory), (std::vector<std::string>{"big.gif", "big.mp4"}));
}

TEST(ExportCli, CameraOverridesChangeThePicture) {
  const auto directory = freshOutputDirectory();
  const std::vector<std::string> still{"export", kArticle, "--size", "240x180", "--quiet", "-o"};
  auto plain = still, turned = still, again = still;
  plain.push_back(directory / "plain.png");
  turned.insert(turned.end(), {directory / "turned.png", "--azimuth", "30", "--elevation", "60"});
  // Without huge pages (GRADSCAPE_NO_HUGEPAGES) the pixels are the same: only speed differs.
  again.push_back(directory / "again.png");
  ASSERT_EQ(gradscape(plain, directory).exitCode, 0);
  ASSERT_EQ(gradscape(turned, directory).exitCode, 0);
  ASSERT_EQ(gradscape(again, directory, withEnvironment("GRADSCAPE_NO_HUGEPAGES", "1")).exitCode, 0);
  const Png a = loadPng(directory / "plain.png"), b = loadPng(directory / "turned.png"), c = loadPng(directory / "again.png");
  EXPECT_GT(compareRgb(a.rgba, b.rgba, kQuantiserFar).fractionAbove, 0.05);
  EXPECT_EQ(a.rgba, c.rgba);
}

// --internals RUN draws run RUN's internals at each frame's iteration: frame k of an animation (drawn whole
// for it) is the still of frame k with the same overlay, pixel for pixel, and the overlay changes the picture
// (arrows at the run's point); --quiver adds the field of -grad f to a 2-D view.
TEST(ExportCli, InternalsFollowEachFrameAndQuiverFillsTheTwoDView) {
  const auto directory = freshOutputDirectory();
  std::filesystem::create_directories(directory / "frames");
  // Run 0 ("Symmetry") stays on the surface; run 1 leaves the box, with its overlay, by iteration 100.
  const std::vector<std::string> common{kArticle, "--size", "320x240", "--no-msaa", "--quiet", "--internals", "0"};
  const auto exportWith = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"export"};
    args.insert(args.end(), common.begin(), common.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return gradscape(args, directory);
  };
  ASSERT_EQ(exportWith({"-o", directory / "frames" / "f_%02d.png", "--every", "50"}).exitCode, 0);
  ASSERT_EQ(listDirectory(directory / "frames").size(), 5u);  // iterations 0, 50, 100, 150, 200
  ASSERT_EQ(exportWith({"-o", directory / "still.png", "--frame", "100"}).exitCode, 0);
  ASSERT_EQ(gradscape({"export", kArticle, "--size", "320x240", "--no-msaa", "--quiet", "--frame", "100", "-o", directory / "plain.png"},
                      directory).exitCode, 0);
  const Png frame = loadPng(directory / "frames" / "f_02.png"), still = loadPng(directory / "still.png");
  const Png plain = loadPng(directory / "plain.png"), first = loadPng(directory / "frames" / "f_00.png");
  EXPECT_EQ(frame.rgba, still.rgba) << "frame 2 (iteration 100) is not the still of iteration 100";
  EXPECT_GT(compareRgb(plain.rgba, still.rgba, kQuantiserFar).fractionAbove, 0.001) << "no internals drawn";
  EXPECT_NE(first.rgba, frame.rgba);

  const std::vector<std::string> twoD{"export", kArticle, "--size", "320x240", "--no-msaa", "--quiet", "--view", "2d", "-o"};
  auto flat = twoD, quiver = twoD;
  flat.push_back(directory / "flat.png");
  quiver.insert(quiver.end(), {directory / "quiver.png", "--quiver"});
  ASSERT_EQ(gradscape(flat, directory).exitCode, 0);
  ASSERT_EQ(gradscape(quiver, directory).exitCode, 0);
  EXPECT_GT(compareRgb(loadPng(directory / "flat.png").rgba, loadPng(directory / "quiver.png").rgba, kQuantiserFar).fractionAbove, 0.01);
}

TEST(ExportCli, NoGlContextIsAOneLineErrorAndKeepsTheOutput) {
  const auto directory = freshOutputDirectory();
  writeFile(directory / "kept.png", "old");
  // glvnd finds no EGL vendor library: what a machine without Mesa's EGL sees.
  const CliRun run = gradscape({"export", kArticle, "-o", directory / "kept.png"}, directory,
                               withEnvironment("__EGL_VENDOR_LIBRARY_FILENAMES", "/nonexistent/egl_vendor.json"));
  expectOneLineError(run, "no OpenGL 3.3 context: ");
  EXPECT_EQ(readFile(directory / "kept.png"), "old");
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"kept.png"});
}

TEST(ExportCli, HelpListsTheOptions) {
  const auto directory = freshOutputDirectory();
  const CliRun run = gradscape({"export", "--help"}, directory);
  EXPECT_EQ(run.exitCode, 0);
  for (const char* option : {"--size", "--frame", "--every", "--fps", "--hold", "--loop", "--azimuth", "--elevation",
                             "--orbit", "--internals", "--quiver", "--no-msaa", "--dither", "--quiet"})
    EXPECT_NE(run.out.find(option), std::string::npos) << option;
}

}  // namespace
}  // namespace gradscape
