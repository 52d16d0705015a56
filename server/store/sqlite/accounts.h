// The SQLite store's AccountStore (core/store/accountstore.h): users, two-factor state and
// sessions.
#pragma once

#include "server/core/store/accountstore.h"

namespace bilheteria {

class SqliteDatabase;

class SqliteAccountStore final : public AccountStore {
public:
    explicit SqliteAccountStore(SqliteDatabase& db);

    Result<User> createUser(const NewUser& user) override;
    Result<UserRecord> findUserByEmail(const std::string& normalizedEmail) override;
    Result<UserRecord> findUserById(Id id) override;
    Result<void> setTotpPending(Id userId, const std::string& secret) override;
    Result<void> confirmTotp(Id userId, std::int64_t step) override;
    Result<bool> claimTotpStep(Id userId, std::int64_t step) override;

    Result<void> createSession(const SessionRecord& session) override;
    Result<User> findSessionUser(const std::string& tokenHash, TimePoint now) override;
    Result<void> deleteSession(const std::string& tokenHash) override;
    Result<std::int64_t> deleteExpiredSessions(TimePoint now) override;

private:
    SqliteDatabase& m_db;
};

} // namespace bilheteria
