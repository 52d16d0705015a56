// The PostgreSQL store's AccountStore (core/store/accountstore.h): users, two-factor state and
// sessions, with their SQL; the users' personal fields go through sealedusers.h.
#include "server/store/postgres/accounts.h"

#include <pqxx/pqxx>

#include "server/store/auditchain.h"
#include "server/store/postgres/auditlog.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/rows.h"
#include "server/store/sealedusers.h"
#include "server/store/sql/accounts.h"

namespace bilheteria {

using namespace postgres;

namespace {

User userFromRow(const pqxx::row& row) {
    return User{row[0].as<Id>(), {}, {}, roleFromName(row[3].c_str()).value_or(Role::Buyer)};
}

// Columns: id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step,
// email_index.
Result<UserRecord> userRecordFromRow(const FieldCipher& cipher, const pqxx::row& row) {
    UserRecord record;
    record.user = userFromRow(row);
    record.passwordHash = row[4].as<std::string>();
    if (!row[7].is_null()) record.totpLastStep = row[7].as<std::int64_t>();
    BILHETERIA_CHECK(
        openUserFields(cipher,
                       {optionalText(row[8]), row[1].as<std::string>(), row[2].as<std::string>(),
                        optionalText(row[5]), optionalText(row[6])},
                       record));
    return record;
}

// Columns from `first` on: email_index, email, name, totp_secret, totp_pending.
StoredUserFields storedFields(const pqxx::row& row, int first) {
    return {optionalText(row[first]), row[first + 1].as<std::string>(),
            row[first + 2].as<std::string>(), optionalText(row[first + 3]),
            optionalText(row[first + 4])};
}

} // namespace

namespace postgres {

const std::vector<Statement>& accountStatements() {
    static const std::vector<Statement> all{
        // NewUser carries no time: the database's clock stamps the row.
        {"insert_user",
         "INSERT INTO users (email_index, email, name, role, password_hash, created_at) "
         "VALUES ($1, $2, $3, $4, $5, extract(epoch FROM now())::bigint) RETURNING id"},
        {"user_by_email", sql::kUserByEmail},
        {"user_by_id", sql::kUserById},
        {"user_exists", "SELECT 1 FROM users WHERE id = $1"},
        {"set_totp_pending", sql::kSetTotpPending},
        {"confirm_totp", sql::kConfirmTotp},
        {"claim_totp_step", sql::kClaimTotpStep},
        {"insert_session", sql::kInsertSession},
        {"session_user", sql::kSessionUser},
        {"renew_session", sql::kRenewSession},
        {"delete_session", sql::kDeleteSession},
        {"find_sessions", "SELECT token_hash, user_id, created_at, expires_at FROM sessions "
                          "WHERE token_hash = ANY($1::text[])"},
        {"delete_expired_sessions", sql::kDeleteExpiredSessions},
        {"key_checks", sql::kKeyChecks},
        {"insert_key_check", sql::kInsertKeyCheck},
        {"delete_key_check", sql::kDeleteKeyCheck},
        // Locked until the batch commits: a concurrent write of the same user waits for the
        // resealed values, or the batch reads what it wrote.
        {"users_to_reseal", std::string(sql::kUsersToReseal) + " FOR UPDATE"},
        {"plaintext_users_to_reseal", std::string(sql::kPlaintextUsersToReseal) + " FOR UPDATE"},
        {"reseal_user", sql::kResealUser},
        {"sealed_values", sql::kSealedValues},
    };
    return all;
}

} // namespace postgres

PostgresAccountStore::PostgresAccountStore(PostgresDatabase& db,
                                           std::shared_ptr<const FieldCipher> cipher)
    : m_db(db)
    , m_cipher(std::move(cipher)) {}

Result<User> PostgresAccountStore::createUser(const NewUser& user) {
    auto sealed = sealNewUser(*m_cipher, user);
    if (!sealed) return fail(std::move(sealed).error());
    return run(
        m_db.pool(), "createUser",
        [&](pqxx::connection& connection) -> Result<User> {
            pqxx::nontransaction tx{connection};
            const auto row =
                tx.exec_prepared1("insert_user", sealed->emailIndex, sealed->email, sealed->name,
                                  std::string{roleName(user.role)}, user.passwordHash);
            return User{row[0].as<Id>(), user.email, user.name, user.role};
        },
        // The id comes from the identity column, so users.email_index (the e-mail's blind
        // index) is the only unique key an insert can collide on.
        Translations{Error{ErrorCode::EmailTaken, "an account with this email already exists"},
                     std::nullopt});
}

Result<UserRecord> PostgresAccountStore::findUserByEmail(const std::string& normalizedEmail) {
    return run(m_db.pool(), "findUserByEmail",
               [&](pqxx::connection& connection) -> Result<UserRecord> {
                   pqxx::nontransaction tx{connection};
                   const auto rows =
                       tx.exec_prepared("user_by_email", m_cipher->emailIndex(normalizedEmail));
                   if (rows.empty()) return fail(Error::notFound("no account with this email"));
                   return userRecordFromRow(*m_cipher, rows[0]);
               });
}

Result<UserRecord> PostgresAccountStore::findUserById(Id id) {
    return run(m_db.pool(), "findUserById",
               [&](pqxx::connection& connection) -> Result<UserRecord> {
                   pqxx::nontransaction tx{connection};
                   const auto rows = tx.exec_prepared("user_by_id", id);
                   if (rows.empty()) return fail(Error::notFound("no account with this id"));
                   return userRecordFromRow(*m_cipher, rows[0]);
               });
}

Result<void> PostgresAccountStore::setTotpPending(Id userId, const std::string& secret) {
    return run(m_db.pool(), "setTotpPending", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        if (tx.exec_prepared("set_totp_pending", userId, m_cipher->seal(kTotpColumn, secret))
                .affected_rows() == 0)
            return fail(Error::notFound("no account with this id"));
        return {};
    });
}

