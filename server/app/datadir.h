// The server's data directory and the database the commands open in it.
#pragma once

#include <memory>
#include <string>

#include "server/core/store/databasetimings.h"
#include "server/core/store/storage.h"

namespace bilheteria {

// The default --database: the SQLite file in the data directory.
std::string defaultDatabase(const std::string& dataDir);
// Creates the directory (and its parents); prints why not and returns false when it cannot.
bool ensureDirectory(const std::string& dir);
// Opens the store at `url` with up to `poolSize` connections, applying pending migrations.
Result<std::unique_ptr<Storage>> openDatabase(const std::string& url, int poolSize,
                                              DatabaseTimings* timings = nullptr);

} // namespace bilheteria
