// The panel's display controls (in its "View" section): colour scale, colour bar and hidden paths, the
// scene's render.color_scale, render.colorbar, render.symlog_threshold and render.hidden_paths.
#pragma once

namespace gradscape::app {

struct ViewerState;
void drawDisplayControls(ViewerState& state);

}  // namespace gradscape::app
