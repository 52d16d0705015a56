// The SQLite store's accounts part (accounts.h): users, two-factor state and sessions, with
// their SQL; the users' personal fields go through sealedusers.h.
#include "server/store/sqlite/accounts.h"

#include "server/store/auditchain.h"
#include "server/store/sealedusers.h"
#include "server/store/sql/accounts.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"

namespace bilheteria {

using sqlite::Connection;
using sqlite::Statement;

namespace {

Result<UserRecord> readUser(const FieldCipher& cipher, const Statement& row) {
    // Columns: id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step,
    // email_index
    UserRecord record;
    record.user.id = row.integer(0);
    record.user.role = roleFromName(row.text(3)).value_or(Role::Buyer);
    record.passwordHash = row.text(4);
    record.totpLastStep = row.optionalInteger(7);
    BILHETERIA_CHECK(openUserFields(
        cipher,
        {row.optionalText(8), row.text(1), row.text(2), row.optionalText(5), row.optionalText(6)},
        record));
    return record;
}

// Columns: id, email_index, email, name, totp_secret, totp_pending (sql::kUsersToReseal).
StoredUserFields storedFields(const Statement& row, int first) {
    return {row.optionalText(first), row.text(first + 1), row.text(first + 2),
            row.optionalText(first + 3), row.optionalText(first + 4)};
}

} // namespace

SqliteAccountStore::SqliteAccountStore(SqliteDatabase& db,
                                       std::shared_ptr<const FieldCipher> cipher)
    : m_db(db)
    , m_cipher(std::move(cipher)) {}

Result<User> SqliteAccountStore::createUser(const NewUser& user) {
    auto sealed = sealNewUser(*m_cipher, user);
    if (!sealed) return fail(std::move(sealed).error());
    return m_db.transaction<User>(true, [&](Connection& db) -> Result<User> {
        auto insert =
            db.prepare("INSERT INTO users (email_index, email, name, role, password_hash, "
                       "created_at) VALUES (?, ?, ?, ?, ?, strftime('%s', 'now'))");
        insert.bind(1, sealed->emailIndex)
            .bind(2, sealed->email)
            .bind(3, sealed->name)
            .bind(4, std::string(roleName(user.role)))
            .bind(5, user.passwordHash);
        insert.run();
        return User{db.lastInsertId(), user.email, user.name, user.role};
    });
}

Result<UserRecord> SqliteAccountStore::findUserByEmail(const std::string& normalizedEmail) {
    return m_db.transaction<UserRecord>(false, [&](Connection& db) -> Result<UserRecord> {
        auto row = db.prepare(sql::kUserByEmail);
        row.bind(1, m_cipher->emailIndex(normalizedEmail));
        if (!row.step()) return fail(Error::notFound("no account with this email"));
        return readUser(*m_cipher, row);
    });
}

Result<UserRecord> SqliteAccountStore::findUserById(Id id) {
    return m_db.transaction<UserRecord>(false, [&](Connection& db) -> Result<UserRecord> {
        auto row = db.prepare(sql::kUserById);
        row.bind(1, id);
        if (!row.step()) return fail(Error::notFound("no such user"));
        return readUser(*m_cipher, row);
    });
}

Result<void> SqliteAccountStore::setTotpPending(Id userId, const std::string& secret) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto update = db.prepare(sql::kSetTotpPending);
        update.bind(1, userId).bind(2, m_cipher->seal(kTotpColumn, secret));
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

Result<SessionUser> SqliteAccountStore::findSessionUser(const std::string& tokenHash,
                                                        TimePoint now) {
    return m_db.transaction<SessionUser>(false, [&](Connection& db) -> Result<SessionUser> {
        auto row = db.prepare(sql::kSessionUser);
        row.bind(1, tokenHash).bind(2, now);
        if (!row.step())
            return fail(Error{ErrorCode::Unauthenticated, "the session is unknown or has expired"});
        BILHETERIA_TRY(
            user,
            openUser(*m_cipher,
                     User{row.integer(0), {}, {}, roleFromName(row.text(3)).value_or(Role::Buyer)},
                     {row.optionalText(4), row.text(1), row.text(2), {}, {}}));
        return SessionUser{std::move(user), row.time(5), row.time(6)};
    });
}

Result<bool> SqliteAccountStore::renewSession(const std::string& tokenHash, TimePoint now,
                                              TimePoint expiresAt) {
    return m_db.transaction<bool>(true, [&](Connection& db) -> Result<bool> {
        auto update = db.prepare(sql::kRenewSession);
        update.bind(1, tokenHash).bind(2, now).bind(3, expiresAt);
        update.run();
        return db.changes() == 1;
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

Result<std::vector<SessionRecord>>
SqliteAccountStore::findSessions(const std::vector<std::string>& tokenHashes) {
    // One primary-key lookup each, in one read transaction: in-process, cheaper than building
    // an IN list.
    return m_db.transaction<std::vector<SessionRecord>>(
        false, [&](Connection& db) -> Result<std::vector<SessionRecord>> {
            std::vector<SessionRecord> found;
            for (const std::string& hash : tokenHashes) {
                auto row = db.prepare(sql::kSession); // cached by the connection
                row.bind(1, hash);
                if (row.step())
                    found.push_back({row.text(0), row.integer(1), row.time(2), row.time(3)});
            }
            return found;
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

Result<std::vector<KeyCheck>> SqliteAccountStore::keyChecks() {
    return m_db.transaction<std::vector<KeyCheck>>(
        false, [&](Connection& db) -> Result<std::vector<KeyCheck>> {
            auto row = db.prepare(sql::kKeyChecks);
            std::vector<KeyCheck> checks;
            while (row.step())
                checks.push_back({row.text(0), row.text(1)});
            return checks;
        });
}

Result<void> SqliteAccountStore::addKeyCheck(const KeyCheck& check) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto insert = db.prepare(sql::kInsertKeyCheck);
        insert.bind(1, check.keyId).bind(2, check.value);
        insert.run();
        return {};
    });
}

Result<void> SqliteAccountStore::removeKeyCheck(const std::string& keyId) {
    return m_db.transaction<void>(true, [&](Connection& db) -> Result<void> {
        auto remove = db.prepare(sql::kDeleteKeyCheck);
        remove.bind(1, keyId);
        remove.run();
        return {};
    });
}

Result<ResealBatch> SqliteAccountStore::resealUsers(Id afterId, int limit, bool rotate) {
    // A write transaction: no other writer changes these users between the read and the write.
    return m_db.transaction<ResealBatch>(true, [&](Connection& db) -> Result<ResealBatch> {
        auto rows = db.prepare(rotate ? sql::kUsersToReseal : sql::kPlaintextUsersToReseal);
        rows.bind(1, afterId).bind(2, std::int64_t{limit});
        ResealBatch batch;
        std::vector<std::pair<Id, StoredUserFields>> changed;
        while (rows.step()) {
            ++batch.examined;
            batch.lastId = rows.integer(0);
            auto resealed = resealUserFields(*m_cipher, storedFields(rows, 1), rotate);
            if (!resealed) return fail(std::move(resealed).error());
            if (*resealed) changed.emplace_back(batch.lastId, std::move(**resealed));
        }
        for (const auto& [id, fields] : changed) {
            auto update = db.prepare(sql::kResealUser);
            update.bind(1, id)
                .bind(2, fields.emailIndex)
                .bind(3, fields.email)
                .bind(4, fields.name)
                .bind(5, fields.totpSecret)
                .bind(6, fields.totpPending);
            update.run();
            ++batch.resealed;
        }
        return batch;
    });
}

Result<std::map<std::string, std::int64_t>> SqliteAccountStore::countSealedValues() {
    return m_db.transaction<std::map<std::string, std::int64_t>>(
        false, [&](Connection& db) -> Result<std::map<std::string, std::int64_t>> {
            auto rows = db.prepare(sql::kSealedValues);
            std::map<std::string, std::int64_t> counts;
            while (rows.step())
                countUserFields(storedFields(rows, 0), counts);
            return counts;
        });
}

} // namespace bilheteria
