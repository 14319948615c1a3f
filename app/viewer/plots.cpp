// Plots drawn with ImDrawList: per-run curves decimated to the plot's pixel columns and cached between
// frames, ensembles' bands, the cursor, the hover readout, and click-to-scrub.
#include "viewer/plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/parallel_for.hpp"

namespace gradscape::app {

core::TracePointsView plotSeries(const RunTrace& trace, PlotQuantity quantity) {
  return quantity == PlotQuantity::lr ? trace.lrSeries() : trace.points();
}

std::span<const core::TracePoint> plainSeries(const RunTrace& trace, PlotQuantity quantity) {
  return plotSeries(trace, quantity).contiguous();
}

PlotColumns::PlotColumns(int columns, std::int64_t last)
    : requested_(std::max(0, columns)),
      columns_(std::max(1, columns)),
      perIteration_(static_cast<double>(columns_) / static_cast<double>(std::max<std::int64_t>(1, last))) {
  // A table for the iterations a plot spans (every trace point's), while it stays small.
  if (last >= 0 && last <= kMaxTabulated) {
    ofIteration_.resize(static_cast<std::size_t>(last) + 1);
    for (std::int64_t k = 0; k <= last; ++k) ofIteration_[static_cast<std::size_t>(k)] = computed(k);
  }
}

int PlotColumns::computed(std::int64_t iteration) const {
  return std::clamp(static_cast<int>(std::floor(static_cast<double>(iteration) * perIteration_)), 0, columns_ - 1);
}

namespace {

// decimateSeries for one quantity: `valueOf` is inlined, each point's column is a table look-up, and each
// column's lowest and highest values are kept beside their indices (the edit of every run's lr decimates
// 300 curves of 1,000 points a frame).
template <class ValueOf>
std::vector<std::uint32_t> decimateValues(std::span<const core::TracePoint> points, ValueOf valueOf,
                                          const PlotColumns& columns, double flatTolerance) {
  std::vector<std::uint32_t> kept;
  if (points.size() <= static_cast<std::size_t>(columns.requested())) {
    for (std::size_t i = 0; i < points.size(); ++i)
      if (std::isfinite(valueOf(points[i]))) kept.push_back(static_cast<std::uint32_t>(i));
    return kept;
  }
  kept.reserve(2 * static_cast<std::size_t>(columns.count()) + 2);
  const auto keep = [&](std::size_t i) {
    if (kept.empty() || kept.back() != i) kept.push_back(static_cast<std::uint32_t>(i));
  };

  // One pass: the current column's lowest and highest point; a column is written when the next begins.
  int column = -1;
  std::size_t lowest = 0, highest = 0, lastFinite = 0;
  double lowestValue = 0, highestValue = 0;
  const auto flushColumn = [&] {
    if (column < 0) return;
    const std::size_t first = std::min(lowest, highest), second = std::max(lowest, highest);
    keep(first);
    if (highestValue - lowestValue >= flatTolerance) keep(second);
  };
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double value = valueOf(points[i]);
    if (!std::isfinite(value)) continue;
    if (column < 0) keep(i);  // the first finite point, whatever its column holds
    lastFinite = i;
    const int at = columns.of(points[i].iteration);
    if (at != column) {
      flushColumn();
      column = at;
      lowest = highest = i;
      lowestValue = highestValue = value;
      continue;
    }
    if (value < lowestValue) lowest = i, lowestValue = value;
    if (value > highestValue) highest = i, highestValue = value;
  }
  flushColumn();
  if (column >= 0) keep(lastFinite);
  return kept;
}

}  // namespace

std::vector<std::uint32_t> decimateSeries(std::span<const core::TracePoint> points, PlotQuantity quantity,
                                          const PlotColumns& columns, double flatTolerance) {
  switch (quantity) {
    case PlotQuantity::x:
      return decimateValues(points, [](const core::TracePoint& p) { return p.x; }, columns, flatTolerance);
    case PlotQuantity::y:
      return decimateValues(points, [](const core::TracePoint& p) { return p.y; }, columns, flatTolerance);
    case PlotQuantity::loss:
    case PlotQuantity::lr:
      return decimateValues(points, [](const core::TracePoint& p) { return p.z; }, columns, flatTolerance);
  }
  return {};
}

