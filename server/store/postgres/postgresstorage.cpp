// PostgresStorage: every Storage method as one transaction on a pooled libpqxx connection, with
// libpqxx's exceptions turned into Error values at one place (run()).
#include "server/store/postgres/postgresstorage.h"

#include <poll.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/core/queue.h"
#include "server/crypto/crypto.h"
#include "server/store/auditchain.h"
#include "server/store/changesignal.h"
#include "server/store/integrity.h"
#include "server/store/migrations.h"
#include "server/store/reports.h"

namespace bilheteria {

namespace {

// How long a caller waits for a free connection before giving up: long enough to ride out a
// burst, short enough that a leak or a deadlock shows up as an error instead of a hang.
constexpr auto kAcquireTimeout = std::chrono::seconds{30};
// Rows fetched per round trip when streaming seats (or the audit log): large enough to amortise
// the round trip, small enough that memory stays flat for any event size.
constexpr int kSeatBlockRows = 10'000;
// The pg_advisory_xact_lock key that serialises migrations across server processes ("bilheter").
constexpr std::int64_t kMigrationLockKey = 0x62696c6865746572;
// Sold counters per section are split in this many rows (section_sales.shard), so concurrent
// sales of one section do not queue on one row; an order adds to shard order_id % kSalesShards.
constexpr int kSalesShards = 16;
// How many times a transaction the server rolled back to break a deadlock (or a serialization
// failure) is run again before the caller is told to try later.
constexpr int kRollbackAttempts = 5;

const std::string kDatabaseUnreachable = "database unreachable";
const std::string kDatabaseFailed = "the database could not complete the request";
const std::string kDatabaseBusy = "the database is busy; try again";

struct Statement {
    const char* name;
    std::string sql;
};

// A section's sellable stock: its capacity less what the sold counters say and less the places
// under an unexpired hold (the partial index seats_held keeps that count to the holds in
// flight). Free seats are never counted, so a 200,000-seat event reads as fast as a small one.
// `now` is the statement's parameter of that number.
std::string sectionStock(const std::string& now) {
    return R"sql(
    SELECT s.id, s.event_id, s.position, s.name, s.kind, s.price_cents, s.capacity,
           (s.capacity
            - (SELECT COALESCE(sum(ss.sold), 0) FROM section_sales ss WHERE ss.section_id = s.id)
            - (SELECT count(*) FROM seats t
               WHERE t.section_id = s.id AND t.state = 'held' AND t.hold_expires_at > )sql" +
           now + R"sql()
           )::bigint AS available
    FROM sections s)sql";
}

// A hold with what it took (one row per place, or one row of NULLs for none); see holdFromRows.
const std::string kHoldWithPlaces = R"sql(
    SELECT h.id, h.event_id, h.customer_id, h.status, h.expires_at, h.total_cents, h.currency,
           p.seat_id, p.section_id, t.row_label, t.number, p.price_cents
    FROM holds h
    LEFT JOIN hold_places p ON p.hold_id = h.id
    LEFT JOIN seats t ON t.id = p.seat_id
    WHERE h.id = $1
    ORDER BY p.seat_id)sql";

// An order and its payment's summary; see orderFromRow.
const std::string kOrderColumns =
    "o.id, o.event_id, o.customer_id, o.status, o.total_cents, o.currency, o.created_at, "
    "p.method, p.brand, p.last4, p.change_cents FROM orders o "
    "JOIN payments p ON p.order_id = o.id";

// Tickets with their section's name and, for numbered seats, the row and number; see
// ticketFromRow.
const std::string kTicketColumns =
    "t.id, t.code, t.section_id, c.name, t.seat_id, s.row_label, s.number, t.order_id "
    "FROM tickets t JOIN sections c ON c.id = t.section_id JOIN seats s ON s.id = t.seat_id";

// Takes up to $4 places of general-admission section $3 for hold $1 (until $2) that match
// `condition`, lowest ids first, and records them in hold_places at $5 each. SKIP LOCKED: places
// another transaction is taking right now are passed over instead of waited for, so concurrent
// buyers of one section do not queue behind each other.
std::string takeGeneralPlaces(const std::string& condition) {
    return R"sql(
    WITH taken AS (
        UPDATE seats SET state = 'held', hold_id = $1, hold_expires_at = $2
        WHERE id IN (SELECT id FROM seats WHERE section_id = $3 AND )sql" +
           condition + R"sql(
                     ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING id)
    INSERT INTO hold_places (hold_id, seat_id, section_id, price_cents)
    SELECT $1::bigint, id, $3::bigint, $5::bigint FROM taken
    RETURNING seat_id)sql";
}

const std::string kUserColumns =
    "id, email, name, role, password_hash, totp_secret, totp_pending, totp_last_step";

