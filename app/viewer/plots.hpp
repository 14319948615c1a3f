// The article's x, y and loss versus iteration plots for every visible run, live, with a cursor at the
// current frame; clicking or dragging in a plot scrubs there. A fourth plot, lr, joins them when a run
// has a learning-rate schedule. An ensemble draws as its mean and 10-90 % band (ensemble_band.hpp); the
// loss plot's axis is linear or log (plot_axis.hpp) and hovering it reads out the nearest run's value.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/trace.hpp"
#include "viewer/ensemble_band.hpp"
#include "viewer/plot_curve_drawing.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

enum class PlotQuantity { x, y, loss, lr };
inline constexpr int kPlotQuantities = 4;
inline double plotValue(const core::TracePoint& point, PlotQuantity quantity) {
  switch (quantity) {
    case PlotQuantity::x: return point.x;
    case PlotQuantity::y: return point.y;
    case PlotQuantity::loss: return point.z;
    case PlotQuantity::lr: return point.z;
  }
  return 0;
}
// The points a plot of `quantity` draws: the trace's, or its lr series (lr in z).
core::TracePointsView plotSeries(const RunTrace& trace, PlotQuantity quantity);
// The same as one array, for a run that is not an ensemble's particle: the session keeps such a run's points
// and lr series as arrays of their own (only particles view their batch's columns).
std::span<const core::TracePoint> plainSeries(const RunTrace& trace, PlotQuantity quantity);

// The pixel column of an iteration in a plot `columns` wide spanning iterations [0, last]:
// floor(iteration * columns / last), clamped to the plot. Tabulated for the iterations the plot spans, so
// that decimating its curves costs a look-up a point (every curve of a plot shares one table).
class PlotColumns {
 public:
  PlotColumns(int columns, std::int64_t last);
  int count() const { return columns_; }           // at least 1
  int requested() const { return requested_; }     // as asked (0 for a negative count)
  int of(std::int64_t iteration) const {
    if (iteration >= 0 && static_cast<std::uint64_t>(iteration) < ofIteration_.size())
      return ofIteration_[static_cast<std::size_t>(iteration)];
    return computed(iteration);
  }

 private:
  static constexpr std::int64_t kMaxTabulated = std::int64_t{1} << 17;
  int computed(std::int64_t iteration) const;
  int requested_, columns_;
  double perIteration_;
  std::vector<int> ofIteration_;
};

// The points of a series worth drawing in a plot `columns` pixel columns wide that spans iterations
// [0, last]: in each column the lowest and the highest finite value, in their order (spikes and
// divergence stay visible; only one of them when they lie less than `flatTolerance` apart, i.e. in the
// same pixel), and the first and last finite points. Every finite point when the series has no more
// points than columns. Ascending indices into `points`; at most 2 * columns + 2 of them.
std::vector<std::uint32_t> decimateSeries(std::span<const core::TracePoint> points, PlotQuantity quantity,
                                          std::int64_t last, int columns, double flatTolerance = 0);
std::vector<std::uint32_t> decimateSeries(std::span<const core::TracePoint> points, PlotQuantity quantity,
                                          const PlotColumns& columns, double flatTolerance = 0);

// Indices of the points of a polyline (x strictly increasing, in pixels) to keep so that every dropped
// point lies within `tolerance` pixels vertically of the line drawn through the kept ones: long straight
// or flat stretches become one segment. The first and last points are always kept.
std::vector<std::uint32_t> simplifyPolyline(std::span<const ImVec2> points, float tolerance);

// The value a series shows at `iteration`: the point at that iteration (lr: the last point at or before
// it, the lr then in effect); none when the series has no such point.
std::optional<double> seriesValueAt(std::span<const core::TracePoint> points, PlotQuantity quantity,
                                    std::int64_t iteration);

