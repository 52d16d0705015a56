// The PostgreSQL store's EventStore (core/store/eventstore.h): events with their sections and
// seats (written in one COPY), read back and streamed, with their SQL.
#include "server/store/postgres/events.h"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/store/auditchain.h"
#include "server/store/postgres/auditlog.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/notifications.h"
#include "server/store/postgres/rows.h"
#include "server/store/refunds.h"
#include "server/store/sql/events.h"

namespace bilheteria {

using namespace postgres;

namespace {

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
    event.allowReentry = row[14].as<bool>();
    if (!row[15].is_null()) event.refundsUntil = fromUnixSeconds(row[15].as<std::int64_t>());
    if (!row[16].is_null()) event.summary.cancelledAt = fromUnixSeconds(row[16].as<std::int64_t>());
    if (!row[17].is_null()) event.cancelledBy = row[17].as<Id>();
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

} // namespace

namespace postgres {

const std::vector<Statement>& eventStatements() {
    static const std::vector<Statement> all{
        {"insert_event", sql::kInsertEvent},
        {"insert_section", sql::kInsertSection},
        {"event_exists", sql::kEventExists},
        {"cancel_event", sql::kCancelEvent},
        {"free_event_held_seats", sql::kFreeEventHeldSeats},
        {"close_event_holds", sql::kCloseEventHolds},
        {"event_by_id", "SELECT id, name, venue, starts_at, sale_starts_at, sale_ends_at, "
                        "currency, queue_enabled, max_tickets_per_customer, hold_seconds, "
                        "admit_per_minute, max_tickets_per_card, queue_pow_bits, created_by, "
                        "allow_reentry, refunds_until, cancelled_at, cancelled_by FROM events "
                        "WHERE id = $1"},
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
                        "COALESCE(min(stock.price_cents), 0)::bigint, e.cancelled_at "
                        "FROM events e LEFT JOIN (" +
                            sectionStock("$1") +
                            ") stock ON stock.event_id = e.id "
                            "GROUP BY e.id ORDER BY e.starts_at, e.id"},
    };
    return all;
}

} // namespace postgres

PostgresEventStore::PostgresEventStore(PostgresDatabase& db)
    : m_db(db) {}

