// The SQLite store's accounts part (accounts.h): users, two-factor state and sessions, with
// their SQL.
#include "server/store/sqlite/accounts.h"

#include "server/store/auditchain.h"
#include "server/store/sql/accounts.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"

namespace bilheteria {

using sqlite::Connection;
using sqlite::Statement;

namespace {

UserRecord readUser(const Statement& row) {
    // Columns: id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step
    UserRecord record;
    record.user.id = row.integer(0);
    record.user.email = row.text(1);
    record.user.name = row.text(2);
    record.user.role = roleFromName(row.text(3)).value_or(Role::Buyer);
    record.passwordHash = row.text(4);
    record.totpSecret = row.optionalText(5);
    record.totpPending = row.optionalText(6);
    record.totpLastStep = row.optionalInteger(7);
    return record;
}

} // namespace

SqliteAccountStore::SqliteAccountStore(SqliteDatabase& db)
    : m_db(db) {}

Result<User> SqliteAccountStore::createUser(const NewUser& user) {
    return m_db.transaction<User>(true, [&](Connection& db) -> Result<User> {
        auto insert = db.prepare("INSERT INTO users (email, name, role, password_hash, "
                                 "created_at) VALUES (?, ?, ?, ?, strftime('%s', 'now'))");
        insert.bind(1, user.email)
            .bind(2, user.name)
            .bind(3, std::string(roleName(user.role)))
            .bind(4, user.passwordHash);
        insert.run();
        return User{db.lastInsertId(), user.email, user.name, user.role};
    });
}

Result<UserRecord> SqliteAccountStore::findUserByEmail(const std::string& normalizedEmail) {
    return m_db.transaction<UserRecord>(false, [&](Connection& db) -> Result<UserRecord> {
        auto row = db.prepare(sql::kUserByEmail);
        row.bind(1, normalizedEmail);
        if (!row.step()) return fail(Error::notFound("no account with this email"));
        return readUser(row);
    });
}

Result<UserRecord> SqliteAccountStore::findUserById(Id id) {
    return m_db.transaction<UserRecord>(false, [&](Connection& db) -> Result<UserRecord> {
        auto row = db.prepare(sql::kUserById);
        row.bind(1, id);
        if (!row.step()) return fail(Error::notFound("no such user"));
        return readUser(row);
    });
}

Result<void> SqliteAccountStore::setTotpPending(Id userId, const std::string& secret) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare(sql::kSetTotpPending);
        update.bind(1, userId).bind(2, secret);
        update.run();
        if (db.changes() == 0) return fail(Error::notFound("no such user"));
        return {};
    });
}

Result<void> SqliteAccountStore::confirmTotp(Id userId, std::int64_t step) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare(sql::kConfirmTotp);
        update.bind(1, userId).bind(2, step);
        update.run();
        if (db.changes() == 0) return fail(Error::notFound("no pending TOTP enrollment"));
        return {};
    });
}

Result<bool> SqliteAccountStore::claimTotpStep(Id userId, std::int64_t step) {
    return m_db.transaction<bool>(true, [&](Connection& db) -> Result<bool> {
        auto update = db.prepare(sql::kClaimTotpStep);
        update.bind(1, userId).bind(2, step);
        update.run();
        return db.changes() == 1;
    });
}

Result<void> SqliteAccountStore::createSession(const SessionRecord& session) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto insert = db.prepare(sql::kInsertSession);
        insert.bind(1, session.tokenHash)
            .bind(2, session.userId)
            .bind(3, session.createdAt)
            .bind(4, session.expiresAt);
        insert.run();
        appendAudit(db, auditChainFor(session.userId), session.createdAt, session.userId,
                    "user.login", "user:" + std::to_string(session.userId), "{}");
        return {};
    });
}

Result<User> SqliteAccountStore::findSessionUser(const std::string& tokenHash, TimePoint now) {
    return m_db.transaction<User>(false, [&](Connection& db) -> Result<User> {
        auto row = db.prepare(sql::kSessionUser);
        row.bind(1, tokenHash).bind(2, now);
        if (!row.step())
            return fail(Error{ErrorCode::Unauthenticated, "the session is unknown or has expired"});
        return User{row.integer(0), row.text(1), row.text(2),
                    roleFromName(row.text(3)).value_or(Role::Buyer)};
    });
}

Result<void> SqliteAccountStore::deleteSession(const std::string& tokenHash) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto remove = db.prepare(sql::kDeleteSession);
        remove.bind(1, tokenHash);
        remove.run();
        return {};
    });
}

Result<std::int64_t> SqliteAccountStore::deleteExpiredSessions(TimePoint now) {
    return m_db.transaction<std::int64_t>(true, [&](Connection& db) -> Result<std::int64_t> {
        auto remove = db.prepare(sql::kDeleteExpiredSessions);
        remove.bind(1, now);
        remove.run();
        return db.changes();
    });
}

} // namespace bilheteria
