// Learning-rate schedules: torch.optim.lr_scheduler's classes (PyTorch 1.13), stepped once after each
// optimizer step as a training loop does, with torch's argument names, defaults and arithmetic.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/optimizer.hpp"

namespace gradscape::core {

enum class ScheduleKind { StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, CyclicLR, OneCycleLR };

std::string_view scheduleName(ScheduleKind kind);
bool parseScheduleName(std::string_view name, ScheduleKind& kind);

enum class CyclicMode { triangular, triangular2, exp_range };
enum class AnnealStrategy { cos, linear };

// "schedule": {"name": ..., args}. Every argument of every class; only those of `kind` mean anything.
// defaultsFor() fills torch's defaults (gamma is 0.1 for StepLR and MultiStepLR, 1 for CyclicLR;
// base_momentum 0.8 for CyclicLR, 0.85 for OneCycleLR). Required arguments have no default: a file must
// give them (see scheduleArguments()).
struct ScheduleSpec {
  ScheduleKind kind = ScheduleKind::StepLR;
  std::int64_t stepSize = 1;          // StepLR step_size
  double gamma = 0.1;                 // StepLR, MultiStepLR, ExponentialLR, CyclicLR (exp_range)
  std::vector<std::int64_t> milestones;  // MultiStepLR
  double tMax = 1;                    // CosineAnnealingLR T_max
  double etaMin = 0;                  // CosineAnnealingLR eta_min
  double startFactor = 1.0 / 3;       // LinearLR
  double endFactor = 1.0;             // LinearLR
  std::int64_t totalIters = 5;        // LinearLR
  double baseLr = 0;                  // CyclicLR
  double maxLr = 0;                   // CyclicLR, OneCycleLR
  double stepSizeUp = 2000;           // CyclicLR
  std::optional<double> stepSizeDown; // CyclicLR: step_size_up when absent (torch's None)
  CyclicMode mode = CyclicMode::triangular;
  bool cycleMomentum = true;          // CyclicLR, OneCycleLR
  double baseMomentum = 0.8;          // CyclicLR 0.8, OneCycleLR 0.85
  double maxMomentum = 0.9;           // CyclicLR 0.9, OneCycleLR 0.95
  std::int64_t totalSteps = 1;        // OneCycleLR
  double pctStart = 0.3;
  AnnealStrategy annealStrategy = AnnealStrategy::cos;
  double divFactor = 25;
  double finalDivFactor = 1e4;
  bool threePhase = false;

  static ScheduleSpec defaultsFor(ScheduleKind kind);
  friend bool operator==(const ScheduleSpec&, const ScheduleSpec&) = default;
};

// An argument as spelled in scene files and torch ("step_size_up"), in the order of torch's signature.
struct ScheduleArgument {
  std::string_view key;
  enum class Type { number, whole, boolean, choice, wholeList } type;
  bool required;
};
std::span<const ScheduleArgument> scheduleArguments(ScheduleKind kind);

// Limits that keep a file's schedule small (docs/scene-format.md, "Limits").
inline constexpr std::size_t kMaxMilestones = 1000;

// Throws gradscape::Error naming the argument ("total_steps: ...", "cycle_momentum: ...") when torch would
// refuse the schedule for this optimizer and run length, or when its arithmetic would divide by zero:
// LinearLR's factors outside [0, 1], CyclicLR's momentum cycling for an optimizer without momentum,
// OneCycleLR's with neither momentum nor betas, OneCycleLR with fewer total_steps than iterations.
void validate(const ScheduleSpec& schedule, OptimizerKind optimizer, std::int64_t iterations);

// One scheduler on one optimizer's parameter group. The constructor does what torch's does to the
// group (CyclicLR sets lr to base_lr and momentum; OneCycleLR sets lr from max_lr / div_factor and
// momentum or beta1) including its first step(), so `group` then holds the values of the first
// optimizer step; step() is scheduler.step() after an optimizer step.
//
// Arithmetic: torch's step() uses each class's chainable get_lr() (StepLR multiplies the current lr by
// gamma, CosineAnnealingLR applies its recursive ratio), not the closed form; we do the same, operation
// for operation, in doubles as Python does, so lrs are bit-identical to torch's.
class LrScheduler {
 public:
  LrScheduler(const ScheduleSpec& spec, OptimizerConfig& group);
  void step(OptimizerConfig& group);

 private:
  void applyClosedForm(OptimizerConfig& group);  // CyclicLR and OneCycleLR compute lr from last_epoch alone
  void setMomentum(OptimizerConfig& group, double momentum) const;

  ScheduleSpec spec_;
  std::int64_t lastEpoch_ = -1;
  double baseLr_ = 0;  // torch's base_lrs[0]: the group's initial_lr (CyclicLR: base_lr)
  // OneCycleLR's group entries and phases.
  double initialLr_ = 0, minLr_ = 0;
  bool useBeta1_ = false;
  struct Phase {
    double endStep;
    double startLr, endLr, startMomentum, endMomentum;
  };
  std::vector<Phase> phases_;
  // CyclicLR
  double totalSize_ = 0, stepRatio_ = 0;
};

}  // namespace gradscape::core
