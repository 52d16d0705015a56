// The one path both stores take between a user's fields as the core sees them and as the
// database keeps them: sealed with the FieldCipher, found by the e-mail's blind index. Each
// store only moves these strings to and from its SQL (sqlite/accounts.cpp,
// postgres/accounts.cpp).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "server/core/store/accountstore.h"
#include "server/core/store/fieldkeystore.h"
#include "server/store/fieldcipher.h"

namespace bilheteria {

// The users columns the cipher covers, as stored. A user whose emailIndex is missing was
// stored before encryption (migration 9) and holds plaintext until resealed.
struct StoredUserFields {
    std::optional<std::string> emailIndex;
    std::string email;
    std::string name;
    std::optional<std::string> totpSecret;
    std::optional<std::string> totpPending;
};

// The associated data of each column. Both TOTP columns share one: confirming moves the
// pending secret to the active column in SQL, without opening it.
inline constexpr char kEmailColumn[] = "users.email";
inline constexpr char kNameColumn[] = "users.name";
inline constexpr char kTotpColumn[] = "users.totp";

// A new user's columns, sealed under the current key. invalid_request for what the schema's
// checks refused before the columns held ciphertext: an e-mail not normalised or not 3 to 320
// characters, a name not 1 to 200.
Result<StoredUserFields> sealNewUser(const FieldCipher& cipher, const NewUser& user);
// The stored columns opened into `record` (whose other fields the store filled).
Result<void> openUserFields(const FieldCipher& cipher, const StoredUserFields& stored,
                            UserRecord& record);
Result<User> openUser(const FieldCipher& cipher, User user, const StoredUserFields& stored);
// The columns to write back so every value is sealed (and, when `rotate`, under the current
// key); nullopt when the user needs no change.
Result<std::optional<StoredUserFields>>
resealUserFields(const FieldCipher& cipher, const StoredUserFields& stored, bool rotate);
// Adds the user's values to the per-key counts of FieldKeyStore::countSealedValues.
void countUserFields(const StoredUserFields& stored, std::map<std::string, std::int64_t>& counts);

} // namespace bilheteria
