// `gradscape export SCENE.json -o OUT [options]`: PNG still, GIF, MP4, WebM or PNG sequence, headless.
#pragma once

namespace gradscape::app {

// argv[0] is "export". Returns 0 when OUT is written; throws UsageError for a malformed command line and
// gradscape::Error for anything else, leaving nothing at OUT (runCommand reports them).
int runExportCommand(int argc, char** argv);

}  // namespace gradscape::app
