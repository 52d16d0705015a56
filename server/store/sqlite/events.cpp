// The SQLite store's events part (events.h): events, their sections with live availability and
// their seats, with their SQL.
#include "server/store/sqlite/events.h"

#include <algorithm>

#include "server/store/auditchain.h"
#include "server/store/changesignal.h"
#include "server/store/refunds.h"
#include "server/store/sql/events.h"
#include "server/store/sql/notifications.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"
#include "server/store/sqlite/notifications.h"
#include "server/store/sqlite/outbox.h"

#include <nlohmann/json.hpp>

namespace bilheteria {

using sqlite::Connection;
using sqlite::Statement;

namespace {

const std::string kEventColumns =
    "e.id, e.name, e.venue, e.starts_at, e.sale_starts_at, e.sale_ends_at, e.currency, "
    "e.queue_enabled, e.max_tickets_per_customer, e.hold_seconds, e.admit_per_minute, "
    "e.max_tickets_per_card, e.queue_pow_bits, e.created_by, e.allow_reentry, e.refunds_until, "
    "e.cancelled_at, e.cancelled_by";

Event readEventRow(const Statement& row) {
    Event event;
    auto& s = event.summary;
    s.id = row.integer(0);
    s.name = row.text(1);
    s.venue = row.text(2);
    s.startsAt = row.time(3);
    s.saleStartsAt = row.time(4);
    s.saleEndsAt = row.time(5);
    s.currency = row.text(6);
    s.queueEnabled = row.integer(7) != 0;
    event.maxTicketsPerCustomer = static_cast<int>(row.integer(8));
    event.holdSeconds = static_cast<int>(row.integer(9));
    event.admitPerMinute = static_cast<int>(row.integer(10));
    event.maxTicketsPerCard = static_cast<int>(row.integer(11));
    event.queuePowBits = static_cast<int>(row.integer(12));
    event.createdBy = row.integer(13);
    event.allowReentry = row.integer(14) != 0;
    if (!row.isNull(15)) event.refundsUntil = row.time(15);
    if (!row.isNull(16)) s.cancelledAt = row.time(16);
    if (!row.isNull(17)) event.cancelledBy = row.integer(17);
    return event;
}

// Sections with live availability: capacity less the sold counter shards and the places under
// an unexpired hold (a partial index keeps that count to the holds in flight). Nothing counts
// free seats, so a 200,000-seat event reads as fast as a small one.
const std::string kSectionsOfEvent =
    "SELECT s.id, s.name, s.kind, s.price_cents, s.capacity, s.capacity "
    "- (SELECT coalesce(sum(sold), 0) FROM section_sales WHERE section_id = s.id) "
    "- (SELECT count(*) FROM seats WHERE section_id = s.id AND state = 'held' AND "
    "hold_expires_at > ?) "
    "FROM sections s WHERE s.event_id = ? ORDER BY s.position";

void addSections(Connection& db, Event& event, TimePoint now) {
    auto row = db.prepare(kSectionsOfEvent);
    row.bind(1, now).bind(2, event.summary.id);
    auto& s = event.summary;
    s.capacity = s.available = 0;
    bool first = true;
    while (row.step()) {
        SectionInfo section;
        section.id = row.integer(0);
        section.name = row.text(1);
        section.kind = row.text(2) == "general" ? SectionKind::General : SectionKind::Seated;
        section.priceCents = row.integer(3);
        section.capacity = row.integer(4);
        section.available = row.integer(5);
        s.capacity += section.capacity;
        s.available += section.available;
        s.minPriceCents =
            first ? section.priceCents : std::min(s.minPriceCents, section.priceCents);
        first = false;
        event.sections.push_back(std::move(section));
    }
}

} // namespace

SqliteEventStore::SqliteEventStore(SqliteDatabase& db)
    : m_db(db) {}

Result<Event> SqliteEventStore::createEvent(const NewEvent& in) {
    return m_db.transaction<Event>(true, [&](Connection& db) -> Result<Event> {
        auto insertEvent = db.prepare(sql::kInsertEvent);
        insertEvent.bind(1, in.name)
            .bind(2, in.venue)
            .bind(3, in.startsAt)
            .bind(4, in.saleStartsAt)
            .bind(5, in.saleEndsAt)
            .bind(6, in.currency)
            .bind(7, std::int64_t{in.maxTicketsPerCustomer})
            .bind(8, std::int64_t{in.holdSeconds})
            .bind(9, std::int64_t{in.queueEnabled ? 1 : 0})
            .bind(10, std::int64_t{in.admitPerMinute})
            .bind(11, in.createdBy)
            .bind(12, in.createdAt)
            .bind(13, std::int64_t{in.maxTicketsPerCard})
            .bind(14, std::int64_t{in.queuePowBits})
            .bind(15, std::int64_t{in.allowReentry ? 1 : 0})
            .bind(16, in.refundsUntil);
        insertEvent.step(); // RETURNING id

        Event event;
        auto& s = event.summary;
        s.id = insertEvent.integer(0);
        s.name = in.name;
        s.venue = in.venue;
        s.startsAt = in.startsAt;
        s.saleStartsAt = in.saleStartsAt;
        s.saleEndsAt = in.saleEndsAt;
        s.currency = in.currency;
        s.queueEnabled = in.queueEnabled;
        event.maxTicketsPerCustomer = in.maxTicketsPerCustomer;
        event.maxTicketsPerCard = in.maxTicketsPerCard;
        event.holdSeconds = in.holdSeconds;
        event.admitPerMinute = in.admitPerMinute;
        event.queuePowBits = in.queuePowBits;
        event.allowReentry = in.allowReentry;
        event.refundsUntil = in.refundsUntil;
        event.createdBy = in.createdBy;

        for (std::size_t position = 0; position < in.sections.size(); ++position) {
            const auto& section = in.sections[position];
            auto insertSection = db.prepare(sql::kInsertSection);
            insertSection.bind(1, s.id)
                .bind(2, static_cast<std::int64_t>(position))
                .bind(3, section.name)
                .bind(4, std::string(sectionKindName(section.kind)))
                .bind(5, section.priceCents)
                .bind(6, section.capacity);
            insertSection.step(); // RETURNING id
            const Id sectionId = insertSection.integer(0);

            for (int shard = 0; shard < kSalesShards; ++shard) {
                auto insertShard =
                    db.prepare("INSERT INTO section_sales (section_id, shard) VALUES (?, ?)");
                insertShard.bind(1, sectionId).bind(2, std::int64_t{shard});
                insertShard.run();
            }
            auto insertSeat = [&](const std::optional<std::string>& label, std::int64_t number) {
                auto insert = db.prepare("INSERT INTO seats (event_id, section_id, row_label, "
                                         "number) VALUES (?, ?, ?, ?)");
                insert.bind(1, s.id).bind(2, sectionId).bind(3, label).bind(4, number);
                insert.run();
            };
            for (const auto& row : section.rows)
                for (std::int64_t number = 1; number <= row.seats; ++number)
                    insertSeat(row.label, number);
            // General admission: anonymous places, held and sold like seats.
            if (section.kind == SectionKind::General)
                for (std::int64_t number = 1; number <= section.capacity; ++number)
                    insertSeat(std::nullopt, number);
            event.sections.push_back({sectionId, section.name, section.kind, section.priceCents,
                                      section.capacity, section.capacity});
            s.capacity += section.capacity;
            s.minPriceCents =
                position == 0 ? section.priceCents : std::min(s.minPriceCents, section.priceCents);
        }
        s.available = s.capacity;
        appendAudit(db, auditChainFor(s.id), in.createdAt, in.createdBy, "event.created",
                    "event:" + std::to_string(s.id),
                    nlohmann::json{{"name", in.name}, {"capacity", s.capacity}}.dump());
        return event;
    });
}

Result<std::vector<EventSummary>> SqliteEventStore::listEvents(TimePoint now) {
    return m_db.transaction<std::vector<EventSummary>>(
        false, [&](Connection& db) -> Result<std::vector<EventSummary>> {
            std::vector<Event> events;
            {
                auto row = db.prepare("SELECT " + kEventColumns +
                                      " FROM events e ORDER BY e.starts_at, e.id");
                while (row.step())
                    events.push_back(readEventRow(row));
            }
            std::vector<EventSummary> out;
            out.reserve(events.size());
            for (auto& event : events) {
                addSections(db, event, now);
                out.push_back(std::move(event.summary));
            }
            return out;
        });
}

Result<Event> SqliteEventStore::getEvent(Id eventId, TimePoint now) {
    return m_db.transaction<Event>(false, [&](Connection& db) -> Result<Event> {
        Event event;
        {
            auto row = db.prepare("SELECT " + kEventColumns + " FROM events e WHERE e.id = ?");
            row.bind(1, eventId);
            if (!row.step())
                return fail(Error::notFound("no event with id " + std::to_string(eventId)));
            event = readEventRow(row);
        }
        addSections(db, event, now);
        return event;
    });
}

Result<Event> SqliteEventStore::getEventSettings(Id eventId) {
    return m_db.transaction<Event>(false, [&](Connection& db) -> Result<Event> {
        auto row = db.prepare("SELECT " + kEventColumns + " FROM events e WHERE e.id = ?");
        row.bind(1, eventId);
        if (!row.step())
            return fail(Error::notFound("no event with id " + std::to_string(eventId)));
        return readEventRow(row);
    });
}

Result<Event> SqliteEventStore::cancelEvent(Id eventId, Id actorId,
                                            const std::optional<std::string>& reason,
                                            TimePoint now) {
    auto done = m_db.transaction<Event>(true, [&](Connection& db) -> Result<Event> {
        {
            auto exists = db.prepare(sql::kEventExists);
            exists.bind(1, eventId);
            if (!exists.step())
                return fail(Error::notFound("no event with id " + std::to_string(eventId)));
        }
        auto cancel = db.prepare(sql::kCancelEvent);
        cancel.bind(1, eventId).bind(2, now).bind(3, actorId).bind(4, reason);
        cancel.run();
        if (db.changes() == 1) {
            SeatsChangeBuilder freed(SeatState::Free);
            {
                auto seats = db.prepare(sql::kFreeEventHeldSeats);
                seats.bind(1, eventId);
                while (seats.step())
                    freed.addPlace(eventId, seats.integer(0), seats.integer(1), !seats.isNull(2));
            }
            auto holds = db.prepare(sql::kCloseEventHolds);
            holds.bind(1, eventId).bind(2, now);
            holds.run();
            appendAudit(db, auditChainFor(eventId), now, actorId, "event.cancelled",
                        "event:" + std::to_string(eventId), cancellationDetails(reason));
            auto changes = freed.build();
            changes.push_back(cancelledChange(eventId, CancelledChange{now}));
            insertChanges(db, changes, now);
            sqlite::enqueueNotifications(db, sql::kNotifyCancellation, eventId, now);
        }
        auto row = db.prepare("SELECT " + kEventColumns + " FROM events e WHERE e.id = ?");
        row.bind(1, eventId);
        row.step();
        return readEventRow(row);
    });
    if (done) m_db.changeSignal()->notify();
    return done;
}

Result<void> SqliteEventStore::forEachSeat(Id eventId, TimePoint now,
                                           const std::function<void(const Seat&)>& visit) {
    return m_db.transaction<void>(false, [&](Connection& db) -> Result<void> {
        {
            auto exists = db.prepare(sql::kEventExists);
            exists.bind(1, eventId);
            if (!exists.step())
                return fail(Error::notFound("no event with id " + std::to_string(eventId)));
        }
        auto row =
            db.prepare("SELECT id, section_id, row_label, number, CASE WHEN state = 'held' AND "
                       "hold_expires_at <= ? THEN 'free' ELSE state END FROM seats "
                       "WHERE event_id = ? AND row_label IS NOT NULL ORDER BY id");
        row.bind(1, now).bind(2, eventId);
        Seat seat;
        while (row.step()) {
            seat.id = row.integer(0);
            seat.sectionId = row.integer(1);
            seat.row = row.text(2);
            seat.number = static_cast<int>(row.integer(3));
            seat.state = seatStateFromName(row.text(4)).value_or(SeatState::Free);
            visit(seat);
        }
        return {};
    });
}

Result<SeatStateSnapshot> SqliteEventStore::seatStates(Id eventId, TimePoint now) {
    return m_db.transaction<SeatStateSnapshot>(
        false, [&](Connection& db) -> Result<SeatStateSnapshot> {
            {
                auto exists = db.prepare(sql::kEventExists);
                exists.bind(1, eventId);
                if (!exists.step())
                    return fail(Error::notFound("no event with id " + std::to_string(eventId)));
            }
            SeatStateSnapshot out;
            {
                // One writer commits in id order: the newest id this snapshot sees has every
                // earlier one in it.
                auto latest = db.prepare(
                    "SELECT max(coalesce((SELECT max(id) FROM event_changes), 0), (SELECT "
                    "pruned_through FROM event_changes_pruned))");
                latest.step();
                out.position = latest.integer(0);
            }
            auto row = db.prepare("SELECT CASE WHEN state = 'held' AND hold_expires_at <= ? THEN "
                                  "0 WHEN state = 'held' THEN 1 WHEN state = 'sold' THEN 2 ELSE 0 "
                                  "END FROM seats WHERE event_id = ? AND row_label IS NOT NULL "
                                  "ORDER BY id");
            row.bind(1, now).bind(2, eventId);
            constexpr SeatState kStates[] = {SeatState::Free, SeatState::Held, SeatState::Sold};
            while (row.step())
                out.states.push_back(kStates[row.integer(0)]);
            return out;
        });
}

} // namespace bilheteria
