// The keys file against the database (docs/operations.md): what openStorage checks before a
// store serves, and the resealing `keys rotate` and the upgrade from plaintext run in batches.
#pragma once

#include <cstdint>
#include <functional>

#include "server/core/store/fieldkeystore.h"
#include "server/store/fieldcipher.h"

namespace bilheteria {

// Fails, naming the key, when the database keeps a check value the cipher's key does not match
// (a wrong key), or keeps one for a key id the cipher lacks while values are still sealed under
// it. Then records the checks of the cipher's keys the database does not know yet, and drops the
// check of a key no value uses any more and the file no longer holds (a key retired after
// rotation).
Result<void> checkFieldKeys(FieldKeyStore& store, const FieldCipher& cipher);

// Reseals users in batches of `batchSize`, each its own transaction, until none is left: only
// those stored before encryption, or (`rotate`) every value not under the current key. Safe to
// stop and run again, and beside running servers. Returns how many users were written.
Result<std::int64_t> resealAllUsers(FieldKeyStore& store, bool rotate, int batchSize,
                                    const std::function<void(const ResealBatch&)>& progress = {});

} // namespace bilheteria
