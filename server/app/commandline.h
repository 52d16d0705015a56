// bilheteria-server's command line: `serve`, `user add`, with flags or a config file.
#pragma once

#include <string>

#include "server/core/store/auditstore.h"

namespace bilheteria {

// Prints an integrity report (`check`, `audit verify`, `restore`); the exit status: 0 when it
// found nothing wrong, 3 when it found problems, 1 when it could not run.
int printReport(const Result<IntegrityReport>& report, const std::string& what);

// Parses the arguments, runs the chosen command and returns the process's exit status.
int runCommandLine(int argc, char** argv);

} // namespace bilheteria
