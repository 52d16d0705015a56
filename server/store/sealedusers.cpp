#include "server/store/sealedusers.h"

#include <algorithm>

#include "shared/text.h"

namespace bilheteria {

namespace {

bool sealedUnder(const std::optional<std::string>& value, const std::string& keyId) {
    return !value || FieldCipher::keyIdOf(*value) == keyId;
}

void countValue(const std::optional<std::string>& value, bool sealed,
                std::map<std::string, std::int64_t>& counts) {
    if (!value) return;
    if (!sealed) {
        ++counts[kPlaintextKeyId];
        return;
    }
    // A value no key id can be read from is counted apart, so `keys status` shows it.
    ++counts[FieldCipher::keyIdOf(*value).value_or("malformed")];
}

} // namespace

Result<StoredUserFields> sealNewUser(const FieldCipher& cipher, const NewUser& user) {
    const auto emailLength = user.email.size();
    // As SQLite's lower() did in the old CHECK: ASCII letters only.
    const bool lowerCase = std::none_of(user.email.begin(), user.email.end(),
                                        [](char c) { return c >= 'A' && c <= 'Z'; });
    if (emailLength < 3 || emailLength > 320 || !lowerCase)
        return fail(Error::invalidField("email", "the email is not a normalised address"));
    const auto nameLength = utf8Length(user.name);
    if (nameLength < 1 || nameLength > 200)
        return fail(Error::invalidField("name", "name must have 1 to 200 characters"));
    StoredUserFields stored;
    stored.emailIndex = cipher.emailIndex(user.email);
    stored.email = cipher.seal(kEmailColumn, user.email);
    stored.name = cipher.seal(kNameColumn, user.name);
    return stored;
}

Result<User> openUser(const FieldCipher& cipher, User user, const StoredUserFields& stored) {
    if (!stored.emailIndex) { // stored before encryption: plaintext until resealed
        user.email = stored.email;
        user.name = stored.name;
        return user;
    }
    auto email = cipher.open(kEmailColumn, stored.email);
    if (!email) return fail(std::move(email).error());
    auto name = cipher.open(kNameColumn, stored.name);
    if (!name) return fail(std::move(name).error());
    user.email = std::move(*email);
    user.name = std::move(*name);
    return user;
}

Result<void> openUserFields(const FieldCipher& cipher, const StoredUserFields& stored,
                            UserRecord& record) {
    auto user = openUser(cipher, record.user, stored);
    if (!user) return fail(std::move(user).error());
    record.user = std::move(*user);
    if (!stored.emailIndex) {
        record.totpSecret = stored.totpSecret;
        record.totpPending = stored.totpPending;
        return {};
    }
    auto secret = cipher.openOptional(kTotpColumn, stored.totpSecret);
    if (!secret) return fail(std::move(secret).error());
    auto pending = cipher.openOptional(kTotpColumn, stored.totpPending);
    if (!pending) return fail(std::move(pending).error());
    record.totpSecret = std::move(*secret);
    record.totpPending = std::move(*pending);
    return {};
}

Result<std::optional<StoredUserFields>>
resealUserFields(const FieldCipher& cipher, const StoredUserFields& stored, bool rotate) {
    if (stored.emailIndex) {
        const auto current = cipher.currentKeyId();
        const bool underCurrent =
            sealedUnder(stored.email, current) && sealedUnder(stored.name, current) &&
            sealedUnder(stored.totpSecret, current) && sealedUnder(stored.totpPending, current);
        if (!rotate || underCurrent) return std::optional<StoredUserFields>{};
    }
    UserRecord plain;
    BILHETERIA_CHECK(openUserFields(cipher, stored, plain));
    StoredUserFields sealed;
    // The index of a plaintext row: its e-mail was normalised when it was stored.
    sealed.emailIndex =
        stored.emailIndex ? *stored.emailIndex : cipher.emailIndex(plain.user.email);
    sealed.email = cipher.seal(kEmailColumn, plain.user.email);
    sealed.name = cipher.seal(kNameColumn, plain.user.name);
    sealed.totpSecret = cipher.sealOptional(kTotpColumn, plain.totpSecret);
    sealed.totpPending = cipher.sealOptional(kTotpColumn, plain.totpPending);
    return std::optional<StoredUserFields>{std::move(sealed)};
}

void countUserFields(const StoredUserFields& stored, std::map<std::string, std::int64_t>& counts) {
    const bool sealed = stored.emailIndex.has_value();
    countValue(stored.email, sealed, counts);
    countValue(stored.name, sealed, counts);
    countValue(stored.totpSecret, sealed, counts);
    countValue(stored.totpPending, sealed, counts);
}

} // namespace bilheteria