// A waiting room's settings (events e) and counters (queue_state q); see queueStateFromRow.
const std::string kQueueColumns =
    "e.queue_enabled, e.admit_per_minute, e.hold_seconds, e.queue_pow_bits, e.sale_starts_at, "
    "e.sale_ends_at, q.joined, q.admitted, q.carry_sixtieths, q.updated_at";

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
         "created_at, max_tickets_per_card, queue_pow_bits) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id"},
        {"insert_section", "INSERT INTO sections (event_id, position, name, kind, price_cents, "
                           "capacity) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
        {"event_exists", "SELECT 1 FROM events WHERE id = $1"},
        {"event_by_id", "SELECT id, name, venue, starts_at, sale_starts_at, sale_ends_at, "
                        "currency, queue_enabled, max_tickets_per_customer, hold_seconds, "
                        "admit_per_minute, max_tickets_per_card, queue_pow_bits, created_by "
                        "FROM events WHERE id = $1"},
        {"insert_section_sales",
         "INSERT INTO section_sales (section_id, shard) SELECT $1::bigint, shard "
         "FROM generate_series(0, " +
             std::to_string(kSalesShards - 1) + ") AS shard"},
        {"sections_of_event", "SELECT id, name, kind, price_cents, capacity, available FROM (" +
                                  sectionStock("$2") +
                                  ") stock WHERE event_id = $1 ORDER BY position"},
        {"list_events", "SELECT e.id, e.name, e.venue, e.starts_at, e.sale_starts_at, "
                        "e.sale_ends_at, e.currency, e.queue_enabled, "
                        "COALESCE(sum(stock.capacity), 0)::bigint, "
                        "COALESCE(sum(stock.available), 0)::bigint, "
                        "COALESCE(min(stock.price_cents), 0)::bigint "
                        "FROM events e LEFT JOIN (" +
                            sectionStock("$1") +
                            ") stock ON stock.event_id = e.id "
                            "GROUP BY e.id ORDER BY e.starts_at, e.id"},

        // The audit log. The head row is locked until commit: entries of one chain are appended
        // one transaction at a time, in commit order.
        {"audit_head", "SELECT seq, hash FROM audit_heads WHERE chain = $1 FOR UPDATE"},
        {"audit_append",
         "WITH entry AS (INSERT INTO audit_log (chain, seq, at, actor_id, action, subject, "
         "details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)) "
         "UPDATE audit_heads SET seq = $2, hash = $9 WHERE chain = $1"},
        // The same, plus the transaction's changes for the live feed (core/changefeed.h):
        // arrays of event ids ($10), kinds ($11) and payloads ($12). One statement, the
        // transaction's last: the outbox id is taken just before the commit, which keeps the
        // window in which another server's feed sees a later id first (a gap) short, and costs
        // no extra round trip.
        {"audit_append_changes",
         "WITH entry AS (INSERT INTO audit_log (chain, seq, at, actor_id, action, subject, "
         "details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)), "
         "change AS (INSERT INTO event_changes (event_id, kind, payload, created_at) "
         "SELECT c.event_id, c.kind, c.payload, $3 FROM unnest($10::bigint[], $11::text[], "
         "$12::text[]) WITH ORDINALITY AS c (event_id, kind, payload, ord) ORDER BY c.ord) "
         "UPDATE audit_heads SET seq = $2, hash = $9 WHERE chain = $1"},
        {"audit_heads", "SELECT chain, seq, hash FROM audit_heads ORDER BY chain"},

        // Reports (store/reports.h).
        {"event_currency", "SELECT currency FROM events WHERE id = $1"},
        {"report_sections", kReportSectionsSql},
        {"report_buckets", kReportBucketsSql},
        {"shift", kShiftSql},
        {"count_places", "SELECT count(*) FROM seats"},

        {"insert_secret", "INSERT INTO server_secrets (name, value) VALUES ($1, $2) "
                          "ON CONFLICT (name) DO NOTHING"},
        {"secret", "SELECT value FROM server_secrets WHERE name = $1"},

        // Holds.
        {"seated_places", "SELECT t.id, c.price_cents, t.section_id, t.row_label, t.number "
                          "FROM seats t "
                          "JOIN sections c ON c.id = t.section_id "
                          "WHERE t.event_id = $1 AND t.id = ANY ($2::bigint[]) "
                          "AND t.row_label IS NOT NULL"},
        {"general_section", "SELECT price_cents FROM sections "
                            "WHERE id = $1 AND event_id = $2 AND kind = 'general'"},
        // Locks the customer's row for the event, creating it on first use: one statement,
        // and no new row version when it exists (a DO UPDATE whose WHERE is false still locks
        // the conflicting row). Holds of one customer for one event serialise here; nobody
        // else waits.
        {"lock_customer_limit",
         "INSERT INTO customer_limits (event_id, customer_id) VALUES ($1, $2) "
         "ON CONFLICT (event_id, customer_id) DO UPDATE SET customer_id = EXCLUDED.customer_id "
         "WHERE false"},
        // One statement, so one snapshot: a purchase committing meanwhile moves tickets from
        // the holds to the tickets table and is counted once, not twice or not at all.
        {"customer_tickets",
         "SELECT ((SELECT COALESCE(sum(ticket_count), 0) FROM holds WHERE event_id = $1 "
         "AND customer_id = $2 AND status = 'active' AND expires_at > $3) + "
         "(SELECT count(*) FROM tickets WHERE event_id = $1 AND customer_id = $2))::bigint"},
        {"insert_hold", "INSERT INTO holds (event_id, customer_id, status, ticket_count, "
                        "total_cents, currency, created_at, expires_at) "
                        "VALUES ($1, $2, 'active', $3, $4, $5, $6, $7) RETURNING id"},
        // Takes the requested seats that are free (or held by a lapsed hold) and records them in
        // hold_places. Concurrent takers of one seat queue on its row lock; the second then
        // re-checks the state and skips the seat.
        {"take_seats",
         R"sql(
    WITH taken AS (
        UPDATE seats SET state = 'held', hold_id = $1, hold_expires_at = $2
        WHERE event_id = $3 AND id = ANY ($4::bigint[]) AND row_label IS NOT NULL
          AND (state = 'free' OR (state = 'held' AND hold_expires_at <= $5))
        RETURNING id, section_id)
    INSERT INTO hold_places (hold_id, seat_id, section_id, price_cents)
    SELECT $1::bigint, taken.id, taken.section_id, c.price_cents
    FROM taken JOIN sections c ON c.id = taken.section_id
    RETURNING seat_id)sql"},
        // General admission: free places first through the partial index seats_free, then, if
        // that was not enough, places of lapsed holds through seats_held.
        {"take_free_places", takeGeneralPlaces("state = 'free'")},
        {"take_lapsed_places", takeGeneralPlaces("state = 'held' AND hold_expires_at <= $6")},
        {"hold_with_places", kHoldWithPlaces},
        {"release_hold", "UPDATE holds SET status = 'released', closed_at = $2 "
                         "WHERE id = $1 AND status = 'active' AND expires_at > $2"},
        {"free_hold_places", "UPDATE seats SET state = 'free', hold_id = NULL, "
                             "hold_expires_at = NULL WHERE hold_id = $1 AND state = 'held' "
                             "RETURNING event_id, id, section_id, row_label IS NOT NULL"},
        // Several sweepers (one per server) take disjoint batches: SKIP LOCKED.
        {"expire_holds",
         "WITH due AS (SELECT id FROM holds WHERE status = 'active' AND expires_at <= $1 "
         "ORDER BY expires_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) "
         "UPDATE holds h SET status = 'expired', closed_at = $1 FROM due WHERE h.id = due.id "
         "RETURNING h.id"},
        {"free_places_of_holds", "UPDATE seats SET state = 'free', hold_id = NULL, "
                                 "hold_expires_at = NULL "
                                 "WHERE hold_id = ANY ($1::bigint[]) AND state = 'held' "
                                 "RETURNING event_id, id, section_id, row_label IS NOT NULL"},

        // Sales.
        {"purchase_hold", "UPDATE holds SET status = 'purchased', closed_at = $2 "
                          "WHERE id = $1 AND status = 'active' AND expires_at > $2 "
                          "RETURNING event_id, customer_id, ticket_count, total_cents, currency"},
        // The card's row for the event, locked until commit as lock_customer_limit does for a
        // customer: sales with one card for one event serialise here; nobody else waits.
        {"lock_card_limit", "INSERT INTO card_limits (event_id, card_fingerprint) VALUES ($1, $2) "
                            "ON CONFLICT (event_id, card_fingerprint) DO UPDATE "
                            "SET card_fingerprint = EXCLUDED.card_fingerprint WHERE false"},
        // Driven from the card's few payments (payments_by_card), then each order's tickets
        // (tickets_by_order): a join lets the planner scan every ticket of a fresh event.
        {"card_tickets",
         "SELECT coalesce(sum((SELECT count(*) FROM tickets t WHERE t.order_id = p.order_id "
         "AND t.event_id = $1)), 0)::bigint FROM payments p WHERE p.card_fingerprint = $2"},
        {"sell_places", "UPDATE seats SET state = 'sold', hold_expires_at = NULL "
                        "WHERE hold_id = $1 AND state = 'held'"},
        {"insert_order", "INSERT INTO orders (event_id, customer_id, actor_id, hold_id, status, "
                         "total_cents, currency, created_at) "
                         "VALUES ($1, $2, $3, $4, 'paid', $5, $6, $7) RETURNING id"},
        // One ticket per place of hold $4, in seat order, the n-th taking the n-th code of $5;
        // returns them as the order shows them.
        {"insert_tickets",
         R"sql(
    WITH codes AS (
        SELECT code, ord FROM unnest($5::text[]) WITH ORDINALITY AS c (code, ord)),
    places AS (
        SELECT seat_id, section_id, price_cents, row_number() OVER (ORDER BY seat_id) AS ord
        FROM hold_places WHERE hold_id = $4),
    inserted AS (
        INSERT INTO tickets (order_id, event_id, customer_id, section_id, seat_id, price_cents,
                             code)
        SELECT $1::bigint, $2::bigint, $3::bigint, p.section_id, p.seat_id, p.price_cents, codes.code
        FROM places p JOIN codes ON codes.ord = p.ord
        ORDER BY p.seat_id
        RETURNING id, code, section_id, seat_id, order_id)
    SELECT t.id, t.code, t.section_id, c.name, t.seat_id, s.row_label, s.number, t.order_id
    FROM inserted t JOIN sections c ON c.id = t.section_id JOIN seats s ON s.id = t.seat_id
    ORDER BY t.id)sql"},
        {"add_sold", "UPDATE section_sales SET sold = sold + $3 "
                     "WHERE section_id = $1 AND shard = $2"},
        {"insert_payment", "INSERT INTO payments (order_id, method, reference, amount_cents, "
                           "currency, brand, last4, change_cents, status, authorized_at, "
                           "card_fingerprint) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'authorized', $9, $10)"},
        // A key taken by a transaction still in flight: this insert waits for it, then does
        // nothing if it committed.
        {"insert_idempotency_key",
         "INSERT INTO idempotency_keys (customer_id, key, request_hash, hold_id, order_id, "
         "created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id, key) DO NOTHING"},
        {"idempotency_key", "SELECT hold_id, request_hash, order_id FROM idempotency_keys "
                            "WHERE customer_id = $1 AND key = $2"},
        {"order_by_id", "SELECT " + kOrderColumns + " WHERE o.id = $1"},
        {"tickets_of_order", "SELECT " + kTicketColumns + " WHERE t.order_id = $1 ORDER BY t.id"},
        {"orders_of_customer",
         "SELECT " + kOrderColumns + " WHERE o.customer_id = $1 ORDER BY o.id DESC"},
        {"tickets_of_customer", "SELECT " + kTicketColumns +
                                    " JOIN orders o ON o.id = t.order_id "
                                    "WHERE o.customer_id = $1 ORDER BY t.order_id DESC, t.id"},
        {"capture_payment", "UPDATE payments SET status = 'captured', captured_at = $2 "
                            "WHERE order_id = $1 AND status = 'authorized'"},
        // The waiting room. An event's queue settings and counters (NULL counters before
        // anyone joined); the same columns locked for pacing.
        {"queue_state", "SELECT " + kQueueColumns +
                            " FROM events e LEFT JOIN queue_state q ON q.event_id = e.id "
                            "WHERE e.id = $1"},
        {"lock_queue_state", "SELECT " + kQueueColumns +
                                 " FROM queue_state q JOIN events e ON e.id = q.event_id "
                                 "WHERE q.event_id = $1 FOR UPDATE OF q"},
        {"queue_entry", "SELECT position, joined_at, admitted_at FROM queue_entries "
                        "WHERE event_id = $1 AND customer_id = $2"},
        // The next position, taken under the queue row's lock (held until commit, so an event's
        // joins are numbered one at a time). A queue nobody waits in restarts its pacing clock:
        // time that passed while it was empty admits nobody later.
        {"take_queue_position",
         "INSERT INTO queue_state AS q (event_id, joined, admitted, carry_sixtieths, updated_at) "
         "VALUES ($1, 1, 0, 0, $2) ON CONFLICT (event_id) DO UPDATE SET joined = q.joined + 1, "
         "carry_sixtieths = CASE WHEN q.joined = q.admitted THEN 0 ELSE q.carry_sixtieths END, "
         "updated_at = CASE WHEN q.joined = q.admitted "
         "THEN GREATEST(q.updated_at, EXCLUDED.updated_at) ELSE q.updated_at END "
         "RETURNING joined, admitted, carry_sixtieths, updated_at"},
        // Nothing when the customer has a place already (a join of theirs that committed
        // while this one waited for the lock).
        {"insert_queue_entry",
         "INSERT INTO queue_entries (event_id, customer_id, position, joined_at) "
         "VALUES ($1, $2, $3, $4) ON CONFLICT (event_id, customer_id) DO NOTHING RETURNING 1"},
        {"queues_due", "SELECT q.event_id FROM queue_state q JOIN events e ON e.id = q.event_id "
                       "WHERE e.queue_enabled AND q.joined > q.admitted "
                       "AND e.sale_starts_at <= $1 AND e.sale_ends_at > $1 ORDER BY q.event_id"},
        {"admit_queue_entries", "UPDATE queue_entries SET admitted_at = $2 WHERE event_id = $1 "
                                "AND position > $3 AND position <= $4 AND admitted_at IS NULL "
                                "RETURNING customer_id, position"},
        // Changes for the live feed written outside an audited transaction (the waiting
        // room's): arrays of event ids ($1), kinds ($2) and payloads ($3), created at $4.
        {"insert_changes", "INSERT INTO event_changes (event_id, kind, payload, created_at) "
                           "SELECT c.event_id, c.kind, c.payload, $4 FROM unnest($1::bigint[], "
                           "$2::text[], $3::text[]) WITH ORDINALITY AS c (event_id, kind, payload, "
                           "ord) ORDER BY c.ord"},
        {"update_queue_state", "UPDATE queue_state SET admitted = $2, carry_sixtieths = $3, "
                               "updated_at = $4 WHERE event_id = $1"},

        {"uncaptured_payments", "SELECT order_id, method, reference, amount_cents, currency, "
                                "brand, last4, change_cents FROM payments "
                                "WHERE status = 'authorized' ORDER BY order_id"},

        // The live feed's outbox (core/changefeed.h).
        // The largest id in use, or pruned when the table is empty.
        {"latest_change", "SELECT GREATEST((SELECT COALESCE(max(id), 0) FROM event_changes), "
                          "(SELECT pruned_through FROM event_changes_pruned))"},
        {"changes_after", "SELECT id, event_id, kind, payload FROM event_changes WHERE id > $1 "
                          "ORDER BY id LIMIT $2"},
        {"changes_between", "SELECT id, event_id, kind, payload FROM event_changes "
                            "WHERE id BETWEEN $1 AND $2 ORDER BY id"},
        {"pruned_through", "SELECT pruned_through FROM event_changes_pruned"},
        // The key's range, filtered by event: the hub bounds the range it asks for.
        {"event_changes", "SELECT id, event_id, kind, payload FROM event_changes "
                          "WHERE id > $2 AND id <= $3 AND event_id = $1 ORDER BY id LIMIT $4"},
        // Oldest first by id (ids and times ascend together), a bounded batch at a time.
        {"prune_horizon", "SELECT max(id) FROM (SELECT id, created_at FROM event_changes "
                          "ORDER BY id LIMIT $1) oldest WHERE created_at < $2"},
        {"prune_changes", "DELETE FROM event_changes WHERE id <= $1"},
        {"move_pruned", "UPDATE event_changes_pruned "
                        "SET pruned_through = GREATEST(pruned_through, $1)"},
        {"section_availability", "SELECT id, available FROM (" + sectionStock("$2") +
                                     ") stock WHERE event_id = $1 AND id = ANY ($3::bigint[]) "
                                     "ORDER BY position"},
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

// Columns of event_by_id: the event's own row, without its sections.
Event eventSettingsFromRow(const pqxx::row& row) {
    Event event;
    event.summary = summaryFromRow(row);
    event.maxTicketsPerCustomer = row[8].as<int>();
    event.holdSeconds = row[9].as<int>();
    event.admitPerMinute = row[10].as<int>();
    event.maxTicketsPerCard = row[11].as<int>();
    event.queuePowBits = row[12].as<int>();
    event.createdBy = row[13].as<Id>();
    return event;
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

// A PostgreSQL array literal of ids, for `$n::bigint[]` parameters.
std::string idArray(const std::vector<Id>& ids) {
    std::string text = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) text += ',';
        text += std::to_string(ids[i]);
    }
    return text + "}";
}

