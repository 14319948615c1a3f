// The batch core's driver: lays the job out for the kernels, picks SSE2 or AVX2 at run time and shares the
// slabs of lanes among threads.
#include "core/batch_descent.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "core/batch_kernel.hpp"
#include "core/error.hpp"
#include "core/noise.hpp"
#include "core/schedule.hpp"
#include "core/worker_pool.hpp"

namespace gradscape::core {

std::string_view simdPathName(SimdPath path) {
  switch (path) {
    case SimdPath::automatic: return "automatic";
    case SimdPath::sse2: return "sse2";
    case SimdPath::avx2: return "avx2";
    case SimdPath::avx512: return "avx512";
  }
  return "unknown";
}

bool simdPathSupported(SimdPath path) {
  __builtin_cpu_init();
  switch (path) {
    case SimdPath::automatic:
    case SimdPath::sse2: return true;
    case SimdPath::avx2: return __builtin_cpu_supports("avx2");
    case SimdPath::avx512: return __builtin_cpu_supports("avx512f");
  }
  return false;
}

SimdPath bestSimdPath() {
  for (const SimdPath path : {SimdPath::avx512, SimdPath::avx2})
    if (simdPathSupported(path)) return path;
  return SimdPath::sse2;
}

batch_detail::Kernel batch_detail::kernelOf(SimdPath path) {
  if (path == SimdPath::automatic) path = bestSimdPath();
  if (!simdPathSupported(path)) throw Error("batch: this CPU has no " + std::string(simdPathName(path)));
  switch (path) {
    case SimdPath::avx512: return {batch_avx512::runSlab, batch_avx512::normalPairs};
    case SimdPath::avx2: return {batch_avx2::runSlab, batch_avx2::normalPairs};
    default: return {batch_sse2::runSlab, batch_sse2::normalPairs};
  }
}

std::vector<SimdPath> supportedSimdPaths() {
  std::vector<SimdPath> paths;
  for (const SimdPath path : {SimdPath::sse2, SimdPath::avx2, SimdPath::avx512})
    if (simdPathSupported(path)) paths.push_back(path);
  return paths;
}

// KernelJob::toleranceThreshold: the least d >= 0 with sqrt(d) >= tolerance, found from tolerance^2 (a few
// ulps away) by stepping; sqrt is monotonic, so below it every d has sqrt(d) < tolerance.
static double toleranceThreshold(double tolerance) {
  double d = tolerance * tolerance;
  while (d > 0 && std::sqrt(d) >= tolerance) d = std::nextafter(d, 0.0);
  while (std::sqrt(d) < tolerance) d = std::nextafter(d, INFINITY);
  return d;
}

// Points the kernel at `cache`, started over unless it holds this job's seed, streams and iterations.
static void useNoiseCache(NoiseCache& cache, const BatchJob& job, batch_detail::KernelJob& kernel) {
  const std::size_t lanes = kernel.laneCount;
  const std::size_t slabs = (lanes + batch_detail::kSlabLanes - 1) / batch_detail::kSlabLanes;
  std::vector<std::uint64_t> streams = job.noiseStreams;
  if (streams.empty())
    for (std::size_t lane = 0; lane < lanes; ++lane) streams.push_back(job.noiseStreamBase + lane);
  if (cache.seed != job.run.noise.seed || cache.iterations != kernel.iterations || cache.streams != streams) {
    cache.seed = job.run.noise.seed;
    cache.iterations = kernel.iterations;
    cache.streams = std::move(streams);
    cache.keptSteps.assign(slabs, 0);
    cache.deviates.resize(slabs * std::size_t(kernel.iterations) * 2 * batch_detail::kSlabLanes);
  }
  kernel.noiseKept = cache.deviates.data();
  kernel.noiseKeptSteps = cache.keptSteps.data();
}

std::vector<LaneEnd> runBatch(const BatchJob& job, const BatchOptions& options, std::span<TracePoint* const> paths,
                              const LaneColumns* columns) {
  const std::size_t lanes = job.startX.size();
  if (job.startY.size() != lanes) throw Error("batch: start x and y differ in length");
  for (const LaneHyperparameter& axis : job.perLane)
    if (axis.values.size() != lanes)
      throw Error("batch: " + std::string(numericHyperparameterName(axis.which)) + " has a value for " +
                  std::to_string(axis.values.size()) + " lanes, not " + std::to_string(lanes));
  std::vector<LaneEnd> ends(lanes);
  if (lanes == 0) return ends;

  batch_detail::KernelJob kernel;
  kernel.surface = &job.surface;
  kernel.kind = job.run.optimizer.kind;
  kernel.nesterov = job.run.optimizer.nesterov;
  kernel.amsgrad = job.run.optimizer.amsgrad;
  kernel.centered = job.run.optimizer.centered;
  kernel.iterations = std::max<std::int64_t>(job.run.iterations, 0);
  kernel.tolerance = job.run.tolerance;
  if (kernel.tolerance > 0) kernel.toleranceThreshold = toleranceThreshold(kernel.tolerance);
  if (!paths.empty()) {
    if (paths.size() != lanes) throw Error("batch: " + std::to_string(paths.size()) + " paths for " + std::to_string(lanes) + " lanes");
    kernel.paths = paths.data();
  }
  if (columns) {
    if (!columns->x || !columns->y || !columns->loss) throw Error("batch: a column without storage");
    kernel.columns = *columns;
  }
  kernel.laneCount = lanes;
  kernel.startX = job.startX.data();
  kernel.startY = job.startY.data();
  kernel.ends = ends.data();
  if (!job.noiseSigmaPerLane.empty() && job.noiseSigmaPerLane.size() != lanes)
    throw Error("batch: noise.sigma has a value for " + std::to_string(job.noiseSigmaPerLane.size()) + " lanes, not " +
                std::to_string(lanes));
  if (job.run.noise.active() || !job.noiseSigmaPerLane.empty()) {
    kernel.noiseSigma = job.run.noise.sigma;
    kernel.noiseSigmaPerLane = job.noiseSigmaPerLane.empty() ? nullptr : job.noiseSigmaPerLane.data();
    kernel.noiseSeed = job.run.noise.seed;
    kernel.noiseStreamBase = job.noiseStreamBase;
    kernel.noiseStreamPerLane = job.noiseStreams.empty() ? nullptr : job.noiseStreams.data();
  }
  if (!job.noiseStreams.empty() && job.noiseStreams.size() != lanes)
    throw Error("batch: " + std::to_string(job.noiseStreams.size()) + " noise streams for " + std::to_string(lanes) + " lanes");
  if (options.noiseCache && (kernel.noiseSigma != 0 || kernel.noiseSigmaPerLane))
    useNoiseCache(*options.noiseCache, job, kernel);
  for (int i = 0; i < kNumericHyperparameterCount; ++i)
    kernel.uniform[i] = hyperparameterValue(job.run.optimizer, NumericHyperparameter(i));
  // A schedule: torch's param_group after the scheduler's constructor (its first step), then after each
  // scheduler.step(), as trace's VariedSteps hands them to Optimizer::setScheduledHyperparameters.
  std::vector<batch_detail::ScheduledStep> scheduled;
  if (job.run.schedule) {
    OptimizerConfig group = job.run.optimizer;
    LrScheduler scheduler(*job.run.schedule, group);
    scheduled.resize(std::size_t(kernel.iterations));
    for (batch_detail::ScheduledStep& step : scheduled) {
      step = {group.lr, group.momentum, group.betas[0]};
      scheduler.step(group);
    }
    kernel.scheduled = scheduled.data();
  }
  // Per-lane betas give every lane its own bias corrections: no table then (a schedule's beta1 is every
  // lane's alike, so its steps still share one).
  bool termsVary = false;
  for (const LaneHyperparameter& axis : job.perLane) {
    kernel.perLane[int(axis.which)] = axis.values.data();
    termsVary = termsVary || axis.which == NumericHyperparameter::beta1 || axis.which == NumericHyperparameter::beta2 ||
                axis.which == NumericHyperparameter::momentumDecay;
  }
  std::vector<batch_detail::StepTerms> table;
  if (!termsVary) {
    kernel.uniformTerms = true;
    kernel.tableSteps = std::min(kernel.iterations, batch_detail::kTableSteps);
    table.resize(std::size_t(kernel.tableSteps));
    batch_sse2::fillStepTerms(kernel, table.data(), kernel.tableSteps);  // after kernel.scheduled is set
    kernel.table = table.data();
  }

  const auto runSlab = batch_detail::kernelOf(options.simd).runSlab;

  const std::size_t slabs = (lanes + batch_detail::kSlabLanes - 1) / batch_detail::kSlabLanes;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = unsigned(std::min<std::size_t>(options.threads ? options.threads : cores, slabs));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  const std::thread::id caller = std::this_thread::get_id();  // the one that asks `interrupted`
  auto work = [&] {
    const bool asks = options.interrupted && std::this_thread::get_id() == caller;
    for (std::size_t slab; !stop.load(std::memory_order_relaxed) &&
                           (slab = next.fetch_add(1, std::memory_order_relaxed)) < slabs;) {
      runSlab(kernel, slab * batch_detail::kSlabLanes);
      if (asks && options.interrupted()) stop = true;
    }
  };
  runOnThreads(threads, work);
  if (stop) throw BatchInterrupted{};
  return ends;
}

}  // namespace gradscape::core