Result<void> PostgresAccountStore::confirmTotp(Id userId, std::int64_t step) {
    return run(m_db.pool(), "confirmTotp", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        if (tx.exec_prepared("confirm_totp", userId, step).affected_rows() == 1) return {};
        // Nothing changed: tell a missing account from one with nothing to confirm.
        if (tx.exec_prepared("user_exists", userId).empty())
            return fail(Error::notFound("no account with this id"));
        return fail(Error{ErrorCode::Conflict, "there is no two-factor enrollment to confirm"});
    });
}

Result<bool> PostgresAccountStore::claimTotpStep(Id userId, std::int64_t step) {
    return run(m_db.pool(), "claimTotpStep", [&](pqxx::connection& connection) -> Result<bool> {
        pqxx::nontransaction tx{connection};
        return tx.exec_prepared("claim_totp_step", userId, step).affected_rows() == 1;
    });
}

Result<void> PostgresAccountStore::createSession(const SessionRecord& session) {
    return run(
        m_db.pool(), "createSession",
        [&](pqxx::connection& connection) -> Result<void> {
            pqxx::work tx{connection};
            tx.exec_prepared0("insert_session", session.tokenHash, session.userId,
                              unixSeconds(session.createdAt), unixSeconds(session.expiresAt));
            appendAudit(tx, auditChainFor(session.userId), session.createdAt, session.userId,
                        "user.login", "user:" + std::to_string(session.userId), "{}");
            tx.commit();
            return {};
        },
        Translations{std::nullopt, Error::notFound("no account with this id")});
}

Result<SessionUser> PostgresAccountStore::findSessionUser(const std::string& tokenHash,
                                                          TimePoint now) {
    return run(
        m_db.pool(), "findSessionUser", [&](pqxx::connection& connection) -> Result<SessionUser> {
            pqxx::nontransaction tx{connection};
            const auto rows = tx.exec_prepared("session_user", tokenHash, unixSeconds(now));
            if (rows.empty())
                return fail(
                    Error{ErrorCode::Unauthenticated, "the session is unknown or has expired"});
            // Columns: id, email, name, role, email_index, created_at, expires_at.
            const auto& row = rows[0];
            BILHETERIA_TRY(user, openUser(*m_cipher, userFromRow(row),
                                          {optionalText(row[4]), row[1].as<std::string>(),
                                           row[2].as<std::string>(), std::nullopt, std::nullopt}));
            return SessionUser{std::move(user), fromUnixSeconds(row[5].as<std::int64_t>()),
                               fromUnixSeconds(row[6].as<std::int64_t>())};
        });
}

