// The SQLite store's holds part (holds.h): taking places under a hold with the per-customer
// limit, reading, releasing and expiring holds, with their SQL.
#include "server/store/sqlite/holds.h"

#include "server/store/auditchain.h"
#include "server/store/changesignal.h"
#include "server/store/holdaudit.h"
#include "server/store/sql/holds.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"
#include "server/store/sqlite/holdrows.h"
#include "server/store/sqlite/outbox.h"

#include <nlohmann/json.hpp>

namespace bilheteria {

using sqlite::Connection;
using sqlite::idList;

namespace {

// Frees the places a hold still holds (a lapsed hold's places may belong to another by now),
// adding each to `freed`.
void freeHeldPlaces(Connection& db, Id holdId, SeatsChangeBuilder& freed) {
    auto free = db.prepare("UPDATE seats SET state = 'free', hold_id = NULL, hold_expires_at = "
                           "NULL WHERE hold_id = ? AND state = 'held' "
                           "RETURNING event_id, id, section_id, row_label IS NOT NULL");
    free.bind(1, holdId);
    while (free.step())
        freed.addPlace(free.integer(0), free.integer(1), free.integer(2), free.integer(3) != 0);
}

} // namespace

SqliteHoldStore::SqliteHoldStore(SqliteDatabase& db)
    : m_db(db) {}

Result<Hold> SqliteHoldStore::createHold(const NewHold& in) {
    auto created = m_db.transaction<Hold>(true, [&](Connection& db) -> Result<Hold> {
        const bool seated = in.seatIds.size() > 0;
        const std::int64_t requested =
            seated ? static_cast<std::int64_t>(in.seatIds.size()) : in.quantity;

        // The places to take, with their section and price.
        if (seated) {
            std::vector<Id> unknown;
            auto known = db.prepare(
                "SELECT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM seats s "
                "WHERE s.id = j.value AND s.event_id = ? AND s.row_label IS NOT NULL)");
            known.bind(1, idList(in.seatIds)).bind(2, in.eventId);
            while (known.step())
                unknown.push_back(known.integer(0));
            if (!unknown.empty())
                return fail(Error{ErrorCode::InvalidRequest,
                                  "some seats are not seats of this event",
                                  {{"field", "seat_ids"}, {"seat_ids", unknown}}});
        } else {
            auto section = db.prepare("SELECT 1 FROM sections WHERE id = ? AND event_id = ? AND "
                                      "kind = 'general'");
            section.bind(1, in.sectionId.value_or(0)).bind(2, in.eventId);
            if (!section.step())
                return fail(Error::invalidField(
                    "section_id", "section_id must be a general-admission section of this event"));
        }

        if (in.maxTickets) {
            // SQLite runs one writer at a time, so this read and the insert below cannot
            // interleave with another hold of the same customer.
            auto current = db.prepare(
                "SELECT (SELECT coalesce(sum(ticket_count), 0) FROM holds WHERE event_id = ?1 "
                "AND customer_id = ?2 AND status = 'active' AND expires_at > ?3) + "
                "(SELECT count(*) FROM tickets WHERE event_id = ?1 AND customer_id = ?2 "
                "AND voided_at IS NULL)");
            current.bind(1, in.eventId).bind(2, in.customerId).bind(3, in.now);
            current.step();
            const std::int64_t already = current.integer(0);
            if (already + requested > *in.maxTickets)
                return fail(Error{ErrorCode::QuotaExceeded,
                                  "this would pass the limit of " + std::to_string(*in.maxTickets) +
                                      " tickets per customer for this event",
                                  {{"limit", *in.maxTickets}, {"current", already}}});
        }

        auto insertHold = db.prepare(
            "INSERT INTO holds (event_id, customer_id, status, ticket_count, total_cents, "
            "currency, created_at, expires_at) VALUES (?, ?, 'active', ?, 0, ?, ?, ?)");
        insertHold.bind(1, in.eventId)
            .bind(2, in.customerId)
            .bind(3, requested)
            .bind(4, in.currency)
            .bind(5, in.now)
            .bind(6, in.expiresAt);
        insertHold.run();
        const Id holdId = db.lastInsertId();

        if (seated) {
            auto take =
                db.prepare("UPDATE seats SET state = 'held', hold_id = ?1, hold_expires_at = ?2 "
                           "WHERE id IN (SELECT value FROM json_each(?3)) AND event_id = ?4 AND "
                           "(state = 'free' OR (state = 'held' AND hold_expires_at <= ?5))");
            take.bind(1, holdId)
                .bind(2, in.expiresAt)
                .bind(3, idList(in.seatIds))
                .bind(4, in.eventId)
                .bind(5, in.now);
            take.run();
            if (db.changes() != requested) {
                std::vector<Id> taken;
                auto unavailable = db.prepare("SELECT j.value FROM json_each(?) j JOIN seats s ON "
                                              "s.id = j.value WHERE s.hold_id IS NOT ? "
                                              "ORDER BY j.value");
                unavailable.bind(1, idList(in.seatIds)).bind(2, holdId);
                while (unavailable.step())
                    taken.push_back(unavailable.integer(0));
                return fail(Error{ErrorCode::SeatsUnavailable,
                                  "some of these seats were just taken",
                                  {{"seat_ids", taken}}});
            }
        } else {
            // Free places first (the seats_free index finds them at once), then places of
            // lapsed holds (seats_held): one query over both could use neither index.
            auto takeFree = db.prepare(
                "UPDATE seats SET state = 'held', hold_id = ?1, hold_expires_at = ?2 WHERE id IN "
                "(SELECT id FROM seats WHERE section_id = ?3 AND state = 'free' ORDER BY id "
                "LIMIT ?4)");
            takeFree.bind(1, holdId)
                .bind(2, in.expiresAt)
                .bind(3, *in.sectionId)
                .bind(4, requested);
            takeFree.run();
            std::int64_t taken = db.changes();
            if (taken < requested) {
                auto takeLapsed = db.prepare(
                    "UPDATE seats SET state = 'held', hold_id = ?1, hold_expires_at = ?2 WHERE id "
                    "IN (SELECT id FROM seats WHERE section_id = ?3 AND state = 'held' AND "
                    "hold_expires_at <= ?4 ORDER BY hold_expires_at LIMIT ?5)");
                takeLapsed.bind(1, holdId)
                    .bind(2, in.expiresAt)
                    .bind(3, *in.sectionId)
                    .bind(4, in.now)
                    .bind(5, requested - taken);
                takeLapsed.run();
                taken += db.changes();
            }
            if (taken != requested)
                return fail(Error{ErrorCode::SoldOut,
                                  "not enough tickets are left in this section",
                                  {{"requested", requested}, {"available", taken}}});
        }

        auto places = db.prepare(
            "INSERT INTO hold_places (hold_id, seat_id, section_id, price_cents) "
            "SELECT s.hold_id, s.id, s.section_id, c.price_cents FROM seats s JOIN sections c ON "
            "c.id = s.section_id WHERE s.hold_id = ? AND s.state = 'held'");
        places.bind(1, holdId);
        places.run();
        auto total = db.prepare("UPDATE holds SET total_cents = (SELECT coalesce(sum(price_cents), "
                                "0) FROM hold_places WHERE hold_id = ?1) WHERE id = ?1");
        total.bind(1, holdId);
        total.run();

        appendAudit(db, auditChainFor(holdId), in.now, in.customerId, "hold.created",
                    "hold:" + std::to_string(holdId),
                    nlohmann::json{{"event_id", in.eventId}, {"tickets", requested}}.dump());
        auto hold = readHold(db, holdId, in.now);
        if (!hold) return fail(Error::internal("the hold could not be read back"));
        insertChanges(db, holdPlacesChanges(*hold, SeatState::Held), in.now);
        return *hold;
    });
    if (created) m_db.changeSignal()->notify();
    return created;
}

Result<Hold> SqliteHoldStore::findHold(Id holdId, TimePoint now) {
    return m_db.transaction<Hold>(false, [&](Connection& db) -> Result<Hold> {
        auto hold = readHold(db, holdId, now);
        if (!hold) return fail(holdNotFound());
        return *hold;
    });
}

Result<Hold> SqliteHoldStore::releaseHold(Id holdId, Id actorId, TimePoint now) {
    auto released = m_db.transaction<Hold>(true, [&](Connection& db) -> Result<Hold> {
        auto close = db.prepare("UPDATE holds SET status = 'released', closed_at = ? WHERE id = ? "
                                "AND status = 'active' AND expires_at > ?");
        close.bind(1, now).bind(2, holdId).bind(3, now);
        close.run();
        if (db.changes() != 1) return fail(inactiveHold(db, holdId, now));
        SeatsChangeBuilder freed(SeatState::Free);
        freeHeldPlaces(db, holdId, freed);
        appendAudit(db, auditChainFor(holdId), now, actorId, "hold.released",
                    "hold:" + std::to_string(holdId), "{}");
        insertChanges(db, freed.build(), now);
        return *readHold(db, holdId, now);
    });
    if (released) m_db.changeSignal()->notify();
    return released;
}

Result<Hold> SqliteHoldStore::shortenHold(Id holdId, TimePoint expiresAt, const std::string& reason,
                                          TimePoint now) {
    return m_db.transaction<Hold>(true, [&](Connection& db) -> Result<Hold> {
        auto shorten = db.prepare(sql::kShortenHold);
        shorten.bind(1, holdId).bind(2, expiresAt).bind(3, now);
        shorten.run();
        if (db.changes() == 1) {
            auto places = db.prepare(sql::kShortenHeldPlaces);
            places.bind(1, holdId).bind(2, expiresAt);
            places.run();
            appendAudit(db, auditChainFor(holdId), now, 0, "hold.shortened",
                        "hold:" + std::to_string(holdId), shortenedHoldDetails(expiresAt, reason));
        }
        auto hold = readHold(db, holdId, now);
        if (!hold || hold->status != HoldStatus::Active) return fail(inactiveHold(db, holdId, now));
        return std::move(*hold);
    });
}

Result<std::int64_t> SqliteHoldStore::expireHolds(TimePoint now, int limit) {
    bool wroteChanges = false;
    auto expired =
        m_db.transaction<std::int64_t>(true, [&](Connection& db) -> Result<std::int64_t> {
            std::vector<Id> due;
            {
                auto pick =
                    db.prepare("SELECT id FROM holds WHERE status = 'active' AND expires_at "
                               "<= ? ORDER BY expires_at LIMIT ?");
                pick.bind(1, now).bind(2, std::int64_t{limit});
                while (pick.step())
                    due.push_back(pick.integer(0));
            }
            SeatsChangeBuilder freed(SeatState::Free);
            for (Id holdId : due) {
                auto close =
                    db.prepare("UPDATE holds SET status = 'expired', closed_at = ? WHERE id "
                               "= ? AND status = 'active'");
                close.bind(1, now).bind(2, holdId);
                close.run();
                freeHeldPlaces(db, holdId, freed);
                appendAudit(db, auditChainFor(holdId), now, 0, "hold.expired",
                            "hold:" + std::to_string(holdId), "{}");
            }
            // One change per event for the whole batch.
            const auto changes = freed.build();
            insertChanges(db, changes, now);
            wroteChanges = !changes.empty();
            return static_cast<std::int64_t>(due.size());
        });
    if (expired && wroteChanges) m_db.changeSignal()->notify();
    return expired;
}

} // namespace bilheteria
