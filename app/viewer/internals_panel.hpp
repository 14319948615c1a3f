// The panel's "Internals" section (internals_panel.cpp).
#pragma once

namespace gradscape::app {

struct ViewerState;
void drawInternalsSection(ViewerState& state);

}  // namespace gradscape::app
