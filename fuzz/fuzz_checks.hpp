// The properties the fuzz targets check, shared with the gtest that replays tests/data/fuzz-regressions/.
// Each check returns "" when the input is handled correctly and a description of the fault otherwise:
// the fuzz targets abort on a fault (libFuzzer saves the input), the regression test reports it.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/scene.hpp"
#include "core/surface.hpp"
#include "core/trace.hpp"

namespace gradscape::fuzz {

// Per-input work caps, so one input costs milliseconds: the core accepts up to 10,000,000 iterations and
// 1000 runs, which is fine for a person and far too slow for a fuzzer.
inline constexpr std::size_t kMaxTracedRuns = 4;
inline constexpr std::int64_t kMaxTracedIterations = 1000;

// An error message must be one printable line: it is shown as "gradscape: <message>" on standard error.
inline std::string checkErrorMessage(const std::string& message, std::string_view expectedPrefix) {
  if (message.empty()) return "empty error message";
  if (!message.starts_with(expectedPrefix))
    return "error message does not start with '" + std::string(expectedPrefix) + "': " + message;
  for (char c : message)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return "error message holds a control character (not one printable line): " + message;
  // Well-formed UTF-8 only: a stray byte from the input must arrive escaped (\xff), not raw.
  for (std::size_t at = 0; at < message.size();) {
    const auto lead = static_cast<unsigned char>(message[at]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3
                             : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    bool wellFormed = length != 0 && at + length <= message.size();
    for (std::size_t i = 1; wellFormed && i < length; ++i) wellFormed = (static_cast<unsigned char>(message[at + i]) & 0xc0) == 0x80;
    if (!wellFormed) return "error message is not valid UTF-8: " + message;
    at += length;
  }
  return "";
}

// Same double, NaN equal to NaN (a NaN's payload may differ between two evaluation paths).
inline bool sameNumber(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0;
}

// Points where expressions misbehave: zero (log, 1/x, sqrt'(0), 0^0), negatives (sqrt, log, fractional
// powers), the edges of asin/acos, huge and tiny magnitudes, and a non-finite input.
inline constexpr std::array<std::array<double, 2>, 8> kProbePoints{{
    {0, 0}, {1, -1}, {-0.5, 2.5}, {1, 1}, {-1, 0}, {1e300, -1e-300}, {3.5, -7.25}, {-1e-12, 1e12},
}};

// Expression source -> compile -> value and gradient at the probe points.
inline std::string checkExpressionInput(std::string_view source) {
  core::Surface surface;
  try {
    surface = core::Surface::fromExpression(source);
  } catch (const Error& error) {
    return checkErrorMessage(error.what(), "");
  } catch (const std::exception& error) {
    return std::string("expression compile threw a non-gradscape exception: ") + error.what();
  }
  if (surface.isCatalog()) return "an expression compiled to a catalog surface";
  if (surface.text() != source) return "the surface does not keep its source text";
  for (const auto& [x, y] : kProbePoints) {
    const core::ValueAndGradient first = surface.valueAndGradient(x, y);
    const core::ValueAndGradient again = surface.valueAndGradient(x, y);
    if (!sameNumber(first.value, again.value) || !sameNumber(first.dx, again.dx) || !sameNumber(first.dy, again.dy))
      return "evaluation is not deterministic";
    if (!sameNumber(surface.value(x, y), first.value)) return "value() and valueAndGradient().value disagree";
  }
  // The value and gradient of a non-finite point must not crash either (a diverging run asks for them).
  (void)surface.valueAndGradient(std::nan(""), INFINITY);
  return "";
}

// Trace a few capped runs of a loaded scene, checking the trace rules of docs/scene-format.md.
inline std::string checkTrace(const core::Scene& scene) {
  const std::size_t runs = std::min(scene.runs.size(), kMaxTracedRuns);
  for (std::size_t index = 0; index < runs; ++index) {
    core::RunSpec run = scene.runs[index];
    run.iterations = std::min(run.iterations, kMaxTracedIterations);
    std::int64_t expectedIteration = 0;
    std::string fault;
    const core::RunOutcome outcome = core::traceRun(scene.surface.surface, run, [&](const core::TracePoint& point) {
      if (!fault.empty()) return;
      if (point.iteration != expectedIteration) fault = "trace rows out of order";
      if (!std::isfinite(point.x) || !std::isfinite(point.y) || !std::isfinite(point.z)) fault = "a non-finite point was emitted";
      ++expectedIteration;
    });
    if (!fault.empty()) return "run " + std::to_string(index) + ": " + fault;
    if (expectedIteration - 1 != outcome.lastIteration) return "run " + std::to_string(index) + ": outcome names the wrong last row";
    if (outcome.reason == core::StopReason::iterations && outcome.lastIteration != run.iterations)
      return "run " + std::to_string(index) + ": stopped early without a reason";
  }
  return "";
}

// Scene JSON -> parseScene -> save -> load -> save (byte-identical) -> a capped trace.
inline std::string checkSceneInput(std::string_view json) {
  core::Scene scene;
  try {
    scene = core::parseScene(json, "fuzz.json");
  } catch (const Error& error) {
    return checkErrorMessage(error.what(), "fuzz.json: ");
  } catch (const std::exception& error) {
    return std::string("parseScene threw a non-gradscape exception: ") + error.what();
  }
  std::string saved, savedAgain;
  try {
    saved = core::serializeScene(scene);
    savedAgain = core::serializeScene(core::parseScene(saved, "saved.json"));
  } catch (const std::exception& error) {
    return std::string("a loaded scene does not survive save -> load -> save: ") + error.what();
  }
  if (saved != savedAgain) return "save -> load -> save is not byte-identical:\n" + saved + "\n---\n" + savedAgain;
  return checkTrace(scene);
}

}  // namespace gradscape::fuzz
