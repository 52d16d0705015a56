// The PostgreSQL store's HoldStore (core/store/holdstore.h): taking seats or general-admission
// places under the per-customer limit, releasing and expiring holds, with their SQL.
#include "server/store/postgres/holds.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/core/changefeed.h"
#include "server/store/auditchain.h"
#include "server/store/holdaudit.h"
#include "server/store/postgres/auditlog.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/holdrows.h"
#include "server/store/postgres/rows.h"
#include "server/store/sql/holds.h"

namespace bilheteria {

using namespace postgres;

namespace {

// A hold with what it took (one row per place, or one row of NULLs for none); see holdFromRows.
const std::string kHoldWithPlaces = R"sql(
    SELECT h.id, h.event_id, h.customer_id, h.status, h.expires_at, h.total_cents, h.currency,
           p.seat_id, p.section_id, t.row_label, t.number, p.price_cents
    FROM holds h
    LEFT JOIN hold_places p ON p.hold_id = h.id
    LEFT JOIN seats t ON t.id = p.seat_id
    WHERE h.id = $1
    ORDER BY p.seat_id)sql";

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

// Adds the places a RETURNING event_id, id, section_id, numbered clause reports to `builder`.
void addPlaces(const pqxx::result& rows, SeatsChangeBuilder& builder) {
    for (const auto& row : rows)
        builder.addPlace(row[0].as<Id>(), row[1].as<Id>(), row[2].as<Id>(), row[3].as<bool>());
}

} // namespace

namespace postgres {

const std::vector<Statement>& holdStatements() {
    static const std::vector<Statement> all{
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
         "(SELECT count(*) FROM tickets WHERE event_id = $1 AND customer_id = $2 "
         "AND voided_at IS NULL))::bigint"},
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
        {"shorten_hold", sql::kShortenHold},
        {"shorten_held_places", sql::kShortenHeldPlaces},
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
    };
    return all;
}

} // namespace postgres

PostgresHoldStore::PostgresHoldStore(PostgresDatabase& db)
    : m_db(db) {}

Result<Hold> PostgresHoldStore::createHold(const NewHold& in) {
    return run(m_db.pool(), "createHold", [&](pqxx::connection& connection) -> Result<Hold> {
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
        m_db.notifyChanges();
        return hold;
    });
}

Result<Hold> PostgresHoldStore::findHold(Id holdId, TimePoint now) {
    return run(m_db.pool(), "findHold", [&](pqxx::connection& connection) -> Result<Hold> {
        pqxx::nontransaction tx{connection};
        auto hold = readHold(tx, holdId, now);
        if (!hold) return fail(holdNotFound());
        return std::move(*hold);
    });
}

Result<Hold> PostgresHoldStore::releaseHold(Id holdId, Id actorId, TimePoint now) {
    return run(m_db.pool(), "releaseHold", [&](pqxx::connection& connection) -> Result<Hold> {
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
        m_db.notifyChanges();
        return std::move(*hold);
    });
}

Result<Hold> PostgresHoldStore::shortenHold(Id holdId, TimePoint expiresAt,
                                            const std::string& reason, TimePoint now) {
    return run(m_db.pool(), "shortenHold", [&](pqxx::connection& connection) -> Result<Hold> {
        pqxx::work tx{connection};
        if (tx.exec_prepared0("shorten_hold", holdId, unixSeconds(expiresAt), unixSeconds(now))
                .affected_rows() == 1) {
            tx.exec_prepared0("shorten_held_places", holdId, unixSeconds(expiresAt));
            appendAudit(tx, auditChainFor(holdId), now, 0, "hold.shortened",
                        "hold:" + std::to_string(holdId), shortenedHoldDetails(expiresAt, reason));
        }
        auto hold = readHold(tx, holdId, now);
        if (!hold || hold->status != HoldStatus::Active) return fail(inactiveHold(tx, holdId, now));
        tx.commit();
        return std::move(*hold);
    });
}

Result<std::int64_t> PostgresHoldStore::expireHolds(TimePoint now, int limit) {
    return run(m_db.pool(), "expireHolds",
               [&](pqxx::connection& connection) -> Result<std::int64_t> {
                   pqxx::work tx{connection};
                   // A negative limit means no limit (LIMIT NULL), as in SQLite.
                   const auto expired =
                       limit < 0 ? tx.exec_prepared("expire_holds", unixSeconds(now), nullptr)
                                 : tx.exec_prepared("expire_holds", unixSeconds(now), limit);
                   if (expired.empty()) return std::int64_t{0};
                   std::vector<Id> holds;
                   holds.reserve(expired.size());
                   for (const auto& row : expired)
                       holds.push_back(row[0].as<Id>());
                   // All seats first, then the chain heads in ascending chain order: the locks come
                   // in the same order as in every other transaction, so sweepers and sales do not
                   // deadlock.
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
                   if (!changes.empty()) m_db.notifyChanges();
                   return static_cast<std::int64_t>(holds.size());
               });
}

} // namespace bilheteria
