// Chooses the Storage implementation from the --database URL's scheme.
#include "server/store/storagefactory.h"

#include <string_view>

#include "server/store/postgres/postgresstorage.h"
#include "server/store/sqlite/sqlitestorage.h"

namespace bilheteria {

Result<std::unique_ptr<Storage>> openStorage(const StorageOptions& options) {
    const std::string_view url = options.url;
    if (url.starts_with("sqlite:")) return SqliteStorage::open(options);
    // Both spellings libpq accepts; the URL goes to libpq unchanged.
    if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
        return PostgresStorage::open(options);
    return fail(Error::invalidField(
        "database", "the database URL must start with sqlite:, postgresql:// or postgres://"));
}

} // namespace bilheteria
