// Personal data at rest (docs/operations.md): what the stores keep about the keys that seal
// users' e-mails, names and TOTP secrets, and the re-sealing of those values under the current
// key. The cipher itself lives in the store (server/store/fieldcipher.h); this part only names
// the work, so the core stays free of SQL and of cryptography.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// A key's check value (an HMAC under the key of a fixed text), kept per key id so a server
// started with a wrong key refuses to start instead of failing at the first login.
struct KeyCheck {
    std::string keyId;
    std::string value;
};

struct ResealBatch {
    std::int64_t examined = 0; // users looked at; 0 when none is left after the given id
    std::int64_t resealed = 0; // users whose values were written again
    Id lastId = 0;             // the highest id looked at: where the next batch starts
};

// The name countSealedValues gives values stored before encryption (migration 9).
inline constexpr char kPlaintextKeyId[] = "plaintext";

class FieldKeyStore {
public:
    virtual ~FieldKeyStore() = default;

    virtual Result<std::vector<KeyCheck>> keyChecks() = 0;
    // Records the check unless the key id has one already (keyChecks then tells which).
    virtual Result<void> addKeyCheck(const KeyCheck& check) = 0;
    virtual Result<void> removeKeyCheck(const std::string& keyId) = 0;
    // One transaction over up to `limit` users with id > afterId, in id order: seals the values
    // of users stored before encryption and, when `rotate`, seals again under the current key
    // every value under another key. Concurrent writers of the same users wait or are waited
    // for; nothing they write is lost.
    virtual Result<ResealBatch> resealUsers(Id afterId, int limit, bool rotate) = 0;
    // How many stored values each key id seals (kPlaintextKeyId: not sealed yet).
    virtual Result<std::map<std::string, std::int64_t>> countSealedValues() = 0;
};

} // namespace bilheteria
