// bilheteria-term's command line: global options, one subcommand per task (commands.h), and
// the full-screen app when no subcommand is given.
#pragma once

namespace bilheteria::term {

int runCommandLine(int argc, char** argv);

} // namespace bilheteria::term
