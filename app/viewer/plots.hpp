// The article's x, y and loss versus iteration plots for every visible run, live, with a cursor at the
// current frame; clicking or dragging in a plot scrubs there.
#pragma once

#include <imgui.h>

#include "viewer/viewer_state.hpp"

namespace gradscape::app {

// Draws the plots window at `position` with `size` (ImGui coordinates).
void drawPlotsWindow(ViewerState& state, ImVec2 position, ImVec2 size);

// Iteration under horizontal position `x` of a plot spanning [left, left + width] for iterations [0, last].
std::int64_t iterationAt(float x, float left, float width, std::int64_t last);

}  // namespace gradscape::app
