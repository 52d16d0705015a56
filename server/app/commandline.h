// bilheteria-server's command line: `serve`, `user add`, with flags or a config file.
#pragma once

namespace bilheteria {

// Parses the arguments, runs the chosen command and returns the process's exit status.
int runCommandLine(int argc, char** argv);

} // namespace bilheteria
