// gradscape's entry point: hands the command line to the CLI dispatcher.
#include "cli.hpp"

int main(int argc, char** argv) { return gradscape::app::runCommandLine(argc, argv); }
