// The loss plot's vertical axis (linear or log10, chosen by the user or by the data) and what the
// hover readout found under the cursor; the script's `state` line reports both.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gradscape::app {

enum class LossAxis { automatic, log, linear };

// "auto" | "log" | "linear"; throws gradscape::Error naming `path` otherwise.
LossAxis parseLossAxis(std::string_view text, std::string_view path);
const char* lossAxisName(LossAxis axis);

// The automatic choice: log when every plotted value is positive (`low` > 0, the lowest finite one) and
// they span more than two decades (high > 100 low).
bool defaultLogAxis(double low, double high);
// The axis the plot draws: the user's choice, else the automatic one.
bool lossAxisIsLog(LossAxis choice, double low, double high);

// Ticks of a log10 axis spanning [lowExponent, highExponent] (log10 of the values): every decade inside,
// every `step`-th labelled so that at most `maxLabels` labels show; minor ticks at 2..9 x 10^k when the
// axis spans few decades. Values, not exponents.
struct LogTicks {
  std::vector<double> major;  // labelled
  std::vector<double> minor;  // unlabelled
};
LogTicks logAxisTicks(double lowExponent, double highExponent, int maxLabels);
// A decade's label: 0.01, 0.1, 1, 10, 100, 1000 as numbers, others as 1e-5, 1e6.
std::string decadeLabel(double value);

// What the loss plot's hover readout shows: the visible series (a run, or an ensemble's mean) whose
// value at the iteration under the cursor lies nearest the cursor, with its exact value from the trace.
struct PlotHover {
  bool active = false;
  std::int64_t iteration = 0;
  std::int64_t run = -1;  // the run's index (an ensemble: its first particle's)
  std::string label;      // the run's label ("<label> mean" for an ensemble)
  double value = 0;
};

struct LossPlotState {
  LossAxis axis = LossAxis::automatic;
  bool logShown = false;  // what the loss plot drew last
  PlotHover hover;        // cleared when the cursor leaves the loss plot
};

}  // namespace gradscape::app
