// Bad-input rows D (docs/bad-input.md, "Exit 1: how a scene is shown"): the view, colour and legend keys.
#include <gtest/gtest.h>

#include <string>

#include "core/test_bad_input_table.hpp"

namespace {

using namespace gradscape::testing;
using namespace gradscape::testing::bad_input;

// A saddle scene with `extra` keys after its runs, given on standard input: exit 1, the line, no stdout.
void expectDisplayRejected(const std::string& id, const std::string& extra, const std::string& message) {
  const std::string json = R"({"surface": "saddle", "runs": [{"start": [1, 0]}], )" + extra + "}";
  const ProcessResult result = runProcess({kBinary, "trace", "-"}, ProcessOptions::withStdin(json));
  expectRow(id, result, "", message, 1);
  EXPECT_EQ(result.out, "");
}

BAD_INPUT_ROW("D1", D1_UnknownViewMode) {
  expectDisplayRejected("D1", R"("view": {"mode": "3D"})",
                        R"(gradscape: <stdin>: view.mode: expected "3d", "2d" or "split", got "3D")");
}

BAD_INPUT_ROW("D2", D2_UnknownViewKey) {
  expectDisplayRejected("D2", R"("view": {"mode": "2d", "zoom": 2})",
                        "gradscape: <stdin>: view.zoom: unknown key (expected one of: mode)");
}

BAD_INPUT_ROW("D3", D3_ColorbarNotABoolean) {
  expectDisplayRejected("D3", R"("render": {"colorbar": "yes"})",
                        "gradscape: <stdin>: render.colorbar: expected true or false, got a string");
}

BAD_INPUT_ROW("D4", D4_UnknownColorScale) {
  expectDisplayRejected("D4", R"("render": {"color_scale": "log10"})",
                        R"(gradscape: <stdin>: render.color_scale: expected "linear", "log" or "symlog", got "log10")");
}

BAD_INPUT_ROW("D5", D5_SymlogThresholdNotPositive) {
  expectDisplayRejected("D5", R"("render": {"color_scale": "symlog", "symlog_threshold": 0})",
                        "gradscape: <stdin>: render.symlog_threshold: must be > 0 (got 0)");
}

BAD_INPUT_ROW("D6", D6_UnknownHiddenPaths) {
  expectDisplayRejected("D6", R"("render": {"hidden_paths": "xray"})",
                        R"(gradscape: <stdin>: render.hidden_paths: expected "hide" or "faint", got "xray")");
}

BAD_INPUT_ROW("D7", D7_LegendTitleNotAString) {
  expectDisplayRejected("D7", R"("legend": {"title": 7})", "gradscape: <stdin>: legend.title: expected a string, got a number");
}

BAD_INPUT_ROW("D8", D8_LegendTitleTooLong) {
  expectDisplayRejected("D8", R"("legend": {"title": ")" + std::string(201, 'a') + R"("})",
                        "gradscape: <stdin>: legend.title: too long (201 bytes; the limit is 200)");
}

BAD_INPUT_ROW("D9", D9_ViewNotAnObject) {
  expectDisplayRejected("D9", R"("view": "2d")", "gradscape: <stdin>: view: expected an object, got a string");
}

}  // namespace
