// docs/bad-input.md, rows S (scene files), E (expressions), N (numbers mid-run), C (command line) and V (the
// viewer's command line and inputs), one test per row through the real binary: exact message line, exit
// status, nothing on stdout.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "core/test_bad_input_table.hpp"

namespace {

using namespace gradscape::testing;
using namespace gradscape::testing::bad_input;

// A file name holding a newline and a terminal escape (clear screen), and how every message quotes it.
const std::string kNameWithControlCharacters = "/bad\nname\x1b[2J.json";
const std::string kNameEscaped = "/bad\\nname\\x1b[2J.json";

ProcessResult traceStdin(const std::string& json) { return runProcess({kBinary, "trace", "-"}, ProcessOptions::withStdin(json)); }

// A scene given on standard input that must be rejected: exit 1, the message, nothing on stdout.
void expectSceneRejected(const std::string& id, const std::string& json, const std::string& message) {
  const ProcessResult result = traceStdin(json);
  expectRow(id, result, "", message, 1);
  EXPECT_EQ(result.out, "");
}

// An expression surface that must be rejected; the message is what follows "surface.expression: ".
void expectExpressionRejected(const std::string& id, const std::string& expression, const std::string& reason) {
  const std::string json = R"({"surface": {"expression": )" + nlohmann::json(expression).dump() + R"(}, "runs": [{"start": [1, 0]}]})";
  expectSceneRejected(id, json, "gradscape: <stdin>: surface.expression: " + reason);
}

std::string sceneWithRun(const std::string& runKeys) {
  return R"({"surface": "saddle", "runs": [{"start": [1, 0])" + runKeys + "}]}";
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);) out.push_back(line);
  return out;
}

// ---- S: scene files ----

