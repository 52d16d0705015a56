// The SQLite store's waiting room part (waitingroom.h): joining an event's queue and admitting
// from it at the event's pace, with their SQL.
#include "server/store/sqlite/waitingroom.h"

#include "server/core/queue.h"
#include "server/store/auditchain.h"
#include "server/store/changesignal.h"
#include "server/store/queueaudit.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"
#include "server/store/sqlite/outbox.h"

namespace bilheteria {

using sqlite::Connection;

namespace {

// The event's queue settings and counters (all zero before anyone joined); nullopt when there
// is no such event.
std::optional<QueueState> readQueueState(Connection& db, Id eventId) {
    auto row =
        db.prepare("SELECT e.queue_enabled, e.admit_per_minute, e.hold_seconds, e.queue_pow_bits, "
                   "e.sale_starts_at, e.sale_ends_at, q.joined, q.admitted, q.carry_sixtieths, "
                   "q.updated_at, e.cancelled_at, q.provisional FROM events e "
                   "LEFT JOIN queue_state q "
                   "ON q.event_id = e.id WHERE e.id = ?");
    row.bind(1, eventId);
    if (!row.step()) return std::nullopt;
    QueueState state;
    state.eventId = eventId;
    state.enabled = row.integer(0) != 0;
    state.admitPerMinute = static_cast<int>(row.integer(1));
    state.holdSeconds = static_cast<int>(row.integer(2));
    state.powBits = static_cast<int>(row.integer(3));
    state.saleStartsAt = row.time(4);
    state.saleEndsAt = row.time(5);
    state.cancelled = !row.isNull(10);
    if (!row.isNull(6)) {
        state.joined = row.integer(6);
        state.admitted = row.integer(7);
        state.carrySixtieths = row.integer(8);
        state.updatedAt = row.time(9);
        state.provisional = row.integer(11);
    }
    return state;
}

std::optional<QueueEntry> readQueueEntry(Connection& db, Id eventId, Id customerId) {
    auto row = db.prepare("SELECT position, joined_at, admitted_at FROM queue_entries "
                          "WHERE event_id = ? AND customer_id = ?");
    row.bind(1, eventId).bind(2, customerId);
    if (!row.step()) return std::nullopt;
    QueueEntry entry;
    entry.position = row.integer(0);
    entry.joinedAt = row.time(1);
    if (!row.isNull(2)) entry.admittedAt = row.time(2);
    return entry;
}

// The opening's draw: provisional place i + 1 moves to draw[i], set-based (a few statements
// whatever the number of places, all under the write lock every other writer waits for). The
// drawn positions go into a temporary table keyed by old place; the places first move past every
// position handed out (joined + old), so that no two entries share one on the way (the
// (event_id, position) key), then each takes its drawn one. Each customer hears of the new place
// on their stream, and the draw is audited (queue.drawn).
void applyDraw(Connection& db, const QueueState& state, const std::vector<std::int64_t>& draw,
               TimePoint now) {
    std::string drawn = "[";
    for (std::size_t i = 0; i < draw.size(); ++i)
        drawn += (i ? "," : "") + std::to_string(draw[i]);
    drawn += "]";
    db.exec("CREATE TEMP TABLE IF NOT EXISTS queue_draw (old INTEGER PRIMARY KEY, "
            "drawn INTEGER NOT NULL)");
    auto fill = db.prepare(
        "INSERT INTO temp.queue_draw (old, drawn) SELECT key + 1, value FROM json_each(?)");
    fill.bind(1, drawn);
    fill.run();
    auto aside = db.prepare(
        "UPDATE queue_entries SET position = position + ? WHERE event_id = ? AND position <= ?");
    aside.bind(1, state.joined).bind(2, state.eventId).bind(3, state.provisional);
    aside.run();
    // A correlated lookup by the temporary table's key: an index search per entry, whatever
    // order the planner would pick for a join.
    auto place = db.prepare("UPDATE queue_entries SET position = (SELECT d.drawn FROM "
                            "temp.queue_draw d WHERE d.old = queue_entries.position - ?2) "
                            "WHERE event_id = ?1 AND position > ?2 AND position <= ?2 + ?3");
    place.bind(1, state.eventId).bind(2, state.joined).bind(3, state.provisional);
    place.run();
    if (db.changes() != state.provisional)
        throw sqlite::SqliteError::corrupt("a provisional place of the queue is gone");
    db.exec("DELETE FROM temp.queue_draw");

    std::vector<NewChange> changes;
    changes.reserve(draw.size());
    std::vector<Id> byPlace;
    byPlace.reserve(draw.size());
    auto drawnOrder = db.prepare("SELECT customer_id FROM queue_entries WHERE event_id = ? "
                                 "AND position <= ? ORDER BY position");
    drawnOrder.bind(1, state.eventId).bind(2, state.provisional);
    while (drawnOrder.step()) {
        byPlace.push_back(drawnOrder.integer(0));
        changes.push_back(queueChange(
            state.eventId, {byPlace.back(), static_cast<std::int64_t>(byPlace.size()), false}));
    }
    if (static_cast<std::int64_t>(byPlace.size()) != state.provisional)
        throw sqlite::SqliteError::corrupt("the queue's drawn places are not 1..provisional");
    appendAudit(db, auditChainFor(state.eventId), now, 0, "queue.drawn",
                "event:" + std::to_string(state.eventId), queueDrawDetails(byPlace));
    insertChanges(db, changes, now);
}

Error noSuchEvent(Id eventId) {
    return Error::notFound("no event with id " + std::to_string(eventId));
}

} // namespace

SqliteWaitingRoomStore::SqliteWaitingRoomStore(SqliteDatabase& db)
    : m_db(db) {}

Result<QueuePlace> SqliteWaitingRoomStore::findQueuePlace(Id eventId, Id customerId) {
    return m_db.transaction<QueuePlace>(false, [&](Connection& db) -> Result<QueuePlace> {
        auto state = readQueueState(db, eventId);
        if (!state) return fail(noSuchEvent(eventId));
        return QueuePlace{*state, readQueueEntry(db, eventId, customerId)};
    });
}

Result<QueuePlace> SqliteWaitingRoomStore::joinQueue(Id eventId, Id customerId, TimePoint now) {
    bool joined = false;
    auto place = m_db.transaction<QueuePlace>(true, [&](Connection& db) -> Result<QueuePlace> {
        // BEGIN IMMEDIATE holds the database's one write lock: no other join runs meanwhile,
        // so the entry read here is the only one the customer can have.
        auto state = readQueueState(db, eventId);
        if (!state) return fail(noSuchEvent(eventId));
        if (auto entry = readQueueEntry(db, eventId, customerId))
            return QueuePlace{*state, std::move(entry)};
        {
            // The next position. A queue nobody waits in restarts its pacing clock: whatever
            // time passed while it was empty admits nobody later. Before the opening the place
            // is provisional, while every place before it is (a contiguous 1..provisional).
            auto next = db.prepare(
                "INSERT INTO queue_state (event_id, joined, admitted, carry_sixtieths, "
                "updated_at, provisional) VALUES (?1, 1, 0, 0, ?2, ?3) "
                "ON CONFLICT (event_id) DO UPDATE SET joined = joined + 1, "
                "carry_sixtieths = CASE WHEN joined = admitted THEN 0 ELSE carry_sixtieths END, "
                "updated_at = CASE WHEN joined = admitted "
                "THEN max(updated_at, excluded.updated_at) ELSE updated_at END, "
                "provisional = CASE WHEN ?3 = 1 AND provisional = joined "
                "THEN provisional + 1 ELSE provisional END "
                "RETURNING joined, admitted, carry_sixtieths, updated_at, provisional");
            next.bind(1, eventId).bind(2, now).bind(3, now < state->saleStartsAt ? 1 : 0);
            if (!next.step()) return fail(Error::internal("the waiting room could not be joined"));
            state->joined = next.integer(0);
            state->admitted = next.integer(1);
            state->carrySixtieths = next.integer(2);
            state->updatedAt = next.time(3);
            state->provisional = next.integer(4);
            next.run();
        }
        auto insert = db.prepare("INSERT INTO queue_entries (event_id, customer_id, position, "
                                 "joined_at) VALUES (?, ?, ?, ?)");
        insert.bind(1, eventId).bind(2, customerId).bind(3, state->joined).bind(4, now);
        insert.run();
        insertChanges(db, {queueChange(eventId, {customerId, state->joined, false})}, now);
        joined = true;
        return QueuePlace{*state, QueueEntry{state->joined, now, std::nullopt}};
    });
    if (place && joined) m_db.changeSignal()->notify();
    return place;
}

Result<std::int64_t> SqliteWaitingRoomStore::advanceQueues(TimePoint now, const QueuePacer& pace) {
    // The candidates, read without the write lock; each is read again under it.
    BILHETERIA_TRY(
        due,
        m_db.transaction<std::vector<Id>>(false, [&](Connection& db) -> Result<std::vector<Id>> {
            std::vector<Id> ids;
            auto row = db.prepare("SELECT q.event_id FROM queue_state q JOIN events e ON "
                                  "e.id = q.event_id WHERE e.queue_enabled = 1 AND "
                                  "q.joined > q.admitted AND e.sale_starts_at <= ? AND "
                                  "e.sale_ends_at > ? ORDER BY q.event_id");
            row.bind(1, now).bind(2, now);
            while (row.step())
                ids.push_back(row.integer(0));
            return ids;
        }));
    std::int64_t total = 0;
    bool drew = false; // a draw's changes wake the live hub even when nobody was admitted
    std::optional<Error> firstError;
    for (const Id eventId : due) {
        // One transaction per event, so one queue's trouble does not hold up the others.
        bool drawing = false;
        auto admitted = m_db.transaction<
            std::int64_t>(true, [&](Connection& db) -> Result<std::int64_t> {
            const auto state = readQueueState(db, eventId);
            if (!state || !state->enabled) return 0;
            const QueueAdvance next = pace(*state, now);
            BILHETERIA_CHECK(checkQueueAdvance(*state, next));
            if (next.draw.empty() && next.admitted == state->admitted &&
                next.carrySixtieths == state->carrySixtieths && next.updatedAt == state->updatedAt)
                return 0;
            drawing = !next.draw.empty();
            if (drawing) applyDraw(db, *state, next.draw, now);
            const std::int64_t count = next.admitted - state->admitted;
            if (count > 0) {
                // Each person admitted hears it on their stream (a private queue event).
                std::vector<NewChange> changes;
                auto admit =
                    db.prepare("UPDATE queue_entries SET admitted_at = ? WHERE event_id = ? AND "
                               "position > ? AND position <= ? AND admitted_at IS NULL "
                               "RETURNING customer_id, position");
                admit.bind(1, now).bind(2, eventId).bind(3, state->admitted).bind(4, next.admitted);
                while (admit.step())
                    changes.push_back(
                        queueChange(eventId, {admit.integer(0), admit.integer(1), true}));
                if (static_cast<std::int64_t>(changes.size()) != count)
                    return fail(Error::internal("the waiting room's entries do not match "
                                                "its counters"));
                insertChanges(db, changes, now);
            }
            auto update = db.prepare("UPDATE queue_state SET admitted = ?, carry_sixtieths "
                                     "= ?, updated_at = ?, provisional = ? WHERE event_id = ?");
            update.bind(1, next.admitted)
                .bind(2, next.carrySixtieths)
                .bind(3, next.updatedAt)
                .bind(4, next.draw.empty() ? state->provisional : 0)
                .bind(5, eventId);
            update.run();
            return count;
        });
        if (admitted) {
            total += *admitted;
            drew = drew || drawing;
        } else if (!firstError) {
            firstError = admitted.error();
        }
    }
    if (total > 0 || drew) m_db.changeSignal()->notify();
    if (firstError) return fail(*firstError);
    return total;
}

Result<std::vector<QueueLength>> SqliteWaitingRoomStore::queueLengths(TimePoint now) {
    return m_db.transaction<std::vector<QueueLength>>(
        false, [&](Connection& db) -> Result<std::vector<QueueLength>> {
            std::vector<QueueLength> lengths;
            auto row = db.prepare("SELECT q.event_id, q.joined - q.admitted, e.sale_starts_at <= ? "
                                  "FROM queue_state q JOIN events e ON e.id = q.event_id "
                                  "WHERE e.queue_enabled = 1 AND e.cancelled_at IS NULL "
                                  "AND e.sale_ends_at > ? ORDER BY q.event_id");
            row.bind(1, now).bind(2, now);
            while (row.step())
                lengths.push_back({row.integer(0), row.integer(1), row.integer(2) != 0});
            return lengths;
        });
}

} // namespace bilheteria
