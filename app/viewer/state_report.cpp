// Formats the viewer's state for scripts.
#include "viewer/state_report.hpp"

#include <cmath>
#include <sstream>

#include "core/number_format.hpp"
#include "core/scene_run_keys.hpp"
#include "viewer/map_view.hpp"
#include "viewer/panel.hpp"
#include "viewer/scene_fields.hpp"

namespace gradscape::app {
namespace {

std::string fmt(double value) { return core::formatShortest(value); }

const char* passName(ScenePass pass) {
  switch (pass) {
    case ScenePass::none: return "none";
    case ScenePass::reused: return "reused";
    case ScenePass::fast: return "fast";
    case ScenePass::antialiased: return "antialiased";
  }
  return "";
}

}  // namespace

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

std::string describeViewerState(const ViewerState& state, const ViewFigures& figures) {
  const render::Camera& camera = state.camera;
  const Session& session = state.session;
  const core::Surface& surface = session.scene().surface.surface;
  const core::Domain domain = session.scene().surface.domain();
  const render::Viewport& viewport = figures.viewport;
  std::ostringstream out;
  out << "state azimuth=" << fmt(camera.azimuth) << " elevation=" << fmt(camera.elevation)
      << " distance=" << fmt(camera.distance) << " orthographic=" << (camera.orthographic ? 1 : 0)
      << " pan=" << fmt(camera.panX) << "," << fmt(camera.panY) << " frame=" << state.playback.frame()
      << " last=" << state.playback.last() << " playing=" << (state.playback.playing() ? 1 : 0)
      << " speed=" << fmt(state.playback.speed) << " loop=" << (state.playback.loop ? 1 : 0)
      << " selected=" << state.selectedRun << " runs=" << session.runCount()
      << " surface=" << quoted(surface.text()) << " domain=" << fmt(domain.xMin) << "," << fmt(domain.xMax) << ","
      << fmt(domain.yMin) << "," << fmt(domain.yMax) << " grid=" << session.scene().render.gridResolution
      << " viewport=" << viewport.x << "," << viewport.y << "," << viewport.width << "x" << viewport.height
      << " help=" << (state.showHelp ? 1 : 0) << " overlay=" << (state.settings.showFrameTime ? 1 : 0)
      << " scene_pass=" << passName(figures.lastPass) << " antialias_pending=" << (figures.antialiasPending ? 1 : 0)
      << " fast_frames=" << figures.fastFrames << " antialiased_frames=" << figures.antialiasedFrames
      << " frame_ms=" << fmt(std::round(figures.frameMilliseconds * 1000) / 1000)
      << " expression_error=" << quoted(figures.expressionError) << " message=" << quoted(state.message)
      << " presentation=" << (figures.copiesRectangles ? "rectangles" : "swaps")
      << " view=" << core::viewModeName(session.scene().viewMode) << " loss_axis=" << (state.lossPlot.logShown ? "log" : "linear")
      << " loss_axis_choice=" << lossAxisName(state.lossPlot.axis);
  const core::DisplayRenderSpec& display = session.scene().render.display;
  out << " color_scale=" << core::colorScaleName(display.colorScale)
      << " colorbar=" << (display.colorbar ? (*display.colorbar ? "true" : "false") : "auto")
      << " hidden_paths=" << core::hiddenPathsName(display.hiddenPaths);
  if (const PlotHover& hover = state.lossPlot.hover; hover.active)
    out << " loss_hover=" << hover.iteration << "," << hover.run << "," << fmt(hover.value)
        << " loss_hover_label=" << quoted(hover.label);
  else
    out << " loss_hover=none";
  out << internalsStateFields(state.internals) << figures.planFields << describeMapState(state.map) << "\n";
  for (std::size_t i = 0; i < session.runCount(); ++i) {
    const core::RunSpec& run = session.run(i);
    const RunTrace& trace = session.trace(i);
    const render::RunStyle style = session.style(i);
    out << "run " << i << " visible=" << (session.visible(i) ? 1 : 0) << " label=" << quoted(style.label)
        << " color=" << core::formatHexColor(style.color) << " marker=" << core::markerName(style.marker)
        << " start=" << fmt(run.start[0]) << "," << fmt(run.start[1])
        << " optimizer=" << core::optimizerName(run.optimizer.kind) << " lr=" << fmt(run.optimizer.lr)
        << " iterations=" << run.iterations << " tolerance=" << fmt(run.tolerance) << " points=" << trace.points().size()
        << " stop=" << quoted(describeStop(trace.outcome));
    if (!trace.points().empty()) {
      const core::TracePoint last = trace.points().back();
      out << " final=" << fmt(last.x) << "," << fmt(last.y) << " loss=" << fmt(last.z)
          << " best=" << fmt(trace.bestLoss) << " last_lr=" << fmt(trace.outcome.lastLr);
    }
    out << " noise=" << fmt(run.noise.sigma) << "," << run.noise.seed << "," << run.noise.stream
        << " schedule=" << quoted(run.schedule ? core::scheduleJson(*run.schedule, false).dump() : "none")
        << " lr_points=" << trace.lrSeries().size() << "\n";
  }
  return out.str();
}

}  // namespace gradscape::app