Result<Event> PostgresEventStore::createEvent(const NewEvent& event) {
    return run(m_db.pool(), "createEvent", [&](pqxx::connection& connection) -> Result<Event> {
        pqxx::work tx{connection};
        Event created;
        EventSummary& summary = created.summary;
        summary.id =
            tx.exec_prepared1("insert_event", event.name, event.venue, unixSeconds(event.startsAt),
                              unixSeconds(event.saleStartsAt), unixSeconds(event.saleEndsAt),
                              event.currency, event.maxTicketsPerCustomer, event.holdSeconds,
                              event.queueEnabled, event.admitPerMinute, event.createdBy,
                              unixSeconds(event.createdAt), event.maxTicketsPerCard,
                              event.queuePowBits, event.allowReentry,
                              nullable(optionalSeconds(event.refundsUntil)))[0]
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
        created.allowReentry = event.allowReentry;
        created.refundsUntil = event.refundsUntil;
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

Result<std::vector<EventSummary>> PostgresEventStore::listEvents(TimePoint now) {
    return run(m_db.pool(), "listEvents",
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
                       if (!row[11].is_null())
                           summary.cancelledAt = fromUnixSeconds(row[11].as<std::int64_t>());
                       events.push_back(std::move(summary));
                   }
                   return events;
               });
}

Result<Event> PostgresEventStore::getEvent(Id eventId, TimePoint now) {
    return run(m_db.pool(), "getEvent", [&](pqxx::connection& connection) -> Result<Event> {
        SnapshotTransaction tx{connection};
        const auto eventRows = tx.exec_prepared("event_by_id", eventId);
        if (eventRows.empty()) return fail(Error::notFound("no event with this id"));
        const auto sectionRows = tx.exec_prepared("sections_of_event", eventId, unixSeconds(now));
        tx.commit();

        Event event = eventSettingsFromRow(eventRows[0]);
        for (const auto& section : sectionRows)
            event.sections.push_back(
                SectionInfo{section[0].as<Id>(), section[1].as<std::string>(),
                            sectionKindFromName(section[2].c_str()).value_or(SectionKind::Seated),
                            section[3].as<Cents>(), section[4].as<std::int64_t>(),
                            section[5].as<std::int64_t>()});
        summarizeSections(event);
        return event;
    });
}

Result<Event> PostgresEventStore::getEventSettings(Id eventId) {
    return run(m_db.pool(), "getEventSettings", [&](pqxx::connection& connection) -> Result<Event> {
        pqxx::nontransaction tx{connection};
        const auto rows = tx.exec_prepared("event_by_id", eventId);
        if (rows.empty()) return fail(Error::notFound("no event with this id"));
        return eventSettingsFromRow(rows[0]);
    });
}

Result<Event> PostgresEventStore::cancelEvent(Id eventId, Id actorId,
                                              const std::optional<std::string>& reason,
                                              TimePoint now) {
    return run(m_db.pool(), "cancelEvent", [&](pqxx::connection& connection) -> Result<Event> {
        pqxx::work tx{connection};
        if (tx.exec_prepared("event_exists", eventId).empty())
            return fail(Error::notFound("no event with this id"));
        // The event's row lock orders two cancellations: the second changes nothing.
        if (tx.exec_prepared0("cancel_event", eventId, unixSeconds(now), actorId, nullable(reason))
                .affected_rows() == 1) {
            SeatsChangeBuilder freed(SeatState::Free);
            for (const auto& seat : tx.exec_prepared("free_event_held_seats", eventId))
                freed.addPlace(eventId, seat[0].as<Id>(), seat[1].as<Id>(), !seat[2].is_null());
            tx.exec_prepared0("close_event_holds", eventId, unixSeconds(now));
            auto changes = freed.build();
            changes.push_back(cancelledChange(eventId, CancelledChange{now}));
            enqueueNotifications(tx, "notify_cancellation", eventId, now);
            appendAudit(tx, auditChainFor(eventId), now, actorId, "event.cancelled",
                        "event:" + std::to_string(eventId), cancellationDetails(reason), changes);
        }
        const auto rows = tx.exec_prepared("event_by_id", eventId);
        tx.commit();
        m_db.notifyChanges();
        return eventSettingsFromRow(rows[0]);
    });
}

Result<void> PostgresEventStore::forEachSeat(Id eventId, TimePoint now,
                                             const std::function<void(const Seat&)>& visit) {
    return run(
        m_db.pool(), "forEachSeat",
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

namespace {

// How far back seatStates looks for change ids taken by transactions that had not committed when
// its snapshot was taken: as long as the live hub waits for one (LiveSettings::gapGrace, 2 s),
// and a little more. A later commit gets the hub's reset, as it does for every stream.
constexpr std::int64_t kInFlightSeconds = 3;

// The snapshot's position in the change feed: the id before the first one missing among the
// recent ids (taken by a transaction still in flight, or rolled back: then the position is a
// little early, which costs a client a few changes applied twice), else the newest id.
const std::string kSnapshotPosition =
    "WITH base AS (SELECT GREATEST(COALESCE((SELECT max(id) FROM event_changes WHERE created_at "
    "< $1), 0), (SELECT pruned_through FROM event_changes_pruned)) AS b), "
    "recent AS (SELECT id, lag(id, 1, (SELECT b FROM base)) OVER (ORDER BY id) AS prev "
    "FROM event_changes WHERE id > (SELECT b FROM base)) "
    "SELECT COALESCE((SELECT min(prev) FROM recent WHERE id > prev + 1), (SELECT max(id) FROM "
    "recent), (SELECT b FROM base))";

} // namespace

Result<SeatStateSnapshot> PostgresEventStore::seatStates(Id eventId, TimePoint now) {
    return run(
        m_db.pool(), "seatStates", [&](pqxx::connection& connection) -> Result<SeatStateSnapshot> {
            SnapshotTransaction tx{connection};
            if (tx.exec_prepared("event_exists", eventId).empty())
                return fail(Error::notFound("no event with this id"));
            SeatStateSnapshot out;
            out.position =
                tx.exec_params1(kSnapshotPosition, unixSeconds(now) - kInFlightSeconds)[0].as<Id>();
            const auto rows = tx.exec_params(
                "SELECT CASE WHEN state = 'held' AND hold_expires_at <= $1 THEN 0 WHEN "
                "state = 'held' THEN 1 WHEN state = 'sold' THEN 2 ELSE 0 END FROM seats "
                "WHERE event_id = $2 AND row_label IS NOT NULL ORDER BY id",
                unixSeconds(now), eventId);
            constexpr SeatState kStates[] = {SeatState::Free, SeatState::Held, SeatState::Sold};
            out.states.reserve(rows.size());
            for (const auto& row : rows)
                out.states.push_back(kStates[row[0].as<int>()]);
            tx.commit();
            return out;
        });
}

} // namespace bilheteria