// A PostgreSQL array literal of strings, each quoted, for `$n::text[]` parameters.
std::string textArray(const std::vector<std::string>& values) {
    std::string text = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) text += ',';
        text += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') text += '\\';
            text += c;
        }
        text += '"';
    }
    return text + "}";
}

// A parameter that is NULL when absent (libpqxx sends a null const char* as NULL).
const char* nullable(const std::optional<std::string>& value) {
    return value ? value->c_str() : nullptr;
}

std::optional<std::int64_t> optionalInteger(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::int64_t>();
}

// Columns of kQueueColumns; counters stay zero while the queue has no row.
QueueState queueStateFromRow(const pqxx::row& row, Id eventId) {
    QueueState state;
    state.eventId = eventId;
    state.enabled = row[0].as<bool>();
    state.admitPerMinute = row[1].as<int>();
    state.holdSeconds = row[2].as<int>();
    state.powBits = row[3].as<int>();
    state.saleStartsAt = fromUnixSeconds(row[4].as<std::int64_t>());
    state.saleEndsAt = fromUnixSeconds(row[5].as<std::int64_t>());
    if (!row[6].is_null()) {
        state.joined = row[6].as<std::int64_t>();
        state.admitted = row[7].as<std::int64_t>();
        state.carrySixtieths = row[8].as<std::int64_t>();
        state.updatedAt = fromUnixSeconds(row[9].as<std::int64_t>());
    }
    return state;
}

std::optional<QueueEntry> readQueueEntry(pqxx::transaction_base& tx, Id eventId, Id customerId) {
    const auto rows = tx.exec_prepared("queue_entry", eventId, customerId);
    if (rows.empty()) return std::nullopt;
    QueueEntry entry;
    entry.position = rows[0][0].as<std::int64_t>();
    entry.joinedAt = fromUnixSeconds(rows[0][1].as<std::int64_t>());
    if (!rows[0][2].is_null()) entry.admittedAt = fromUnixSeconds(rows[0][2].as<std::int64_t>());
    return entry;
}

// The rows of hold_with_places as of `now`: an active hold past its expiry reads as expired.
// Numbered seats are listed one by one; general-admission places are counted per section.
Hold holdFromRows(const pqxx::result& rows, TimePoint now) {
    const pqxx::row first = rows[0];
    Hold hold;
    hold.id = first[0].as<Id>();
    hold.eventId = first[1].as<Id>();
    hold.customerId = first[2].as<Id>();
    hold.status = holdStatusFromName(first[3].c_str()).value_or(HoldStatus::Active);
    hold.expiresAt = fromUnixSeconds(first[4].as<std::int64_t>());
    hold.totalCents = first[5].as<Cents>();
    hold.currency = first[6].as<std::string>();
    if (hold.status == HoldStatus::Active && hold.expiresAt <= now)
        hold.status = HoldStatus::Expired;
    for (const auto& row : rows) {
        if (row[7].is_null()) continue; // a hold without places (never written so)
        const Id sectionId = row[8].as<Id>();
        const Cents price = row[11].as<Cents>();
        if (!row[9].is_null()) {
            hold.seats.push_back(HeldSeat{row[7].as<Id>(), sectionId, row[9].as<std::string>(),
                                          row[10].as<int>(), price});
            continue;
        }
        auto general =
            std::find_if(hold.general.begin(), hold.general.end(),
                         [&](const HeldGeneral& item) { return item.sectionId == sectionId; });
        if (general == hold.general.end())
            hold.general.push_back(HeldGeneral{sectionId, 1, price});
        else
            ++general->quantity;
    }
    return hold;
}

std::optional<Hold> readHold(pqxx::transaction_base& tx, Id holdId, TimePoint now) {
    const auto rows = tx.exec_prepared("hold_with_places", holdId);
    if (rows.empty()) return std::nullopt;
    return holdFromRows(rows, now);
}

Error holdNotFound() {
    return Error::notFound("no such hold");
}

// The card's tickets for the event (`current`) plus the hold's would pass `limit`.
Error cardLimitExceeded(int limit, std::int64_t current) {
    return {ErrorCode::CardLimitExceeded,
            "this would pass the limit of " + std::to_string(limit) +
                " tickets per payment card for this event",
            {{"limit", limit}, {"current", current}}};
}

// Why a hold that a conditional update expected to be active was not: missing, expired (whether
// or not the sweeper has marked it) or closed.
Error inactiveHold(pqxx::transaction_base& tx, Id holdId, TimePoint now) {
    const auto hold = readHold(tx, holdId, now);
    if (!hold) return holdNotFound();
    if (hold->status == HoldStatus::Expired)
        return Error{ErrorCode::HoldExpired, "the hold has expired; its seats were freed"};
    return Error{ErrorCode::HoldNotActive,
                 "the hold is " + std::string{holdStatusName(hold->status)}};
}

// Columns of order_by_id and orders_of_customer.
Order orderFromRow(const pqxx::row& row) {
    Order order;
    order.id = row[0].as<Id>();
    order.eventId = row[1].as<Id>();
    order.customerId = row[2].as<Id>();
    order.status = row[3].as<std::string>();
    order.totalCents = row[4].as<Cents>();
    order.currency = row[5].as<std::string>();
    order.createdAt = fromUnixSeconds(row[6].as<std::int64_t>());
    order.payment.method = row[7].as<std::string>();
    order.payment.brand = optionalText(row[8]);
    order.payment.last4 = optionalText(row[9]);
    order.payment.changeCents = optionalInteger(row[10]);
    return order;
}

// Columns of kTicketColumns (and insert_tickets): the seat only for numbered seats.
Ticket ticketFromRow(const pqxx::row& row) {
    Ticket ticket;
    ticket.id = row[0].as<Id>();
    ticket.code = row[1].as<std::string>();
    ticket.sectionId = row[2].as<Id>();
    ticket.section = row[3].as<std::string>();
    if (!row[5].is_null()) {
        ticket.seatId = row[4].as<Id>();
        ticket.row = row[5].as<std::string>();
        ticket.number = row[6].as<int>();
    }
    return ticket;
}