Result<bool> PostgresAccountStore::renewSession(const std::string& tokenHash, TimePoint now,
                                                TimePoint expiresAt) {
    return run(m_db.pool(), "renewSession", [&](pqxx::connection& connection) -> Result<bool> {
        pqxx::nontransaction tx{connection};
        return tx.exec_prepared0("renew_session", tokenHash, unixSeconds(now),
                                 unixSeconds(expiresAt))
                   .affected_rows() == 1;
    });
}

Result<void> PostgresAccountStore::deleteSession(const std::string& tokenHash) {
    return run(m_db.pool(), "deleteSession", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        tx.exec_prepared0("delete_session", tokenHash);
        return {};
    });
}

Result<std::vector<SessionRecord>>
PostgresAccountStore::findSessions(const std::vector<std::string>& tokenHashes) {
    return run(m_db.pool(), "findSessions",
               [&](pqxx::connection& connection) -> Result<std::vector<SessionRecord>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<SessionRecord> found;
                   for (const auto& row : tx.exec_prepared("find_sessions", textArray(tokenHashes)))
                       found.push_back({row[0].as<std::string>(), row[1].as<Id>(),
                                        fromUnixSeconds(row[2].as<std::int64_t>()),
                                        fromUnixSeconds(row[3].as<std::int64_t>())});
                   return found;
               });
}

Result<std::int64_t> PostgresAccountStore::deleteExpiredSessions(TimePoint now) {
    return run(
        m_db.pool(), "deleteExpiredSessions",
        [&](pqxx::connection& connection) -> Result<std::int64_t> {
            pqxx::nontransaction tx{connection};
            return static_cast<std::int64_t>(
                tx.exec_prepared0("delete_expired_sessions", unixSeconds(now)).affected_rows());
        });
}

Result<std::vector<KeyCheck>> PostgresAccountStore::keyChecks() {
    return run(m_db.pool(), "keyChecks",
               [&](pqxx::connection& connection) -> Result<std::vector<KeyCheck>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<KeyCheck> checks;
                   for (const auto& row : tx.exec_prepared("key_checks"))
                       checks.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
                   return checks;
               });
}

Result<void> PostgresAccountStore::addKeyCheck(const KeyCheck& check) {
    return run(m_db.pool(), "addKeyCheck", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        tx.exec_prepared0("insert_key_check", check.keyId, check.value);
        return {};
    });
}

Result<void> PostgresAccountStore::removeKeyCheck(const std::string& keyId) {
    return run(m_db.pool(), "removeKeyCheck", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        tx.exec_prepared0("delete_key_check", keyId);
        return {};
    });
}

Result<ResealBatch> PostgresAccountStore::resealUsers(Id afterId, int limit, bool rotate) {
    return run(
        m_db.pool(), "resealUsers", [&](pqxx::connection& connection) -> Result<ResealBatch> {
            pqxx::work tx{connection};
            const auto rows = tx.exec_prepared(
                rotate ? "users_to_reseal" : "plaintext_users_to_reseal", afterId, limit);
            ResealBatch batch;
            for (const auto& row : rows) {
                ++batch.examined;
                batch.lastId = row[0].as<Id>();
                auto resealed = resealUserFields(*m_cipher, storedFields(row, 1), rotate);
                if (!resealed) return fail(std::move(resealed).error());
                if (!*resealed) continue;
                const auto& fields = **resealed;
                tx.exec_prepared0("reseal_user", batch.lastId, fields.emailIndex, fields.email,
                                  fields.name, fields.totpSecret, fields.totpPending);
                ++batch.resealed;
            }
            tx.commit();
            return batch;
        });
}

Result<std::map<std::string, std::int64_t>> PostgresAccountStore::countSealedValues() {
    return run(m_db.pool(), "countSealedValues",
               [&](pqxx::connection& connection) -> Result<std::map<std::string, std::int64_t>> {
                   pqxx::nontransaction tx{connection};
                   std::map<std::string, std::int64_t> counts;
                   for (const auto& row : tx.exec_prepared("sealed_values"))
                       countUserFields(storedFields(row, 0), counts);
                   return counts;
               });
}

} // namespace bilheteria
