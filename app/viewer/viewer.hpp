// `gradscape view`: the interactive viewer (GLFW window, ImGui panel, mouse orbit, live edits, playback,
// plots, export and recording), also scriptable for tests: `--script FILE --screenshot OUT.png`.
#pragma once

namespace gradscape::app {

// argv[0] is "view"; the rest: [SCENE.json] [--script FILE] [--screenshot OUT.png] [--size WxH].
// Returns the exit status; throws UsageError or gradscape::Error (runCommand reports them).
int runViewCommand(int argc, char** argv);

}  // namespace gradscape::app
