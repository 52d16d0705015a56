// The shared and exclusive lock of a SQLite database (databaselock.h).
#include "server/store/sqlite/databaselock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace bilheteria::sqlite {

std::string DatabaseLock::lockFilePath(const std::string& databasePath) {
    return databasePath + ".lock";
}

Result<DatabaseLock> DatabaseLock::take(const std::string& databasePath, Mode mode) {
    const std::string path = lockFilePath(databasePath);
    // Read-only is enough for flock(2), and lets a service user open a lock file that root
    // made when it ran a command on the database first.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail(
            Error::unavailable("cannot open the lock file " + path + ": " + std::strerror(errno)));
    DatabaseLock lock(fd);
    const int operation = (mode == Mode::Shared ? LOCK_SH : LOCK_EX) | LOCK_NB;
    int rc;
    do {
        rc = ::flock(fd, operation);
    } while (rc != 0 && errno == EINTR);
    if (rc == 0) return lock;
    if (errno != EWOULDBLOCK)
        return fail(Error::unavailable("cannot lock " + path + ": " + std::strerror(errno)));
    if (mode == Mode::Shared)
        return fail(Error::unavailable(databasePath +
                                       " is being restored (bilheteria-server restore holds " +
                                       path + "); try again when it has finished"));
    return fail(Error::unavailable(
        databasePath +
        " is in use: a bilheteria-server (or another of its commands) has it open "
        "(it holds " +
        path + " shared); stop it first, e.g. systemctl stop bilheteria-server"));
}

DatabaseLock::DatabaseLock(DatabaseLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)) {}

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

DatabaseLock::~DatabaseLock() {
    if (m_fd >= 0) ::close(m_fd);
}

} // namespace bilheteria::sqlite
