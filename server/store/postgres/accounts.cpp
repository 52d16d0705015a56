// The PostgreSQL store's AccountStore (core/store/accountstore.h): users, two-factor state and
// sessions, with their SQL.
#include "server/store/postgres/accounts.h"

#include <pqxx/pqxx>

#include "server/store/auditchain.h"
#include "server/store/postgres/auditlog.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/rows.h"
#include "server/store/sql/accounts.h"

namespace bilheteria {

using namespace postgres;

namespace {

User userFromRow(const pqxx::row& row) {
    return User{row[0].as<Id>(), row[1].as<std::string>(), row[2].as<std::string>(),
                roleFromName(row[3].c_str()).value_or(Role::Buyer)};
}

UserRecord userRecordFromRow(const pqxx::row& row) {
    UserRecord record;
    record.user = userFromRow(row);
    record.passwordHash = row[4].as<std::string>();
    record.totpSecret = optionalText(row[5]);
    record.totpPending = optionalText(row[6]);
    if (!row[7].is_null()) record.totpLastStep = row[7].as<std::int64_t>();
    return record;
}

} // namespace

namespace postgres {

const std::vector<Statement>& accountStatements() {
    static const std::vector<Statement> all{
        // NewUser carries no time: the database's clock stamps the row.
        {"insert_user", "INSERT INTO users (email, name, role, password_hash, created_at) "
                        "VALUES ($1, $2, $3, $4, extract(epoch FROM now())::bigint) RETURNING id"},
        {"user_by_email", sql::kUserByEmail},
        {"user_by_id", sql::kUserById},
        {"user_exists", "SELECT 1 FROM users WHERE id = $1"},
        {"set_totp_pending", sql::kSetTotpPending},
        {"confirm_totp", sql::kConfirmTotp},
        {"claim_totp_step", sql::kClaimTotpStep},
        {"insert_session", sql::kInsertSession},
        {"session_user", sql::kSessionUser},
        {"delete_session", sql::kDeleteSession},
        {"delete_expired_sessions", sql::kDeleteExpiredSessions},
    };
    return all;
}

} // namespace postgres

PostgresAccountStore::PostgresAccountStore(PostgresDatabase& db)
    : m_db(db) {}

Result<User> PostgresAccountStore::createUser(const NewUser& user) {
    return run(
        m_db.pool(), "createUser",
        [&](pqxx::connection& connection) -> Result<User> {
            pqxx::nontransaction tx{connection};
            const auto row = tx.exec_prepared1("insert_user", user.email, user.name,
                                               std::string{roleName(user.role)}, user.passwordHash);
            return User{row[0].as<Id>(), user.email, user.name, user.role};
        },
        // The id comes from the identity column, so users.email is the only unique key an
        // insert can collide on.
        Translations{Error{ErrorCode::EmailTaken, "an account with this email already exists"},
                     std::nullopt});
}

Result<UserRecord> PostgresAccountStore::findUserByEmail(const std::string& normalizedEmail) {
    return run(m_db.pool(), "findUserByEmail",
               [&](pqxx::connection& connection) -> Result<UserRecord> {
                   pqxx::nontransaction tx{connection};
                   const auto rows = tx.exec_prepared("user_by_email", normalizedEmail);
                   if (rows.empty()) return fail(Error::notFound("no account with this email"));
                   return userRecordFromRow(rows[0]);
               });
}

Result<UserRecord> PostgresAccountStore::findUserById(Id id) {
    return run(m_db.pool(), "findUserById",
               [&](pqxx::connection& connection) -> Result<UserRecord> {
                   pqxx::nontransaction tx{connection};
                   const auto rows = tx.exec_prepared("user_by_id", id);
                   if (rows.empty()) return fail(Error::notFound("no account with this id"));
                   return userRecordFromRow(rows[0]);
               });
}

Result<void> PostgresAccountStore::setTotpPending(Id userId, const std::string& secret) {
    return run(m_db.pool(), "setTotpPending", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        if (tx.exec_prepared("set_totp_pending", userId, secret).affected_rows() == 0)
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

Result<User> PostgresAccountStore::findSessionUser(const std::string& tokenHash, TimePoint now) {
    return run(m_db.pool(), "findSessionUser", [&](pqxx::connection& connection) -> Result<User> {
        pqxx::nontransaction tx{connection};
        const auto rows = tx.exec_prepared("session_user", tokenHash, unixSeconds(now));
        if (rows.empty())
            return fail(Error{ErrorCode::Unauthenticated, "the session is unknown or has expired"});
        return userFromRow(rows[0]);
    });
}

Result<void> PostgresAccountStore::deleteSession(const std::string& tokenHash) {
    return run(m_db.pool(), "deleteSession", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        tx.exec_prepared0("delete_session", tokenHash);
        return {};
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

} // namespace bilheteria