// Changes as the array parameters of audit_append_changes and insert_changes: event ids, kinds
// and payloads, in the changes' order.
struct ChangeArrays {
    std::string events, kinds, payloads;
};
ChangeArrays changeArrays(const std::vector<NewChange>& changes) {
    std::vector<Id> events;
    std::vector<std::string> kinds, payloads;
    for (const NewChange& change : changes) {
        events.push_back(change.eventId);
        kinds.emplace_back(changeKindName(change.kind));
        payloads.push_back(change.payload);
    }
    return {idArray(events), textArray(kinds), textArray(payloads)};
}

// Appends one entry to an audit chain inside the caller's transaction, and the transaction's
// `changes` for the live feed (core/changefeed.h) with it. The head row stays locked until the
// transaction ends, so call this last, after the transaction's other locks. A store method that
// writes changes notifies m_changes once it has committed; the waiting room writes its queue
// changes (queueChange()) the same way.
void appendAudit(pqxx::transaction_base& tx, int chain, TimePoint at, Id actorId,
                 const std::string& action, const std::string& subject, const std::string& details,
                 const std::vector<NewChange>& changes = {}) {
    const pqxx::row head = tx.exec_prepared1("audit_head", chain);
    AuditEntry entry;
    entry.chain = chain;
    entry.seq = head[0].as<std::int64_t>() + 1;
    entry.at = unixSeconds(at);
    entry.actorId = actorId;
    entry.action = action;
    entry.subject = subject;
    entry.details = details;
    entry.prevHash = head[1].as<std::string>();
    const std::string hash = auditEntryHash(entry);
    if (changes.empty()) {
        tx.exec_prepared0("audit_append", chain, entry.seq, entry.at, entry.actorId, entry.action,
                          entry.subject, entry.details, entry.prevHash, hash);
        return;
    }
    const ChangeArrays arrays = changeArrays(changes);
    tx.exec_prepared0("audit_append_changes", chain, entry.seq, entry.at, entry.actorId,
                      entry.action, entry.subject, entry.details, entry.prevHash, hash,
                      arrays.events, arrays.kinds, arrays.payloads);
}

// Writes `changes` to the outbox in the caller's transaction, where no audit entry carries them.
void insertChanges(pqxx::transaction_base& tx, const std::vector<NewChange>& changes,
                   TimePoint at) {
    if (changes.empty()) return;
    const ChangeArrays arrays = changeArrays(changes);
    tx.exec_prepared0("insert_changes", arrays.events, arrays.kinds, arrays.payloads,
                      unixSeconds(at));
}

// Adds the places a RETURNING event_id, id, section_id, numbered clause reports to `builder`.
void addPlaces(const pqxx::result& rows, SeatsChangeBuilder& builder) {
    for (const auto& row : rows)
        builder.addPlace(row[0].as<Id>(), row[1].as<Id>(), row[2].as<Id>(), row[3].as<bool>());
}

Change changeFromRow(const pqxx::row& row) {
    return Change{row[0].as<Id>(), row[1].as<Id>(),
                  changeKindFromName(row[2].c_str()).value_or(ChangeKind::Seats),
                  row[3].as<std::string>()};
}

// Recomputes every audit chain in the transaction's snapshot and checks it against its head;
// adds one problem per broken chain, naming its first broken entry. The same checks and words
// as the SQLite store.
void verifyAuditChains(pqxx::transaction_base& tx, IntegrityReport& report) {
    struct ChainState {
        std::string prevHash;
        std::int64_t expectedSeq = 1;
        bool broken = false;
    };
    std::array<ChainState, kAuditChains> chains{};
    {
        // A server-side cursor: the log is read in blocks, however long it has grown.
        pqxx::icursorstream cursor{tx,
                                   "SELECT id, chain, seq, at, actor_id, action, subject, "
                                   "details, prev_hash, hash FROM audit_log ORDER BY chain, seq",
                                   "audit", kSeatBlockRows};
        pqxx::result block;
        while (cursor >> block) {
            for (const auto& row : block) {
                const int chain = row[1].as<int>();
                if (chain < 0 || chain >= kAuditChains) continue; // the schema forbids it
                ChainState& state = chains[static_cast<std::size_t>(chain)];
                if (state.broken) continue;
                ++report.checkedItems;
                AuditEntry entry;
                entry.chain = chain;
                entry.seq = row[2].as<std::int64_t>();
                entry.at = row[3].as<std::int64_t>();
                entry.actorId = row[4].as<Id>();
                entry.action = row[5].as<std::string>();
                entry.subject = row[6].as<std::string>();
                entry.details = row[7].as<std::string>();
                entry.prevHash = row[8].as<std::string>();
                const std::string hash = row[9].as<std::string>();
                const std::string where = "audit chain " + std::to_string(chain) + ": entry " +
                                          std::to_string(entry.seq) + " (id " +
                                          std::to_string(row[0].as<Id>()) + ")";
                if (entry.seq != state.expectedSeq) {
                    report.problems.push_back(where + " follows entry " +
                                              std::to_string(state.expectedSeq - 1) +
                                              ": an entry is missing");
                    state.broken = true;
                } else if (entry.prevHash != state.prevHash) {
                    report.problems.push_back(where + " does not link to the entry before it");
                    state.broken = true;
                } else if (auditEntryHash(entry) != hash) {
                    report.problems.push_back(where + " does not match its hash: it was altered");
                    state.broken = true;
                }
                state.prevHash = hash;
                ++state.expectedSeq;
            }
        }
    } // the cursor closes before the next statement
    std::map<int, std::pair<std::int64_t, std::string>> heads;
    for (const auto& row : tx.exec_prepared("audit_heads"))
        heads[row[0].as<int>()] = {row[1].as<std::int64_t>(), row[2].as<std::string>()};
    for (int chain = 0; chain < kAuditChains; ++chain) {
        const ChainState& state = chains[static_cast<std::size_t>(chain)];
        if (state.broken) continue;
        const auto head = heads.find(chain);
        if (head == heads.end() || head->second.first != state.expectedSeq - 1 ||
            head->second.second != state.prevHash)
            report.problems.push_back("audit chain " + std::to_string(chain) +
                                      ": its newest entries were removed (the head expects entry " +
                                      std::to_string(head == heads.end() ? 0 : head->second.first) +
                                      ")");
    }
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
    // Safe for work that only talks to the database: a broken connection means the
    // transaction never committed (once, on a reused connection), and a transaction the server
    // rolled back for a deadlock or a serialization failure did nothing (kRollbackAttempts).
    OnStaleConnection,
    Never, // the work has side effects outside the database (callbacks)
};

// Runs `work` on a pooled connection and turns every exception into an Error: the one place
// libpqxx's exceptions are caught. Details go to stderr; messages returned never carry SQL.
template <typename Work>
auto run(PostgresPool& pool, std::string_view operation, Work&& work,
         const Translations& translations = {}, Retry retry = Retry::OnStaleConnection)
    -> std::invoke_result_t<Work&, pqxx::connection&> {
    int rollbacks = 0;
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
        } catch (const pqxx::deadlock_detected& error) {
            // The server broke a lock cycle by rolling this transaction back: run it again.
            if (retry != Retry::Never && ++rollbacks < kRollbackAttempts) continue;
            logFailure(operation, error);
            return fail(Error::unavailable(kDatabaseBusy));
        } catch (const pqxx::serialization_failure& error) {
            if (retry != Retry::Never && ++rollbacks < kRollbackAttempts) continue;
            logFailure(operation, error);
            return fail(Error::unavailable(kDatabaseBusy));
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

PostgresStorage::PostgresStorage(std::unique_ptr<PostgresPool> pool, std::string url)
    : m_pool(std::move(pool))
    , m_url(std::move(url))
    , m_changes(std::make_shared<ChangeSignal>()) {}

PostgresStorage::~PostgresStorage() = default;

Result<std::unique_ptr<Storage>> PostgresStorage::open(const StorageOptions& options) {
    try {
        auto pool = std::make_unique<PostgresPool>(options.url, options.poolSize);
        BILHETERIA_CHECK(pool->warmUp());
        BILHETERIA_CHECK(run(*pool, "migrate", applyMigrations));
        return std::unique_ptr<Storage>{new PostgresStorage(std::move(pool), options.url)};
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
                              unixSeconds(event.createdAt), event.maxTicketsPerCard,
                              event.queuePowBits)[0]
                .as<Id>();
        summary.name = event.name;
        summary.venue = event.venue;
        summary.startsAt = event.startsAt;
        summary.saleStartsAt = event.saleStartsAt;
        summary.saleEndsAt = event.saleEndsAt;
        summary.currency = event.currency;
        summary.queueEnabled = event.queueEnabled;
        created.maxTicketsPerCustomer = event.maxTicketsPerCustomer;
        created.maxTicketsPerCard = event.maxTicketsPerCard;
        created.holdSeconds = event.holdSeconds;
        created.admitPerMinute = event.admitPerMinute;
        created.queuePowBits = event.queuePowBits;
        created.createdBy = event.createdBy;

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
            tx.exec_prepared0("insert_section_sales", sectionId);
            // A new event has nothing held or sold.
            created.sections.push_back(SectionInfo{sectionId, section.name, section.kind,
                                                   section.priceCents, capacity, capacity});
        }

        // Every place in one COPY, in the organizer's order: the identity column numbers rows
        // as they arrive, so seat ids ascend section by section, row by row, number by number.
        // General admission has anonymous places (row_label NULL, numbers 1..capacity), held
        // and sold by the same statements as seats.
        {
            pqxx::stream_to seats{
                tx, "seats",
                std::vector<std::string>{"event_id", "section_id", "row_label", "number"}};
            for (std::size_t i = 0; i < event.sections.size(); ++i) {
                const NewSection& section = event.sections[i];
                const Id sectionId = created.sections[i].id;
                if (section.kind == SectionKind::Seated) {
                    for (const RowDraft& row : section.rows)
                        for (std::int64_t number = 1; number <= row.seats; ++number)
                            seats << std::make_tuple(summary.id, sectionId, row.label, number);
                } else {
                    for (std::int64_t number = 1; number <= section.capacity; ++number)
                        seats << std::make_tuple(summary.id, sectionId, nullptr, number);
                }
            }
            seats.complete();
        }
        summarizeSections(created);
        appendAudit(tx, auditChainFor(summary.id), event.createdAt, event.createdBy,
                    "event.created", "event:" + std::to_string(summary.id),
                    nlohmann::json{{"name", event.name}, {"capacity", summary.capacity}}.dump());
        tx.commit();
        return created;
    });
}

