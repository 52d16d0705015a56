#include "server/app/backupcommands.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>
#include <vector>

#include "server/app/datadir.h"
#include "server/app/systemclock.h"
#include "server/store/sqlite/backup.h"

namespace bilheteria {

namespace {

// The SQLite file of `url`; for any other URL says why not (exit status 2) and returns nothing.
std::optional<std::string> sqliteFileOrExplain(const std::string& url, const std::string& what) {
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        std::cerr << "error: " << what
                  << " works on sqlite: databases only; back a PostgreSQL database up with "
                     "pgBackRest (docs/operations.md)\n";
        return std::nullopt;
    }
    auto path = sqlite::sqliteDatabasePath(url);
    if (!path) {
        std::cerr << "error: --database: " << path.error().message << "\n";
        return std::nullopt;
    }
    return *path;
}

std::string megabytes(std::uintmax_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

std::string seconds(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", value);
    return text;
}

// Now in UTC as 20261207T081500Z: the suffix of the database a restore sets aside.
std::string utcStamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &parts);
    return text;
}

} // namespace

BackupCommands::BackupCommands(CLI::App& app) {
    m_backup = app.add_subcommand(
        "backup", "Copy a SQLite database into FILE while servers keep selling (SQLite's online "
                  "backup API), then check the copy");
    addDatabaseOptions(*m_backup, m_backupOptions);
    m_backup->add_option("--to", m_to, "The backup file to write")->required();
    m_backup->add_flag("--force", m_force, "Replace FILE when it exists");
    m_backup
        ->add_option("--pages-per-step", m_pagesPerStep, "Pages copied per step of the backup API")
        ->capture_default_str()
        ->check(CLI::Range(1, 1 << 20));
    m_backup
        ->add_option("--step-pause-ms", m_pauseMs,
                     "Pause between steps, leaving the disk to the server")
        ->capture_default_str()
        ->check(CLI::Range(0, 10000));

    m_restore = app.add_subcommand(
        "restore", "Replace a SQLite database by a backup (no server may be using it); the "
                   "current one is kept beside it as PATH.before-restore-TIME");
    addDatabaseOptions(*m_restore, m_restoreOptions);
    m_restore->add_option("--from", m_from, "The backup file to restore")->required();
    m_restore->add_flag("--accept-problems", m_acceptProblems,
                        "Restore a backup even when `check` finds problems in it (the audit "
                        "chain's included); a damaged file or a foreign schema is never restored");
}

bool BackupCommands::parsed() const {
    return m_backup->parsed() || m_restore->parsed();
}

int BackupCommands::run() {
    return m_backup->parsed() ? backup() : restore();
}

int BackupCommands::backup() {
    const auto path = sqliteFileOrExplain(m_backupOptions.database, "backup");
    if (!path) return 2;
    sqlite::BackupSettings settings;
    settings.pagesPerStep = m_pagesPerStep;
    settings.pause = std::chrono::milliseconds(m_pauseMs);
    settings.overwrite = m_force;
    auto report = sqlite::backupDatabase(*path, m_to, settings);
    if (!report) {
        std::cerr << "error: backup: " << report.error().message
                  << (report.error().details.value("field", "") == "to"
                          ? " (pass --force to replace it)"
                          : "")
                  << "\n";
        return 1;
    }
    std::cout << "backed up " << *path << " into " << m_to << ": " << megabytes(report->bytes)
              << ", " << report->pages << " pages of " << report->pageSize << " bytes, schema "
              << "version " << report->schemaVersion << ", copied in "
              << seconds(report->copySeconds) << " (" << report->steps
              << " steps), integrity_check ok in " << seconds(report->checkSeconds) << "\n"
              << "its personal data is sealed: restoring it needs the keys file "
              << m_backupOptions.keysFilePath()
              << " (keep a copy of that file too, apart from the backups)" << std::endl;
    return 0;
}

int BackupCommands::restore() {
    const auto path = sqliteFileOrExplain(m_restoreOptions.database, "restore");
    if (!path) return 2;
    const auto keysFile = m_restoreOptions.keysFilePath();
    auto pending = sqlite::PendingRestore::prepare(*path, m_from);
    if (!pending) {
        std::cerr << "error: restore refused, " << *path
                  << " is unchanged: " << pending.error().message << "\n";
        return 1;
    }
    const auto& info = (*pending)->info();
    std::cout << "verified " << m_from << ": integrity_check ok, schema version "
              << info.schemaVersion << ", " << info.pages << " pages" << std::endl;
    {
        // The copy opens as the server will open it — migrations, then the keys against the
        // sealed personal data — and passes `check` before anything of the current database
        // changes.
        auto storage = openDatabase("sqlite:" + (*pending)->copyPath(), 2, keysFile);
        if (!storage) {
            std::cerr << "error: restore refused, " << *path
                      << " is unchanged: the backup does not open with the keys file " << keysFile
                      << ": " << storage.error().message
                      << "\n(a backup's personal data is sealed with the keys of the database "
                         "it was taken from: restoring it needs that keys file)\n";
            return 1;
        }
        SystemClock clock;
        auto report = (*storage)->audit().checkInvariants(clock.now());
        if (!report) {
            std::cerr << "error: restore refused, " << *path
                      << " is unchanged: cannot check the backup: " << report.error().message
                      << "\n";
            return 1;
        }
        // A backup taken while a server sold may hold sales whose card payment it had not
        // captured yet: a server started on the restored database captures them (payment
        // capture recovery). Any other problem is damage the operator must see first.
        std::size_t uncaptured = 0;
        std::vector<std::string> problems;
        for (const auto& problem : report->problems) {
            if (problem.ends_with(": payment not captured"))
                ++uncaptured;
            else
                problems.push_back(problem);
        }
        for (const auto& problem : problems)
            std::cout << "PROBLEM: " << problem << "\n";
        std::cout << "invariant check of the backup: " << report->checkedItems << " checked, "
                  << problems.size() << " problem(s)";
        if (uncaptured > 0)
            std::cout << "; " << uncaptured
                      << " sale(s) in flight at backup time with the payment not captured yet "
                         "(the server captures them within a minute of starting; run `check` "
                         "then)";
        std::cout << std::endl;
        if (!problems.empty() && !m_acceptProblems) {
            std::cerr << "error: restore refused, " << *path
                      << " is unchanged: the backup fails the check above (pass "
                         "--accept-problems to restore it all the same)\n";
            return 3;
        }
    }
    auto aside = (*pending)->install(utcStamp());
    if (!aside) {
        std::cerr << "error: restore: " << aside.error().message << "\n";
        return 1;
    }
    std::cout << "restored " << m_from << " into " << *path << "; "
              << (aside->empty() ? "there was no database before"
                                 : "the database it replaced is kept as " + *aside)
              << "\nits personal data opens with the keys file " << keysFile
              << ": start the server with that same file" << std::endl;
    return 0;
}

} // namespace bilheteria
