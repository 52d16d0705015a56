// The keys of personal data at rest on the command line (docs/operations.md): the
// --keys-file option every command that opens the database takes, and `keys init`, `keys rotate`
// and `keys status`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace bilheteria {

// --keys-file PATH, or the environment's BILHETERIA_KEYS_FILE; empty: <data-dir>/keys.
void addKeysFileOption(CLI::App& command, std::string& keysFile);

struct DatabaseOptions {
    std::string database;
    std::string dataDir = "bilheteria-data";
    std::string keysFile;
    std::string keysFilePath() const;
};
// --database (required), --data-dir (where the default keys file is) and --keys-file.
void addDatabaseOptions(CLI::App& command, DatabaseOptions& options);

class KeysCommands {
public:
    explicit KeysCommands(CLI::App& app);
    bool parsed() const;
    // The parsed command's exit status.
    int run();

private:
    int init();
    int rotate();
    int status();

    CLI::App* m_init = nullptr;
    CLI::App* m_rotate = nullptr;
    CLI::App* m_status = nullptr;
    DatabaseOptions m_initOptions;
    DatabaseOptions m_rotateOptions;
    DatabaseOptions m_statusOptions;
    bool m_resume = false;
    int m_batchSize = 200;
};

} // namespace bilheteria
