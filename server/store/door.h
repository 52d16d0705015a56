// What both stores' door parts share: the errors a refused check-in returns, and the offline
// sync's bookkeeping around the SQL (which scans belong to which ticket, the earliest new scan
// of each, the result of each scan once the tickets are settled).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/core/store/changestore.h"
#include "server/core/store/doorstore.h"

namespace bilheteria {

// ticket_void with details.reason; already_checked_in with details.checked_in_at and .gate.
Error ticketVoidError(const DoorTicket& ticket);
Error alreadyCheckedInError(const DoorTicket& ticket);

// The refusal (or nothing) for checking `ticket` in as the store found it after its
// conditional update changed nothing.
Error refusedCheckIn(const DoorTicket& ticket);

// An exit refused: the event does not allow re-entry, or the ticket is not inside.
Error reentryRefused();
Error notInside();
// The audit entry of a pass through a gate: its action (ticket.checked_in, .checked_out) and
// details (the event and the gate).
std::string passAction(ScanDirection direction);
std::string passDetails(const DoorTicket& ticket, const std::string& gate);

// Those of `all` (an event's admitted counts) whose section is in `sectionIds`.
std::vector<SectionAdmitted> onlySections(std::vector<SectionAdmitted> all,
                                          const std::vector<Id>& sectionIds);

// An offline batch's scans grouped by ticket, in ascending ticket id (the order rows are
// locked in, so two batches never deadlock).
class SyncPlan {
public:
    struct TicketScans {
        Id ticketId = 0;
        Id eventId = 0;
        Id sectionId = 0;
        bool voided = false;
        std::vector<std::size_t> scans; // indexes into the batch, in batch order
        // The earliest scan of this ticket that the log did not have yet (nullopt: none).
        std::optional<std::size_t> earliestNew;
    };

    // `lookup` finds a ticket by code (nullopt when unknown); tickets of another event than
    // `eventId` count as unknown.
    template <typename Lookup>
    SyncPlan(Id eventId, const std::vector<SyncScan>& scans, Lookup&& lookup)
        : m_scans(scans) {
        std::map<std::string, std::optional<DoorTicket>> byCode;
        for (std::size_t i = 0; i < scans.size(); ++i) {
            if (!scans[i].code) continue;
            auto it = byCode.find(*scans[i].code);
            if (it == byCode.end())
                it = byCode.emplace(*scans[i].code, lookup(*scans[i].code)).first;
            const auto& ticket = it->second;
            if (!ticket || ticket->eventId != eventId) continue;
            auto& entry = m_tickets[ticket->ticket.id];
            entry.ticketId = ticket->ticket.id;
            entry.eventId = ticket->eventId;
            entry.sectionId = ticket->ticket.sectionId;
            entry.voided = ticket->voidedAt.has_value();
            entry.scans.push_back(i);
        }
    }

    std::map<Id, TicketScans>& tickets() { return m_tickets; }
    // Records that scan `index` of `ticket` was new to the log.
    void loggedNew(TicketScans& ticket, std::size_t index);
    // One result per scan, in batch order, from each ticket as it stands at the end of the
    // transaction (`settled`, by ticket id).
    std::vector<ScanResult> results(const std::map<Id, DoorTicket>& settled) const;
    // The sections whose admitted count may have moved (tickets that changed), ascending.
    std::vector<Id> touchedSections(const std::vector<Id>& changedTickets) const;

private:
    const std::vector<SyncScan>& m_scans;
    std::map<Id, TicketScans> m_tickets;
};

} // namespace bilheteria
