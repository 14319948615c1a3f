// Scenes the benchmarks share.
#pragma once

#include "core/scene.hpp"

namespace gradscape::bench {

// 100 runs x 1000 iterations from a 10x10 grid of starts on the quadratic bowl (every path stays in the
// picture): issue 6's "recomputed within one frame" load.
// With `oscillating`, lr near 0.1 makes y flip sign every step and decay slowly (factor -0.99): y and loss
// zigzag for hundreds of iterations, the worst case for the plots (no stretch is straight).
inline core::Scene hundredRunsScene(bool oscillating = false) {
  core::Scene scene = core::articleScene();
  scene.surface.surface = core::Surface::fromCatalog("quadratic");
  scene.runs.clear();
  for (int i = 0; i < 100; ++i) {
    core::RunSpec run;
    run.start = {-0.9 + 1.8 * (i % 10) / 9.0, -0.9 + 1.8 * (i / 10) / 9.0};
    run.optimizer.lr = oscillating ? 0.0995 - 0.00001 * i : 0.001 + 0.00005 * i;
    run.iterations = 1000;
    scene.runs.push_back(run);
  }
  return scene;
}

}  // namespace gradscape::bench
