// `gradscape export SCENE.json -o OUT [options]`: PNG still, GIF, MP4, WebM or PNG sequence, headless.
#pragma once

namespace gradscape::app {

// argv[0] is "export". Returns the exit status: 0 written, 1 failed (one line on standard error,
// nothing at OUT), 2 bad usage.
int runExportCommand(int argc, char** argv);

}  // namespace gradscape::app
