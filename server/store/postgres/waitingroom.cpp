// The PostgreSQL store's WaitingRoomStore (core/store/waitingroomstore.h): joining an event's
// queue, a place in it, and pacing admissions, with their SQL.
#include "server/store/postgres/waitingroom.h"

#include <pqxx/pqxx>

#include "server/core/changefeed.h"
#include "server/core/queue.h"
#include "server/store/auditchain.h"
#include "server/store/postgres/auditlog.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/outbox.h"
#include "server/store/postgres/rows.h"
#include "server/store/queueaudit.h"

namespace bilheteria {

using namespace postgres;

namespace {

// A waiting room's settings (events e) and counters (queue_state q); see queueStateFromRow.
const std::string kQueueColumns =
    "e.queue_enabled, e.admit_per_minute, e.hold_seconds, e.queue_pow_bits, e.sale_starts_at, "
    "e.sale_ends_at, q.joined, q.admitted, q.carry_sixtieths, q.updated_at, e.cancelled_at, "
    "q.provisional";

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
    state.cancelled = !row[10].is_null();
    if (!row[6].is_null()) {
        state.joined = row[6].as<std::int64_t>();
        state.admitted = row[7].as<std::int64_t>();
        state.carrySixtieths = row[8].as<std::int64_t>();
        state.updatedAt = fromUnixSeconds(row[9].as<std::int64_t>());
        state.provisional = row[11].as<std::int64_t>();
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

// The opening's draw: provisional place i + 1 takes draw[i], and each customer hears of the new
// place on their stream. Returns the audit entry's details (queue.drawn), which the caller
// appends last: the audit chain's head row stays locked from the append until commit, and
// other events' writes may share the chain.
Result<std::string> applyDraw(pqxx::work& tx, const QueueState& state,
                              const std::vector<std::int64_t>& draw, TimePoint now) {
    std::string array = "{";
    for (std::size_t i = 0; i < draw.size(); ++i)
        array += (i ? "," : "") + std::to_string(draw[i]);
    array += "}";
    std::vector<NewChange> changes;
    changes.reserve(draw.size());
    std::vector<Id> byPlace(draw.size());
    for (const auto& row : tx.exec_prepared("queue_draw", state.eventId, array)) {
        const auto customer = row[0].as<Id>();
        const auto position = row[1].as<std::int64_t>();
        changes.push_back(queueChange(state.eventId, {customer, position, false}));
        if (position >= 1 && position <= static_cast<std::int64_t>(byPlace.size()))
            byPlace[static_cast<std::size_t>(position - 1)] = customer;
    }
    if (static_cast<std::int64_t>(changes.size()) != state.provisional)
        return fail(Error::internal("the waiting room's entries do not match its counters"));
    insertChanges(tx, changes, now);
    return queueDrawDetails(byPlace);
}

} // namespace

namespace postgres {

const std::vector<Statement>& waitingRoomStatements() {
    static const std::vector<Statement> all{
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
        // time that passed while it was empty admits nobody later. Before the opening ($3) the
        // place is provisional, while every place before it is (a contiguous 1..provisional).
        {"take_queue_position",
         "INSERT INTO queue_state AS q (event_id, joined, admitted, carry_sixtieths, updated_at, "
         "provisional) VALUES ($1, 1, 0, 0, $2, CASE WHEN $3 THEN 1 ELSE 0 END) "
         "ON CONFLICT (event_id) DO UPDATE SET joined = q.joined + 1, "
         "carry_sixtieths = CASE WHEN q.joined = q.admitted THEN 0 ELSE q.carry_sixtieths END, "
         "updated_at = CASE WHEN q.joined = q.admitted "
         "THEN GREATEST(q.updated_at, EXCLUDED.updated_at) ELSE q.updated_at END, "
         "provisional = CASE WHEN $3 AND q.provisional = q.joined "
         "THEN q.provisional + 1 ELSE q.provisional END "
         "RETURNING joined, admitted, carry_sixtieths, updated_at, provisional"},
        // Nothing when the customer has a place already (a join of theirs that committed
        // while this one waited for the lock).
        {"insert_queue_entry",
         "INSERT INTO queue_entries (event_id, customer_id, position, joined_at) "
         "VALUES ($1, $2, $3, $4) ON CONFLICT (event_id, customer_id) DO NOTHING RETURNING 1"},
        {"queues_due", "SELECT q.event_id FROM queue_state q JOIN events e ON e.id = q.event_id "
                       "WHERE e.queue_enabled AND q.joined > q.admitted "
                       "AND e.sale_starts_at <= $1 AND e.sale_ends_at > $1 ORDER BY q.event_id"},
        {"queue_lengths", "SELECT q.event_id, q.joined - q.admitted, e.sale_starts_at <= $1 "
                          "FROM queue_state q "
                          "JOIN events e ON e.id = q.event_id WHERE e.queue_enabled "
                          "AND e.cancelled_at IS NULL AND e.sale_ends_at > $1 "
                          "ORDER BY q.event_id"},
        {"admit_queue_entries", "UPDATE queue_entries SET admitted_at = $2 WHERE event_id = $1 "
                                "AND position > $3 AND position <= $4 AND admitted_at IS NULL "
                                "RETURNING customer_id, position"},
        {"update_queue_state", "UPDATE queue_state SET admitted = $2, carry_sixtieths = $3, "
                               "updated_at = $4, provisional = $5 WHERE event_id = $1"},
        // The opening's draw ($2 the drawn positions, '{...}', by provisional place): one
        // statement, as the (event_id, position) key is checked at its end (migration 11).
        {"queue_draw", "UPDATE queue_entries q SET position = d.drawn "
                       "FROM unnest($2::bigint[]) WITH ORDINALITY AS d(drawn, old) "
                       "WHERE q.event_id = $1 AND q.position = d.old "
                       "RETURNING q.customer_id, q.position"},
    };
    return all;
}

} // namespace postgres

PostgresWaitingRoomStore::PostgresWaitingRoomStore(PostgresDatabase& db)
    : m_db(db) {}

Result<QueuePlace> PostgresWaitingRoomStore::findQueuePlace(Id eventId, Id customerId) {
    return run(m_db.pool(), "findQueuePlace",
               [&](pqxx::connection& connection) -> Result<QueuePlace> {
                   SnapshotTransaction tx{connection};
                   const auto rows = tx.exec_prepared("queue_state", eventId);
                   if (rows.empty()) return fail(Error::notFound("no event with this id"));
                   QueuePlace place{queueStateFromRow(rows[0], eventId),
                                    readQueueEntry(tx, eventId, customerId)};
                   tx.commit();
                   return place;
               });
}

Result<QueuePlace> PostgresWaitingRoomStore::joinQueue(Id eventId, Id customerId, TimePoint now) {
    return run(
        m_db.pool(), "joinQueue",
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
                    tx.exec_prepared1("take_queue_position", eventId, unixSeconds(now),
                                      now < place.queue.saleStartsAt);
                QueueState& state = place.queue;
                state.joined = next[0].as<std::int64_t>();
                state.admitted = next[1].as<std::int64_t>();
                state.carrySixtieths = next[2].as<std::int64_t>();
                state.updatedAt = fromUnixSeconds(next[3].as<std::int64_t>());
                state.provisional = next[4].as<std::int64_t>();
                if (!tx.exec_prepared("insert_queue_entry", eventId, customerId, state.joined,
                                      unixSeconds(now))
                         .empty()) {
                    insertChanges(tx, {queueChange(eventId, {customerId, state.joined, false})},
                                  now);
                    tx.commit();
                    m_db.notifyChanges();
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

Result<std::int64_t> PostgresWaitingRoomStore::advanceQueues(TimePoint now,
                                                             const QueuePacer& pace) {
    BILHETERIA_TRY(due,
                   run(m_db.pool(), "advanceQueues",
                       [&](pqxx::connection& connection) -> Result<std::vector<Id>> {
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
            m_db.pool(), "advanceQueues",
            [&](pqxx::connection& connection) -> Result<std::int64_t> {
                pqxx::work tx{connection};
                const auto rows = tx.exec_prepared("lock_queue_state", eventId);
                if (rows.empty()) return 0;
                const QueueState state = queueStateFromRow(rows[0], eventId);
                if (!state.enabled) return 0;
                const QueueAdvance next = pace(state, now);
                BILHETERIA_CHECK(checkQueueAdvance(state, next));
                if (next.draw.empty() && next.admitted == state.admitted &&
                    next.carrySixtieths == state.carrySixtieths &&
                    next.updatedAt == state.updatedAt)
                    return 0;
                const bool drawn = !next.draw.empty();
                std::string drawDetails;
                if (drawn) {
                    BILHETERIA_TRY(details, applyDraw(tx, state, next.draw, now));
                    drawDetails = std::move(details);
                }
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
                                  unixSeconds(next.updatedAt), drawn ? 0 : state.provisional);
                if (drawn)
                    appendAudit(tx, auditChainFor(eventId), now, 0, "queue.drawn",
                                "event:" + std::to_string(eventId), drawDetails);
                tx.commit();
                if (count > 0 || drawn) m_db.notifyChanges();
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

Result<std::vector<QueueLength>> PostgresWaitingRoomStore::queueLengths(TimePoint now) {
    return run(
        m_db.pool(), "queueLengths",
        [&](pqxx::connection& connection) -> Result<std::vector<QueueLength>> {
            pqxx::nontransaction tx{connection};
            std::vector<QueueLength> lengths;
            for (const auto& row : tx.exec_prepared("queue_lengths", unixSeconds(now)))
                lengths.push_back({row[0].as<Id>(), row[1].as<std::int64_t>(), row[2].as<bool>()});
            return lengths;
        });
}

} // namespace bilheteria
