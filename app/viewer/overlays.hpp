// Windows drawn over the scene: the frame-time overlay, the F1 help and the restore question.
#pragma once

#include <cstdint>
#include <filesystem>

#include "viewer/frame_stats.hpp"
#include "viewer/layout.hpp"
#include "viewer/viewer_state.hpp"

namespace gradscape::app {

struct SceneFrameCounts {
  std::int64_t fast = 0, antialiased = 0;
};

enum class RestoreChoice { undecided, restore, discard };
// The modal question after a crash, about the session left in `file`.
RestoreChoice drawRestoreOffer(const std::filesystem::path& file);

void drawOverlays(const Layout& layout, ViewerState& state, const FrameStats& frameStats, SceneFrameCounts counts);

}  // namespace gradscape::app
