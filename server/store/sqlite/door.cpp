// The SQLite store's door part (door.h): signing keys, check-ins (one conditional update of the
// ticket's row, the log, the audit entry and the outbox in one transaction), the offline sync
// and the bundle.
#include "server/store/sqlite/door.h"

#include <nlohmann/json.hpp>

#include "server/store/auditchain.h"
#include "server/store/changesignal.h"
#include "server/store/door.h"
#include "server/store/sql/door.h"
#include "server/store/sqlite/auditlog.h"
#include "server/store/sqlite/database.h"
#include "server/store/sqlite/holdrows.h"
#include "server/store/sqlite/outbox.h"
#include "shared/crypto/crypto.h"

namespace bilheteria {

using sqlite::Connection;

namespace {

std::vector<SigningKey> readKeys(Connection& db, Id eventId) {
    std::vector<SigningKey> keys;
    auto rows = db.prepare(sql::kEventKeys);
    rows.bind(1, eventId);
    while (rows.step()) {
        SigningKey key;
        key.keyId = rows.text(0);
        key.eventId = rows.integer(1);
        key.generation = static_cast<int>(rows.integer(2));
        key.publicKey = crypto::base64UrlDecode(rows.text(3)).value_or("");
        key.privateKey = crypto::base64UrlDecode(rows.text(4)).value_or("");
        key.createdAt = rows.time(5);
        keys.push_back(std::move(key));
    }
    return keys;
}

bool eventExists(Connection& db, Id eventId) {
    auto row = db.prepare("SELECT 1 FROM events WHERE id = ?");
    row.bind(1, eventId);
    return row.step();
}

// Logs one scan; false when the log had it already (an offline scan sent again).
bool logScan(Connection& db, const DoorTicket& ticket, std::string_view direction,
             const std::string& gate, TimePoint at, const std::optional<std::string>& scanner,
             Id actorId, TimePoint now) {
    auto log = db.prepare(sql::kLogScan);
    log.bind(1, ticket.eventId)
        .bind(2, ticket.ticket.id)
        .bind(3, std::string(direction))
        .bind(4, gate)
        .bind(5, at)
        .bind(6, scanner)
        .bind(7, actorId)
        .bind(8, now);
    log.run();
    return db.changes() == 1;
}

} // namespace

SqliteDoorStore::SqliteDoorStore(SqliteDatabase& db)
    : m_db(db) {}

Result<std::vector<SigningKey>> SqliteDoorStore::signingKeys(Id eventId) {
    return m_db.transaction<std::vector<SigningKey>>(
        false, [&](Connection& db) -> Result<std::vector<SigningKey>> {
            if (!eventExists(db, eventId)) return fail(Error::notFound("no such event"));
            return readKeys(db, eventId);
        });
}

Result<std::vector<SigningKey>> SqliteDoorStore::addFirstSigningKey(const SigningKey& key) {
    return m_db.transaction<std::vector<SigningKey>>(
        true, [&](Connection& db) -> Result<std::vector<SigningKey>> {
            if (!eventExists(db, key.eventId)) return fail(Error::notFound("no such event"));
            auto insert = db.prepare(sql::kInsertFirstKey);
            insert.bind(1, key.keyId)
                .bind(2, key.eventId)
                .bind(3, crypto::base64UrlEncode(key.publicKey))
                .bind(4, crypto::base64UrlEncode(key.privateKey))
                .bind(5, key.createdAt);
            insert.run();
            return readKeys(db, key.eventId);
        });
}

Result<DoorTicket> SqliteDoorStore::findTicket(const std::string& code) {
    return m_db.transaction<DoorTicket>(false, [&](Connection& db) -> Result<DoorTicket> {
        auto ticket = doorTicketByCode(db, code);
        if (!ticket) return fail(Error::notFound("no such ticket"));
        return *ticket;
    });
}

Result<DoorTicket> SqliteDoorStore::checkIn(const std::string& code, const std::string& gate,
                                            Id actorId, TimePoint now) {
    return pass(code, gate, actorId, now, ScanDirection::Entry);
}

Result<DoorTicket> SqliteDoorStore::checkOut(const std::string& code, const std::string& gate,
                                             Id actorId, TimePoint now) {
    return pass(code, gate, actorId, now, ScanDirection::Exit);
}

Result<DoorTicket> SqliteDoorStore::pass(const std::string& code, const std::string& gate,
                                         Id actorId, TimePoint now, ScanDirection direction) {
    const bool entry = direction == ScanDirection::Entry;
    auto done = m_db.transaction<DoorTicket>(true, [&](Connection& db) -> Result<DoorTicket> {
        auto ticket = doorTicketByCode(db, code);
        if (!ticket) return fail(Error::notFound("no such ticket"));
        if (!entry) {
            auto reentry = db.prepare("SELECT allow_reentry FROM events WHERE id = ?");
            reentry.bind(1, ticket->eventId);
            if (!reentry.step() || reentry.integer(0) == 0) return fail(reentryRefused());
        }
        // The one conditional update of the ticket's row; this store's single writer makes the
        // ticket read above the one it applies to.
        auto update = db.prepare(entry ? sql::kCheckIn : sql::kCheckOut);
        update.bind(1, ticket->ticket.id);
        if (entry) update.bind(2, now).bind(3, gate);
        update.run();
        if (db.changes() != 1) return fail(entry ? refusedCheckIn(*ticket) : notInside());
        logScan(db, *ticket, entry ? "entry" : "exit", gate, now, std::nullopt, actorId, now);
        appendAudit(db, auditChainFor(ticket->ticket.id), now, actorId, passAction(direction),
                    "ticket:" + std::to_string(ticket->ticket.id), passDetails(*ticket, gate));
        insertChanges(db, {checkinChange(ticket->eventId, {{ticket->ticket.sectionId}})}, now);
        return *doorTicketById(db, ticket->ticket.id);
    });
    if (done) m_db.changeSignal()->notify();
    return done;
}

Result<std::vector<ScanResult>> SqliteDoorStore::syncScans(Id eventId, const std::string& scannerId,
                                                           const std::vector<SyncScan>& scans,
                                                           Id actorId, TimePoint now) {
    bool changed = false;
    auto done = m_db.transaction<std::vector<ScanResult>>(
        true, [&](Connection& db) -> Result<std::vector<ScanResult>> {
            changed = false;
            if (!eventExists(db, eventId)) return fail(Error::notFound("no such event"));
            SyncPlan plan(eventId, scans,
                          [&](const std::string& code) { return doorTicketByCode(db, code); });
            std::vector<Id> admitted;
            std::int64_t logged = 0;
            std::map<Id, DoorTicket> settled;
            for (auto& [ticketId, entry] : plan.tickets()) {
                auto ticket = *doorTicketById(db, ticketId);
                for (std::size_t index : entry.scans) {
                    const SyncScan& scan = scans[index];
                    if (logScan(db, ticket, "entry", scan.gate, scan.scannedAt, scannerId, actorId,
                                now)) {
                        plan.loggedNew(entry, index);
                        ++logged;
                    }
                }
                if (entry.earliestNew && !entry.voided) {
                    const SyncScan& first = scans[*entry.earliestNew];
                    auto update = db.prepare(sql::kEarlierEntry);
                    update.bind(1, ticketId).bind(2, first.scannedAt).bind(3, first.gate);
                    update.run();
                    if (db.changes() == 1) {
                        admitted.push_back(ticketId);
                        ticket = *doorTicketById(db, ticketId);
                    }
                }
                settled.emplace(ticketId, std::move(ticket));
            }
            if (logged > 0)
                appendAudit(db, auditChainFor(eventId), now, actorId, "checkins.synced",
                            "event:" + std::to_string(eventId),
                            nlohmann::json{{"scanner_id", scannerId},
                                           {"scans", scans.size()},
                                           {"logged", logged},
                                           {"admitted", admitted.size()}}
                                .dump());
            if (!admitted.empty()) {
                insertChanges(db, {checkinChange(eventId, {plan.touchedSections(admitted)})}, now);
                changed = true;
            }
            return plan.results(settled);
        });
    if (done && changed) m_db.changeSignal()->notify();
    return done;
}

Result<CheckinBundle> SqliteDoorStore::checkinBundle(Id eventId, std::optional<TimePoint> since,
                                                     bool withTickets, TimePoint) {
    return m_db.transaction<CheckinBundle>(false, [&](Connection& db) -> Result<CheckinBundle> {
        if (!eventExists(db, eventId)) return fail(Error::notFound("no such event"));
        CheckinBundle bundle;
        bundle.eventId = eventId;
        {
            auto rows = db.prepare(sql::kRevokedTickets);
            rows.bind(1, eventId).bind(2, since.value_or(TimePoint{}));
            while (rows.step())
                bundle.revoked.push_back(rows.integer(0));
        }
        if (withTickets) {
            bundle.tickets.emplace();
            auto rows = db.prepare(sql::kBundleTickets);
            rows.bind(1, eventId);
            while (rows.step()) {
                BundleTicket ticket;
                ticket.id = rows.integer(0);
                ticket.code = rows.text(1);
                ticket.sectionId = rows.integer(2);
                if (!rows.isNull(3)) {
                    ticket.row = rows.text(3);
                    ticket.number = static_cast<int>(rows.integer(4));
                }
                ticket.status = rows.text(5);
                bundle.tickets->push_back(std::move(ticket));
            }
        }
        return bundle;
    });
}

} // namespace bilheteria
