// The article's x, y and loss versus iteration plots for every visible run, live, with a cursor at the
// current frame; clicking or dragging in a plot scrubs there. A fourth plot, lr, joins them when a run
// has a learning-rate schedule.
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/trace.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

enum class PlotQuantity { x, y, loss, lr };
inline constexpr int kPlotQuantities = 4;
double plotValue(const core::TracePoint& point, PlotQuantity quantity);
// The points a plot of `quantity` draws: the trace's, or its lr series (lr in z).
const std::vector<core::TracePoint>& plotSeries(const RunTrace& trace, PlotQuantity quantity);

// The points of a series worth drawing in a plot `columns` pixel columns wide that spans iterations
// [0, last]: in each column the lowest and the highest finite value, in their order (spikes and
// divergence stay visible; only one of them when they lie less than `flatTolerance` apart, i.e. in the
// same pixel), and the first and last finite points. Every finite point when the series has no more
// points than columns. Ascending indices into `points`; at most 2 * columns + 2 of them.
std::vector<std::uint32_t> decimateSeries(std::span<const core::TracePoint> points, PlotQuantity quantity,
                                          std::int64_t last, int columns, double flatTolerance = 0);

// Indices of the points of a polyline (x strictly increasing, in pixels) to keep so that every dropped
// point lies within `tolerance` pixels vertically of the line drawn through the kept ones: long straight
// or flat stretches become one segment. The first and last points are always kept.
std::vector<std::uint32_t> simplifyPolyline(std::span<const ImVec2> points, float tolerance);

// Iteration under horizontal position `x` of a plot spanning [left, left + width] for iterations [0, last].
std::int64_t iterationAt(float x, float left, float width, std::int64_t last);

// Draws the plots window. Keeps each run's decimated curve per plot between frames: a curve is computed
// again only when its run's points, the plot's size or its value range change, so a frame that only
// moves the cursor costs a copy of a few hundred points per run.
class PlotsWindow {
 public:
  // Draws the plots window at `position` with `size` (ImGui coordinates).
  void draw(ViewerState& state, ImVec2 position, ImVec2 size);

  // Curves computed again since construction (for tests and benchmarks: a steady frame adds none).
  std::uint64_t curvesComputed() const { return curvesComputed_; }

 private:
  static constexpr double kNone = std::numeric_limits<double>::infinity();
  // Finite value range of one run in each quantity, for the plots' shared vertical range.
  struct RunExtent {
    std::uint64_t traceVersion = 0;
    std::size_t pointCount = 0;
    std::array<double, kPlotQuantities> low{kNone, kNone, kNone, kNone};  // empty until computed
    std::array<double, kPlotQuantities> high{-kNone, -kNone, -kNone, -kNone};
  };
  // One run's curve in one plot, in pixels from the plot area's top left corner.
  struct Curve {
    std::uint64_t traceVersion = 0;
    std::size_t pointCount = 0;
    bool valid = false;
    std::vector<ImVec2> positions;
    std::vector<std::int64_t> iterations;  // of each position, ascending
  };
  // What every curve of a plot was computed for.
  struct PlotGeometry {
    float width = 0, height = 0;
    double low = 0, high = 0;
    std::int64_t last = 0;
    int columns = 0;
    bool operator==(const PlotGeometry&) const = default;
  };
  struct PlotCache {
    PlotGeometry geometry;
    std::vector<Curve> curves;  // by run index
  };

  void drawPlot(ViewerState& state, const char* title, PlotQuantity quantity, ImVec2 size);
  void updateExtents(const Session& session);
  const Curve& curveOf(PlotCache& cache, const Session& session, std::size_t run, PlotQuantity quantity);

  std::vector<RunExtent> extents_;
  std::array<PlotCache, kPlotQuantities> plots_;
  std::vector<ImVec2> line_;  // scratch: one polyline in screen coordinates
  std::uint64_t curvesComputed_ = 0;
};

}  // namespace gradscape::app
