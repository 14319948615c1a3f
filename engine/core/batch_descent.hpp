// The batch descent core: one run spec from many starts (and, for phase maps, many hyperparameter values) at
// once, structure of arrays, SIMD across starts and every core. Each lane's end is bit-identical to
// traceRun's for that start: the same IEEE float64 operations in torch's order, no fused multiply-adds, and
// glibc's own sin/cos/exp/pow lane by lane (see docs/performance.md for what that costs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/hyperparameter_names.hpp"
#include "core/scene.hpp"
#include "core/surface.hpp"
#include "core/trace.hpp"

namespace gradscape::core {

// Which instruction set the lanes run on: SSE2 (2 doubles a vector, every x86-64), AVX2 (4) or AVX-512F (8),
// the widest the CPU has when automatic. Results are the same bits on every path.
enum class SimdPath { automatic, sse2, avx2, avx512 };
std::string_view simdPathName(SimdPath path);
// Whether this CPU runs `path` (automatic and sse2: always).
bool simdPathSupported(SimdPath path);
// What `automatic` picks on this CPU: the widest supported path.
SimdPath bestSimdPath();
// Every path but automatic that this CPU runs, narrowest first (the tests run each).
std::vector<SimdPath> supportedSimdPaths();

// One hyperparameter set lane by lane (a phase map's axis), replacing the run's value.
struct LaneHyperparameter {
  NumericHyperparameter which = NumericHyperparameter::lr;
  std::vector<double> values;  // one per lane
};

struct BatchJob {
  Surface surface = Surface::fromCatalog("saddle");
  RunSpec run;                 // optimizer, iterations, tolerance and noise; its start and noise.stream are not used
  // Lane L draws its noise from stream noiseStreamBase + L (a map: lane = cell index j * N + i, base 0),
  // or from noiseStreams[L] when that is not empty (an ensemble's particles: each its run index).
  std::uint64_t noiseStreamBase = 0;
  std::vector<std::uint64_t> noiseStreams;
  // Each lane's noise.sigma (a phase map's axis), replacing the run's; its seed stays the run's.
  std::vector<double> noiseSigmaPerLane;
  std::vector<double> startX;  // one per lane
  std::vector<double> startY;
  std::vector<LaneHyperparameter> perLane;
};

// Noise deviates kept from one batch to the next. They depend only on the seed, each lane's stream and the
// step, not on the start or any hyperparameter: an edit of lr, a schedule or sigma traces the same lanes
// again with the same deviates, and drawing them was about a third of such an edit's descent. A batch with
// another seed, other streams or another number of iterations starts the cache over. Memory: 16 bytes a
// lane a step (half what the batch's trace points take). Used by one batch at a time.
struct NoiseCache {
  std::uint64_t seed = 0;
  std::int64_t iterations = -1;
  std::vector<std::uint64_t> streams;   // each lane's
  std::vector<double> deviates;         // see KernelJob::noiseKept
  std::vector<std::int64_t> keptSteps;  // by slab
};

struct BatchOptions {
  BatchOptions() = default;
  BatchOptions(unsigned threadCount, SimdPath simdPath) : threads(threadCount), simd(simdPath) {}
  unsigned threads = 0;  // 0: every core
  SimdPath simd = SimdPath::automatic;
  // Asked by the calling thread between its slabs of lanes (Python's Ctrl+C); true stops every thread after
  // the slab it is on, and runBatch throws BatchInterrupted.
  std::function<bool()> interrupted;
  // Where the noise deviates are kept between batches (nullptr: drawn every time). Results are the same bits.
  NoiseCache* noiseCache = nullptr;
};

// runBatch stopped because options.interrupted said so; nothing it computed is returned.
struct BatchInterrupted {};

// Where one lane's run ended, as traceRun reports it: the last written point, f there and its iteration
// (`steps`); for a diverged run the last finite point. A start that is not finite, or where f is not,
// is `diverged` with steps 0 and the start (and f there) as its end.
struct LaneEnd {
  double x = 0, y = 0, loss = 0;
  double bestLoss = 0;  // the lowest f among the points traceRun writes (f at the start when it writes none)
  std::int64_t steps = 0;
  StopReason status = StopReason::iterations;
};

// Every lane's point at every iteration in tiles of kColumnTile lanes: tile T holds rows 0..iterations one
// after another, and each row its kColumnTile lanes' values (lane L at iteration k: columnIndex). Whoever
// wants one iteration of every lane (an ensemble's bands) reads a few hundred bytes a tile in order, and the
// batch core writes each tile as one stream: iteration-major rows over all lanes put every step's stores
// in other pages, and the page walks made writing them slower than writing each lane's points.
// A lane that stopped early (tolerance) repeats its last point in the rows after it; one that diverged is
// NaN from the iteration it diverged at, and one whose start (or f there) is not finite is NaN in every row.
// The last tile is padded to kColumnTile lanes (what the padding holds is unspecified).
inline constexpr std::size_t kColumnTile = 64;
inline std::size_t columnTiles(std::size_t lanes) { return (lanes + kColumnTile - 1) / kColumnTile; }
inline std::size_t columnIndex(std::size_t rows, std::size_t k, std::size_t lane) {
  return ((lane / kColumnTile) * rows + k) * kColumnTile + lane % kColumnTile;
}
struct LaneColumns {
  double* x = nullptr;  // each columnTiles(lanes) * (iterations + 1) * kColumnTile
  double* y = nullptr;
  double* loss = nullptr;
};

// Throws gradscape::Error when the lanes' arrays disagree in length. Does not validate hyperparameters.
// With `paths` (one per lane, each with room for run.iterations + 1 points), lane L also writes the points
// traceRun's sink would receive to paths[L][0..steps] (none when its start or f there is not finite).
// With `columns`, every lane also fills them (LaneColumns).
std::vector<LaneEnd> runBatch(const BatchJob& job, const BatchOptions& options = {}, std::span<TracePoint* const> paths = {},
                              const LaneColumns* columns = nullptr);

}  // namespace gradscape::core
