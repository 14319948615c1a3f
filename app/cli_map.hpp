// `gradscape map SCENE.json -o OUT.png|OUT.csv [options]`: maps of many runs through the batch core.
#pragma once

namespace gradscape::app {

// argv[0] is "map". Returns 0 when OUT is written; throws UsageError for a malformed command line and
// gradscape::Error for anything else, leaving nothing at OUT (runCommand reports them).
int runMapCommand(int argc, char** argv);

}  // namespace gradscape::app
