#include "server/store/door.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace bilheteria {

Error ticketVoidError(const DoorTicket& ticket) {
    return {ErrorCode::TicketVoid,
            "this ticket is void (" + ticket.voidReason.value_or("void") + ")",
            {{"reason", ticket.voidReason.value_or("void")}, {"ticket_id", ticket.ticket.id}}};
}

Error alreadyCheckedInError(const DoorTicket& ticket) {
    nlohmann::json details{{"ticket_id", ticket.ticket.id}};
    if (ticket.checkedInAt) details["checked_in_at"] = formatRfc3339(*ticket.checkedInAt);
    if (ticket.checkedInGate) details["gate"] = *ticket.checkedInGate;
    return {ErrorCode::AlreadyCheckedIn,
            "this ticket was checked in already" +
                (ticket.checkedInGate ? " at gate " + *ticket.checkedInGate : std::string()),
            std::move(details)};
}

Error refusedCheckIn(const DoorTicket& ticket) {
    if (ticket.voidedAt) return ticketVoidError(ticket);
    if (ticket.checkedInAt) return alreadyCheckedInError(ticket);
    return Error::internal("the ticket could not be checked in");
}

Error reentryRefused() {
    return {ErrorCode::Conflict, "this event does not allow re-entry"};
}

Error notInside() {
    return {ErrorCode::Conflict, "this ticket is not checked in"};
}

std::string passAction(ScanDirection direction) {
    return direction == ScanDirection::Entry ? "ticket.checked_in" : "ticket.checked_out";
}

std::string passDetails(const DoorTicket& ticket, const std::string& gate) {
    return nlohmann::json{{"event_id", ticket.eventId}, {"gate", gate}}.dump();
}

std::vector<SectionAdmitted> onlySections(std::vector<SectionAdmitted> all,
                                          const std::vector<Id>& sectionIds) {
    std::erase_if(all, [&](const SectionAdmitted& a) {
        return std::find(sectionIds.begin(), sectionIds.end(), a.sectionId) == sectionIds.end();
    });
    return all;
}

void SyncPlan::loggedNew(TicketScans& ticket, std::size_t index) {
    if (!ticket.earliestNew || m_scans[index].scannedAt < m_scans[*ticket.earliestNew].scannedAt)
        ticket.earliestNew = index;
}

std::vector<ScanResult> SyncPlan::results(const std::map<Id, DoorTicket>& settled) const {
    std::vector<ScanResult> out(m_scans.size(), ScanResult{"not_found", {}, {}, {}, {}, {}});
    for (const auto& [ticketId, entry] : m_tickets) {
        const auto found = settled.find(ticketId);
        if (found == settled.end()) continue;
        const DoorTicket& ticket = found->second;
        bool claimed = false; // one scan of the batch is the entry, even if two look alike
        for (std::size_t index : entry.scans) {
            const SyncScan& scan = m_scans[index];
            ScanResult& result = out[index];
            result.ticketId = ticketId;
            if (ticket.voidedAt) {
                result.result = "void";
                result.reason = ticket.voidReason.value_or("void");
                continue;
            }
            const bool isEntry = ticket.checkedInAt && *ticket.checkedInAt == scan.scannedAt &&
                                 ticket.checkedInGate && *ticket.checkedInGate == scan.gate;
            if (isEntry && !claimed) {
                claimed = true;
                result.result = "admitted";
                result.checkedInAt = scan.scannedAt;
                result.gate = scan.gate;
                continue;
            }
            result.result = "duplicate";
            result.checkedInAt = ticket.checkedInAt;
            result.gate = ticket.checkedInGate;
            result.scanGate = scan.gate;
        }
    }
    return out;
}

std::vector<Id> SyncPlan::touchedSections(const std::vector<Id>& changedTickets) const {
    std::set<Id> sections;
    for (Id ticketId : changedTickets)
        if (auto it = m_tickets.find(ticketId); it != m_tickets.end())
            sections.insert(it->second.sectionId);
    return {sections.begin(), sections.end()};
}

} // namespace bilheteria
