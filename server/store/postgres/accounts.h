// The PostgreSQL store's AccountStore (core/store/accountstore.h): users, two-factor state and
// sessions; and its FieldKeyStore (core/store/fieldkeystore.h): the keys' checks and resealing.
#pragma once

#include <memory>

#include "server/core/store/accountstore.h"
#include "server/core/store/fieldkeystore.h"

namespace bilheteria {

class PostgresDatabase;
class FieldCipher;

class PostgresAccountStore final : public AccountStore, public FieldKeyStore {
public:
    PostgresAccountStore(PostgresDatabase& db, std::shared_ptr<const FieldCipher> cipher);

    Result<User> createUser(const NewUser& user) override;
    Result<UserRecord> findUserByEmail(const std::string& normalizedEmail) override;
    Result<UserRecord> findUserById(Id id) override;
    Result<void> setTotpPending(Id userId, const std::string& secret) override;
    Result<void> confirmTotp(Id userId, std::int64_t step) override;
    Result<bool> claimTotpStep(Id userId, std::int64_t step) override;

    Result<void> createSession(const SessionRecord& session) override;
    Result<SessionUser> findSessionUser(const std::string& tokenHash, TimePoint now) override;
    Result<bool> renewSession(const std::string& tokenHash, TimePoint now,
                              TimePoint expiresAt) override;
    Result<void> deleteSession(const std::string& tokenHash) override;
    Result<std::vector<SessionRecord>>
    findSessions(const std::vector<std::string>& tokenHashes) override;
    Result<std::int64_t> deleteExpiredSessions(TimePoint now) override;

    Result<std::vector<KeyCheck>> keyChecks() override;
    Result<void> addKeyCheck(const KeyCheck& check) override;
    Result<void> removeKeyCheck(const std::string& keyId) override;
    Result<ResealBatch> resealUsers(Id afterId, int limit, bool rotate) override;
    Result<std::map<std::string, std::int64_t>> countSealedValues() override;

private:
    PostgresDatabase& m_db;
    std::shared_ptr<const FieldCipher> m_cipher;
};

} // namespace bilheteria
