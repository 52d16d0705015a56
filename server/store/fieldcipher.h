// Personal data at rest (docs/operations.md): the cipher the stores seal users' e-mails,
// names and TOTP secrets with before they reach the database, and the keyed blind index that
// finds an account by e-mail without storing the e-mail. AES-256-GCM and HMAC-SHA256 through
// shared/crypto (OpenSSL); nothing here is hand-written crypto.
//
// A sealed value is text that names its own format and key, so keys can rotate while old
// values stay readable:  "v1.<key id>.<base64url(12-byte nonce | ciphertext | 16-byte tag)>".
// The associated data binds the column (and the key id), so a value moved to another column
// fails to open.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace bilheteria {

struct FieldKey {
    std::string id;  // [a-z0-9]{1,32}, not "index"
    std::string key; // 32 raw bytes
};

struct FieldKeys {
    std::vector<FieldKey> keys;
    std::string currentKeyId; // the key new values are sealed with
    std::string indexKey;     // 32 raw bytes: the blind index's HMAC key
};

class FieldCipher {
public:
    // The name the blind-index key's check value is kept under (never a key id).
    static constexpr std::string_view kIndexKeyId = "index";

    // Called when a value names a key this cipher does not hold: a server started before
    // `keys rotate` reads the keys file again and learns the new key. nullopt: nothing new.
    using Reload = std::function<std::optional<FieldKeys>()>;

    // invalid_request when a key is not 32 bytes, an id is malformed or repeated, or the
    // current key is not among the keys.
    static Result<std::shared_ptr<const FieldCipher>> create(FieldKeys keys, Reload reload = {});
    static bool validKeyId(std::string_view id);
    // The key id a sealed value names; nullopt for text that is not a sealed value.
    static std::optional<std::string> keyIdOf(std::string_view sealed);

    // Under the current key with a fresh random nonce.
    std::string seal(std::string_view column, std::string_view plaintext) const;
    std::optional<std::string> sealOptional(std::string_view column,
                                            const std::optional<std::string>& plaintext) const;
    // internal when the value is malformed, names a key the keys file lacks, or fails
    // authentication (a wrong key, a changed byte, a value moved from another column).
    Result<std::string> open(std::string_view column, std::string_view sealed) const;
    Result<std::optional<std::string>> openOptional(std::string_view column,
                                                    const std::optional<std::string>& sealed) const;

    // The blind index of an already-normalised e-mail: hex HMAC-SHA256 under the index key.
    std::string emailIndex(std::string_view normalizedEmail) const;

    std::string currentKeyId() const;
    std::vector<std::string> keyIds() const;
    // hex HMAC-SHA256(key, "bilheteria key check") of a key id or kIndexKeyId; the database
    // keeps one per key so a wrong key is found at start, not at the first login.
    std::optional<std::string> keyCheck(std::string_view keyId) const;

private:
    explicit FieldCipher(FieldKeys keys, Reload reload);
    // The key `id` names, reloading the keys once when it is unknown.
    std::optional<std::string> key(std::string_view id) const;

    mutable std::mutex m_mutex; // guards m_keys (a reload adds keys)
    mutable FieldKeys m_keys;
    Reload m_reload;
};

} // namespace bilheteria