// A value's position on a plot's axis: log10 on a log axis (non-positive values fall off its bottom).
double axisValue(double value, bool log);

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
  // Segments of run curves the last frame drew (for tests and benchmarks: ImGui holds none of them).
  std::size_t curveSegments() const;

 private:
  static constexpr double kNone = std::numeric_limits<double>::infinity();
  // Runs a thread takes at least: a run's curve (1,000 points) takes some 10 us, a thread's start as much.
  static constexpr std::size_t kRunsPerTask = 8;
  // Finite value range of one run in each quantity, for the plots' shared vertical range.
  struct RunExtent {
    std::uint64_t traceVersion = 0;
    std::size_t pointCount = 0;
    std::array<double, kPlotQuantities> low{kNone, kNone, kNone, kNone};  // empty until computed
    std::array<double, kPlotQuantities> high{-kNone, -kNone, -kNone, -kNone};
    std::array<double, kPlotQuantities> lowPositive{kNone, kNone, kNone, kNone};  // for a log axis
    // Inline: an edit of every run's lr widens 300,000 values a frame.
    void include(int quantity, double value) {
      if (!std::isfinite(value)) return;
      low[quantity] = std::min(low[quantity], value);
      high[quantity] = std::max(high[quantity], value);
      if (value > 0) lowPositive[quantity] = std::min(lowPositive[quantity], value);
    }
  };
  // What every curve of a plot was computed for.
  struct PlotGeometry {
    float width = 0, height = 0;
    double low = 0, high = 0;
    std::int64_t last = 0;
    int columns = 0;
    bool log = false;  // low and high are log10 of the values
    bool operator==(const PlotGeometry&) const = default;
  };
  // One run's curve in one plot, in pixels from the plot area's top left corner.
  struct Curve {
    std::uint64_t traceVersion = 0;
    std::size_t pointCount = 0;
    bool valid = false;
    std::vector<ImVec2> positions;
    std::vector<std::int64_t> iterations;  // of each position, ascending
    bool isCurrent(const Session& session, std::size_t run, PlotQuantity quantity) const;
    // Decimated and simplified for `geometry`; touches only this curve, so runs compute in parallel.
    void compute(const PlotGeometry& geometry, const PlotColumns& columns, const Session& session, std::size_t run,
                 PlotQuantity quantity);
  };
  struct PlotCache {
    PlotGeometry geometry;
    std::optional<PlotColumns> columns;  // for geometry's columns and last
    std::vector<Curve> curves;  // by run index
    PlotCurveDrawing drawing;   // this frame's curves, drawn by a callback in the plot's draw list
  };

  // The runs [first, end) of one ensemble (its particles are consecutive runs).
  struct EnsembleSpan {
    std::shared_ptr<const core::RunGroup> group;
    std::size_t first = 0, end = 0;
    std::uint64_t signature = 0;  // of its particles' trace versions, sizes and visibility
  };
  struct BandCache {
    std::shared_ptr<const core::RunGroup> group;
    std::uint64_t signature = 0;
    EnsembleBand band;
    RunExtent extent;  // of the mean and the band
  };

  // Iteration and value to screen position in one plot.
  struct PlotMapping {
    float left, bottom, width, height;
    double low, high;  // axis values (log10 on a log axis) at the bottom and top
    std::int64_t last;
    bool log;
    ImVec2 operator()(std::int64_t iteration, double value) const;
  };

  void drawPlot(ViewerState& state, const char* title, PlotQuantity quantity, ImVec2 size);
  void updateExtents(const Session& session);
  // Ensembles (plots_ensemble.cpp).
  void collectEnsembles(const Session& session);
  const BandCache& bandOf(const Session& session, std::size_t ensemble, PlotQuantity quantity);
  // The band (filled, translucent) and the mean (bright up to `frame`, faint after), sampled at most once
  // a pixel column.
  void drawBand(ImDrawList& draw, const EnsembleBand& band, core::Rgb color, std::int64_t frame, int columns,
                const PlotMapping& toScreen);
  // The visible series nearest `mouseY` at `iteration` (runs' exact trace values, ensembles' means).
  PlotHover hoverAt(const Session& session, PlotQuantity quantity, std::int64_t iteration, float mouseY,
                    const PlotMapping& toScreen);

  std::vector<RunExtent> extents_;
  std::array<PlotCache, kPlotQuantities> plots_;
  std::vector<EnsembleSpan> ensembles_;                           // this frame's
  const Session* ensemblesSession_ = nullptr;  // ensembles_ are of this session at this contentVersion
  std::uint64_t ensemblesVersion_ = 0;
  std::array<std::vector<BandCache>, kPlotQuantities> bands_;    // by ensemble
  std::vector<ImVec2> line_;  // scratch: one polyline in screen coordinates
  struct Marker {
    ImVec2 point;
    ImU32 color;
  };
  std::vector<Marker> markers_;  // scratch: the runs' points at the cursor, drawn over every curve
  std::vector<std::size_t> stale_;  // scratch: the runs whose extent or curve is computed again
  std::uint64_t curvesComputed_ = 0;
};

}  // namespace gradscape::app
