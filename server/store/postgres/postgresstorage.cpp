// PostgresStorage: every Storage method as one transaction on a pooled libpqxx connection, with
// libpqxx's exceptions turned into Error values at one place (run()).
#include "server/store/postgres/postgresstorage.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "server/store/migrations.h"

namespace bilheteria {

namespace {

// How long a caller waits for a free connection before giving up: long enough to ride out a
// burst, short enough that a leak or a deadlock shows up as an error instead of a hang.
constexpr auto kAcquireTimeout = std::chrono::seconds{30};
// Rows fetched per round trip when streaming seats: large enough to amortise the round trip,
// small enough that memory stays flat for any event size.
constexpr int kSeatBlockRows = 10'000;
// The pg_advisory_xact_lock key that serialises migrations across server processes ("bilheter").
constexpr std::int64_t kMigrationLockKey = 0x62696c6865746572;

const std::string kDatabaseUnreachable = "database unreachable";
const std::string kDatabaseFailed = "the database could not complete the request";

struct Statement {
    const char* name;
    std::string sql;
};

// A section's sellable stock. Seated sections count their free seats; general admission
// sections are entirely available.
// holds and tickets arrive with the sales issue
const std::string kSectionStock = R"sql(
    SELECT s.id, s.event_id, s.position, s.name, s.kind, s.price_cents, s.capacity,
           CASE s.kind
               WHEN 'seated' THEN (SELECT count(*) FROM seats t
                                   WHERE t.section_id = s.id AND t.state = 'free')
               ELSE s.capacity
           END AS available
    FROM sections s)sql";

const std::string kUserColumns =
    "id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step";

// Prepared on every pooled connection (libpqxx registers them with the server on first use).
const std::vector<Statement>& statements() {
    static const std::vector<Statement> all{
        {"ping", "SELECT 1"},
        // NewUser carries no time: the database's clock stamps the row.
        {"insert_user", "INSERT INTO users (email, name, role, password_hash, created_at) "
                        "VALUES ($1, $2, $3, $4, extract(epoch FROM now())::bigint) RETURNING id"},
        {"user_by_email", "SELECT " + kUserColumns + " FROM users WHERE email = $1"},
        {"user_by_id", "SELECT " + kUserColumns + " FROM users WHERE id = $1"},
        {"user_exists", "SELECT 1 FROM users WHERE id = $1"},
        {"set_totp_pending", "UPDATE users SET totp_pending = $2 WHERE id = $1"},
        // Only with a pending secret: moving a NULL would silently switch 2FA off.
        {"confirm_totp", "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, "
                         "totp_last_step = $2 WHERE id = $1 AND totp_pending IS NOT NULL"},
        // One conditional UPDATE: the row lock makes concurrent claims of one step serialise,
        // and the second sees the first's step and changes nothing.
        {"claim_totp_step", "UPDATE users SET totp_last_step = $2 WHERE id = $1 "
                            "AND (totp_last_step IS NULL OR totp_last_step < $2)"},
        {"insert_session", "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
                           "VALUES ($1, $2, $3, $4)"},
        {"session_user", "SELECT u.id, u.email, u.name, u.role FROM sessions s "
                         "JOIN users u ON u.id = s.user_id "
                         "WHERE s.token_hash = $1 AND s.expires_at > $2"},
        {"delete_session", "DELETE FROM sessions WHERE token_hash = $1"},
        // The same boundary as session_user: a session is expired from expires_at on.
        {"delete_expired_sessions", "DELETE FROM sessions WHERE expires_at <= $1"},
        {"insert_event",
         "INSERT INTO events (name, venue, starts_at, sale_starts_at, sale_ends_at, currency, "
         "max_tickets_per_customer, hold_seconds, queue_enabled, admit_per_minute, created_by, "
         "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"},
        {"insert_section", "INSERT INTO sections (event_id, position, name, kind, price_cents, "
                           "capacity) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
        {"event_exists", "SELECT 1 FROM events WHERE id = $1"},
        {"event_by_id", "SELECT id, name, venue, starts_at, sale_starts_at, sale_ends_at, "
                        "currency, queue_enabled, max_tickets_per_customer, hold_seconds, "
                        "admit_per_minute FROM events WHERE id = $1"},
        {"sections_of_event", "SELECT id, name, kind, price_cents, capacity, available FROM (" +
                                  kSectionStock + ") stock WHERE event_id = $1 ORDER BY position"},
        {"list_events", "SELECT e.id, e.name, e.venue, e.starts_at, e.sale_starts_at, "
                        "e.sale_ends_at, e.currency, e.queue_enabled, "
                        "COALESCE(sum(stock.capacity), 0)::bigint, "
                        "COALESCE(sum(stock.available), 0)::bigint, "
                        "COALESCE(min(stock.price_cents), 0)::bigint "
                        "FROM events e LEFT JOIN (" +
                            kSectionStock +
                            ") stock ON stock.event_id = e.id "
                            "GROUP BY e.id ORDER BY e.starts_at, e.id"},
    };
    return all;
}

// Several statements per read must see one snapshot (an event and its sections, say).
using SnapshotTransaction = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

std::int64_t unixSeconds(TimePoint time) {
    return time.time_since_epoch().count();
}
TimePoint fromUnixSeconds(std::int64_t seconds) {
    return TimePoint{std::chrono::seconds{seconds}};
}

std::string_view firstLine(std::string_view text) {
    const auto end = text.find('\n');
    return end == std::string_view::npos ? text : text.substr(0, end);
}

void logFailure(std::string_view operation, const std::exception& error) {
    std::cerr << "bilheteria: postgresql " << operation << ": " << firstLine(error.what()) << '\n';
    if (const auto* sqlError = dynamic_cast<const pqxx::sql_error*>(&error);
        sqlError && !sqlError->query().empty())
        std::cerr << "bilheteria: postgresql query: " << sqlError->query() << '\n';
}

std::optional<std::string> optionalText(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

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

SectionKind sectionKindFromText(std::string_view text) {
    return text == sectionKindName(SectionKind::General) ? SectionKind::General
                                                         : SectionKind::Seated;
}

// Columns 0..7 of event_by_id and list_events.
EventSummary summaryFromRow(const pqxx::row& row) {
    EventSummary summary;
    summary.id = row[0].as<Id>();
    summary.name = row[1].as<std::string>();
    summary.venue = row[2].as<std::string>();
    summary.startsAt = fromUnixSeconds(row[3].as<std::int64_t>());
    summary.saleStartsAt = fromUnixSeconds(row[4].as<std::int64_t>());
    summary.saleEndsAt = fromUnixSeconds(row[5].as<std::int64_t>());
    summary.currency = row[6].as<std::string>();
    summary.queueEnabled = row[7].as<bool>();
    return summary;
}

// Capacity and availability of the event are the sums over its sections, the minimum price the
// cheapest section's (0 without sections).
void summarizeSections(Event& event) {
    EventSummary& summary = event.summary;
    summary.capacity = 0;
    summary.available = 0;
    summary.minPriceCents = 0;
    for (std::size_t i = 0; i < event.sections.size(); ++i) {
        const SectionInfo& section = event.sections[i];
        summary.capacity += section.capacity;
        summary.available += section.available;
        summary.minPriceCents =
            i == 0 ? section.priceCents : std::min(summary.minPriceCents, section.priceCents);
    }
}

std::int64_t seatedCapacity(const NewSection& section) {
    std::int64_t seats = 0;
    for (const RowDraft& row : section.rows)
        seats += row.seats;
    return seats;
}

Result<void> applyMigrations(pqxx::connection& connection) {
    {
        pqxx::work tx{connection};
        // Held until commit: a second server starting at the same moment waits here and then
        // finds the work done.
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
        // Checked rather than CREATE TABLE IF NOT EXISTS, whose NOTICE libpqxx prints to stderr
        // on every start.
        if (tx.exec("SELECT to_regclass('schema_migrations') IS NULL")[0][0].as<bool>())
            tx.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                    "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        tx.commit();
    }
    for (const Migration& migration : postgresMigrations()) {
        pqxx::work tx{connection};
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
        if (!tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", migration.version)
                 .empty()) {
            tx.abort();
            continue;
        }
        tx.exec(std::string{migration.sql});
        tx.exec_params("INSERT INTO schema_migrations (version, description, applied_at) "
                       "VALUES ($1, $2, extract(epoch FROM now())::bigint)",
                       migration.version, std::string{migration.description});
        tx.commit();
    }
    return {};
}

} // namespace

// A fixed number of connections shared by all threads. Connections open lazily up to the
// limit; a caller beyond it waits for one to come back. A broken connection is closed instead
// of returned, and the next caller opens a fresh one in its place.
class PostgresPool {
public:
    class Lease {
    public:
        Lease(PostgresPool& pool, std::unique_ptr<pqxx::connection> connection, bool reused)
            : m_pool(&pool)
            , m_connection(std::move(connection))
            , m_reused(reused) {}
        Lease(Lease&& other) noexcept
            : m_pool(std::exchange(other.m_pool, nullptr))
            , m_connection(std::move(other.m_connection))
            , m_reused(other.m_reused) {}
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (m_pool) m_pool->release(std::move(m_connection));
        }

        pqxx::connection& connection() { return *m_connection; }
        // Whether the connection served earlier callers and so may have gone stale meanwhile.
        bool reused() const { return m_reused; }
        // Closes the connection instead of returning it (broken, or in an unknown state).
        void discard() { m_connection.reset(); }

    private:
        PostgresPool* m_pool;
        std::unique_ptr<pqxx::connection> m_connection;
        bool m_reused;
    };

    PostgresPool(std::string url, int size)
        : m_url(std::move(url))
        , m_size(std::max(1, size)) {}

    // Opens the first connection now, so a wrong URL or a stopped server is reported at start-up
    // with libpq's reason.
    Result<void> warmUp() {
        try {
            auto connection = connect();
            std::lock_guard lock{m_mutex};
            ++m_open;
            m_idle.push_back(std::move(connection));
            return {};
        } catch (const std::exception& error) {
            logFailure("connect", error);
            return fail(Error::unavailable(kDatabaseUnreachable + ": " +
                                           std::string{firstLine(error.what())}));
        }
    }

    Result<Lease> acquire() {
        std::unique_lock lock{m_mutex};
        if (!m_returned.wait_for(lock, kAcquireTimeout,
                                 [this] { return !m_idle.empty() || m_open < m_size; }))
            return fail(Error::unavailable("all database connections are busy"));
        if (!m_idle.empty()) {
            auto connection = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease{*this, std::move(connection), true};
        }
        ++m_open; // reserve the slot, then connect without holding the lock
        lock.unlock();
        try {
            return Lease{*this, connect(), false};
        } catch (const std::exception& error) {
            logFailure("connect", error);
            lock.lock();
            --m_open;
            m_returned.notify_one();
            return fail(Error::unavailable(kDatabaseUnreachable));
        }
    }

    // After a connection broke, the idle ones most likely broke with it (the server restarted):
    // close them all rather than fail one request per stale connection.
    void dropIdle() {
        std::vector<std::unique_ptr<pqxx::connection>> stale;
        {
            std::lock_guard lock{m_mutex};
            stale.swap(m_idle);
            m_open -= static_cast<int>(stale.size());
        }
        m_returned.notify_all();
    }

private:
    std::unique_ptr<pqxx::connection> connect() {
        auto connection = std::make_unique<pqxx::connection>(m_url);
        for (const Statement& statement : statements())
            connection->prepare(statement.name, statement.sql);
        return connection;
    }

    void release(std::unique_ptr<pqxx::connection> connection) {
        {
            std::lock_guard lock{m_mutex};
            if (connection && connection->is_open())
                m_idle.push_back(std::move(connection));
            else
                --m_open;
        }
        m_returned.notify_one();
        // A discarded connection, if any, closes here, outside the lock.
    }

    const std::string m_url;
    const int m_size;
    std::mutex m_mutex;
    std::condition_variable m_returned;
    std::vector<std::unique_ptr<pqxx::connection>> m_idle;
    int m_open = 0; // idle plus leased
};

namespace {

// Errors an operation gives specific meaning to; everything else is unavailable or internal.
struct Translations {
    std::optional<Error> uniqueViolation;
    std::optional<Error> foreignKeyViolation;
};

enum class Retry {
    OnStaleConnection, // safe: a broken connection means the transaction never committed
    Never,             // the work has side effects outside the database (callbacks)
};

// Runs `work` on a pooled connection and turns every exception into an Error: the one place
// libpqxx's exceptions are caught. Details go to stderr; messages returned never carry SQL.
template <typename Work>
auto run(PostgresPool& pool, std::string_view operation, Work&& work,
         const Translations& translations = {}, Retry retry = Retry::OnStaleConnection)
    -> std::invoke_result_t<Work&, pqxx::connection&> {
    for (int attempt = 0;; ++attempt) {
        auto lease = pool.acquire();
        if (!lease) return fail(std::move(lease).error());
        try {
            return work(lease->connection());
        } catch (const pqxx::broken_connection& error) {
            logFailure(operation, error);
            lease->discard();
            if (retry == Retry::OnStaleConnection && attempt == 0 && lease->reused()) {
                pool.dropIdle();
                continue;
            }
            return fail(Error::unavailable(kDatabaseUnreachable));
        } catch (const pqxx::unique_violation& error) {
            if (translations.uniqueViolation) return fail(*translations.uniqueViolation);
            logFailure(operation, error);
            return fail(Error::internal(kDatabaseFailed));
        } catch (const pqxx::foreign_key_violation& error) {
            if (translations.foreignKeyViolation) return fail(*translations.foreignKeyViolation);
            logFailure(operation, error);
            return fail(Error::internal(kDatabaseFailed));
        } catch (const pqxx::sql_error& error) {
            // The server rolled the transaction back; the connection is fine.
            logFailure(operation, error);
            return fail(Error::internal(kDatabaseFailed));
        } catch (const std::exception& error) {
            // in_doubt_error, usage errors, a throwing callback: the connection's state is
            // unknown, so it is not reused.
            logFailure(operation, error);
            lease->discard();
            return fail(Error::internal(kDatabaseFailed));
        } catch (...) {
            std::cerr << "bilheteria: postgresql " << operation << ": unknown exception\n";
            lease->discard();
            return fail(Error::internal(kDatabaseFailed));
        }
    }
}

} // namespace

PostgresStorage::PostgresStorage(std::unique_ptr<PostgresPool> pool)
    : m_pool(std::move(pool)) {}

PostgresStorage::~PostgresStorage() = default;

Result<std::unique_ptr<Storage>> PostgresStorage::open(const StorageOptions& options) {
    try {
        auto pool = std::make_unique<PostgresPool>(options.url, options.poolSize);
        BILHETERIA_CHECK(pool->warmUp());
        BILHETERIA_CHECK(run(*pool, "migrate", applyMigrations));
        return std::unique_ptr<Storage>{new PostgresStorage(std::move(pool))};
    } catch (const std::exception& error) {
        logFailure("open", error);
        return fail(Error::internal(kDatabaseFailed));
    }
}

std::string PostgresStorage::backendName() const {
    return "postgresql";
}

// Single-statement methods run in a pqxx::nontransaction: the statement is its own transaction,
// which saves the BEGIN and COMMIT round trips.

Result<void> PostgresStorage::ping() {
    return run(*m_pool, "ping", [](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        tx.exec_prepared1("ping");
        return {};
    });
}

Result<User> PostgresStorage::createUser(const NewUser& user) {
    return run(
        *m_pool, "createUser",
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

Result<UserRecord> PostgresStorage::findUserByEmail(const std::string& normalizedEmail) {
    return run(*m_pool, "findUserByEmail", [&](pqxx::connection& connection) -> Result<UserRecord> {
        pqxx::nontransaction tx{connection};
        const auto rows = tx.exec_prepared("user_by_email", normalizedEmail);
        if (rows.empty()) return fail(Error::notFound("no account with this email"));
        return userRecordFromRow(rows[0]);
    });
}

Result<UserRecord> PostgresStorage::findUserById(Id id) {
    return run(*m_pool, "findUserById", [&](pqxx::connection& connection) -> Result<UserRecord> {
        pqxx::nontransaction tx{connection};
        const auto rows = tx.exec_prepared("user_by_id", id);
        if (rows.empty()) return fail(Error::notFound("no account with this id"));
        return userRecordFromRow(rows[0]);
    });
}

Result<void> PostgresStorage::setTotpPending(Id userId, const std::string& secret) {
    return run(*m_pool, "setTotpPending", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        if (tx.exec_prepared("set_totp_pending", userId, secret).affected_rows() == 0)
            return fail(Error::notFound("no account with this id"));
        return {};
    });
}

Result<void> PostgresStorage::confirmTotp(Id userId, std::int64_t step) {
    return run(*m_pool, "confirmTotp", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        if (tx.exec_prepared("confirm_totp", userId, step).affected_rows() == 1) return {};
        // Nothing changed: tell a missing account from one with nothing to confirm.
        if (tx.exec_prepared("user_exists", userId).empty())
            return fail(Error::notFound("no account with this id"));
        return fail(Error{ErrorCode::Conflict, "there is no two-factor enrollment to confirm"});
    });
}

Result<bool> PostgresStorage::claimTotpStep(Id userId, std::int64_t step) {
    return run(*m_pool, "claimTotpStep", [&](pqxx::connection& connection) -> Result<bool> {
        pqxx::nontransaction tx{connection};
        return tx.exec_prepared("claim_totp_step", userId, step).affected_rows() == 1;
    });
}

Result<void> PostgresStorage::createSession(const SessionRecord& session) {
    return run(
        *m_pool, "createSession",
        [&](pqxx::connection& connection) -> Result<void> {
            pqxx::nontransaction tx{connection};
            tx.exec_prepared0("insert_session", session.tokenHash, session.userId,
                              unixSeconds(session.createdAt), unixSeconds(session.expiresAt));
            return {};
        },
        Translations{std::nullopt, Error::notFound("no account with this id")});
}

Result<User> PostgresStorage::findSessionUser(const std::string& tokenHash, TimePoint now) {
    return run(*m_pool, "findSessionUser", [&](pqxx::connection& connection) -> Result<User> {
        pqxx::nontransaction tx{connection};
        const auto rows = tx.exec_prepared("session_user", tokenHash, unixSeconds(now));
        if (rows.empty())
            return fail(Error{ErrorCode::Unauthenticated, "the session is unknown or has expired"});
        return userFromRow(rows[0]);
    });
}

Result<void> PostgresStorage::deleteSession(const std::string& tokenHash) {
    return run(*m_pool, "deleteSession", [&](pqxx::connection& connection) -> Result<void> {
        pqxx::nontransaction tx{connection};
        tx.exec_prepared0("delete_session", tokenHash);
        return {};
    });
}

Result<std::int64_t> PostgresStorage::deleteExpiredSessions(TimePoint now) {
    return run(
        *m_pool, "deleteExpiredSessions",
        [&](pqxx::connection& connection) -> Result<std::int64_t> {
            pqxx::nontransaction tx{connection};
            return static_cast<std::int64_t>(
                tx.exec_prepared0("delete_expired_sessions", unixSeconds(now)).affected_rows());
        });
}

Result<Event> PostgresStorage::createEvent(const NewEvent& event) {
    return run(*m_pool, "createEvent", [&](pqxx::connection& connection) -> Result<Event> {
        pqxx::work tx{connection};
        Event created;
        EventSummary& summary = created.summary;
        summary.id =
            tx.exec_prepared1("insert_event", event.name, event.venue, unixSeconds(event.startsAt),
                              unixSeconds(event.saleStartsAt), unixSeconds(event.saleEndsAt),
                              event.currency, event.maxTicketsPerCustomer, event.holdSeconds,
                              event.queueEnabled, event.admitPerMinute, event.createdBy,
                              unixSeconds(event.createdAt))[0]
                .as<Id>();
        summary.name = event.name;
        summary.venue = event.venue;
        summary.startsAt = event.startsAt;
        summary.saleStartsAt = event.saleStartsAt;
        summary.saleEndsAt = event.saleEndsAt;
        summary.currency = event.currency;
        summary.queueEnabled = event.queueEnabled;
        created.maxTicketsPerCustomer = event.maxTicketsPerCustomer;
        created.holdSeconds = event.holdSeconds;
        created.admitPerMinute = event.admitPerMinute;

        for (std::size_t position = 0; position < event.sections.size(); ++position) {
            const NewSection& section = event.sections[position];
            // For seated sections the seats written are the capacity, whatever the caller summed.
            const std::int64_t capacity =
                section.kind == SectionKind::Seated ? seatedCapacity(section) : section.capacity;
            const Id sectionId =
                tx.exec_prepared1("insert_section", summary.id, static_cast<int>(position),
                                  section.name, std::string{sectionKindName(section.kind)},
                                  section.priceCents, capacity)[0]
                    .as<Id>();
            // A new event has nothing held or sold.
            created.sections.push_back(SectionInfo{sectionId, section.name, section.kind,
                                                   section.priceCents, capacity, capacity});
        }

        // Every seat in one COPY, in the organizer's order: the identity column numbers rows as
        // they arrive, so seat ids ascend section by section, row by row, number by number.
        {
            pqxx::stream_to seats{
                tx, "seats",
                std::vector<std::string>{"event_id", "section_id", "row_label", "number"}};
            for (std::size_t i = 0; i < event.sections.size(); ++i) {
                const NewSection& section = event.sections[i];
                if (section.kind != SectionKind::Seated) continue;
                for (const RowDraft& row : section.rows)
                    for (std::int64_t number = 1; number <= row.seats; ++number)
                        seats << std::make_tuple(summary.id, created.sections[i].id, row.label,
                                                 number);
            }
            seats.complete();
        }
        tx.commit();
        summarizeSections(created);
        return created;
    });
}

Result<std::vector<EventSummary>> PostgresStorage::listEvents(TimePoint /*now*/) {
    return run(*m_pool, "listEvents",
               [&](pqxx::connection& connection) -> Result<std::vector<EventSummary>> {
                   pqxx::read_transaction tx{connection};
                   const auto rows = tx.exec_prepared("list_events");
                   tx.commit();
                   std::vector<EventSummary> events;
                   events.reserve(rows.size());
                   for (const auto& row : rows) {
                       EventSummary summary = summaryFromRow(row);
                       summary.capacity = row[8].as<std::int64_t>();
                       summary.available = row[9].as<std::int64_t>();
                       summary.minPriceCents = row[10].as<Cents>();
                       events.push_back(std::move(summary));
                   }
                   return events;
               });
}

Result<Event> PostgresStorage::getEvent(Id eventId, TimePoint /*now*/) {
    return run(*m_pool, "getEvent", [&](pqxx::connection& connection) -> Result<Event> {
        SnapshotTransaction tx{connection};
        const auto eventRows = tx.exec_prepared("event_by_id", eventId);
        if (eventRows.empty()) return fail(Error::notFound("no event with this id"));
        const auto sectionRows = tx.exec_prepared("sections_of_event", eventId);
        tx.commit();

        const pqxx::row row = eventRows[0];
        Event event;
        event.summary = summaryFromRow(row);
        event.maxTicketsPerCustomer = row[8].as<int>();
        event.holdSeconds = row[9].as<int>();
        event.admitPerMinute = row[10].as<int>();
        for (const auto& section : sectionRows)
            event.sections.push_back(
                SectionInfo{section[0].as<Id>(), section[1].as<std::string>(),
                            sectionKindFromText(section[2].c_str()), section[3].as<Cents>(),
                            section[4].as<std::int64_t>(), section[5].as<std::int64_t>()});
        summarizeSections(event);
        return event;
    });
}

Result<void> PostgresStorage::forEachSeat(Id eventId, TimePoint /*now*/,
                                          const std::function<void(const Seat&)>& visit) {
    return run(
        *m_pool, "forEachSeat",
        [&](pqxx::connection& connection) -> Result<void> {
            SnapshotTransaction tx{connection};
            if (tx.exec_prepared("event_exists", eventId).empty())
                return fail(Error::notFound("no event with this id"));
            {
                // A server-side cursor fetched in blocks: memory stays flat however many seats.
                pqxx::icursorstream cursor{
                    tx,
                    "SELECT id, section_id, row_label, number, state FROM seats WHERE event_id = " +
                        tx.quote(eventId) + " ORDER BY id",
                    "seats", kSeatBlockRows};
                pqxx::result block;
                while (cursor >> block) {
                    for (const auto& row : block)
                        visit(Seat{row[0].as<Id>(), row[1].as<Id>(), row[2].as<std::string>(),
                                   row[3].as<int>(),
                                   seatStateFromName(row[4].c_str()).value_or(SeatState::Free)});
                }
            } // the cursor closes before the transaction ends
            tx.commit();
            return {};
        },
        {}, Retry::Never); // seats already visited cannot be taken back
}

} // namespace bilheteria