std::vector<std::uint32_t> decimateSeries(std::span<const core::TracePoint> points, PlotQuantity quantity,
                                          std::int64_t last, int columns, double flatTolerance) {
  return decimateSeries(points, quantity, PlotColumns(columns, last), flatTolerance);
}

std::vector<std::uint32_t> simplifyPolyline(std::span<const ImVec2> points, float tolerance) {
  std::vector<std::uint32_t> kept;
  if (points.empty()) return kept;
  kept.push_back(0);
  // The slopes from the anchor (the last kept point) of lines that pass within `tolerance` of every point
  // since it; a point outside that wedge cannot be reached in one segment, so the one before it is kept.
  std::size_t anchor = 0;
  double lowest = -std::numeric_limits<double>::infinity(), highest = std::numeric_limits<double>::infinity();
  for (std::size_t i = 1; i < points.size(); ++i) {
    double dx = static_cast<double>(points[i].x) - points[anchor].x;
    double slope = dx > 0 ? (static_cast<double>(points[i].y) - points[anchor].y) / dx : 0;
    if (i - 1 != anchor && (dx <= 0 || slope < lowest || slope > highest)) {
      anchor = i - 1;
      kept.push_back(static_cast<std::uint32_t>(anchor));
      lowest = -std::numeric_limits<double>::infinity(), highest = std::numeric_limits<double>::infinity();
      dx = static_cast<double>(points[i].x) - points[anchor].x;
    }
    if (dx <= 0) {  // a vertical step: nothing may be dropped across it
      anchor = i;
      kept.push_back(static_cast<std::uint32_t>(anchor));
      lowest = -std::numeric_limits<double>::infinity(), highest = std::numeric_limits<double>::infinity();
      continue;
    }
    lowest = std::max(lowest, (static_cast<double>(points[i].y) - tolerance - points[anchor].y) / dx);
    highest = std::min(highest, (static_cast<double>(points[i].y) + tolerance - points[anchor].y) / dx);
  }
  if (kept.back() != points.size() - 1) kept.push_back(static_cast<std::uint32_t>(points.size() - 1));
  return kept;
}

std::optional<double> seriesValueAt(std::span<const core::TracePoint> points, PlotQuantity quantity,
                                    std::int64_t iteration) {
  if (points.empty() || iteration < 0) return std::nullopt;
  const auto index = static_cast<std::size_t>(iteration);
  if (index < points.size() && points[index].iteration == iteration) return plotValue(points[index], quantity);
  const auto after = std::upper_bound(points.begin(), points.end(), iteration,
                                      [](std::int64_t k, const core::TracePoint& point) { return k < point.iteration; });
  if (after == points.begin()) return std::nullopt;
  const core::TracePoint& point = *std::prev(after);
  if (point.iteration == iteration) return plotValue(point, quantity);
  // The lr series holds each value until its next point (an unscheduled run has only its two ends).
  if (quantity == PlotQuantity::lr && after != points.end()) return plotValue(point, quantity);
  return std::nullopt;
}

std::int64_t iterationAt(float x, float left, float width, std::int64_t last) {
  if (width <= 0) return 0;
  const double t = std::clamp(static_cast<double>(x - left) / width, 0.0, 1.0);
  return std::clamp<std::int64_t>(std::llround(t * static_cast<double>(last)), 0, last);
}