BAD_INPUT_ROW("S1", S1_MissingFile) {
  const std::string dir = scratchDirectory("S1");
  const ProcessResult result = runProcess({kBinary, "trace", dir + "/missing.json"});
  expectRow("S1", result, dir, "gradscape: $DIR/missing.json: cannot open: No such file or directory", 1);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("S2", S2_DirectoryAsSceneFile) {
  const std::string dir = scratchDirectory("S2");
  const ProcessResult result = runProcess({kBinary, "trace", dir});
  expectRow("S2", result, dir, "gradscape: $DIR: is a directory, not a scene file", 1);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("S3", S3_EmptyFile) {
  const std::string dir = scratchDirectory("S3");
  const ProcessResult result = runProcess({kBinary, "trace", writeFile(dir + "/empty.json", "")});
  expectRow("S3", result, dir,
            "gradscape: $DIR/empty.json: invalid JSON at line 1, column 1: unexpected end of input; expected '[', '{', or a literal", 1);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("S4", S4_MalformedJson) {
  expectSceneRejected("S4", R"({"surface": "saddle", "runs": [{"start": [1, 0]}],})",
                      "gradscape: <stdin>: invalid JSON at line 1, column 51: unexpected '}'; expected string literal");
}

BAD_INPUT_ROW("S5", S5_NotAnObject) {
  expectSceneRejected("S5", "[1, 2]", "gradscape: <stdin>: expected an object, got an array");
}

BAD_INPUT_ROW("S6", S6_UnknownKey) {
  expectSceneRejected("S6", R"({"surface": "saddle", "runs": [{"start": [1, 0]}], "colour": 1})",
                      "gradscape: <stdin>: colour: unknown key (expected one of: surface, runs, camera, render, view, legend)");
}

BAD_INPUT_ROW("S7", S7_WrongType) {
  expectSceneRejected("S7", R"({"surface": "saddle", "runs": [{"start": [1, "0"]}]})",
                      "gradscape: <stdin>: runs[0].start[1]: expected a number, got a string");
}

BAD_INPUT_ROW("S8", S8_NaNLiteral) {
  expectSceneRejected("S8", R"({"surface": "saddle", "runs": [{"start": [NaN, 0]}]})",
                      "gradscape: <stdin>: invalid JSON at line 1, column 43: invalid literal; last read: '\"start\": [N'");
}

BAD_INPUT_ROW("S9", S9_NumberOverflowsToInfinity) {
  expectSceneRejected("S9", R"({"surface": "saddle", "runs": [{"start": [1e999, 0]}]})",
                      "gradscape: <stdin>: runs[0].start[0]: expected a finite number");
}

BAD_INPUT_ROW("S10", S10_NaNHyperparameter) {
  expectSceneRejected("S10", sceneWithRun(R"(, "optimizer": {"name": "adam", "lr": NaN})"),
                      "gradscape: <stdin>: invalid JSON at line 1, column 86: invalid literal; last read: '\"lr\": N'");
}

BAD_INPUT_ROW("S11", S11_InfiniteHyperparameter) {
  expectSceneRejected("S11", sceneWithRun(R"(, "optimizer": {"name": "adam", "betas": [0.9, 1e400]})"),
                      "gradscape: <stdin>: runs[0].optimizer.betas[1]: expected a finite number");
}

BAD_INPUT_ROW("S12", S12_NegativeLearningRate) {
  expectSceneRejected("S12", sceneWithRun(R"(, "optimizer": {"name": "sgd", "lr": -1})"),
                      "gradscape: <stdin>: runs[0].optimizer: lr: must be >= 0 (got -1)");
}

BAD_INPUT_ROW("S13", S13_BetaOutOfRange) {
  expectSceneRejected("S13", sceneWithRun(R"(, "optimizer": {"name": "adam", "betas": [0.9, 1]})"),
                      "gradscape: <stdin>: runs[0].optimizer: betas[1]: must be in [0, 1) (got 1)");
}

BAD_INPUT_ROW("S14", S14_NesterovWithoutMomentum) {
  expectSceneRejected(
      "S14", sceneWithRun(R"(, "optimizer": {"name": "sgd", "nesterov": true})"),
      "gradscape: <stdin>: runs[0].optimizer: nesterov: needs momentum > 0 and dampening = 0 (got momentum 0, dampening 0)");
}

BAD_INPUT_ROW("S15", S15_UnknownSurface) {
  expectSceneRejected("S15", R"({"surface": "sadle", "runs": [{"start": [1, 0]}]})",
                      "gradscape: <stdin>: surface: unknown surface 'sadle' (known: saddle, monkey_saddle, quadratic, rosenbrock, beale, "
                      "himmelblau, booth, matyas, rastrigin, ackley, goldstein_price, six_hump_camel, styblinski_tang)");
}

BAD_INPUT_ROW("S16", S16_UnknownOptimizer) {
  expectSceneRejected("S16", sceneWithRun(R"(, "optimizer": "adamm")"),
                      "gradscape: <stdin>: runs[0].optimizer: unknown optimizer 'adamm' (expected one of: sgd, adam, adamw, adagrad, "
                      "rmsprop, adadelta, adamax, nadam, radam)");
}

BAD_INPUT_ROW("S17", S17_UnknownHyperparameter) {
  expectSceneRejected("S17", sceneWithRun(R"(, "optimizer": {"name": "adam", "momentum": 0.9})"),
                      "gradscape: <stdin>: runs[0].optimizer.momentum: unknown hyperparameter for adam (expected one of: lr, betas, eps, "
                      "weight_decay, amsgrad)");
}

BAD_INPUT_ROW("S18", S18_NegativeIterations) {
  expectSceneRejected("S18", sceneWithRun(R"(, "iterations": -5)"), "gradscape: <stdin>: runs[0].iterations: must be at least 0 (got -5)");
}

BAD_INPUT_ROW("S19", S19_FractionalIterations) {
  expectSceneRejected("S19", sceneWithRun(R"(, "iterations": 2.5)"),
                      "gradscape: <stdin>: runs[0].iterations: expected a whole number, got 2.5");
}

BAD_INPUT_ROW("S20", S20_IterationsOverTheLimit) {
  expectSceneRejected("S20", sceneWithRun(R"(, "iterations": 18446744073709551616)"),
                      "gradscape: <stdin>: runs[0].iterations: must be at most 10000000 (got 18446744073709551616)");
}

BAD_INPUT_ROW("S21", S21_NoRuns) {
  expectSceneRejected("S21", R"({"surface": "saddle", "runs": []})", "gradscape: <stdin>: runs: expected at least one run");
}

BAD_INPUT_ROW("S22", S22_TooManyRuns) {
  std::string runs;
  for (int i = 0; i < 1001; ++i) runs += std::string(i ? ", " : "") + R"({"start": [1, 0]})";
  expectSceneRejected("S22", R"({"surface": "saddle", "runs": [)" + runs + "]}",
                      "gradscape: <stdin>: runs: too many runs (1001; the limit is 1000)");
}

BAD_INPUT_ROW("S23", S23_FileOverOneMebibyte) {
  const std::string dir = scratchDirectory("S23");
  const std::string json = sceneWithRun(R"(, "label": ")" + std::string(1 << 20, 'a') + R"(")");
  const ProcessResult result = runProcess({kBinary, "trace", writeFile(dir + "/big.json", json)});
  expectRow("S23", result, dir, "gradscape: $DIR/big.json: scene file too large (1048639 bytes; the limit is 1048576)", 1);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("S24", S24_EndlessStream) {
  // /dev/zero never ends: reading stops after the limit instead of allocating until the machine gives out.
  const ProcessResult result = runProcess({kBinary, "trace", "/dev/zero"});
  expectRow("S24", result, "", "gradscape: /dev/zero: scene file too large (more than 1048576 bytes, the limit)", 1);
  EXPECT_EQ(result.out, "");
  // Against a rejected one-line scene (the process's own footprint, which sanitizers and preloaded drivers
  // inflate): the endless stream may cost the 1 MiB it is allowed and a little more, not hundreds.
  const ProcessResult small = traceStdin("[1]");
  EXPECT_LT(result.maxRssKiB - small.maxRssKiB, 16 * 1024) << result.maxRssKiB << " KiB vs " << small.maxRssKiB << " KiB";
}

BAD_INPUT_ROW("S25", S25_GridOverTheLimit) {
  expectSceneRejected("S25", R"({"surface": "saddle", "runs": [{"start": [1, 0]}], "render": {"grid": 1025}})",
                      "gradscape: <stdin>: render.grid: must be at most 1024 (got 1025)");
}

BAD_INPUT_ROW("S26", S26_DeeplyNestedJson) {
  // Half a million nested arrays in one megabyte: nlohmann parses and frees without recursion.
  expectSceneRejected("S26", std::string(500000, '[') + std::string(500000, ']'), "gradscape: <stdin>: expected an object, got an array");
}

BAD_INPUT_ROW("S27", S27_BinaryFile) {
  const std::string dir = scratchDirectory("S27");
  const std::string elf("\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e\x00", 20);
  const ProcessResult result = runProcess({kBinary, "trace", writeFile(dir + "/program", elf)});
  expectRow("S27", result, dir, "gradscape: $DIR/program: invalid JSON at line 1, column 1: invalid literal; last read: '\\x7f'", 1);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("S28", S28_InvalidUtf8) {
  expectSceneRejected("S28", sceneWithRun(", \"label\": \"\xff\""),
                      "gradscape: <stdin>: invalid JSON at line 1, column 60: invalid string: ill-formed UTF-8 byte; last read: '\"\\xff'");
}

BAD_INPUT_ROW("S29", S29_ControlCharactersInKey) {
  // A key holding a newline and an escape sequence: the message stays one line and cannot drive the terminal.
  expectSceneRejected("S29", R"({"surface": "saddle", "runs": [{"start": [1, 0]}], "a\nb\u001b[2J": 1})",
                      "gradscape: <stdin>: a\\nb\\x1b[2J: unknown key (expected one of: surface, runs, camera, render, view, legend)");
}

// ---- E: expressions ----

BAD_INPUT_ROW("E1", E1_UnclosedParenthesis) { expectExpressionRejected("E1", "x^2 + (y", "expected ')' at column 9"); }

BAD_INPUT_ROW("E2", E2_UnknownFunction) { expectExpressionRejected("E2", "foo(x)", "unknown function 'foo' at column 1"); }

BAD_INPUT_ROW("E3", E3_UnknownName) { expectExpressionRejected("E3", "x + z", "unknown name 'z' at column 5"); }

BAD_INPUT_ROW("E4", E4_WrongArity) { expectExpressionRejected("E4", "atan2(x)", "function 'atan2' takes 2 arguments, got 1 at column 1"); }

BAD_INPUT_ROW("E5", E5_FunctionWithoutParentheses) {
  expectExpressionRejected("E5", "sin x", "expected '(' after function 'sin' at column 5");
}

BAD_INPUT_ROW("E6", E6_EmptyExpression) { expectExpressionRejected("E6", "", "empty expression"); }

BAD_INPUT_ROW("E7", E7_UnexpectedCharacter) { expectExpressionRejected("E7", "x $ y", "unexpected character '$' at column 3"); }

BAD_INPUT_ROW("E8", E8_MissingOperator) { expectExpressionRejected("E8", "x y", "missing operator before 'y' at column 3"); }

BAD_INPUT_ROW("E9", E9_NumberOutOfRange) { expectExpressionRejected("E9", "1e999*x", "number '1e999' is out of range at column 1"); }

BAD_INPUT_ROW("E10", E10_ControlByte) { expectExpressionRejected("E10", "x\x01", "unexpected byte 0x01 at column 2"); }

BAD_INPUT_ROW("E11", E11_TooLong) {
  std::string sum = "x";
  while (sum.size() < 4097) sum += "+x";
  expectExpressionRejected("E11", sum, "expression too long (4097 characters, limit 4096)");
}

BAD_INPUT_ROW("E12", E12_NestedTooDeeply) {
  expectExpressionRejected("E12", std::string(300, '(') + "x" + std::string(300, ')'),
                           "expression nested too deeply (more than 200 levels) at column 201");
}

BAD_INPUT_ROW("E13", E13_PowerChainTooDeep) {
  std::string chain;
  for (int i = 0; i < 300; ++i) chain += "2^";
  expectExpressionRejected("E13", chain + "x", "expression nested too deeply (more than 200 levels) at column 402");
}

// ---- N: numbers that stop being finite during a run (exit 0: the trace is still valid) ----

BAD_INPUT_ROW("N1", N1_NaNMidRun) {
  // sqrt(x) from x = 0.01 with lr 1 steps to x < 0, where sqrt is NaN: run 0 ends at its last finite row,
  // run 1 is traced as usual.
  const ProcessResult result = traceStdin(R"j({"surface": {"expression": "sqrt(x)"}, "runs": [
      {"start": [0.01, 0], "optimizer": {"name": "sgd", "lr": 1}, "iterations": 5}, {"start": [1, 0], "iterations": 1}]})j");
  expectRow("N1", result, "", "gradscape: run 0 diverged at iteration 1 (x, y or z not finite); its trace ends there", 0);
  EXPECT_EQ(lines(result.out), (std::vector<std::string>{"run,iter,x,y,z", "0,0,0.01,0,0.1", "1,0,1,0,1", "1,1,0.995,0,0.9974968671630001"}));
}

BAD_INPUT_ROW("N2", N2_OverflowMidRun) {
  // The saddle with lr 10 multiplies y by 21 per step until it overflows to infinity.
  const ProcessResult result = traceStdin(R"({"surface": "saddle", "runs": [{"start": [0, 1], "optimizer": {"name": "sgd", "lr": 10}, "iterations": 1000}]})");
  expectRow("N2", result, "", "gradscape: run 0 diverged at iteration 117 (x, y or z not finite); its trace ends there", 0);
  const auto rows = lines(result.out);
  ASSERT_EQ(rows.size(), 1u + 117);
  EXPECT_EQ(rows.back().rfind("0,116,0,", 0), 0u) << rows.back();
  for (std::size_t i = 1; i < rows.size(); ++i)
    EXPECT_EQ(rows[i].find_first_of("ni"), std::string::npos) << "no nan or inf is written: " << rows[i];
}

BAD_INPUT_ROW("N3", N3_NotFiniteAtTheStart) {
  const ProcessResult result = traceStdin(R"j({"surface": {"expression": "log(x)"}, "runs": [{"start": [0, 1]}]})j");
  expectRow("N3", result, "", "gradscape: run 0 diverged at iteration 0 (x, y or z not finite); its trace ends there", 0);
  EXPECT_EQ(result.out, "run,iter,x,y,z\n");
}

// ---- C: command line ----

BAD_INPUT_ROW("C1", C1_TraceWithoutScene) {
  const ProcessResult result = runProcess({kBinary, "trace"});
  expectRow("C1", result, "", "gradscape: trace: missing SCENE.json (see gradscape trace --help)", 2);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("C2", C2_UnknownOption) {
  const ProcessResult result = runProcess({kBinary, "trace", "--iterations=5", "scene.json"});
  expectRow("C2", result, "", "gradscape: trace: unknown option '--iterations=5' (see gradscape trace --help)", 2);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("C3", C3_TwoSceneFiles) {
  const ProcessResult result = runProcess({kBinary, "trace", "a.json", "b.json"});
  expectRow("C3", result, "", "gradscape: trace: expected one scene file, got 'a.json' and 'b.json'", 2);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("C4", C4_UnknownCommand) {
  const ProcessResult result = runProcess({kBinary, "plot", "scene.json"});
  expectRow("C4", result, "", "gradscape: unknown command 'plot' (expected view, trace, export or map; see gradscape --help)", 2);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("C5", C5_StandardOutputFull) {
  // /dev/full fails every write with ENOSPC: the trace must say so and fail, not exit 0 with a lost CSV.
  const ProcessResult result = runProcess({"/bin/sh", "-c", "exec \"$0\" trace \"$1\" > /dev/full", kBinary,
                                           std::string(GRADSCAPE_SOURCE_DIR) + "/assets/scenes/article.json"});
  expectRow("C5", result, "", "gradscape: trace: cannot write to standard output", 1);
}

BAD_INPUT_ROW("C6", C6_FileNameWithControlCharacters) {
  const std::string dir = scratchDirectory("C6");
  const ProcessResult result = runProcess({kBinary, "trace", dir + kNameWithControlCharacters});
  expectRow("C6", result, dir, "gradscape: $DIR" + kNameEscaped + ": cannot open: No such file or directory", 1);
  EXPECT_EQ(result.out, "");
}

// ---- V: the viewer's command line and inputs (all rejected before a window opens: no display needed) ----

void expectViewRejected(const std::string& id, const std::vector<std::string>& args, const std::string& message, int exitCode,
                        const std::string& dir = "", const std::string& stdinText = "") {
  std::vector<std::string> argv{kBinary};
  argv.insert(argv.end(), args.begin(), args.end());
  const ProcessResult result = runProcess(argv, ProcessOptions::withStdin(stdinText));
  expectRow(id, result, dir, message, exitCode);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("V1", V1_UnknownOption) { expectViewRejected("V1", {"view", "--fast"}, "gradscape: view: unknown option '--fast'", 2); }

BAD_INPUT_ROW("V2", V2_TwoScenes) {
  expectViewRejected("V2", {"view", "a.json", "b.json"}, "gradscape: view: one scene at a time (got 'a.json' and 'b.json')", 2);
}

BAD_INPUT_ROW("V3", V3_WindowTooSmall) {
  expectViewRejected("V3", {"view", "--size", "10x600"}, "gradscape: view: --size: expected WxH with sizes in [64, 16384], got '10x600'", 2);
}

BAD_INPUT_ROW("V4", V4_ScriptWithoutValue) { expectViewRejected("V4", {"view", "--script"}, "gradscape: view: --script needs a value", 2); }

BAD_INPUT_ROW("V9", V9_RestoreWithAScene) {
  // a.json does not exist: the command line is rejected before the scene would be read (exit 2, not 1).
  expectViewRejected("V9", {"view", "--restore", "a.json"}, "gradscape: view: --restore opens the unsaved session: give no SCENE.json with it",
                     2);
}

BAD_INPUT_ROW("V5", V5_BadScene) {
  // The same scene and status as `gradscape trace` (rows S): a bad scene is bad input, not a bad command line.
  expectViewRejected("V5", {"view", "-"}, "gradscape: <stdin>: runs[0].iterations: must be at least 0 (got -1)", 1, "",
                     R"({"surface": "saddle", "runs": [{"start": [1, 0], "iterations": -1}]})");
}

BAD_INPUT_ROW("V6", V6_MissingScript) {
  const std::string dir = scratchDirectory("V6");
  expectViewRejected("V6", {"view", "--script", dir + "/missing.txt"}, "gradscape: $DIR/missing.txt: cannot open script", 1, dir);
}

// The `wheel X Y NOTCHES` verb (the 2-D view's zoom about the cursor): checked with the script, before any window.
BAD_INPUT_ROW("V20", V20_WheelWithoutNotches) {
  const std::string dir = scratchDirectory("V20");
  writeFile(dir + "/s.txt", "wheel 700 250\n");
  expectViewRejected("V20", {"view", "--script", dir + "/s.txt"}, "gradscape: $DIR/s.txt:1: wheel takes 3 argument(s), got 2", 1, dir);
}

BAD_INPUT_ROW("V21", V21_WheelNotchesNotANumber) {
  const std::string dir = scratchDirectory("V21");
  writeFile(dir + "/s.txt", "wheel 700 250 lots\n");
  expectViewRejected("V21", {"view", "--script", dir + "/s.txt"},
                     "gradscape: $DIR/s.txt:1: wheel: argument 3 must be a number, got 'lots'", 1, dir);
}

BAD_INPUT_ROW("V10", V10_RestoreWithNothingToRestore) {
  // An empty state directory, and one holding only a session whose viewer still runs (this test's own pid):
  // neither is left over, so there is nothing to restore.
  const std::string dir = scratchDirectory("V10");
  std::filesystem::create_directories(dir + "/gradscape");
  const ProcessOptions environment = ProcessOptions::withEnvironment({"PATH=/usr/bin:/bin", "XDG_STATE_HOME=" + dir});
  const ProcessResult empty = runProcess({kBinary, "view", "--restore"}, environment);
  expectRow("V10", empty, dir, "gradscape: view --restore: no unsaved session in $DIR/gradscape", 1);
  EXPECT_EQ(empty.out, "");
  std::ofstream(dir + "/gradscape/session-" + std::to_string(::getpid()) + ".json") << "{}";
  const ProcessResult running = runProcess({kBinary, "view", "--restore"}, environment);
  expectRow("V10", running, dir, "gradscape: view --restore: no unsaved session in $DIR/gradscape", 1);
}

BAD_INPUT_ROW("V7", V7_FileNameWithControlCharacters) {
  const std::string dir = scratchDirectory("V7");
  expectViewRejected("V7", {"view", dir + kNameWithControlCharacters},
                     "gradscape: $DIR" + kNameEscaped + ": cannot open: No such file or directory", 1, dir);
}

BAD_INPUT_ROW("V8", V8_SceneShortcutIsView) {
  // `gradscape SCENE.json` is `gradscape view SCENE.json`: the same line and status as V7.
  const std::string dir = scratchDirectory("V8");
  expectViewRejected("V8", {dir + kNameWithControlCharacters}, "gradscape: $DIR" + kNameEscaped + ": cannot open: No such file or directory",
                     1, dir);
  const ProcessResult view = runProcess({kBinary, "view", dir + kNameWithControlCharacters});
  const ProcessResult shortcut = runProcess({kBinary, dir + kNameWithControlCharacters});
  EXPECT_EQ(shortcut.err, view.err);
  EXPECT_EQ(shortcut.exitCode, view.exitCode);
  // Its other arguments go to view as they are.
  const ProcessResult withOption = runProcess({kBinary, dir + "/a.json", "--fast"});
  EXPECT_EQ(withOption.err, "gradscape: view: unknown option '--fast'\n");
  EXPECT_EQ(withOption.exitCode, 2);
}

// Every command `gradscape --help` lists, today's and any added later, keeps the contract for an argument
// holding a newline and an escape code: one printable line, exit 1 or 2, nothing on standard output.
TEST(BadInput, EveryCommandPrintsOnePrintableLineForControlCharacters) {
  const ProcessResult help = runProcess({kBinary, "--help"});
  ASSERT_EQ(help.exitCode, 0);
  std::set<std::string> commands;
  for (const std::string& line : lines(help.out)) {
    const auto at = line.find("gradscape ");
    if (at == std::string::npos) continue;
    std::string word = line.substr(at + 10, line.find(' ', at + 10) - at - 10);  // "trace", "[view]", "COMMAND"
    if (word.size() > 2 && word.front() == '[' && word.back() == ']') word = word.substr(1, word.size() - 2);
    if (!word.empty() && std::islower(static_cast<unsigned char>(word[0]))) commands.insert(word);
  }
  EXPECT_TRUE(commands.contains("trace") && commands.contains("export") && commands.contains("view")) << help.out;
  const std::string dir = scratchDirectory("every-command");
  for (const std::string& command : commands) {
    SCOPED_TRACE(command);
    const ProcessResult result = runProcess({kBinary, command, dir + kNameWithControlCharacters});
    EXPECT_EQ(result.signal, 0);
    EXPECT_TRUE(result.exitCode == 1 || result.exitCode == 2) << result.exitCode;
    EXPECT_EQ(result.out, "");
    ASSERT_FALSE(result.err.empty());
    EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << result.err;
    EXPECT_TRUE(result.err.starts_with("gradscape: ")) << result.err;
    for (const char c : result.err.substr(0, result.err.size() - 1))
      EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f) << "control byte " << int(c) << " in " << result.err;
  }
}

TEST(BadInput, EveryCoreRowOfTheTableHasATest) { expectEveryRowTested({"S", "E", "N", "C", "V", "D", "M"}); }

}  // namespace
