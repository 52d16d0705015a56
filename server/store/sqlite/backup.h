// Backups of a SQLite box office while it sells, and their restore
// (docs/operations.md). backupDatabase copies the database with SQLite's online
// backup API from one read snapshot, a few pages per step; PendingRestore takes the database's
// lock exclusively, copies a backup beside the database and verifies it, then swaps it in.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "server/store/sqlite/databaselock.h"
#include "shared/error.h"

namespace bilheteria::sqlite {

// The file of a sqlite: database URL (sqlite:PATH or sqlite://PATH); invalid_request otherwise.
Result<std::string> sqliteDatabasePath(const std::string& url);

struct BackupSettings {
    int pagesPerStep = 256;             // 1 MiB of 4 KiB pages
    std::chrono::milliseconds pause{5}; // between steps, for the server's own I/O
    bool overwrite = false;             // replace an existing target
};

struct BackupReport {
    std::uintmax_t bytes = 0;
    std::int64_t pages = 0;
    std::int64_t pageSize = 0;
    int steps = 0;
    int schemaVersion = 0;
    double copySeconds = 0;  // the backup API's steps, pauses included
    double checkSeconds = 0; // integrity_check of the copy
};

// Copies the database at `databasePath` into `target`: into a temporary file beside it, which
// is checked (PRAGMA integrity_check), fsynced and renamed into place. Refuses an existing
// target unless settings.overwrite. Writers of a serving server are never blocked: the copy
// reads one WAL snapshot, which the server's commits after it do not touch.
Result<BackupReport> backupDatabase(const std::string& databasePath, const std::string& target,
                                    const BackupSettings& settings = {});

// What verification found in a backup.
struct BackupInfo {
    std::int64_t pages = 0;
    int schemaVersion = 0;
};

// Checks that `file` is a sound SQLite database (integrity_check) holding Bilheteria's schema
// (schema_migrations) of a version this binary knows; invalid_request saying what is wrong.
Result<BackupInfo> verifyBackup(const std::string& file);

class PendingRestore {
public:
    // Takes the database's lock exclusively (unavailable while a server or a command has it
    // open), copies `backupFile` beside the database and verifies the copy. Nothing of the
    // current database changes until install().
    static Result<std::unique_ptr<PendingRestore>> prepare(const std::string& databasePath,
                                                           const std::string& backupFile);
    ~PendingRestore(); // removes the copy unless installed
    PendingRestore(const PendingRestore&) = delete;
    PendingRestore& operator=(const PendingRestore&) = delete;

    // The verified copy, for the caller to open and check before install().
    const std::string& copyPath() const { return m_copy; }
    const BackupInfo& info() const { return m_info; }

    // Sets the current database aside as <PATH>.before-restore-<stamp> (its WAL beside it, as
    // <...>-wal) and renames the copy into its place; returns the aside path, empty when there
    // was no database. The lock stays taken until this object goes.
    Result<std::string> install(const std::string& stamp);

private:
    PendingRestore(DatabaseLock lock, std::string databasePath, std::string copy);

    DatabaseLock m_lock;
    std::string m_databasePath;
    std::string m_copy;
    BackupInfo m_info;
    bool m_installed = false;
};

} // namespace bilheteria::sqlite