void PlotsWindow::updateExtents(const Session& session) {
  extents_.resize(session.runCount());
  // Runs are independent: an edit of every run's lr rescans all of them, on every core.
  // Ensemble members are drawn as their ensemble's mean and band, whose extent the band gives: scanning
  // 10,000 particles' points for nothing was a tenth of an ensemble edit's frame.
  stale_.clear();
  for (const std::size_t i : session.plainRuns())
    if (extents_[i].traceVersion != session.traceVersion(i) || extents_[i].pointCount != session.trace(i).points().size())
      stale_.push_back(i);
  core::parallelFor(stale_.size(), kRunsPerTask, [&](std::size_t k) {
    const std::size_t i = stale_[k];
    // Scanned into a local, stored once: bounds kept in the shared array would be stored and loaded
    // again for every point (they might alias the points), a third of this loop's time.
    RunExtent extent;
    extent.traceVersion = session.traceVersion(i);
    const RunTrace& trace = session.trace(i);
    extent.pointCount = trace.points().size();
    // One pass over the points for x, y and loss (one cache line a point), then the lr series.
    constexpr int x = static_cast<int>(PlotQuantity::x), y = static_cast<int>(PlotQuantity::y);
    constexpr int loss = static_cast<int>(PlotQuantity::loss), lr = static_cast<int>(PlotQuantity::lr);
    for (const core::TracePoint& point : trace.points().contiguous()) {  // an array: a plain run's (plainSeries)
      extent.include(x, point.x);
      extent.include(y, point.y);
      extent.include(loss, point.z);
    }
    for (const core::TracePoint& point : plainSeries(trace, PlotQuantity::lr)) extent.include(lr, point.z);
    extents_[i] = extent;
  });
}

double axisValue(double value, bool log) {
  if (!log) return value;
  return value > 0 ? std::log10(value) : -std::numeric_limits<double>::infinity();
}

ImVec2 PlotsWindow::PlotMapping::operator()(std::int64_t iteration, double value) const {
  const double vx = static_cast<double>(iteration) / static_cast<double>(last);
  const double vy = (axisValue(value, log) - low) / (high - low);
  return ImVec2(left + static_cast<float>(vx) * width, bottom - static_cast<float>(std::clamp(vy, -0.05, 1.05)) * height);
}

bool PlotsWindow::Curve::isCurrent(const Session& session, std::size_t run, PlotQuantity quantity) const {
  return valid && traceVersion == session.traceVersion(run) &&
         pointCount == plainSeries(session.trace(run), quantity).size();
}

void PlotsWindow::Curve::compute(const PlotGeometry& g, const PlotColumns& columns, const Session& session,
                                 std::size_t run, PlotQuantity quantity) {
  const auto points = plainSeries(session.trace(run), quantity);
  // Half a pixel of value: a column whose lowest and highest point are closer draws as one point.
  // (columns / width is the framebuffer's pixels per ImGui unit.)
  const double pixelsHigh = static_cast<double>(g.height) * g.columns / g.width;
  const double halfPixel = g.log ? 0 : 0.5 * (g.high - g.low) / pixelsHigh;
  const std::vector<std::uint32_t> kept = decimateSeries(points, quantity, columns, halfPixel);
  std::vector<ImVec2> decimated;
  decimated.reserve(kept.size());
  for (const std::uint32_t index : kept) {
    const core::TracePoint& point = points[index];
    const double vx = static_cast<double>(point.iteration) / static_cast<double>(g.last);
    const double vy = (axisValue(plotValue(point, quantity), g.log) - g.low) / (g.high - g.low);
    decimated.emplace_back(static_cast<float>(vx) * g.width,
                           g.height - static_cast<float>(std::clamp(vy, -0.05, 1.05)) * g.height);
  }
  // Then straight stretches as one segment (a converged run's flat tail is two points), within a quarter
  // of a framebuffer pixel. Each anti-aliased segment costs ImGui up to 4 vertices and 6 triangles.
  positions.clear();
  iterations.clear();
  for (const std::uint32_t index : simplifyPolyline(decimated, 0.25f * g.width / static_cast<float>(g.columns))) {
    positions.push_back(decimated[index]);
    iterations.push_back(points[kept[index]].iteration);
  }
  traceVersion = session.traceVersion(run);
  pointCount = points.size();
  valid = true;
}

