// Windows drawn over the scene: the frame-time overlay and the F1 help.
#pragma once

#include <cstdint>

#include "viewer/frame_stats.hpp"
#include "viewer/layout.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

struct SceneFrameCounts {
  std::int64_t fast = 0, antialiased = 0;
};

void drawOverlays(const Layout& layout, ViewerState& state, const FrameStats& frameStats, SceneFrameCounts counts);

}  // namespace gradscape::app
