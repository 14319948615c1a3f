// `gradscape trace --summary`: the comparison table of a scene's runs as CSV (docs/scene-format.md).
#include "cli_trace_summary.hpp"

#include <string>

#include "core/number_format.hpp"
#include "core/run_summary.hpp"

namespace gradscape::app {
namespace {

// RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled.
std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

bool writeTraceSummary(const core::Scene& scene, std::FILE* out) {
  std::string text = "run,label,end_x,end_y,end_loss,best_loss,steps,status,last_lr\n";
  for (std::size_t index = 0; index < scene.runs.size(); ++index) {
    const core::RunSpec& run = scene.runs[index];
    const core::RunSummary s = core::summarizeRun(scene.surface.surface, run);
    text += std::to_string(index) + "," + csvField(run.label ? *run.label : core::defaultLabel(run)) + ",";
    // A run whose start is not finite has no end point: empty fields.
    if (s.hasPoint)
      text += core::formatShortest(s.endX) + "," + core::formatShortest(s.endY) + "," + core::formatShortest(s.endLoss) + "," +
              core::formatShortest(s.bestLoss);
    else
      text += ",,,";
    text += "," + std::to_string(s.steps) + "," + std::string(core::stopReasonName(s.status)) + "," + core::formatShortest(s.lastLr) + "\n";
    if (text.size() > (1 << 16)) {
      if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) return false;
      text.clear();
    }
  }
  return std::fwrite(text.data(), 1, text.size(), out) == text.size() && std::fflush(out) == 0 && !std::ferror(out);
}

}  // namespace gradscape::app
