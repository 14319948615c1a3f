// The command line: `gradscape [view] [SCENE]`, `gradscape trace`, `gradscape export`.
#pragma once

namespace gradscape::app {

// Returns the process exit status. Errors are one line on standard error.
int runCommandLine(int argc, char** argv);

}  // namespace gradscape::app
