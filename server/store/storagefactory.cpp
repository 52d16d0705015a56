// Chooses the Storage implementation from the --database URL's scheme.
#include "server/store/storagefactory.h"

#include <string_view>

#include "server/store/fieldkeys.h"
#include "server/store/postgres/postgresstorage.h"
#include "server/store/sqlite/sqlitestorage.h"

namespace bilheteria {

namespace {

Result<std::unique_ptr<Storage>> openBackend(const StorageOptions& options) {
    const std::string_view url = options.url;
    if (url.starts_with("sqlite:")) return SqliteStorage::open(options);
    // Both spellings libpq accepts; the URL goes to libpq unchanged.
    if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
        return PostgresStorage::open(options);
    return fail(Error::invalidField(
        "database", "the database URL must start with sqlite:, postgresql:// or postgres://"));
}

// Users per transaction when sealing an older version's plaintext at start.
constexpr int kResealBatch = 200;

} // namespace

Result<std::unique_ptr<Storage>> openStorage(const StorageOptions& options) {
    auto storage = openBackend(options);
    if (!storage) return storage;
    if (!options.cipher)
        return fail(Error::invalidField("keys", "no keys to seal personal data with"));
    BILHETERIA_CHECK(checkFieldKeys((*storage)->fieldKeys(), *options.cipher));
    BILHETERIA_CHECK(resealAllUsers((*storage)->fieldKeys(), false, kResealBatch));
    return storage;
}

} // namespace bilheteria
