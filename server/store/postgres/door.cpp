// The PostgreSQL store's door part (door.h): signing keys, check-ins (one conditional update of
// the ticket's row, the log, the audit entry and the outbox in one transaction), the offline
// sync (a batch's tickets locked in id order, its scans logged and settled set by set) and the
// bundle.
#include "server/store/postgres/door.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "server/core/changefeed.h"
#include "server/store/auditchain.h"
#include "server/store/door.h"
#include "server/store/postgres/auditlog.h"
#include "server/store/postgres/database.h"
#include "server/store/postgres/rows.h"
#include "server/store/sql/door.h"
#include "shared/crypto/crypto.h"

namespace bilheteria {

using namespace postgres;

namespace {

std::vector<SigningKey> readKeys(pqxx::transaction_base& tx, Id eventId) {
    std::vector<SigningKey> keys;
    for (const auto& row : tx.exec_prepared("door_event_keys", eventId)) {
        SigningKey key;
        key.keyId = row[0].as<std::string>();
        key.eventId = row[1].as<Id>();
        key.generation = row[2].as<int>();
        key.publicKey = crypto::base64UrlDecode(row[3].as<std::string>()).value_or("");
        key.privateKey = crypto::base64UrlDecode(row[4].as<std::string>()).value_or("");
        key.createdAt = fromUnixSeconds(row[5].as<std::int64_t>());
        keys.push_back(std::move(key));
    }
    return keys;
}

bool eventExists(pqxx::transaction_base& tx, Id eventId) {
    return !tx.exec_prepared("door_event_exists", eventId).empty();
}

std::optional<DoorTicket> ticketBy(pqxx::transaction_base& tx, const char* statement,
                                   const auto& key) {
    const auto rows = tx.exec_prepared(statement, key);
    if (rows.empty()) return std::nullopt;
    return doorTicketFromRow(rows[0]);
}

} // namespace

namespace postgres {

const std::vector<Statement>& doorStatements() {
    static const std::vector<Statement> all{
        {"door_event_exists", "SELECT 1 FROM events WHERE id = $1"},
        {"door_event_keys", sql::kEventKeys},
        {"door_insert_first_key", sql::kInsertFirstKey},
        {"door_ticket_by_code", sql::kDoorTicketByCode},
        {"door_ticket_by_id", sql::kDoorTicketById},
        {"door_tickets_by_codes", std::string(sql::kDoorTicket) + "WHERE t.code = ANY($1::text[])"},
        {"door_tickets_by_ids", std::string(sql::kDoorTicket) + "WHERE t.id = ANY($1::bigint[])"},
        {"door_check_in", sql::kCheckIn},
        {"door_check_out", sql::kCheckOut},
        {"door_log_scan", sql::kLogScan},
        {"door_allow_reentry", "SELECT allow_reentry FROM events WHERE id = $1"},
        // A batch's tickets, locked in id order before anything else: two batches (or a batch
        // and a refund) wait for each other instead of deadlocking.
        {"door_lock_tickets",
         "SELECT id FROM tickets WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE"},
        // A scanner's scans, each logged once: $1 event, arrays $2 tickets, $3 gates, $4 times,
        // then $5 scanner, $6 actor, $7 recorded at. Returns the rows new to the log.
        {"door_log_offline",
         "INSERT INTO checkins (event_id, ticket_id, direction, gate, scanned_at, scanner_id, "
         "actor_id, recorded_at) SELECT $1::bigint, s.ticket_id, 'entry', s.gate, s.scanned_at, "
         "$5::text, $6::bigint, $7::bigint FROM unnest($2::bigint[], $3::text[], $4::bigint[]) AS "
         "s (ticket_id, gate, "
         "scanned_at) ON CONFLICT DO NOTHING RETURNING ticket_id, gate, scanned_at"},
        // Each ticket's earliest new scan, where it is earlier than its check-in (or the first):
        // arrays $1 tickets, $2 times, $3 gates. Returns the tickets it changed.
        {"door_earlier_entries",
         "UPDATE tickets t SET checked_in_at = u.scanned_at, checked_in_gate = u.gate "
         "FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS u (id, scanned_at, gate) "
         "WHERE t.id = u.id AND t.voided_at IS NULL "
         "AND (t.checked_in_at IS NULL OR t.checked_in_at > u.scanned_at) RETURNING t.id"},
        {"door_revoked", sql::kRevokedTickets},
        {"door_bundle_tickets", sql::kBundleTickets},
        {"door_section_admitted", sql::kSectionAdmitted},
    };
    return all;
}

} // namespace postgres

PostgresDoorStore::PostgresDoorStore(PostgresDatabase& db)
    : m_db(db) {}

Result<std::vector<SigningKey>> PostgresDoorStore::signingKeys(Id eventId) {
    return run(m_db.pool(), "signingKeys",
               [&](pqxx::connection& connection) -> Result<std::vector<SigningKey>> {
                   SnapshotTransaction tx{connection};
                   if (!eventExists(tx, eventId)) return fail(Error::notFound("no such event"));
                   return readKeys(tx, eventId);
               });
}

Result<std::vector<SigningKey>> PostgresDoorStore::addFirstSigningKey(const SigningKey& key) {
    return run(m_db.pool(), "addFirstSigningKey",
               [&](pqxx::connection& connection) -> Result<std::vector<SigningKey>> {
                   pqxx::work tx{connection};
                   if (!eventExists(tx, key.eventId)) return fail(Error::notFound("no such event"));
                   tx.exec_prepared0("door_insert_first_key", key.keyId, key.eventId,
                                     crypto::base64UrlEncode(key.publicKey),
                                     crypto::base64UrlEncode(key.privateKey),
                                     unixSeconds(key.createdAt));
                   auto keys = readKeys(tx, key.eventId);
                   tx.commit();
                   return keys;
               });
}

Result<DoorTicket> PostgresDoorStore::findTicket(const std::string& code) {
    return run(m_db.pool(), "findTicket", [&](pqxx::connection& connection) -> Result<DoorTicket> {
        pqxx::nontransaction tx{connection};
        auto ticket = ticketBy(tx, "door_ticket_by_code", code);
        if (!ticket) return fail(Error::notFound("no such ticket"));
        return *ticket;
    });
}

Result<DoorTicket> PostgresDoorStore::checkIn(const std::string& code, const std::string& gate,
                                              Id actorId, TimePoint now) {
    return pass(code, gate, actorId, now, ScanDirection::Entry);
}

Result<DoorTicket> PostgresDoorStore::checkOut(const std::string& code, const std::string& gate,
                                               Id actorId, TimePoint now) {
    return pass(code, gate, actorId, now, ScanDirection::Exit);
}

Result<DoorTicket> PostgresDoorStore::pass(const std::string& code, const std::string& gate,
                                           Id actorId, TimePoint now, ScanDirection direction) {
    const bool entry = direction == ScanDirection::Entry;
    return run(m_db.pool(), "pass", [&](pqxx::connection& connection) -> Result<DoorTicket> {
        pqxx::work tx{connection};
        auto ticket = ticketBy(tx, "door_ticket_by_code", code);
        if (!ticket) return fail(Error::notFound("no such ticket"));
        const Id ticketId = ticket->ticket.id;
        if (!entry) {
            const auto reentry = tx.exec_prepared("door_allow_reentry", ticket->eventId);
            if (reentry.empty() || !reentry[0][0].as<bool>()) return fail(reentryRefused());
        }
        // The one conditional update of the ticket's row. Read committed: a concurrent pass of
        // this ticket makes it wait, then find the row changed and change nothing; the read
        // below, a statement of its own, sees the winner.
        const auto changed =
            entry ? tx.exec_prepared0("door_check_in", ticketId, unixSeconds(now), gate)
                  : tx.exec_prepared0("door_check_out", ticketId);
        if (changed.affected_rows() != 1)
            return fail(entry ? refusedCheckIn(*ticketBy(tx, "door_ticket_by_id", ticketId))
                              : notInside());
        tx.exec_prepared0("door_log_scan", ticket->eventId, ticketId, entry ? "entry" : "exit",
                          gate, unixSeconds(now), nullable(std::nullopt), actorId,
                          unixSeconds(now));
        appendAudit(tx, auditChainFor(ticketId), now, actorId, passAction(direction),
                    "ticket:" + std::to_string(ticketId), passDetails(*ticket, gate),
                    {checkinChange(ticket->eventId, {{ticket->ticket.sectionId}})});
        auto after = *ticketBy(tx, "door_ticket_by_id", ticketId);
        tx.commit();
        m_db.notifyChanges();
        return after;
    });
}

Result<std::vector<ScanResult>> PostgresDoorStore::syncScans(Id eventId,
                                                             const std::string& scannerId,
                                                             const std::vector<SyncScan>& scans,
                                                             Id actorId, TimePoint now) {
    return run(m_db.pool(), "syncScans",
               [&](pqxx::connection& connection) -> Result<std::vector<ScanResult>> {
                   pqxx::work tx{connection};
                   if (!eventExists(tx, eventId)) return fail(Error::notFound("no such event"));
                   std::map<std::string, DoorTicket> byCode;
                   {
                       std::vector<std::string> codes;
                       for (const SyncScan& scan : scans)
                           if (scan.code) codes.push_back(*scan.code);
                       for (const auto& row :
                            tx.exec_prepared("door_tickets_by_codes", textArray(codes))) {
                           auto ticket = doorTicketFromRow(row);
                           byCode.emplace(ticket.ticket.code, std::move(ticket));
                       }
                   }
                   SyncPlan plan(eventId, scans, [&](const std::string& code) {
                       const auto it = byCode.find(code);
                       return it == byCode.end() ? std::nullopt
                                                 : std::optional<DoorTicket>{it->second};
                   });
                   std::vector<Id> ids;
                   for (const auto& [ticketId, entry] : plan.tickets())
                       ids.push_back(ticketId);
                   if (ids.empty()) return plan.results({});
                   tx.exec_prepared("door_lock_tickets", idArray(ids));

                   std::vector<Id> logTickets, times;
                   std::vector<std::string> gates;
                   for (const auto& [ticketId, entry] : plan.tickets())
                       for (std::size_t index : entry.scans) {
                           logTickets.push_back(ticketId);
                           gates.push_back(scans[index].gate);
                           times.push_back(unixSeconds(scans[index].scannedAt));
                       }
                   std::int64_t logged = 0;
                   for (const auto& row : tx.exec_prepared(
                            "door_log_offline", eventId, idArray(logTickets), textArray(gates),
                            idArray(times), scannerId, actorId, unixSeconds(now))) {
                       ++logged;
                       auto& entry = plan.tickets().at(row[0].as<Id>());
                       const auto gate = row[1].as<std::string>();
                       const auto at = fromUnixSeconds(row[2].as<std::int64_t>());
                       for (std::size_t index : entry.scans)
                           if (scans[index].gate == gate && scans[index].scannedAt == at)
                               plan.loggedNew(entry, index);
                   }

                   std::vector<Id> earlierIds, earlierTimes;
                   std::vector<std::string> earlierGates;
                   for (const auto& [ticketId, entry] : plan.tickets()) {
                       if (!entry.earliestNew || entry.voided) continue;
                       earlierIds.push_back(ticketId);
                       earlierTimes.push_back(unixSeconds(scans[*entry.earliestNew].scannedAt));
                       earlierGates.push_back(scans[*entry.earliestNew].gate);
                   }
                   std::vector<Id> admitted;
                   if (!earlierIds.empty())
                       for (const auto& row :
                            tx.exec_prepared("door_earlier_entries", idArray(earlierIds),
                                             idArray(earlierTimes), textArray(earlierGates)))
                           admitted.push_back(row[0].as<Id>());

                   std::map<Id, DoorTicket> settled;
                   for (const auto& row : tx.exec_prepared("door_tickets_by_ids", idArray(ids))) {
                       auto ticket = doorTicketFromRow(row);
                       settled.emplace(ticket.ticket.id, std::move(ticket));
                   }
                   std::vector<NewChange> changes;
                   if (!admitted.empty())
                       changes.push_back(checkinChange(eventId, {plan.touchedSections(admitted)}));
                   if (logged > 0)
                       appendAudit(tx, auditChainFor(eventId), now, actorId, "checkins.synced",
                                   "event:" + std::to_string(eventId),
                                   nlohmann::json{{"scanner_id", scannerId},
                                                  {"scans", scans.size()},
                                                  {"logged", logged},
                                                  {"admitted", admitted.size()}}
                                       .dump(),
                                   changes);
                   auto results = plan.results(settled);
                   tx.commit();
                   if (!changes.empty()) m_db.notifyChanges();
                   return results;
               });
}

Result<CheckinBundle> PostgresDoorStore::checkinBundle(Id eventId, std::optional<TimePoint> since,
                                                       bool withTickets, TimePoint) {
    return run(m_db.pool(), "checkinBundle",
               [&](pqxx::connection& connection) -> Result<CheckinBundle> {
                   SnapshotTransaction tx{connection};
                   if (!eventExists(tx, eventId)) return fail(Error::notFound("no such event"));
                   CheckinBundle bundle;
                   bundle.eventId = eventId;
                   for (const auto& row : tx.exec_prepared(
                            "door_revoked", eventId, unixSeconds(since.value_or(TimePoint{}))))
                       bundle.revoked.push_back(row[0].as<Id>());
                   if (withTickets) {
                       bundle.tickets.emplace();
                       for (const auto& row : tx.exec_prepared("door_bundle_tickets", eventId)) {
                           BundleTicket ticket;
                           ticket.id = row[0].as<Id>();
                           ticket.code = row[1].as<std::string>();
                           ticket.sectionId = row[2].as<Id>();
                           if (!row[3].is_null()) {
                               ticket.row = row[3].as<std::string>();
                               ticket.number = row[4].as<int>();
                           }
                           ticket.status = row[5].as<std::string>();
                           bundle.tickets->push_back(std::move(ticket));
                       }
                   }
                   return bundle;
               });
}

} // namespace bilheteria
