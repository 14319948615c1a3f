// docs/bad-input.md, rows X (export command line), O (output files) and R (runtime: ffmpeg, GL, display), one
// test per row through the real binary: exact message line, exit status, nothing on stdout, and no output
// file left behind (an existing one kept byte for byte). Render tier: most rows reach the EGL context.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/test_bad_input_table.hpp"

namespace {

using namespace gradscape::testing;
using namespace gradscape::testing::bad_input;

const std::string kArticle = std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/article.json";
// A short animation: 21 frames, rendered small, so the rows that really export stay quick.
const std::string kSmallScene = R"({"surface": "saddle", "runs": [{"start": [1, 0.25], "iterations": 20}]})";

// Every name in `dir`, hidden ones included (temporaries are ".OUT.<pid>-<n>.tmp"), sorted.
std::vector<std::string> filesIn(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// `gradscape export ARGS...` with a file size limit of `blocks` 512-byte blocks (POSIX sh's ulimit -f unit),
// stopped after 120 s so a hang fails the row instead of the whole test run.
ProcessResult exportWithFileSizeLimit(int blocks, const std::vector<std::string>& args, const ProcessOptions& options = {}) {
  std::vector<std::string> argv{"/bin/sh", "-c", "ulimit -f " + std::to_string(blocks) + "; exec timeout 120 \"$0\" export \"$@\"", kBinary};
  argv.insert(argv.end(), args.begin(), args.end());
  return runProcess(argv, options);
}

// A rejected export: the row's message and status, nothing on stdout, and `dir` holding exactly `expectedFiles`.
void expectExportRejected(const std::string& id, const ProcessResult& result, const std::string& dir, const std::string& message,
                          int exitCode, const std::vector<std::string>& expectedFiles = {}) {
  expectRow(id, result, dir, message, exitCode);
  EXPECT_EQ(result.out, "");
  if (!dir.empty()) {
    EXPECT_EQ(filesIn(dir), expectedFiles) << "no output and no temporary may be left in " << dir;
  }
}

// ---- X: the export command line ----

BAD_INPUT_ROW("X1", X1_MissingOutput) {
  expectExportRejected("X1", runProcess({kBinary, "export", kArticle}), "",
                       "gradscape: export: missing -o OUT (see gradscape export --help)", 2);
}

BAD_INPUT_ROW("X2", X2_OutputOptionWithoutValue) {
  expectExportRejected("X2", runProcess({kBinary, "export", kArticle, "-o"}), "",
                       "gradscape: export: -o: missing its value (see gradscape export --help)", 2);
}

BAD_INPUT_ROW("X3", X3_UnknownOption) {
  const std::string dir = scratchDirectory("X3");
  expectExportRejected("X3", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--colour", "red"}), dir,
                       "gradscape: export: unknown option '--colour' (see gradscape export --help)", 2);
}

BAD_INPUT_ROW("X4", X4_SizeOverTheLimit) {
  // 100000 x 100000 RGBA would be 40 GB: refused before anything is allocated.
  const std::string dir = scratchDirectory("X4");
  expectExportRejected("X4", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--size", "100000x100000"}), dir,
                       "gradscape: export: --size 100000x100000: width and height must be 1..8192", 2);
}

BAD_INPUT_ROW("X5", X5_MalformedSize) {
  const std::string dir = scratchDirectory("X5");
  expectExportRejected("X5", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--size", "big"}), dir,
                       "gradscape: export: --size big: expected WIDTHxHEIGHT, like 1200x900", 2);
}

BAD_INPUT_ROW("X6", X6_OptionForAnotherFormat) {
  const std::string dir = scratchDirectory("X6");
  expectExportRejected("X6", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--fps", "10"}), dir,
                       "gradscape: export: --fps does not apply to PNG output (.gif, .mp4, .webm)", 2);
}

BAD_INPUT_ROW("X14", X14_CameraOptionWithTheTwoDView) {
  const std::string dir = scratchDirectory("X14");
  expectExportRejected("X14",
                       runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--view", "2d", "--azimuth", "30"}),
                       dir, "gradscape: export: --azimuth moves the 3-D view: it does not apply to --view 2d", 2);
}

BAD_INPUT_ROW("X15", X15_UnknownView) {
  const std::string dir = scratchDirectory("X15");
  expectExportRejected("X15", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--view", "4d"}), dir,
                       "gradscape: export: --view 4d: expected 3d, 2d or split", 2);
}

BAD_INPUT_ROW("X16", X16_UnknownHiddenPaths) {
  const std::string dir = scratchDirectory("X16");
  expectExportRejected("X16", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--hidden-paths", "xray"}),
                       dir, "gradscape: export: --hidden-paths xray: expected hide or faint", 2);
}

BAD_INPUT_ROW("X17", X17_InternalsRunNotANumber) {
  const std::string dir = scratchDirectory("X17");
  expectExportRejected("X17", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--internals", "first"}),
                       dir, "gradscape: export: --internals first: expected a whole number", 2);
}

BAD_INPUT_ROW("X18", X18_InternalsOfARunTheSceneLacks) {
  const std::string dir = scratchDirectory("X18");
  expectExportRejected("X18", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.gif", "--internals", "2"}), dir,
                       "gradscape: --internals 2: no such run (the scene has 2, numbered from 0 as `gradscape trace` prints them)", 1);
}

BAD_INPUT_ROW("X7", X7_OddSizeForVideo) {
  const std::string dir = scratchDirectory("X7");
  expectExportRejected("X7", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.mp4", "--size", "65x48"}), dir,
                       "gradscape: --size 65x48: MP4 needs an even width and height (yuv420p)", 1);
}

BAD_INPUT_ROW("X8", X8_UnknownOutputFormat) {
  const std::string dir = scratchDirectory("X8");
  expectExportRejected("X8", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.bmp"}), dir,
                       "gradscape: unknown output format for $DIR/out.bmp: use .png, .gif, .mp4, .webm or a PNG sequence pattern like "
                       "frames/f_%04d.png",
                       1);
}

BAD_INPUT_ROW("X9", X9_BadSceneCreatesNoOutput) {
  const std::string dir = scratchDirectory("X9");
  const ProcessResult result = runProcess({kBinary, "export", "-", "-o", dir + "/out.gif"},
                                          ProcessOptions::withStdin(R"({"surface": "saddle", "runs": [{"start": [1, 0], "iterations": -1}]})"));
  expectExportRejected("X9", result, dir, "gradscape: <stdin>: runs[0].iterations: must be at least 0 (got -1)", 1);
}

BAD_INPUT_ROW("X10", X10_TooManyKeptPointsCreatesNoOutput) {
  const std::string dir = scratchDirectory("X10");
  const ProcessResult result = runProcess(
      {kBinary, "export", "-", "-o", dir + "/out.gif"},
      ProcessOptions::withStdin(R"({"surface": "saddle", "runs": [{"start": [1, 0], "iterations": 10000000},)"
                                R"( {"start": [1, 0.25], "iterations": 10000000}]})"));
  expectExportRejected("X10", result, dir,
                       "gradscape: <stdin>: runs: 2 runs ask for 20000002 points (iterations + 1 each); export and view "
                       "keep at most 20000000 in memory: use fewer iterations, or stream them with gradscape trace",
                       1);
}

BAD_INPUT_ROW("X11", X11_GifFasterThanBrowsersPlay) {
  const std::string dir = scratchDirectory("X11");
  expectExportRejected("X11", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.gif", "--fps", "60"}), dir,
                       "gradscape: --fps: a GIF plays frames shorter than 2/100 s as 1/10 s in browsers; use --fps 50 or less (or --every "
                       "to skip iterations)",
                       1);
}

BAD_INPUT_ROW("X12", X12_GifFrameLongerThanItsDelayField) {
  const std::string dir = scratchDirectory("X12");
  expectExportRejected("X12", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.gif", "--fps", "0.01", "--hold", "600"}), dir,
                       "gradscape: --hold: a GIF frame lasts at most 655 s", 1);
}

BAD_INPUT_ROW("X13", X13_OutputNameWithControlCharacters) {
  // The export's own line for a path holding a newline and an escape code: escaped, one line.
  const std::string dir = scratchDirectory("X13");
  expectExportRejected("X13", runProcess({kBinary, "export", kArticle, "-o", dir + "/new\nline\x1b[2J/out.png", "--size", "64x48"}), dir,
                       "gradscape: cannot write $DIR/new\\nline\\x1b[2J/out.png: directory $DIR/new\\nline\\x1b[2J does not exist", 1);
}

// ---- O: output files ----

BAD_INPUT_ROW("O1", O1_MissingDirectory) {
  const std::string dir = scratchDirectory("O1");
  expectExportRejected("O1", runProcess({kBinary, "export", kArticle, "-o", dir + "/missing/out.png", "--size", "64x48"}), dir,
                       "gradscape: cannot write $DIR/missing/out.png: directory $DIR/missing does not exist", 1);
}

BAD_INPUT_ROW("O2", O2_OutputIsADirectory) {
  const std::string dir = scratchDirectory("O2");
  fs::create_directory(dir + "/out.png");
  expectExportRejected("O2", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--size", "64x48"}), dir,
                       "gradscape: cannot write $DIR/out.png: it is a directory", 1, {"out.png"});
  EXPECT_TRUE(fs::is_directory(dir + "/out.png"));
}

BAD_INPUT_ROW("O3", O3_UnwritableDirectory) {
  const std::string dir = scratchDirectory("O3");
  const std::string locked = dir + "/locked";
  fs::create_directory(locked);
  ::chmod(locked.c_str(), 0555);
  // Root writes anywhere: run as nobody then, the way a person without write access would.
  std::vector<std::string> argv{kBinary, "export", "-", "-o", locked + "/out.png", "--size", "64x48"};
  if (::geteuid() == 0) argv.insert(argv.begin(), {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  const ProcessResult result = runProcess(argv, ProcessOptions::withStdin(readFile(kArticle)));
  expectExportRejected("O3", result, dir, "gradscape: cannot write $DIR/locked/out.png: Permission denied", 1, {"locked"});
  EXPECT_TRUE(filesIn(locked).empty());
  ::chmod(locked.c_str(), 0755);
}

BAD_INPUT_ROW("O4", O4_ExistingFileKeptWhenExportFails) {
  // The export opens OUT's temporary, then fails (the frame is out of range): OUT keeps its old bytes.
  const std::string dir = scratchDirectory("O4");
  writeFile(dir + "/out.png", "the previous picture");
  expectExportRejected("O4", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--frame", "999", "--size", "64x48"}),
                       dir, "gradscape: --frame 999: out of range, the scene's frames are 0..200", 1, {"out.png"});
  EXPECT_EQ(readFile(dir + "/out.png"), "the previous picture");
}

BAD_INPUT_ROW("O5", O5_FileSizeLimitGif) {
  // ulimit -f: writes past 2 KiB fail with EFBIG (gradscape ignores SIGXFSZ); the old GIF stays.
  const std::string dir = scratchDirectory("O5");
  writeFile(dir + "/out.gif", "the previous animation");
  const ProcessResult result =
      exportWithFileSizeLimit(4, {"-", "-o", dir + "/out.gif", "--size", "200x150", "--quiet"}, ProcessOptions::withStdin(kSmallScene));
  expectExportRejected("O5", result, dir, "gradscape: cannot write $DIR/out.gif: file size limit exceeded (File too large; see ulimit -f)", 1,
                       {"out.gif"});
  EXPECT_EQ(readFile(dir + "/out.gif"), "the previous animation");
}

BAD_INPUT_ROW("O6", O6_FileSizeLimitVideo) {
  // ffmpeg keeps SIGXFSZ's default and is killed by it; the export says why and removes its temporary.
  const std::string dir = scratchDirectory("O6");
  writeFile(dir + "/out.mp4", "the previous video");
  const ProcessResult result =
      exportWithFileSizeLimit(4, {"-", "-o", dir + "/out.mp4", "--size", "200x150", "--quiet"}, ProcessOptions::withStdin(kSmallScene));
  expectExportRejected("O6", result, dir,
                       "gradscape: cannot write $DIR/out.mp4: ffmpeg failed: killed by signal 25 (file size limit exceeded; see ulimit -f)", 1,
                       {"out.mp4"});
  EXPECT_EQ(readFile(dir + "/out.mp4"), "the previous video");
}

BAD_INPUT_ROW("O7", O7_FileSizeLimitPngSequence) {
  // The sequence's encoder threads fail on the first frame; the export must end (it once waited forever).
  const std::string dir = scratchDirectory("O7");
  const ProcessResult result =
      exportWithFileSizeLimit(4, {"-", "-o", dir + "/f_%02d.png", "--size", "200x150", "--quiet"}, ProcessOptions::withStdin(kSmallScene));
  expectExportRejected("O7", result, dir, "gradscape: cannot write $DIR/f_00.png: file size limit exceeded (File too large; see ulimit -f)", 1);
}

BAD_INPUT_ROW("O8", O8_OutputIsAFifo) {
  // A FIFO (or a device node) named OUT is not replaced by the final rename.
  const std::string dir = scratchDirectory("O8");
  ASSERT_EQ(::mkfifo((dir + "/out.png").c_str(), 0644), 0);
  expectExportRejected("O8", runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--size", "64x48"}), dir,
                       "gradscape: cannot write $DIR/out.png: not a regular file", 1, {"out.png"});
  struct stat info {};
  ASSERT_EQ(::stat((dir + "/out.png").c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
}

// ---- R: the machine: ffmpeg, GL, display ----

BAD_INPUT_ROW("R1", R1_NoFfmpeg) {
  const std::string dir = scratchDirectory("R1");
  const ProcessResult result = runProcess({kBinary, "export", kArticle, "-o", dir + "/out.mp4", "--size", "64x48"},
                                          ProcessOptions::withEnvironment(environmentWith({"PATH=" + dir})));
  expectExportRejected("R1", result, dir, "gradscape: ffmpeg not found on PATH: install it (apt-get install ffmpeg) to export .mp4/.webm", 1);
}

BAD_INPUT_ROW("R2", R2_NoGlContext) {
  // glvnd finds no EGL vendor library, as on a machine without Mesa's EGL: no context can be made.
  const std::string dir = scratchDirectory("R2");
  const ProcessResult result = runProcess({kBinary, "export", kArticle, "-o", dir + "/out.png", "--size", "64x48"},
                                          ProcessOptions::withEnvironment(environmentWith({"__EGL_VENDOR_LIBRARY_FILENAMES=" + dir + "/none.json"})));
  expectExportRejected("R2", result, dir,
                       "gradscape: no OpenGL 3.3 context: EGL has no EGL_MESA_platform_surfaceless (is Mesa's libegl-mesa0 installed?)", 1);
}

BAD_INPUT_ROW("R3", R3_ViewerWithoutDisplay) {
  const ProcessResult result = runProcess({kBinary, "view", kArticle}, ProcessOptions::withEnvironment(environmentWith({}, {"DISPLAY", "WAYLAND_DISPLAY"})));
  expectExportRejected("R3", result, "", "gradscape: no display: use `gradscape export SCENE.json -o out.gif` to render without a window", 1);
}

BAD_INPUT_ROW("R4", R4_ViewerWithDeadDisplay) {
  // DISPLAY names an X server that is not there (a closed SSH forward, a stopped Xvfb).
  const ProcessResult result =
      runProcess({kBinary, "view", kArticle}, ProcessOptions::withEnvironment(environmentWith({"DISPLAY=:4917"}, {"WAYLAND_DISPLAY"})));
  expectExportRejected("R4", result, "", "gradscape: no display: use `gradscape export SCENE.json -o out.gif` to render without a window", 1);
}

TEST(BadInput, EveryExportAndEnvironmentRowOfTheTableHasATest) { expectEveryRowTested({"X", "O", "R"}); }

}  // namespace
