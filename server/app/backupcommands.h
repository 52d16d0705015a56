// `backup --to FILE` and `restore --from FILE` of a SQLite database on the command line
// (docs/operations.md); the work is the SQLite store's (store/sqlite/backup.h).
// A PostgreSQL database is backed up with pgBackRest instead (docs/operations.md).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "server/app/keyscommand.h"

namespace bilheteria {

class BackupCommands {
public:
    explicit BackupCommands(CLI::App& app);
    bool parsed() const;
    // The parsed command's exit status.
    int run();

private:
    int backup();
    int restore();

    CLI::App* m_backup = nullptr;
    CLI::App* m_restore = nullptr;
    DatabaseOptions m_backupOptions;
    DatabaseOptions m_restoreOptions;
    std::string m_to;
    std::string m_from;
    bool m_force = false;
    bool m_acceptProblems = false;
    int m_pagesPerStep = 256;
    int m_pauseMs = 5;
};

} // namespace bilheteria
