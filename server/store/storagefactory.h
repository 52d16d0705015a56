// The one place a Storage implementation is chosen: by the --database URL.
#pragma once

#include <memory>
#include <string>

#include "server/core/store/databasetimings.h"
#include "server/core/store/storage.h"

namespace bilheteria {

struct StorageOptions {
    std::string url;          // "sqlite:PATH" or "postgresql://..." / "postgres://..."
    int poolSize = 16;        // connections kept open (PostgreSQL) or per-thread readers (SQLite)
    int busyTimeoutMs = 5000; // SQLite: how long a writer waits for the lock
    DatabaseTimings* timings = nullptr; // told of waits and transactions; none when null
};

// Opens the database and applies pending migrations. unavailable (with the reason) when the
// database cannot be reached; invalid_request for a URL of no known kind.
Result<std::unique_ptr<Storage>> openStorage(const StorageOptions& options);

} // namespace bilheteria
