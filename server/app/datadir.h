// The server's data directory, the database the commands open in it and the keys file that
// seals its personal data (docs/operations.md).
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
// The keys file a command uses: --keys-file when given, else <data-dir>/keys.
std::string keysFilePath(const std::string& keysFile, const std::string& dataDir);
// Opens the store at `url` with up to `poolSize` connections and the keys in `keysFile`,
// applying pending migrations; `timings`, when given, is told of
// connection waits and transaction times. With `createKeys`, a missing keys file is made (fresh
// keys, mode 0600, said on stderr) when the database holds nothing sealed with other keys: a new
// demo or an upgrade from plaintext; for a database sealed before, a missing file stays an error.
Result<std::unique_ptr<Storage>> openDatabase(const std::string& url, int poolSize,
                                              const std::string& keysFile, bool createKeys = false,
                                              DatabaseTimings* timings = nullptr);

} // namespace bilheteria