// One plot: frame, labels, every visible run's curve (bright up to the cursor, faint after), each
// ensemble's band and mean, the cursor, and the hover readout.
void PlotsWindow::drawPlot(ViewerState& state, const char* title, PlotQuantity quantity, ImVec2 size) {
  const Session& session = state.session;
  const std::int64_t last = std::max<std::int64_t>(1, session.lastIteration());
  const std::int64_t frame = state.playback.frame();
  const int q = static_cast<int>(quantity);
  const bool isLoss = quantity == PlotQuantity::loss;

  // The range of what is drawn: plain runs' values, ensembles' means and bands.
  RunExtent range;
  const auto widen = [&](const RunExtent& extent) {
    range.include(q, extent.low[q]);
    range.include(q, extent.high[q]);
    range.include(q, extent.lowPositive[q]);
  };
  for (const std::size_t i : session.plainRuns())
    if (session.visible(i)) widen(extents_[i]);
  for (std::size_t e = 0; e < ensembles_.size(); ++e) widen(bandOf(session, e, quantity).extent);
  double low = range.low[q], high = range.high[q];
  const bool log = isLoss && lossAxisIsLog(state.lossPlot.axis, low, high) && std::isfinite(range.lowPositive[q]);
  if (isLoss) state.lossPlot.logShown = log;
  if (log) low = std::log10(range.lowPositive[q]), high = std::log10(high);
  if (!(low <= high)) low = 0, high = 1;
  if (high - low < 1e-12 * std::max(1.0, std::abs(high))) {
    low -= 0.5;
    high += 0.5;
  }
  const double pad = (high - low) * 0.06;
  low -= pad;
  high += pad;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float labelHeight = ImGui::GetTextLineHeight();
  const ImVec2 topLeft(origin.x, origin.y + labelHeight + 2);
  const ImVec2 bottomRight(origin.x + size.x, origin.y + size.y - labelHeight - 2);
  const float width = bottomRight.x - topLeft.x, height = bottomRight.y - topLeft.y;
  if (width < 10 || height < 10) {
    ImGui::Dummy(size);
    return;
  }

  // The whole plot is one button: press or drag scrubs (and pauses, as grabbing a playhead does); a
  // right click on the loss plot chooses its axis.
  ImGui::InvisibleButton(title, size);
  if (ImGui::IsItemActive()) {
    state.playback.pause();
    state.playback.scrub(iterationAt(ImGui::GetIO().MousePos.x, topLeft.x, width, last));
  }
  const bool hovered = ImGui::IsItemHovered();
  if (isLoss) {
    if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) ImGui::OpenPopup("loss axis");
    if (ImGui::BeginPopup("loss axis")) {
      for (const LossAxis axis : {LossAxis::automatic, LossAxis::log, LossAxis::linear})
        if (ImGui::MenuItem(axis == LossAxis::automatic ? "auto (log when positive over > 2 decades)" : lossAxisName(axis),
                            nullptr, state.lossPlot.axis == axis))
          state.lossPlot.axis = axis;
      ImGui::EndPopup();
    }
  }

  const PlotMapping toScreen{topLeft.x, bottomRight.y, width, height, low, high, last, log};

  // Each plot's frame and labels get a draw command of their own (their own clip rectangle), its curves
  // another: the UI damage tracker compares big draw lists per command, so one plot's new labels do not
  // damage the other plots.
  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  draw->AddRectFilled(topLeft, bottomRight, IM_COL32(255, 255, 255, 255));
  const ImU32 labelColor = IM_COL32(60, 60, 60, 255);
  char text[64];
  std::snprintf(text, sizeof text, "%s%s", title, log ? " (log)" : "");
  draw->AddText(origin, ImGui::GetColorU32(ImGuiCol_Text), text);
  if (log) {
    // Decades as grid lines with labels, minor ticks at 2..9 on the left edge.
    const int maxLabels = std::max(2, static_cast<int>(height / (1.6f * labelHeight)));
    const LogTicks ticks = logAxisTicks(low, high, maxLabels);
    for (const double value : ticks.minor) {
      const float y = toScreen(0, value).y;
      draw->AddLine(ImVec2(topLeft.x, y), ImVec2(topLeft.x + 4, y), IM_COL32(120, 120, 120, 255));
    }
    for (const double value : ticks.major) {
      const float y = toScreen(0, value).y;
      draw->AddLine(ImVec2(topLeft.x, y), ImVec2(bottomRight.x, y), IM_COL32(225, 225, 225, 255));
      draw->AddLine(ImVec2(topLeft.x, y), ImVec2(topLeft.x + 7, y), IM_COL32(90, 90, 90, 255));
      const std::string label = decadeLabel(value);
      const float labelY = std::clamp(y - labelHeight / 2, topLeft.y + 1, bottomRight.y - labelHeight - 1);
      draw->AddText(ImVec2(topLeft.x + 9, labelY), labelColor, label.c_str());
    }
  } else {
    std::snprintf(text, sizeof text, "%.3g", high - pad);
    draw->AddText(ImVec2(topLeft.x + 3, topLeft.y + 1), labelColor, text);
    std::snprintf(text, sizeof text, "%.3g", low + pad);
    draw->AddText(ImVec2(topLeft.x + 3, bottomRight.y - labelHeight - 1), labelColor, text);
  }
  draw->AddRect(topLeft, bottomRight, IM_COL32(90, 90, 90, 255));
  draw->AddText(ImVec2(topLeft.x, bottomRight.y + 1), ImGui::GetColorU32(ImGuiCol_TextDisabled), "0");
  std::snprintf(text, sizeof text, "%lld", static_cast<long long>(last));
  draw->AddText(ImVec2(bottomRight.x - ImGui::CalcTextSize(text).x, bottomRight.y + 1),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), text);

  // Curves are kept in the plot area's own pixels; a new size or value range makes them all stale.
  PlotCache& cache = plots_[static_cast<std::size_t>(q)];
  const float pixelScale = std::max(1.0f, ImGui::GetIO().DisplayFramebufferScale.x);
  const PlotGeometry geometry{width, height, low, high, last, std::max(1, static_cast<int>(std::ceil(width * pixelScale))), log};
  if (!(cache.geometry == geometry) || !cache.columns) {
    cache.geometry = geometry;
    cache.columns.emplace(geometry.columns, geometry.last);
    for (Curve& curve : cache.curves) curve.valid = false;
  }
  cache.curves.resize(session.runCount());

  // The curves to compute again (an edit of every run's lr: all of them) are independent of one another:
  // computed on every core, then drawn in run order. Only plain runs are asked (session.plainRuns()): an
  // ensemble's particles are plotted as its band.
  const auto drawsCurve = [&](std::size_t i) {
    return session.visible(i) && !plainSeries(session.trace(i), quantity).empty();
  };
  stale_.clear();
  for (const std::size_t i : session.plainRuns())
    if (drawsCurve(i) && !cache.curves[i].isCurrent(session, i, quantity)) stale_.push_back(i);
  core::parallelFor(stale_.size(), kRunsPerTask,
              [&](std::size_t k) {
    cache.curves[stale_[k]].compute(cache.geometry, *cache.columns, session, stale_[k], quantity);
  });
  curvesComputed_ += stale_.size();

  draw->PushClipRect(topLeft, bottomRight, true);
  cache.drawing.begin(ImGui::GetIO().DisplayFramebufferScale);
  markers_.clear();
  for (const std::size_t i : session.plainRuns()) {
    if (!drawsCurve(i)) continue;
    const auto points = plainSeries(session.trace(i), quantity);
    const Curve& curve = cache.curves[i];
    const core::Rgb rgb = session.style(i).color;
    // The exact point at the cursor ends the bright part and starts the faint one.
    // (A run without a schedule has two lr points: its constant line has no point at the cursor.)
    const bool atFrame = frame >= 0 && frame < static_cast<std::int64_t>(points.size()) &&
                         points[static_cast<std::size_t>(frame)].iteration == frame &&
                         std::isfinite(plotValue(points[static_cast<std::size_t>(frame)], quantity));
    const ImVec2 framePoint = atFrame ? toScreen(points[static_cast<std::size_t>(frame)].iteration,
                                                 plotValue(points[static_cast<std::size_t>(frame)], quantity))
                                      : ImVec2();
    const std::size_t split = static_cast<std::size_t>(
        std::upper_bound(curve.iterations.begin(), curve.iterations.end(), frame) - curve.iterations.begin());
    line_.clear();
    for (std::size_t k = 0; k < split; ++k)
      line_.emplace_back(topLeft.x + curve.positions[k].x, topLeft.y + curve.positions[k].y);
    if (atFrame && (split == 0 || curve.iterations[split - 1] != frame)) line_.push_back(framePoint);
    cache.drawing.addCurve(line_, IM_COL32(rgb.r, rgb.g, rgb.b, 255), 1.6f);
    line_.clear();
    if (atFrame) line_.push_back(framePoint);
    for (std::size_t k = split; k < curve.positions.size(); ++k)
      line_.emplace_back(topLeft.x + curve.positions[k].x, topLeft.y + curve.positions[k].y);
    cache.drawing.addCurve(line_, IM_COL32(rgb.r, rgb.g, rgb.b, 70), 1.0f);
    if (atFrame) markers_.push_back({framePoint, IM_COL32(rgb.r, rgb.g, rgb.b, 255)});
  }
  // Every curve in one draw of our own, then the markers over them.
  if (!cache.drawing.batch().segments().empty()) cache.drawing.addTo(*draw);
  for (const auto& [point, color] : markers_) draw->AddCircleFilled(point, 3.0f, color);
  for (std::size_t e = 0; e < ensembles_.size(); ++e)
    drawBand(*draw, bandOf(session, e, quantity).band, session.style(ensembles_[e].first).color, frame,
             std::max(1, static_cast<int>(std::ceil(width * pixelScale))), toScreen);
  const float cursorX = toScreen(frame, low).x;
  draw->AddLine(ImVec2(cursorX, topLeft.y), ImVec2(cursorX, bottomRight.y), IM_COL32(40, 40, 40, 200), 1.0f);
  draw->PopClipRect();
  draw->PopClipRect();

  if (isLoss) state.lossPlot.hover = PlotHover{};
  if (hovered) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const std::int64_t at = iterationAt(mouse.x, topLeft.x, width, last);
    const PlotHover hover = hoverAt(session, quantity, at, mouse.y, toScreen);
    if (hover.active)
      ImGui::SetTooltip("iteration %lld\n%s: %.6g\n(click to scrub%s)", static_cast<long long>(at), hover.label.c_str(),
                        hover.value, isLoss ? "; right-click: log/linear" : "");
    else
      ImGui::SetTooltip("iteration %lld (click to scrub%s)", static_cast<long long>(at),
                        isLoss ? "; right-click: log/linear" : "");
    if (isLoss) state.lossPlot.hover = hover;
  }
}

std::size_t PlotsWindow::curveSegments() const {
  std::size_t segments = 0;
  for (const PlotCache& plot : plots_) segments += plot.drawing.pieceCount();
  return segments;
}

void PlotsWindow::draw(ViewerState& state, ImVec2 position, ImVec2 size) {
  updateExtents(state.session);
  collectEnsembles(state.session);
  ImGui::SetNextWindowPos(position, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                                 ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoBackground;  // the window is cleared to its colour
  ImGui::Begin("plots", nullptr, flags);
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const Session& session = state.session;
  const bool scheduled = session.anySchedule();
  const int plots = scheduled ? 4 : 3;
  const ImVec2 plotSize((available.x - static_cast<float>(plots - 1) * spacing) / static_cast<float>(plots), available.y);
  drawPlot(state, "x", PlotQuantity::x, plotSize);
  ImGui::SameLine();
  drawPlot(state, "y", PlotQuantity::y, plotSize);
  ImGui::SameLine();
  drawPlot(state, "loss", PlotQuantity::loss, plotSize);
  if (scheduled) {
    ImGui::SameLine();
    drawPlot(state, "lr", PlotQuantity::lr, plotSize);
  }
  ImGui::End();
}

}  // namespace gradscape::app
