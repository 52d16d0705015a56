// The lock that tells a restore whether anyone uses a SQLite database: every store that opens the
// file holds it shared for as long as it is open (the server, check, keys, user add, backup), and
// restore takes it exclusively. An flock(2) on a file of its own beside the database, <PATH>.lock:
// the kernel drops it when its holder dies, even by SIGKILL, and closing it cannot drop SQLite's
// own POSIX locks on the database file (closing any descriptor of that file would).
#pragma once

#include <string>

#include "shared/error.h"

namespace bilheteria::sqlite {

class DatabaseLock {
public:
    enum class Mode { Shared, Exclusive };

    // Takes the lock of the database at `databasePath` without waiting (making the lock file
    // when missing); unavailable, saying who may hold it, when another process holds it in a
    // mode that conflicts.
    static Result<DatabaseLock> take(const std::string& databasePath, Mode mode);
    static std::string lockFilePath(const std::string& databasePath);

    DatabaseLock(DatabaseLock&& other) noexcept;
    DatabaseLock& operator=(DatabaseLock&& other) noexcept;
    DatabaseLock(const DatabaseLock&) = delete;
    DatabaseLock& operator=(const DatabaseLock&) = delete;
    ~DatabaseLock();

private:
    explicit DatabaseLock(int fd)
        : m_fd(fd) {}
    int m_fd = -1;
};

} // namespace bilheteria::sqlite
