// Online backups and restores of the SQLite store (backup.h), on SQLite's backup API.
#include "server/store/sqlite/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "server/store/migrations.h"

namespace bilheteria::sqlite {

namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

double secondsSince(SteadyClock::time_point start) {
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// One raw sqlite3 handle: the backup API works on handles, and a backup or a restore copy must
// not get the store's PRAGMAs (WAL) that Connection sets.
class Handle {
public:
    Handle(const std::string& path, int flags) {
        const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
        if (rc != SQLITE_OK) m_openError = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        if (m_db) {
            sqlite3_extended_result_codes(m_db, 1);
            sqlite3_busy_timeout(m_db, 5000);
        }
    }
    ~Handle() { sqlite3_close(m_db); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    sqlite3* get() const { return m_db; }
    const std::string& openError() const { return m_openError; }
    int code() const { return sqlite3_extended_errcode(m_db); }
    std::string message() const { return sqlite3_errmsg(m_db); }

    // Every row of `sql`'s first column as text; false (message() says why) when it fails.
    bool rows(const std::string& sql, std::vector<std::string>& out) {
        out.clear();
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return false;
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
            out.emplace_back(text ? text : "");
        }
        sqlite3_finalize(stmt);
        return rc == SQLITE_DONE;
    }
    bool exec(const std::string& sql) {
        return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    }

private:
    sqlite3* m_db = nullptr;
    std::string m_openError;
};

std::string errnoText() {
    return std::strerror(errno);
}

// fsync of a file or a folder (what makes a rename in it durable).
bool syncPath(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

std::string folderOf(const std::string& path) {
    const auto parent = fs::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

void removeWithCompanions(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(path + suffix, ignored);
    fs::remove(DatabaseLock::lockFilePath(path), ignored);
}

// Renames `from` to `to`, failing when `to` exists (unless `overwrite`) rather than replacing it.
bool renameInto(const std::string& from, const std::string& to, bool overwrite) {
    if (overwrite) return ::rename(from.c_str(), to.c_str()) == 0;
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return true;
    if (errno != EINVAL && errno != ENOSYS) return false;
    // A file system without RENAME_NOREPLACE: link(2) fails on an existing name just as well.
    if (::link(from.c_str(), to.c_str()) != 0) return false;
    ::unlink(from.c_str());
    return true;
}

// The highest migration this binary knows.
int knownSchemaVersion() {
    return sqliteMigrations().back().version;
}

} // namespace

Result<std::string> sqliteDatabasePath(const std::string& url) {
    if (!url.starts_with("sqlite:"))
        return fail(Error::invalidField("database", "not a sqlite: database URL"));
    std::string path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2); // sqlite://PATH
    if (path.empty()) return fail(Error::invalidField("database", "sqlite: needs a file path"));
    return path;
}

Result<BackupReport> backupDatabase(const std::string& databasePath, const std::string& target,
                                    const BackupSettings& settings) {
    std::error_code error;
    if (!fs::exists(databasePath, error))
        return fail(Error::notFound("there is no database at " + databasePath));
    if (!settings.overwrite && fs::exists(target, error))
        return fail(Error::invalidField("to", target + " exists already"));
    // Shared, as every store that opens the file: no backup of a database a restore replaces.
    auto lock = DatabaseLock::take(databasePath, DatabaseLock::Mode::Shared);
    if (!lock) return fail(std::move(lock).error());

    const std::string partial = target + ".partial-" + std::to_string(::getpid());
    removeWithCompanions(partial);
    struct Cleanup {
        const std::string& path;
        bool keep = false;
        ~Cleanup() {
            if (!keep) removeWithCompanions(path);
        }
    } cleanup{partial};

    BackupReport report;
    const auto started = SteadyClock::now();
    {
        Handle source(databasePath, SQLITE_OPEN_READWRITE);
        if (!source.openError().empty())
            return fail(
                Error::unavailable("cannot open " + databasePath + ": " + source.openError()));
        // One read transaction over all the steps: every page comes from this one snapshot.
        // Under WAL the server's writers go on beside it; had each step read the newest
        // state instead, any commit between steps would restart the copy from its first page.
        std::vector<std::string> rows;
        if (!source.exec("BEGIN") ||
            !source.rows("SELECT coalesce(max(version), 0) FROM schema_migrations", rows))
            return fail(Error::invalidField(
                "database", databasePath + " holds no Bilheteria database: " + source.message()));
        report.schemaVersion = std::stoi(rows.at(0));

        Handle copy(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        if (!copy.openError().empty())
            return fail(Error::unavailable("cannot create " + partial + ": " + copy.openError()));
        sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.get(), "main");
        if (!backup) return fail(Error::unavailable("cannot start the backup: " + copy.message()));
        int rc;
        do {
            rc = sqlite3_backup_step(backup, settings.pagesPerStep);
            ++report.steps;
            if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                std::this_thread::sleep_for(settings.pause);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE)
            return fail(Error::unavailable(std::string("the backup failed: ") + sqlite3_errstr(rc) +
                                           " (" + copy.message() + ")"));
        source.exec("COMMIT");
        report.copySeconds = secondsSince(started);

        // The copy carries the source's WAL mark; a rollback journal makes it one
        // self-contained file that opening read-only leaves alone. (The store sets WAL again
        // when it opens a restored copy.)
        if (!copy.exec("PRAGMA journal_mode = DELETE"))
            return fail(Error::unavailable("cannot finish the copy: " + copy.message()));
        const auto checking = SteadyClock::now();
        if (!copy.rows("PRAGMA integrity_check", rows) || rows.empty() || rows.front() != "ok")
            return fail(Error::internal("the copy fails SQLite's integrity check: " +
                                        (rows.empty() ? copy.message() : rows.front())));
        report.checkSeconds = secondsSince(checking);
        if (copy.rows("PRAGMA page_count", rows)) report.pages = std::stoll(rows.at(0));
        if (copy.rows("PRAGMA page_size", rows)) report.pageSize = std::stoll(rows.at(0));
    }
    // Password hashes and sealed personal data: for its owner only, whatever the umask.
    ::chmod(partial.c_str(), 0600);
    if (!syncPath(partial, false))
        return fail(Error::unavailable("cannot fsync " + partial + ": " + errnoText()));
    if (!renameInto(partial, target, settings.overwrite)) {
        if (errno == EEXIST) return fail(Error::invalidField("to", target + " exists already"));
        return fail(
            Error::unavailable("cannot rename " + partial + " to " + target + ": " + errnoText()));
    }
    cleanup.keep = true;
    syncPath(folderOf(target), true);
    report.bytes = fs::file_size(target, error);
    return report;
}

Result<BackupInfo> verifyBackup(const std::string& file) {
    Handle db(file, SQLITE_OPEN_READWRITE);
    if (!db.openError().empty())
        return fail(Error::invalidField("from", "cannot open " + file + ": " + db.openError()));
    std::vector<std::string> rows;
    if (!db.rows("PRAGMA integrity_check", rows)) {
        if ((db.code() & 0xff) == SQLITE_NOTADB)
            return fail(Error::invalidField("from", file + " is not a SQLite database"));
        return fail(Error::invalidField("from", file + " is damaged: " + db.message()));
    }
    if (rows.empty() || rows.front() != "ok")
        return fail(Error::invalidField(
            "from", file + " fails SQLite's integrity check: " +
                        (rows.empty() ? std::string("no answer") : rows.front())));
    if (!db.rows("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                 "name = 'schema_migrations'",
                 rows) ||
        rows.at(0) != "1")
        return fail(Error::invalidField(
            "from", file + " is a SQLite database but no Bilheteria one (no schema_migrations)"));
    BackupInfo info;
    if (!db.rows("SELECT coalesce(max(version), 0) FROM schema_migrations", rows))
        return fail(Error::invalidField("from", file + ": " + db.message()));
    info.schemaVersion = std::stoi(rows.at(0));
    if (info.schemaVersion > knownSchemaVersion())
        return fail(Error::invalidField(
            "from", file + " comes from a newer bilheteria-server (schema version " +
                        std::to_string(info.schemaVersion) + "; this one knows up to " +
                        std::to_string(knownSchemaVersion()) + "): restore it with that version"));
    if (db.rows("PRAGMA page_count", rows)) info.pages = std::stoll(rows.at(0));
    return info;
}

PendingRestore::PendingRestore(DatabaseLock lock, std::string databasePath, std::string copy)
    : m_lock(std::move(lock))
    , m_databasePath(std::move(databasePath))
    , m_copy(std::move(copy)) {}

PendingRestore::~PendingRestore() {
    if (!m_installed) removeWithCompanions(m_copy);
}

Result<std::unique_ptr<PendingRestore>> PendingRestore::prepare(const std::string& databasePath,
                                                                const std::string& backupFile) {
    std::error_code error;
    if (!fs::is_regular_file(backupFile, error))
        return fail(Error::invalidField("from", "there is no backup file " + backupFile));
    auto lock = DatabaseLock::take(databasePath, DatabaseLock::Mode::Exclusive);
    if (!lock) return fail(std::move(lock).error());

    const std::string copy = databasePath + ".restoring-" + std::to_string(::getpid());
    std::unique_ptr<PendingRestore> restore(
        new PendingRestore(std::move(*lock), databasePath, copy));
    removeWithCompanions(copy);
    if (!fs::copy_file(backupFile, copy, fs::copy_options::overwrite_existing, error))
        return fail(Error::unavailable("cannot copy " + backupFile + " to " + copy + ": " +
                                       error.message()));
    auto info = verifyBackup(copy);
    if (!info) {
        auto failure = std::move(info).error();
        // Name the file the operator gave, not our copy of it.
        std::string message = failure.message;
        if (const auto at = message.find(copy); at != std::string::npos)
            message.replace(at, copy.size(), backupFile);
        return fail(Error::invalidField("from", message));
    }
    restore->m_info = *info;
    return restore;
}

Result<std::string> PendingRestore::install(const std::string& stamp) {
    {
        // Whoever opened the copy to check it left it in WAL mode: fold the log back in, so
        // that one file moves.
        Handle copy(m_copy, SQLITE_OPEN_READWRITE);
        if (!copy.openError().empty() || !copy.exec("PRAGMA journal_mode = DELETE"))
            return fail(Error::unavailable("cannot settle " + m_copy + ": " + copy.message()));
    }
    if (!syncPath(m_copy, false))
        return fail(Error::unavailable("cannot fsync " + m_copy + ": " + errnoText()));

    std::error_code error;
    const std::string aside = m_databasePath + ".before-restore-" + stamp;
    const bool existed = fs::exists(m_databasePath, error);
    struct stat old {};
    if (existed && ::stat(m_databasePath.c_str(), &old) == 0) {
        // The restored file takes the owner and mode of the one it replaces: root restoring
        // the service's database must not leave it to root. (Fails harmlessly for others.)
        (void)::chown(m_copy.c_str(), old.st_uid, old.st_gid);
        ::chmod(m_copy.c_str(), old.st_mode & 07777);
    }
    if (existed) {
        // Best effort: a checkpoint leaves the old database whole in one file; a damaged one
        // (a reason to restore) keeps its log beside it instead, renamed with it below.
        Handle current(m_databasePath, SQLITE_OPEN_READWRITE);
        if (current.openError().empty()) current.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    // Nobody has the database open (the lock says so), so its -shm is only a cache SQLite
    // rebuilds from the -wal; the log and a rollback journal belong to the old file's pages.
    for (const char* suffix : {"", "-wal", "-journal"}) {
        const std::string from = m_databasePath + suffix;
        if (fs::exists(from, error) && ::rename(from.c_str(), (aside + suffix).c_str()) != 0)
            return fail(Error::unavailable("cannot move " + from + " aside: " + errnoText()));
    }
    fs::remove(m_databasePath + "-shm", error);
    if (::rename(m_copy.c_str(), m_databasePath.c_str()) != 0)
        return fail(Error::unavailable("cannot rename " + m_copy + " to " + m_databasePath + ": " +
                                       errnoText() + " (the old database is " + aside + ")"));
    m_installed = true;
    removeWithCompanions(m_copy);
    syncPath(folderOf(m_databasePath), true);
    return existed ? aside : std::string{};
}

} // namespace bilheteria::sqlite
