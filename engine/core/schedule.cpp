// torch.optim.lr_scheduler (PyTorch 1.13): StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR,
// CyclicLR and OneCycleLR, operation for operation.
#include "core/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "core/error.hpp"
#include "core/number_format.hpp"

namespace gradscape::core {
namespace {

struct KindName {
  ScheduleKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {ScheduleKind::StepLR, "StepLR"},
    {ScheduleKind::MultiStepLR, "MultiStepLR"},
    {ScheduleKind::ExponentialLR, "ExponentialLR"},
    {ScheduleKind::CosineAnnealingLR, "CosineAnnealingLR"},
    {ScheduleKind::LinearLR, "LinearLR"},
    {ScheduleKind::CyclicLR, "CyclicLR"},
    {ScheduleKind::OneCycleLR, "OneCycleLR"},
};

using Type = ScheduleArgument::Type;
constexpr ScheduleArgument kStep[] = {{"step_size", Type::whole, true}, {"gamma", Type::number, false}};
constexpr ScheduleArgument kMultiStep[] = {{"milestones", Type::wholeList, true}, {"gamma", Type::number, false}};
constexpr ScheduleArgument kExponential[] = {{"gamma", Type::number, true}};
constexpr ScheduleArgument kCosine[] = {{"T_max", Type::number, true}, {"eta_min", Type::number, false}};
constexpr ScheduleArgument kLinear[] = {
    {"start_factor", Type::number, false}, {"end_factor", Type::number, false}, {"total_iters", Type::whole, false}};
constexpr ScheduleArgument kCyclic[] = {
    {"base_lr", Type::number, true},         {"max_lr", Type::number, true},          {"step_size_up", Type::number, false},
    {"step_size_down", Type::number, false}, {"mode", Type::choice, false},           {"gamma", Type::number, false},
    {"cycle_momentum", Type::boolean, false}, {"base_momentum", Type::number, false}, {"max_momentum", Type::number, false}};
constexpr ScheduleArgument kOneCycle[] = {
    {"max_lr", Type::number, true},           {"total_steps", Type::whole, true},       {"pct_start", Type::number, false},
    {"anneal_strategy", Type::choice, false}, {"cycle_momentum", Type::boolean, false}, {"base_momentum", Type::number, false},
    {"max_momentum", Type::number, false},    {"div_factor", Type::number, false},      {"final_div_factor", Type::number, false},
    {"three_phase", Type::boolean, false}};

[[noreturn]] void reject(std::string_view key, const std::string& why) { throw Error(std::string(key) + ": " + why); }

// torch's optimizers whose defaults have "momentum" (SGD, RMSprop) and "betas" (the Adam family).
bool hasMomentum(OptimizerKind kind) { return kind == OptimizerKind::sgd || kind == OptimizerKind::rmsprop; }
bool hasBetas(OptimizerKind kind) {
  return kind == OptimizerKind::adam || kind == OptimizerKind::adamw || kind == OptimizerKind::adamax ||
         kind == OptimizerKind::nadam || kind == OptimizerKind::radam;
}

// Python's float %: the result takes the divisor's sign.
double pythonModulo(double a, double b) {
  double r = std::fmod(a, b);
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

}  // namespace

std::string_view scheduleName(ScheduleKind kind) {
  for (const auto& entry : kKindNames)
    if (entry.kind == kind) return entry.name;
  return "unknown";
}

bool parseScheduleName(std::string_view name, ScheduleKind& kind) {
  for (const auto& entry : kKindNames)
    if (entry.name == name) {
      kind = entry.kind;
      return true;
    }
  return false;
}

ScheduleSpec ScheduleSpec::defaultsFor(ScheduleKind kind) {
  ScheduleSpec spec;
  spec.kind = kind;
  switch (kind) {
    case ScheduleKind::CyclicLR:
      spec.gamma = 1.0;
      spec.baseMomentum = 0.8;
      spec.maxMomentum = 0.9;
      break;
    case ScheduleKind::OneCycleLR:
      spec.baseMomentum = 0.85;
      spec.maxMomentum = 0.95;
      break;
    default: break;
  }
  return spec;
}

std::span<const ScheduleArgument> scheduleArguments(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::StepLR: return kStep;
    case ScheduleKind::MultiStepLR: return kMultiStep;
    case ScheduleKind::ExponentialLR: return kExponential;
    case ScheduleKind::CosineAnnealingLR: return kCosine;
    case ScheduleKind::LinearLR: return kLinear;
    case ScheduleKind::CyclicLR: return kCyclic;
    case ScheduleKind::OneCycleLR: return kOneCycle;
  }
  return {};
}

void validate(const ScheduleSpec& s, OptimizerKind optimizer, std::int64_t iterations) {
  const std::string optimizerText(optimizerName(optimizer));
  switch (s.kind) {
    case ScheduleKind::StepLR:
      if (s.stepSize < 1) reject("step_size", "must be at least 1 (got " + std::to_string(s.stepSize) + ")");
      return;
    case ScheduleKind::MultiStepLR:
      if (s.milestones.size() > kMaxMilestones)
        reject("milestones", "too many (" + std::to_string(s.milestones.size()) + "; the limit is " + std::to_string(kMaxMilestones) + ")");
      return;
    case ScheduleKind::ExponentialLR: return;
    case ScheduleKind::CosineAnnealingLR:
      if (!(s.tMax > 0)) reject("T_max", "must be > 0 (got " + formatShortest(s.tMax) + ")");
      return;
    case ScheduleKind::LinearLR:
      if (s.startFactor > 1.0 || s.startFactor < 0) reject("start_factor", "expected to be between 0 and 1 (got " + formatShortest(s.startFactor) + ")");
      if (s.endFactor > 1.0 || s.endFactor < 0) reject("end_factor", "expected to be between 0 and 1 (got " + formatShortest(s.endFactor) + ")");
      if (s.totalIters < 0) reject("total_iters", "must be at least 0 (got " + std::to_string(s.totalIters) + ")");
      // torch divides by total_iters * start_factor at its second step.
      if (s.startFactor == 0 && s.totalIters > 0) reject("start_factor", "must be > 0 when total_iters > 0 (torch divides by it)");
      return;
    case ScheduleKind::CyclicLR:
      if (!(s.stepSizeUp > 0)) reject("step_size_up", "must be > 0 (got " + formatShortest(s.stepSizeUp) + ")");
      if (s.stepSizeDown && !(*s.stepSizeDown >= 0)) reject("step_size_down", "must be >= 0 (got " + formatShortest(*s.stepSizeDown) + ")");
      if (s.cycleMomentum && !hasMomentum(optimizer))
        reject("cycle_momentum", "optimizer must support momentum with `cycle_momentum` option enabled (torch's refusal: " +
                                     optimizerText + " has no momentum; set \"cycle_momentum\": false)");
      return;
    case ScheduleKind::OneCycleLR: {
      if (s.totalSteps < 1) reject("total_steps", "expected a positive whole number (got " + std::to_string(s.totalSteps) + ")");
      if (s.totalSteps < iterations)
        reject("total_steps", std::to_string(s.totalSteps) + " is fewer than the run's " + std::to_string(iterations) +
                                  " iterations (torch raises once the steps pass total_steps)");
      if (s.pctStart < 0 || s.pctStart > 1) reject("pct_start", "expected a number between 0 and 1 (got " + formatShortest(s.pctStart) + ")");
      if (s.divFactor == 0) reject("div_factor", "must not be 0 (torch divides by it)");
      if (s.finalDivFactor == 0) reject("final_div_factor", "must not be 0 (torch divides by it)");
      if (s.cycleMomentum && !hasMomentum(optimizer) && !hasBetas(optimizer))
        reject("cycle_momentum", "optimizer must support momentum with `cycle_momentum` option enabled (torch's refusal: " +
                                     optimizerText + " has neither momentum nor betas; set \"cycle_momentum\": false)");
      // A phase of length 0 makes torch divide by zero when a step lands in it.
      const double total = static_cast<double>(s.totalSteps);
      const double end1 = s.pctStart * total - 1;
      const double ends[] = {end1, s.threePhase ? 2 * s.pctStart * total - 2 : total - 1, total - 1};
      double start = 0;
      for (int i = 0; i < (s.threePhase ? 3 : 2); ++i) {
        if (ends[i] - start == 0)
          reject("pct_start", formatShortest(s.pctStart) + " with total_steps " + std::to_string(s.totalSteps) +
                                  " gives phase " + std::to_string(i + 1) + " no length (torch divides by it)");
        start = ends[i];
      }
      return;
    }
  }
}

LrScheduler::LrScheduler(const ScheduleSpec& spec, OptimizerConfig& group) : spec_(spec) {
  switch (spec.kind) {
    case ScheduleKind::CyclicLR: {
      group.lr = spec.baseLr;
      const double up = spec.stepSizeUp;
      const double down = spec.stepSizeDown ? *spec.stepSizeDown : up;
      totalSize_ = up + down;
      stepRatio_ = up / totalSize_;
      if (spec.cycleMomentum) setMomentum(group, spec.baseMomentum);
      baseLr_ = spec.baseLr;
      break;
    }
    case ScheduleKind::OneCycleLR: {
      initialLr_ = spec.maxLr / spec.divFactor;
      minLr_ = initialLr_ / spec.finalDivFactor;
      useBeta1_ = hasBetas(group.kind);
      if (spec.cycleMomentum) setMomentum(group, spec.maxMomentum);
      const double total = static_cast<double>(spec.totalSteps);
      const double maxLr = spec.maxLr, base = spec.baseMomentum, top = spec.maxMomentum;
      if (spec.threePhase)
        phases_ = {{spec.pctStart * total - 1, initialLr_, maxLr, top, base},
                   {2 * spec.pctStart * total - 2, maxLr, initialLr_, base, top},
                   {total - 1, initialLr_, minLr_, top, top}};
      else
        phases_ = {{spec.pctStart * total - 1, initialLr_, maxLr, top, base}, {total - 1, maxLr, minLr_, base, top}};
      baseLr_ = initialLr_;
      break;
    }
    default: baseLr_ = group.lr; break;  // group.setdefault('initial_lr', group['lr'])
  }
  step(group);  // _LRScheduler.__init__ ends with self.step()
}

void LrScheduler::setMomentum(OptimizerConfig& group, double momentum) const {
  if (useBeta1_ && spec_.kind == ScheduleKind::OneCycleLR) group.betas[0] = momentum;
  else group.momentum = momentum;
}

void LrScheduler::step(OptimizerConfig& group) {
  const std::int64_t k = ++lastEpoch_;
  const double epoch = static_cast<double>(k);
  const ScheduleSpec& s = spec_;
  switch (s.kind) {
    case ScheduleKind::StepLR:
      if (k != 0 && k % s.stepSize == 0) group.lr = group.lr * s.gamma;
      return;
    case ScheduleKind::MultiStepLR: {
      const auto count = std::count(s.milestones.begin(), s.milestones.end(), k);
      if (count > 0) group.lr = group.lr * std::pow(s.gamma, static_cast<double>(count));  // gamma ** milestones[k]
      return;
    }
    case ScheduleKind::ExponentialLR:
      if (k != 0) group.lr = group.lr * s.gamma;
      return;
    case ScheduleKind::CosineAnnealingLR: {
      constexpr double pi = std::numbers::pi;
      if (k == 0) return;
      if (pythonModulo(epoch - 1 - s.tMax, 2 * s.tMax) == 0) {
        group.lr = group.lr + (baseLr_ - s.etaMin) * (1 - std::cos(pi / s.tMax)) / 2;
        return;
      }
      group.lr = (1 + std::cos(pi * epoch / s.tMax)) / (1 + std::cos(pi * (epoch - 1) / s.tMax)) * (group.lr - s.etaMin) + s.etaMin;
      return;
    }
    case ScheduleKind::LinearLR: {
      if (k == 0) {
        group.lr = group.lr * s.startFactor;
        return;
      }
      if (k > s.totalIters) return;
      const double total = static_cast<double>(s.totalIters);
      group.lr = group.lr * (1. + (s.endFactor - s.startFactor) /
                                      (total * s.startFactor + (epoch - 1) * (s.endFactor - s.startFactor)));
      return;
    }
    case ScheduleKind::CyclicLR:
    case ScheduleKind::OneCycleLR: applyClosedForm(group); return;
  }
}

void LrScheduler::applyClosedForm(OptimizerConfig& group) {
  const ScheduleSpec& s = spec_;
  const double epoch = static_cast<double>(lastEpoch_);
  if (s.kind == ScheduleKind::CyclicLR) {
    const double cycle = std::floor(1 + epoch / totalSize_);
    const double x = 1. + epoch / totalSize_ - cycle;
    const double scaleFactor = x <= stepRatio_ ? x / stepRatio_ : (x - 1) / (stepRatio_ - 1);
    double scale = 1.;  // triangular
    if (s.mode == CyclicMode::triangular2) scale = 1 / std::pow(2., cycle - 1);
    else if (s.mode == CyclicMode::exp_range) scale = std::pow(s.gamma, epoch);
    group.lr = baseLr_ + (s.maxLr - baseLr_) * scaleFactor * scale;
    if (s.cycleMomentum) group.momentum = s.maxMomentum - (s.maxMomentum - s.baseMomentum) * scaleFactor * scale;
    return;
  }
  // OneCycleLR
  double start = 0;
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    const Phase& phase = phases_[i];
    if (epoch <= phase.endStep || i + 1 == phases_.size()) {
      const double pct = (epoch - start) / (phase.endStep - start);
      auto anneal = [&](double from, double to) {
        if (s.annealStrategy == AnnealStrategy::linear) return (to - from) * pct + from;
        const double cosOut = std::cos(std::numbers::pi * pct) + 1;
        return to + (from - to) / 2.0 * cosOut;
      };
      group.lr = anneal(phase.startLr, phase.endLr);
      if (s.cycleMomentum) setMomentum(group, anneal(phase.startMomentum, phase.endMomentum));
      return;
    }
    start = phase.endStep;
  }
}

}  // namespace gradscape::core