Result<std::vector<EventSummary>> PostgresStorage::listEvents(TimePoint now) {
    return run(*m_pool, "listEvents",
               [&](pqxx::connection& connection) -> Result<std::vector<EventSummary>> {
                   pqxx::read_transaction tx{connection};
                   const auto rows = tx.exec_prepared("list_events", unixSeconds(now));
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

Result<Event> PostgresStorage::getEvent(Id eventId, TimePoint now) {
    return run(*m_pool, "getEvent", [&](pqxx::connection& connection) -> Result<Event> {
        SnapshotTransaction tx{connection};
        const auto eventRows = tx.exec_prepared("event_by_id", eventId);
        if (eventRows.empty()) return fail(Error::notFound("no event with this id"));
        const auto sectionRows = tx.exec_prepared("sections_of_event", eventId, unixSeconds(now));
        tx.commit();

        Event event = eventSettingsFromRow(eventRows[0]);
        for (const auto& section : sectionRows)
            event.sections.push_back(
                SectionInfo{section[0].as<Id>(), section[1].as<std::string>(),
                            sectionKindFromText(section[2].c_str()), section[3].as<Cents>(),
                            section[4].as<std::int64_t>(), section[5].as<std::int64_t>()});
        summarizeSections(event);
        return event;
    });
}

Result<Event> PostgresStorage::getEventSettings(Id eventId) {
    return run(*m_pool, "getEventSettings", [&](pqxx::connection& connection) -> Result<Event> {
        pqxx::nontransaction tx{connection};
        const auto rows = tx.exec_prepared("event_by_id", eventId);
        if (rows.empty()) return fail(Error::notFound("no event with this id"));
        return eventSettingsFromRow(rows[0]);
    });
}

Result<void> PostgresStorage::forEachSeat(Id eventId, TimePoint now,
                                          const std::function<void(const Seat&)>& visit) {
    return run(
        *m_pool, "forEachSeat",
        [&](pqxx::connection& connection) -> Result<void> {
            SnapshotTransaction tx{connection};
            if (tx.exec_prepared("event_exists", eventId).empty())
                return fail(Error::notFound("no event with this id"));
            {
                // A server-side cursor fetched in blocks: memory stays flat however many seats.
                // Numbered seats only (general-admission places have no row); a seat held by a
                // lapsed hold is free.
                pqxx::icursorstream cursor{
                    tx,
                    "SELECT id, section_id, row_label, number, CASE WHEN state = 'held' AND "
                    "hold_expires_at <= " +
                        tx.quote(unixSeconds(now)) +
                        " THEN 'free' ELSE state END FROM seats WHERE event_id = " +
                        tx.quote(eventId) + " AND row_label IS NOT NULL ORDER BY id",
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

Result<std::string> PostgresStorage::serverSecret(const std::string& name) {
    return run(*m_pool, "serverSecret", [&](pqxx::connection& connection) -> Result<std::string> {
        // Two statements, each its own snapshot: when another server inserted the secret first,
        // the insert waits for it and does nothing, and the select then reads its value.
        pqxx::nontransaction tx{connection};
        tx.exec_prepared0("insert_secret", name, crypto::hexEncode(crypto::randomBytes(32)));
        const auto rows = tx.exec_prepared("secret", name);
        if (rows.empty()) return fail(Error::internal("the server secret could not be stored"));
        return rows[0][0].as<std::string>();
    });
}

Result<Hold> PostgresStorage::createHold(const NewHold& in) {
    return run(*m_pool, "createHold", [&](pqxx::connection& connection) -> Result<Hold> {
        pqxx::work tx{connection};
        const bool seated = !in.seatIds.empty();
        const std::int64_t requested =
            seated ? static_cast<std::int64_t>(in.seatIds.size()) : in.quantity;
        // Seats are locked in ascending id order, so two holds wanting some of the same seats
        // queue rather than deadlock (and a deadlock all the same is retried by run()).
        std::vector<Id> sortedIds = in.seatIds;
        std::sort(sortedIds.begin(), sortedIds.end());

        // The hold as it will read back, built from what the statements below return (so no
        // statement is spent reading it again while its locks are held).
        Hold hold;
        hold.eventId = in.eventId;
        hold.customerId = in.customerId;
        hold.expiresAt = in.expiresAt;
        hold.currency = in.currency;
        Cents generalPrice = 0;
        std::map<Id, HeldSeat> places; // seated: ascending seat ids, as a hold lists them
        if (seated) {
            for (const auto& row :
                 tx.exec_prepared("seated_places", in.eventId, idArray(sortedIds)))
                places.emplace(row[0].as<Id>(),
                               HeldSeat{row[0].as<Id>(), row[2].as<Id>(), row[3].as<std::string>(),
                                        row[4].as<int>(), row[1].as<Cents>()});
            std::vector<Id> unknown;
            for (Id id : in.seatIds) {
                const auto place = places.find(id);
                if (place == places.end())
                    unknown.push_back(id);
                else
                    hold.totalCents += place->second.priceCents;
            }
            if (!unknown.empty())
                return fail(Error{ErrorCode::InvalidRequest,
                                  "some seats are not seats of this event",
                                  {{"field", "seat_ids"}, {"seat_ids", unknown}}});
        } else {
            const auto section =
                tx.exec_prepared("general_section", in.sectionId.value_or(0), in.eventId);
            if (section.empty())
                return fail(Error::invalidField(
                    "section_id", "section_id must be a general-admission section of this event"));
            generalPrice = section[0][0].as<Cents>();
            hold.totalCents = generalPrice * requested;
            hold.general.push_back(HeldGeneral{*in.sectionId, requested, generalPrice});
        }

        if (in.maxTickets) {
            // The customer's row for the event stays locked until commit, so a second hold of
            // the same customer counts after this one is written; the count is its own
            // statement so that it sees what committed while this one waited for the lock.
            tx.exec_prepared0("lock_customer_limit", in.eventId, in.customerId);
            const std::int64_t already = tx.exec_prepared1("customer_tickets", in.eventId,
                                                           in.customerId, unixSeconds(in.now))[0]
                                             .as<std::int64_t>();
            if (already + requested > *in.maxTickets)
                return fail(Error{ErrorCode::QuotaExceeded,
                                  "this would pass the limit of " + std::to_string(*in.maxTickets) +
                                      " tickets per customer for this event",
                                  {{"limit", *in.maxTickets}, {"current", already}}});
        }

        const Id holdId =
            tx.exec_prepared1("insert_hold", in.eventId, in.customerId, requested, hold.totalCents,
                              in.currency, unixSeconds(in.now), unixSeconds(in.expiresAt))[0]
                .as<Id>();
        hold.id = holdId;

        if (seated) {
            const auto taken =
                tx.exec_prepared("take_seats", holdId, unixSeconds(in.expiresAt), in.eventId,
                                 idArray(sortedIds), unixSeconds(in.now));
            if (static_cast<std::int64_t>(taken.size()) != requested) {
                std::set<Id> got;
                for (const auto& row : taken)
                    got.insert(row[0].as<Id>());
                std::vector<Id> unavailable;
                for (Id id : sortedIds)
                    if (!got.contains(id)) unavailable.push_back(id);
                return fail(Error{ErrorCode::SeatsUnavailable,
                                  "some of these seats were just taken",
                                  {{"seat_ids", unavailable}}});
            }
            for (auto& [id, seat] : places)
                hold.seats.push_back(std::move(seat));
        } else {
            std::int64_t taken = static_cast<std::int64_t>(
                tx.exec_prepared("take_free_places", holdId, unixSeconds(in.expiresAt),
                                 *in.sectionId, requested, generalPrice)
                    .size());
            if (taken < requested)
                taken += static_cast<std::int64_t>(
                    tx.exec_prepared("take_lapsed_places", holdId, unixSeconds(in.expiresAt),
                                     *in.sectionId, requested - taken, generalPrice,
                                     unixSeconds(in.now))
                        .size());
            if (taken != requested)
                return fail(Error{ErrorCode::SoldOut,
                                  "not enough tickets are left in this section",
                                  {{"requested", requested}, {"available", taken}}});
        }

        appendAudit(tx, auditChainFor(holdId), in.now, in.customerId, "hold.created",
                    "hold:" + std::to_string(holdId),
                    nlohmann::json{{"event_id", in.eventId}, {"tickets", requested}}.dump(),
                    holdPlacesChanges(hold, SeatState::Held));
        tx.commit();
        m_changes->notify();
        return hold;
    });
}

Result<Hold> PostgresStorage::findHold(Id holdId, TimePoint now) {
    return run(*m_pool, "findHold", [&](pqxx::connection& connection) -> Result<Hold> {
        pqxx::nontransaction tx{connection};
        auto hold = readHold(tx, holdId, now);
        if (!hold) return fail(holdNotFound());
        return std::move(*hold);
    });
}

Result<Hold> PostgresStorage::releaseHold(Id holdId, Id actorId, TimePoint now) {
    return run(*m_pool, "releaseHold", [&](pqxx::connection& connection) -> Result<Hold> {
        pqxx::work tx{connection};
        if (tx.exec_prepared0("release_hold", holdId, unixSeconds(now)).affected_rows() != 1)
            return fail(inactiveHold(tx, holdId, now));
        SeatsChangeBuilder freed(SeatState::Free);
        addPlaces(tx.exec_prepared("free_hold_places", holdId), freed);
        auto hold = readHold(tx, holdId, now);
        if (!hold) return fail(Error::internal("the hold could not be read back"));
        appendAudit(tx, auditChainFor(holdId), now, actorId, "hold.released",
                    "hold:" + std::to_string(holdId), "{}", freed.build());
        tx.commit();
        m_changes->notify();
        return std::move(*hold);
    });
}

Result<std::int64_t> PostgresStorage::expireHolds(TimePoint now, int limit) {
    return run(*m_pool, "expireHolds", [&](pqxx::connection& connection) -> Result<std::int64_t> {
        pqxx::work tx{connection};
        // A negative limit means no limit (LIMIT NULL), as in SQLite.
        const auto expired = limit < 0 ? tx.exec_prepared("expire_holds", unixSeconds(now), nullptr)
                                       : tx.exec_prepared("expire_holds", unixSeconds(now), limit);
        if (expired.empty()) return std::int64_t{0};
        std::vector<Id> holds;
        holds.reserve(expired.size());
        for (const auto& row : expired)
            holds.push_back(row[0].as<Id>());
        // All seats first, then the chain heads in ascending chain order: the locks come in the
        // same order as in every other transaction, so sweepers and sales do not deadlock.
        SeatsChangeBuilder freed(SeatState::Free);
        addPlaces(tx.exec_prepared("free_places_of_holds", idArray(holds)), freed);
        std::sort(holds.begin(), holds.end(), [](Id a, Id b) {
            return std::pair{auditChainFor(a), a} < std::pair{auditChainFor(b), b};
        });
        // The batch's changes, one per event, go with its last audit entry.
        const auto changes = freed.build();
        for (std::size_t i = 0; i < holds.size(); ++i)
            appendAudit(tx, auditChainFor(holds[i]), now, 0, "hold.expired",
                        "hold:" + std::to_string(holds[i]), "{}",
                        i + 1 == holds.size() ? changes : std::vector<NewChange>{});
        tx.commit();
        if (!changes.empty()) m_changes->notify();
        return static_cast<std::int64_t>(holds.size());
    });
}

Result<Order> PostgresStorage::completePurchase(const NewPurchase& in) {
    return run(*m_pool, "completePurchase", [&](pqxx::connection& connection) -> Result<Order> {
        pqxx::work tx{connection};
        const auto closed = tx.exec_prepared("purchase_hold", in.holdId, unixSeconds(in.now));
        if (closed.empty()) return fail(inactiveHold(tx, in.holdId, in.now));
        const pqxx::row hold = closed[0];
        Order order;
        order.eventId = hold[0].as<Id>();
        order.customerId = hold[1].as<Id>();
        const auto ticketCount = hold[2].as<std::int64_t>();
        order.status = "paid";
        order.totalCents = hold[3].as<Cents>();
        order.currency = hold[4].as<std::string>();
        order.createdAt = in.now;
        if (static_cast<std::int64_t>(in.ticketCodes.size()) != ticketCount)
            return fail(Error::internal("one ticket code per ticket is needed"));

        if (in.cardFingerprint && in.maxTicketsPerCard) {
            // The card's row stays locked until commit, so another sale with this card counts
            // after this one's tickets are written; the count is its own statement so that it
            // sees what committed while this one waited for the lock.
            tx.exec_prepared0("lock_card_limit", order.eventId, *in.cardFingerprint);
            const std::int64_t already =
                tx.exec_prepared1("card_tickets", order.eventId, *in.cardFingerprint)[0]
                    .as<std::int64_t>();
            if (already + ticketCount > *in.maxTicketsPerCard)
                return fail(cardLimitExceeded(*in.maxTicketsPerCard, already));
        }

        const auto sold = tx.exec_prepared0("sell_places", in.holdId).affected_rows();
        if (static_cast<std::int64_t>(sold) != ticketCount)
            return fail(Error::internal("the hold no longer holds all its places"));

        order.id =
            tx.exec_prepared1("insert_order", order.eventId, order.customerId, in.actorId,
                              in.holdId, order.totalCents, order.currency, unixSeconds(in.now))[0]
                .as<Id>();

        std::map<Id, std::int64_t> soldPerSection; // ascending: the shard rows lock in order
        for (const auto& row :
             tx.exec_prepared("insert_tickets", order.id, order.eventId, order.customerId,
                              in.holdId, textArray(in.ticketCodes))) {
            order.tickets.push_back(ticketFromRow(row));
            ++soldPerSection[order.tickets.back().sectionId];
        }
        if (static_cast<std::int64_t>(order.tickets.size()) != ticketCount)
            return fail(Error::internal("the hold's places and its tickets differ"));

        const Authorization& authorization = in.authorization;
        const PaymentSummary& summary = authorization.summary;
        const std::optional<std::string> change =
            summary.changeCents ? std::optional{std::to_string(*summary.changeCents)}
                                : std::nullopt;
        tx.exec_prepared0("insert_payment", order.id, authorization.method, authorization.reference,
                          authorization.amountCents, authorization.currency,
                          nullable(summary.brand), nullable(summary.last4), nullable(change),
                          unixSeconds(in.now), nullable(in.cardFingerprint));
        order.payment.method = authorization.method;
        order.payment.brand = summary.brand;
        order.payment.last4 = summary.last4;
        order.payment.changeCents = summary.changeCents;

        if (tx.exec_prepared0("insert_idempotency_key", in.actorId, in.idempotencyKey,
                              in.requestHash, in.holdId, order.id, unixSeconds(in.now))
                .affected_rows() != 1)
            return fail(Error{ErrorCode::IdempotencyMismatch,
                              "this Idempotency-Key was used for another request"});

        // The shared rows last: a sold-counter shard and the audit chain's head are wanted by
        // other sales, so they are locked for as short a time as the transaction allows.
        for (const auto& [sectionId, count] : soldPerSection)
            tx.exec_prepared0("add_sold", sectionId, static_cast<int>(order.id % kSalesShards),
                              count);
        // The places sold are the tickets' (one each, checked above).
        SeatsChangeBuilder soldPlaces(SeatState::Sold);
        for (const Ticket& ticket : order.tickets) {
            if (ticket.seatId)
                soldPlaces.addPlace(order.eventId, *ticket.seatId, ticket.sectionId, true);
            else
                soldPlaces.addPlaces(order.eventId, ticket.sectionId, 1);
        }
        auto changes = soldPlaces.build();
        changes.push_back(
            orderChange(order.eventId, OrderChange{order.id, order.customerId, order.status}));
        appendAudit(tx, auditChainFor(in.holdId), in.now, in.actorId, "order.paid",
                    "hold:" + std::to_string(in.holdId),
                    nlohmann::json{{"order_id", order.id},
                                   {"total_cents", order.totalCents},
                                   {"method", authorization.method}}
                        .dump(),
                    changes);
        tx.commit();
        m_changes->notify();
        return order;
    });
}

Result<std::optional<IdempotencyRecord>>
PostgresStorage::findIdempotencyKey(Id customerId, const std::string& key) {
    return run(*m_pool, "findIdempotencyKey",
               [&](pqxx::connection& connection) -> Result<std::optional<IdempotencyRecord>> {
                   pqxx::nontransaction tx{connection};
                   const auto rows = tx.exec_prepared("idempotency_key", customerId, key);
                   if (rows.empty()) return std::optional<IdempotencyRecord>{};
                   return std::optional<IdempotencyRecord>{IdempotencyRecord{
                       rows[0][0].as<Id>(), rows[0][1].as<std::string>(), rows[0][2].as<Id>()}};
               });
}

// Orders, payments and tickets are written together and never change afterwards (a capture
// touches only the payment's status), so reading them in two statements is consistent.

Result<Order> PostgresStorage::findOrder(Id orderId) {
    return run(*m_pool, "findOrder", [&](pqxx::connection& connection) -> Result<Order> {
        pqxx::nontransaction tx{connection};
        const auto rows = tx.exec_prepared("order_by_id", orderId);
        if (rows.empty()) return fail(Error::notFound("no such order"));
        Order order = orderFromRow(rows[0]);
        for (const auto& row : tx.exec_prepared("tickets_of_order", orderId))
            order.tickets.push_back(ticketFromRow(row));
        return order;
    });
}

Result<std::vector<Order>> PostgresStorage::listOrders(Id customerId) {
    return run(*m_pool, "listOrders",
               [&](pqxx::connection& connection) -> Result<std::vector<Order>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<Order> orders;
                   std::map<Id, std::size_t> byId;
                   for (const auto& row : tx.exec_prepared("orders_of_customer", customerId)) {
                       orders.push_back(orderFromRow(row));
                       byId.emplace(orders.back().id, orders.size() - 1);
                   }
                   if (orders.empty()) return orders;
                   for (const auto& row : tx.exec_prepared("tickets_of_customer", customerId)) {
                       // An order committed between the two statements has no entry: skipped.
                       const auto order = byId.find(row[7].as<Id>());
                       if (order != byId.end())
                           orders[order->second].tickets.push_back(ticketFromRow(row));
                   }
                   return orders;
               });
}

Result<void> PostgresStorage::markPaymentCaptured(Id orderId, TimePoint now) {
    return run(*m_pool, "markPaymentCaptured", [&](pqxx::connection& connection) -> Result<void> {
        // Only an authorized payment changes: marking a captured one again keeps its time.
        pqxx::nontransaction tx{connection};
        tx.exec_prepared0("capture_payment", orderId, unixSeconds(now));
        return {};
    });
}

Result<std::vector<UncapturedPayment>> PostgresStorage::listUncapturedPayments() {
    return run(*m_pool, "listUncapturedPayments",
               [&](pqxx::connection& connection) -> Result<std::vector<UncapturedPayment>> {
                   pqxx::nontransaction tx{connection};
                   std::vector<UncapturedPayment> payments;
                   for (const auto& row : tx.exec_prepared("uncaptured_payments")) {
                       UncapturedPayment payment;
                       payment.orderId = row[0].as<Id>();
                       Authorization& authorization = payment.authorization;
                       authorization.method = row[1].as<std::string>();
                       authorization.reference = row[2].as<std::string>();
                       authorization.amountCents = row[3].as<Cents>();
                       authorization.currency = row[4].as<std::string>();
                       authorization.summary.method = authorization.method;
                       authorization.summary.brand = optionalText(row[5]);
                       authorization.summary.last4 = optionalText(row[6]);
                       authorization.summary.changeCents = optionalInteger(row[7]);
                       payments.push_back(std::move(payment));
                   }
                   return payments;
               });
}

Result<QueuePlace> PostgresStorage::findQueuePlace(Id eventId, Id customerId) {
    return run(*m_pool, "findQueuePlace", [&](pqxx::connection& connection) -> Result<QueuePlace> {
        SnapshotTransaction tx{connection};
        const auto rows = tx.exec_prepared("queue_state", eventId);
        if (rows.empty()) return fail(Error::notFound("no event with this id"));
        QueuePlace place{queueStateFromRow(rows[0], eventId),
                         readQueueEntry(tx, eventId, customerId)};
        tx.commit();
        return place;
    });
}

Result<QueuePlace> PostgresStorage::joinQueue(Id eventId, Id customerId, TimePoint now) {
    return run(
        *m_pool, "joinQueue",
        [&](pqxx::connection& connection) -> Result<QueuePlace> {
            {
                pqxx::work tx{connection};
                const auto rows = tx.exec_prepared("queue_state", eventId);
                if (rows.empty()) return fail(Error::notFound("no event with this id"));
                QueuePlace place{queueStateFromRow(rows[0], eventId),
                                 readQueueEntry(tx, eventId, customerId)};
                if (place.entry) {
                    tx.commit();
                    return place;
                }
                // From here the queue's row is locked until commit.
                const pqxx::row next =
                    tx.exec_prepared1("take_queue_position", eventId, unixSeconds(now));
                QueueState& state = place.queue;
                state.joined = next[0].as<std::int64_t>();
                state.admitted = next[1].as<std::int64_t>();
                state.carrySixtieths = next[2].as<std::int64_t>();
                state.updatedAt = fromUnixSeconds(next[3].as<std::int64_t>());
                if (!tx.exec_prepared("insert_queue_entry", eventId, customerId, state.joined,
                                      unixSeconds(now))
                         .empty()) {
                    insertChanges(tx, {queueChange(eventId, {customerId, state.joined, false})},
                                  now);
                    tx.commit();
                    m_changes->notify();
                    place.entry = QueueEntry{state.joined, now, std::nullopt};
                    return place;
                }
                // The same customer's other join got there first: give the position back (no
                // gap is left) and answer with the place that join took.
                tx.abort();
            }
            SnapshotTransaction tx{connection};
            const auto rows = tx.exec_prepared("queue_state", eventId);
            if (rows.empty()) return fail(Error::notFound("no event with this id"));
            QueuePlace place{queueStateFromRow(rows[0], eventId),
                             readQueueEntry(tx, eventId, customerId)};
            tx.commit();
            if (!place.entry) return fail(Error::internal("the waiting room lost a place"));
            return place;
        },
        // The event went away meanwhile.
        Translations{std::nullopt, Error::notFound("no event with this id")});
}

Result<std::int64_t> PostgresStorage::advanceQueues(TimePoint now, const QueuePacer& pace) {
    BILHETERIA_TRY(
        due,
        run(*m_pool, "advanceQueues", [&](pqxx::connection& connection) -> Result<std::vector<Id>> {
            pqxx::nontransaction tx{connection};
            std::vector<Id> ids;
            for (const auto& row : tx.exec_prepared("queues_due", unixSeconds(now)))
                ids.push_back(row[0].as<Id>());
            return ids;
        }));
    std::int64_t total = 0;
    std::optional<Error> firstError;
    for (const Id eventId : due) {
        // One transaction per event: the queue's row is locked only while its step is written,
        // and one queue's trouble does not hold up the others. A second server stepping the
        // same queue waits for the lock and then reads the state this step committed.
        auto admitted = run(
            *m_pool, "advanceQueues", [&](pqxx::connection& connection) -> Result<std::int64_t> {
                pqxx::work tx{connection};
                const auto rows = tx.exec_prepared("lock_queue_state", eventId);
                if (rows.empty()) return 0;
                const QueueState state = queueStateFromRow(rows[0], eventId);
                if (!state.enabled) return 0;
                const QueueAdvance next = pace(state, now);
                BILHETERIA_CHECK(checkQueueAdvance(state, next));
                if (next.admitted == state.admitted &&
                    next.carrySixtieths == state.carrySixtieths &&
                    next.updatedAt == state.updatedAt)
                    return 0;
                const std::int64_t count = next.admitted - state.admitted;
                if (count > 0) {
                    // Each person admitted hears it on their stream (a private queue event).
                    std::vector<NewChange> changes;
                    for (const auto& row :
                         tx.exec_prepared("admit_queue_entries", eventId, unixSeconds(now),
                                          state.admitted, next.admitted))
                        changes.push_back(queueChange(
                            eventId, {row[0].as<Id>(), row[1].as<std::int64_t>(), true}));
                    if (static_cast<std::int64_t>(changes.size()) != count)
                        return fail(Error::internal(
                            "the waiting room's entries do not match its counters"));
                    insertChanges(tx, changes, now);
                }
                tx.exec_prepared0("update_queue_state", eventId, next.admitted, next.carrySixtieths,
                                  unixSeconds(next.updatedAt));
                tx.commit();
                if (count > 0) m_changes->notify();
                return count;
            });
        if (admitted)
            total += *admitted;
        else if (!firstError)
            firstError = admitted.error();
    }
    if (firstError) return fail(*firstError);
    return total;
}

Result<SalesReport> PostgresStorage::salesReport(Id eventId, TimePoint now, int bucketSeconds) {
    return run(*m_pool, "salesReport", [&](pqxx::connection& connection) -> Result<SalesReport> {
        SnapshotTransaction tx{connection};
        const auto event = tx.exec_prepared("event_currency", eventId);
        if (event.empty()) return fail(Error::notFound("no event with this id"));
        const auto sections = tx.exec_prepared("report_sections", eventId, unixSeconds(now));
        const auto buckets = tx.exec_prepared("report_buckets", eventId, bucketSeconds);
        tx.commit();

        SalesReport report;
        report.eventId = eventId;
        report.currency = event[0][0].as<std::string>();
        report.generatedAt = now;
        report.bucketSeconds = bucketSeconds;
        for (const auto& row : sections)
            report.sections.push_back(SalesSection{
                row[0].as<Id>(), row[1].as<std::string>(), sectionKindFromText(row[2].c_str()),
                row[3].as<Cents>(), row[4].as<std::int64_t>(), row[5].as<std::int64_t>(),
                row[6].as<std::int64_t>(), 0, row[7].as<Cents>()});
        std::vector<SalesBucketRow> rows;
        rows.reserve(buckets.size());
        for (const auto& row : buckets)
            rows.push_back(SalesBucketRow{row[0].as<std::int64_t>(), row[1].as<std::string>(),
                                          row[2].as<std::int64_t>(), row[3].as<std::int64_t>(),
                                          row[4].as<Cents>()});
        foldSalesReport(report, rows);
        return report;
    });
}

Result<ShiftSummary> PostgresStorage::shiftSummary(Id actorId, TimePoint since, TimePoint until) {
    return run(*m_pool, "shiftSummary", [&](pqxx::connection& connection) -> Result<ShiftSummary> {
        pqxx::nontransaction tx{connection};
        std::vector<ShiftRow> rows;
        for (const auto& row :
             tx.exec_prepared("shift", actorId, unixSeconds(since), unixSeconds(until)))
            rows.push_back(ShiftRow{row[0].as<Id>(), row[1].as<std::string>(),
                                    row[2].as<std::string>(), row[3].as<std::string>(),
                                    row[4].as<std::int64_t>(), row[5].as<std::int64_t>(),
                                    row[6].as<Cents>(), row[7].as<Cents>()});
        ShiftSummary shift;
        shift.since = since;
        shift.until = until;
        foldShift(shift, rows);
        return shift;
    });
}

Result<IntegrityReport> PostgresStorage::verifyAudit() {
    return run(*m_pool, "verifyAudit",
               [&](pqxx::connection& connection) -> Result<IntegrityReport> {
                   SnapshotTransaction tx{connection};
                   IntegrityReport report;
                   verifyAuditChains(tx, report);
                   tx.commit();
                   return report;
               });
}

Result<IntegrityReport> PostgresStorage::checkInvariants(TimePoint now) {
    return run(*m_pool, "checkInvariants",
               [&](pqxx::connection& connection) -> Result<IntegrityReport> {
                   // One snapshot for every check: a sale committing meanwhile is seen whole
                   // or not at all.
                   SnapshotTransaction tx{connection};
                   IntegrityReport report;
                   report.checkedItems = tx.exec_prepared1("count_places")[0].as<std::int64_t>();
                   for (const std::string& query : integrityQueries(unixSeconds(now)))
                       for (const auto& row : tx.exec(query))
                           report.problems.push_back(row[0].as<std::string>());
                   verifyAuditChains(tx, report);
                   tx.commit();
                   return report;
               });
}

namespace {

// The channel every server LISTENs on and NOTIFYs after its own commits.
constexpr const char* kChangeChannel = "bilheteria_changes";
// How often a lost LISTEN connection is tried again (the feed polls through the pool meanwhile).
constexpr auto kReconnectEvery = std::chrono::seconds{1};

// The live feed's reader on PostgreSQL: a connection of its own, outside the pool, LISTENing on
// kChangeChannel. Other servers' changes wake it through NOTIFY; this process's own commits wake
// it through the ChangeSignal, and it then NOTIFYs the others — once per wake-up, from here, not
// from the sale's transactions: a NOTIFY in a transaction makes its commit take a database-wide
// lock held through the commit's WAL flush, which serialises every notifying commit (measured
// with fsync=on: 5,200 inserting transactions per second without, 450-730 with). The feed also
// reads every pollInterval, so a lost notification delays a change, never loses it.
class PostgresChangeSource : public ChangeSource {
public:
    PostgresChangeSource(std::string url, PostgresPool& pool, std::shared_ptr<ChangeSignal> signal)
        : m_url(std::move(url))
        , m_pool(pool)
        , m_signal(std::move(signal)) {}

    ~PostgresChangeSource() override { disconnect(); }

    Result<Id> latestChangeId() override {
        return run(m_pool, "latestChangeId", [](pqxx::connection& connection) -> Result<Id> {
            pqxx::nontransaction tx{connection};
            return tx.exec_prepared1("latest_change")[0].as<Id>();
        });
    }

    Result<std::vector<Change>> changesAfter(Id after, int limit) override {
        return onConnection("changesAfter", [&](pqxx::connection& connection) {
            pqxx::nontransaction tx{connection};
            return changesOf(tx.exec_prepared("changes_after", after, limit));
        });
    }

    Result<std::vector<Change>> changesBetween(Id from, Id to) override {
        return onConnection("changesBetween", [&](pqxx::connection& connection) {
            pqxx::nontransaction tx{connection};
            return changesOf(tx.exec_prepared("changes_between", from, to));
        });
    }

    Result<ChangeReplay> replay(Id eventId, Id after, Id upTo, int limit) override {
        return run(
            m_pool, "replayChanges", [&](pqxx::connection& connection) -> Result<ChangeReplay> {
                // One snapshot: a prune between the two reads cannot go unnoticed.
                SnapshotTransaction tx{connection};
                ChangeReplay out;
                out.prunedThrough = tx.exec_prepared1("pruned_through")[0].as<Id>();
                out.changes =
                    changesOf(tx.exec_prepared("event_changes", eventId, after, upTo, limit));
                tx.commit();
                return out;
            });
    }

    void waitForChanges(std::chrono::milliseconds timeout) override {
        if (!m_connection && !connect()) {
            // Without the connection, local commits still wake the reader (its next read
            // goes through a new connection); the other servers poll meanwhile.
            pollfd descriptors[2] = {{m_signal->fd(), POLLIN, 0}, {m_interrupt.fd(), POLLIN, 0}};
            if (::poll(descriptors, 2, static_cast<int>(timeout.count())) > 0) {
                m_signal->consume();
                m_interrupt.consume();
            }
            return;
        }
        try {
            // Notifications that arrived while the last queries ran are already read from the
            // socket: poll() would not see them.
            m_notified = false;
            m_connection->get_notifs();
            if (m_notified) return;
            pollfd descriptors[3] = {{m_signal->fd(), POLLIN, 0},
                                     {m_interrupt.fd(), POLLIN, 0},
                                     {m_connection->sock(), POLLIN, 0}};
            if (::poll(descriptors, 3, static_cast<int>(timeout.count())) <= 0) return;
            if ((descriptors[0].revents & POLLIN) && m_signal->consume()) {
                pqxx::nontransaction tx{*m_connection};
                tx.exec0(std::string{"NOTIFY "} + kChangeChannel);
            }
            if (descriptors[1].revents & POLLIN) m_interrupt.consume();
            if (descriptors[2].revents != 0) m_connection->get_notifs();
        } catch (const std::exception& error) {
            logFailure("listen", error);
            disconnect();
        }
    }

    void interrupt() override { m_interrupt.notify(); }

private:
    class Listener : public pqxx::notification_receiver {
    public:
        Listener(pqxx::connection& connection, bool& notified)
            : pqxx::notification_receiver(connection, kChangeChannel)
            , m_notified(notified) {}
        void operator()(const std::string&, int backendPid) override {
            // Our own NOTIFY comes back too; it says nothing new.
            if (backendPid != conn().backendpid()) m_notified = true;
        }

    private:
        bool& m_notified;
    };

    static std::vector<Change> changesOf(const pqxx::result& rows) {
        std::vector<Change> out;
        out.reserve(rows.size());
        for (const auto& row : rows)
            out.push_back(changeFromRow(row));
        return out;
    }

    bool connect() {
        const auto now = std::chrono::steady_clock::now();
        if (now < m_nextAttempt) return false;
        m_nextAttempt = now + kReconnectEvery;
        try {
            auto connection = std::make_unique<pqxx::connection>(m_url);
            for (const char* name : {"changes_after", "changes_between"})
                for (const Statement& statement : statements())
                    if (std::string_view{statement.name} == name)
                        connection->prepare(statement.name, statement.sql);
            m_listener = std::make_unique<Listener>(*connection, m_notified);
            m_connection = std::move(connection);
            return true;
        } catch (const std::exception& error) {
            logFailure("listen connect", error);
            m_listener.reset();
            return false;
        }
    }

    void disconnect() {
        try {
            m_listener.reset();
        } catch (const std::exception&) {
        }
        m_connection.reset();
    }

    // Runs a query on the LISTEN connection, (re)connecting first; a broken connection is
    // dropped and tried again at the next call.
    template <typename Work>
    Result<std::vector<Change>> onConnection(std::string_view operation, Work&& work) {
        if (!m_connection && !connect()) return fail(Error::unavailable(kDatabaseUnreachable));
        try {
            return work(*m_connection);
        } catch (const pqxx::broken_connection& error) {
            logFailure(operation, error);
            disconnect();
            return fail(Error::unavailable(kDatabaseUnreachable));
        } catch (const std::exception& error) {
            logFailure(operation, error);
            disconnect();
            return fail(Error::internal(kDatabaseFailed));
        }
    }

    const std::string m_url;
    PostgresPool& m_pool;
    std::shared_ptr<ChangeSignal> m_signal;
    std::unique_ptr<pqxx::connection> m_connection;
    std::unique_ptr<Listener> m_listener;
    bool m_notified = false;
    ChangeSignal m_interrupt; // interrupt(): a wake-up that announces nothing to the others
    std::chrono::steady_clock::time_point m_nextAttempt{};
};

} // namespace

Result<std::unique_ptr<ChangeSource>> PostgresStorage::openChangeSource() {
    return std::unique_ptr<ChangeSource>(new PostgresChangeSource(m_url, *m_pool, m_changes));
}

Result<std::vector<SectionAvailability>>
PostgresStorage::sectionAvailability(Id eventId, const std::vector<Id>& sectionIds, TimePoint now) {
    return run(
        *m_pool, "sectionAvailability",
        [&](pqxx::connection& connection) -> Result<std::vector<SectionAvailability>> {
            pqxx::nontransaction tx{connection};
            std::vector<SectionAvailability> out;
            for (const auto& row : tx.exec_prepared("section_availability", eventId,
                                                    unixSeconds(now), idArray(sectionIds)))
                out.push_back(SectionAvailability{row[0].as<Id>(), row[1].as<std::int64_t>()});
            return out;
        });
}

Result<std::int64_t> PostgresStorage::pruneChanges(TimePoint before) {
    // A batch per transaction, oldest first: each deletes a bounded number of rows.
    constexpr int kBatch = 5000;
    std::int64_t total = 0;
    for (;;) {
        auto pruned =
            run(*m_pool, "pruneChanges", [&](pqxx::connection& connection) -> Result<std::int64_t> {
                pqxx::work tx{connection};
                const auto horizon =
                    tx.exec_prepared1("prune_horizon", kBatch, unixSeconds(before))[0];
                if (horizon.is_null()) return std::int64_t{0};
                const Id through = horizon.as<Id>();
                const auto removed = static_cast<std::int64_t>(
                    tx.exec_prepared0("prune_changes", through).affected_rows());
                tx.exec_prepared0("move_pruned", through);
                tx.commit();
                return removed;
            });
        if (!pruned) return fail(pruned.error());
        total += *pruned;
        if (*pruned < kBatch) return total;
    }
}

} // namespace bilheteria
