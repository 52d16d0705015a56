// The one place a Storage implementation is chosen: by the --database URL.
#pragma once

#include <memory>
#include <string>

#include "server/core/store/databasetimings.h"
#include "server/core/store/storage.h"
#include "server/store/fieldcipher.h"

namespace bilheteria {

struct StorageOptions {
    std::string url;          // "sqlite:PATH" or "postgresql://..." / "postgres://..."
    int poolSize = 16;        // connections kept open (PostgreSQL) or per-thread readers (SQLite)
    int busyTimeoutMs = 5000; // SQLite: how long a writer waits for the lock
    // Seals users' personal fields (fieldcipher.h); required: there is no plaintext mode.
    std::shared_ptr<const FieldCipher> cipher = nullptr;
    DatabaseTimings* timings = nullptr; // told of waits and transactions; none when null
};

// Opens the database, applies pending migrations, checks the cipher's keys against the database
// (fieldkeys.h: a wrong or missing key fails here, naming it) and seals what an older version
// stored in plaintext. unavailable (with the reason) when the database cannot be reached;
// invalid_request for a URL of no known kind or a key that does not fit.
Result<std::unique_ptr<Storage>> openStorage(const StorageOptions& options);

} // namespace bilheteria
