#include "server/store/fieldkeys.h"

#include <algorithm>

namespace bilheteria {

namespace {

Error keysError(std::string message) {
    return Error::invalidField("keys", std::move(message));
}

} // namespace

Result<void> checkFieldKeys(FieldKeyStore& store, const FieldCipher& cipher) {
    auto checks = store.keyChecks();
    if (!checks) return fail(std::move(checks).error());
    // The sealing keys first: with another installation's file, the key is what to name.
    std::stable_partition(checks->begin(), checks->end(), [](const KeyCheck& check) {
        return check.keyId != FieldCipher::kIndexKeyId;
    });
    const auto fileIds = cipher.keyIds();
    std::optional<std::map<std::string, std::int64_t>> counts; // counted once, when needed
    for (const auto& check : *checks) {
        const auto expected = cipher.keyCheck(check.keyId);
        if (!expected) {
            if (!counts) {
                auto counted = store.countSealedValues();
                if (!counted) return fail(std::move(counted).error());
                counts = std::move(*counted);
            }
            if (counts->contains(check.keyId))
                return fail(keysError("key " + check.keyId + " seals " +
                                      std::to_string(counts->at(check.keyId)) +
                                      " value(s) in the database but is missing from the keys "
                                      "file; restore it from the backup of the keys file"));
            BILHETERIA_CHECK(store.removeKeyCheck(check.keyId));
            continue;
        }
        if (*expected != check.value)
            return fail(keysError(
                check.keyId == FieldCipher::kIndexKeyId
                    ? std::string("the index key in the keys file is not the one this database "
                                  "was written with (a wrong keys file?)")
                    : "key " + check.keyId +
                          " in the keys file is not the one this database was written with (a "
                          "wrong keys file?)"));
    }
    auto record = [&](const std::string& id) -> Result<void> {
        const bool known = std::any_of(checks->begin(), checks->end(),
                                       [&](const KeyCheck& check) { return check.keyId == id; });
        if (known) return {};
        BILHETERIA_CHECK(store.addKeyCheck({id, *cipher.keyCheck(id)}));
        return {};
    };
    for (const auto& id : fileIds)
        BILHETERIA_CHECK(record(id));
    BILHETERIA_CHECK(record(std::string(FieldCipher::kIndexKeyId)));
    // Another server may have recorded a check between the read and the insert (which then did
    // nothing): read them again, so a different key of the same id is still caught.
    auto after = store.keyChecks();
    if (!after) return fail(std::move(after).error());
    for (const auto& check : *after)
        if (const auto expected = cipher.keyCheck(check.keyId);
            expected && *expected != check.value)
            return fail(keysError("key " + check.keyId +
                                  " in the keys file is not the one this database was written "
                                  "with (a wrong keys file?)"));
    return {};
}

Result<std::int64_t> resealAllUsers(FieldKeyStore& store, bool rotate, int batchSize,
                                    const std::function<void(const ResealBatch&)>& progress) {
    std::int64_t written = 0;
    Id after = 0;
    for (;;) {
        auto batch = store.resealUsers(after, batchSize, rotate);
        if (!batch) return fail(std::move(batch).error());
        if (batch->examined == 0) return written;
        written += batch->resealed;
        after = batch->lastId;
        if (progress) progress(*batch);
    }
}

} // namespace bilheteria
