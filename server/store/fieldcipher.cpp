#include "server/store/fieldcipher.h"

#include <algorithm>
#include <set>

#include "shared/crypto/crypto.h"

namespace bilheteria {

namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::string_view kCheckMessage = "bilheteria key check";

// The column and the key id: a value only opens where and under what it was sealed.
std::string associatedData(std::string_view keyId, std::string_view column) {
    return std::string("bilheteria/") + std::string(kVersion) + "/" + std::string(keyId) + "/" +
           std::string(column);
}

Error sealedError(std::string message) {
    return Error::internal(std::move(message));
}

} // namespace

bool FieldCipher::validKeyId(std::string_view id) {
    return !id.empty() && id.size() <= 32 && id != kIndexKeyId &&
           std::all_of(id.begin(), id.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

Result<std::shared_ptr<const FieldCipher>> FieldCipher::create(FieldKeys keys, Reload reload) {
    std::set<std::string> ids;
    for (const auto& key : keys.keys) {
        if (!validKeyId(key.id))
            return fail(Error::invalidField("keys", "a key id must be 1 to 32 of a-z and 0-9, "
                                                    "and not \"index\": \"" +
                                                        key.id + "\""));
        if (key.key.size() != crypto::kAes256KeyBytes)
            return fail(Error::invalidField("keys", "key " + key.id + " is not 32 bytes"));
        if (!ids.insert(key.id).second)
            return fail(Error::invalidField("keys", "key " + key.id + " appears twice"));
    }
    if (!ids.contains(keys.currentKeyId))
        return fail(Error::invalidField("keys", "no current key among the keys"));
    if (keys.indexKey.size() != crypto::kAes256KeyBytes)
        return fail(Error::invalidField("keys", "the index key is not 32 bytes"));
    return std::shared_ptr<const FieldCipher>(new FieldCipher(std::move(keys), std::move(reload)));
}

FieldCipher::FieldCipher(FieldKeys keys, Reload reload)
    : m_keys(std::move(keys))
    , m_reload(std::move(reload)) {}

std::optional<std::string> FieldCipher::keyIdOf(std::string_view sealed) {
    if (!sealed.starts_with(kVersion) || sealed.size() <= kVersion.size() ||
        sealed[kVersion.size()] != '.')
        return std::nullopt;
    sealed.remove_prefix(kVersion.size() + 1);
    const auto dot = sealed.find('.');
    if (dot == std::string_view::npos || !validKeyId(sealed.substr(0, dot))) return std::nullopt;
    return std::string(sealed.substr(0, dot));
}

std::optional<std::string> FieldCipher::key(std::string_view id) const {
    std::lock_guard lock(m_mutex);
    auto find = [&]() -> std::optional<std::string> {
        for (const auto& key : m_keys.keys)
            if (key.id == id) return key.key;
        return std::nullopt;
    };
    if (auto found = find()) return found;
    if (!m_reload) return std::nullopt;
    // Only keys are added: the current key and the index key stay what this process verified
    // against the database at start.
    if (auto reloaded = m_reload()) {
        for (auto& candidate : reloaded->keys) {
            const bool known = std::any_of(m_keys.keys.begin(), m_keys.keys.end(),
                                           [&](const FieldKey& k) { return k.id == candidate.id; });
            if (!known && validKeyId(candidate.id) &&
                candidate.key.size() == crypto::kAes256KeyBytes)
                m_keys.keys.push_back(std::move(candidate));
        }
    }
    return find();
}

std::string FieldCipher::seal(std::string_view column, std::string_view plaintext) const {
    const std::string keyId = currentKeyId();
    const auto currentKey = key(keyId);
    const auto nonce = crypto::randomBytes(crypto::kAesGcmNonceBytes);
    const auto sealed =
        crypto::aes256GcmSeal(*currentKey, nonce, associatedData(keyId, column), plaintext);
    return std::string(kVersion) + "." + keyId + "." + crypto::base64UrlEncode(nonce + sealed);
}

std::optional<std::string>
FieldCipher::sealOptional(std::string_view column,
                          const std::optional<std::string>& plaintext) const {
    if (!plaintext) return std::nullopt;
    return seal(column, *plaintext);
}

Result<std::string> FieldCipher::open(std::string_view column, std::string_view sealed) const {
    const auto keyId = keyIdOf(sealed);
    if (!keyId) return fail(sealedError("a stored " + std::string(column) + " is not sealed"));
    const auto keyBytes = key(*keyId);
    if (!keyBytes)
        return fail(sealedError("a stored " + std::string(column) + " is sealed under key " +
                                *keyId + ", which the keys file does not hold"));
    const auto bytes = crypto::base64UrlDecode(sealed.substr(kVersion.size() + keyId->size() + 2));
    if (!bytes || bytes->size() < crypto::kAesGcmNonceBytes + crypto::kAesGcmTagBytes)
        return fail(sealedError("a stored " + std::string(column) + " is malformed"));
    const std::string_view all = *bytes;
    auto plaintext = crypto::aes256GcmOpen(*keyBytes, all.substr(0, crypto::kAesGcmNonceBytes),
                                           associatedData(*keyId, column),
                                           all.substr(crypto::kAesGcmNonceBytes));
    if (!plaintext)
        return fail(sealedError("a stored " + std::string(column) + " does not open under key " +
                                *keyId + " (a wrong key, or a changed value)"));
    return std::move(*plaintext);
}

Result<std::optional<std::string>>
FieldCipher::openOptional(std::string_view column, const std::optional<std::string>& sealed) const {
    if (!sealed) return std::optional<std::string>{};
    auto opened = open(column, *sealed);
    if (!opened) return fail(std::move(opened).error());
    return std::optional<std::string>{std::move(*opened)};
}

std::string FieldCipher::emailIndex(std::string_view normalizedEmail) const {
    std::lock_guard lock(m_mutex);
    return crypto::hexEncode(crypto::hmacSha256(m_keys.indexKey, normalizedEmail));
}

std::string FieldCipher::currentKeyId() const {
    std::lock_guard lock(m_mutex);
    return m_keys.currentKeyId;
}

std::vector<std::string> FieldCipher::keyIds() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> ids;
    for (const auto& key : m_keys.keys)
        ids.push_back(key.id);
    return ids;
}

std::optional<std::string> FieldCipher::keyCheck(std::string_view keyId) const {
    std::optional<std::string> bytes;
    if (keyId == kIndexKeyId) {
        std::lock_guard lock(m_mutex);
        bytes = m_keys.indexKey;
    } else {
        bytes = key(keyId);
    }
    if (!bytes) return std::nullopt;
    return crypto::hexEncode(crypto::hmacSha256(*bytes, kCheckMessage));
}

} // namespace bilheteria
