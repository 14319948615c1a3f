// docs/bad-input.md rows G1-G5: a `set map.*` script line with a bad value ends the viewer with the row's
// one line on standard error and exit 1.
#include <gtest/gtest.h>

#include "core/test_bad_input_table.hpp"
#include "viewer_test_support.hpp"

namespace gradscape::testing {
namespace {

using bad_input::expectEveryRowTested;
using bad_input::expectRow;

void expectMapFieldRejected(const std::string& id, const std::string& line, const std::string& message) {
  if (!haveXvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const auto directory = viewerTestDirectory();
  const ViewerRun run = runViewer(directory, line + "\n", {}, false);
  expectRow(id, run.process, directory.string(), message, 1);
}

BAD_INPUT_ROW("G1", G1_UnknownMapKind) {
  expectMapFieldRejected("G1", "set map.kind contour",
                         "gradscape: $DIR/script.txt:1: map.kind: expected off, basin, loss, steps or phase, got 'contour'");
}
BAD_INPUT_ROW("G2", G2_MapGridAboveTheLimit) {
  expectMapFieldRejected("G2", "set map.grid 4096",
                         "gradscape: $DIR/script.txt:1: map.grid: expected a whole number in [2, 1024], got '4096'");
}
BAD_INPUT_ROW("G3", G3_MapRunNotInTheScene) {
  expectMapFieldRejected("G3", "set map.run 2",
                         "gradscape: $DIR/script.txt:1: map.run: expected a whole number in [0, 1], got '2'");
}
BAD_INPUT_ROW("G4", G4_LogAxisThroughZero) {
  expectMapFieldRejected("G4", "set map.x lr:0:1:log",
                         "gradscape: $DIR/script.txt:1: map.x lr:0:1:log: a log axis needs positive ends");
}
BAD_INPUT_ROW("G5", G5_PickWithoutAPhaseMap) {
  expectMapFieldRejected("G5", "set map.pick 1 1", "gradscape: $DIR/script.txt:1: map.pick: needs map.kind phase");
}

// Every row the app tier tests: G (maps) and W (display fields, test_viewer_display.cpp).
TEST(BadInput, EveryViewerFieldRowOfTheTableHasATest) { expectEveryRowTested({"G", "W"}); }

}  // namespace
}  // namespace gradscape::testing
