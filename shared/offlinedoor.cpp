#include "shared/offlinedoor.h"

#include <cctype>

#include "shared/ticketqr.h"

namespace bilheteria {

namespace {

std::string_view trimmed(std::string_view text) {
    const auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

} // namespace

bool isTicketToken(std::string_view text) {
    return text.size() > kTicketTokenPrefix.size() && text.starts_with(kTicketTokenPrefix) &&
           text[kTicketTokenPrefix.size()] == '.';
}

bool isVoidTicketStatus(std::string_view status) {
    return status != "valid" && status != "checked_in";
}

OfflineDoor::OfflineDoor(CheckinBundle bundle)
    : m_bundle(std::move(bundle))
    , m_revoked(m_bundle.revoked.begin(), m_bundle.revoked.end()) {
    if (!m_bundle.tickets) return;
    const auto& tickets = *m_bundle.tickets;
    m_byCode.reserve(tickets.size());
    m_byId.reserve(tickets.size());
    for (std::size_t i = 0; i < tickets.size(); ++i) {
        m_byCode[tickets[i].code] = i;
        m_byId[tickets[i].id] = i;
    }
}

const BundleTicket* OfflineDoor::ticket(Id ticketId) const {
    const auto it = m_byId.find(ticketId);
    return it == m_byId.end() ? nullptr : &(*m_bundle.tickets)[it->second];
}

const BundleTicket* OfflineDoor::ticketByCode(std::string_view code) const {
    const auto it = m_byCode.find(std::string(code));
    return it == m_byCode.end() ? nullptr : &(*m_bundle.tickets)[it->second];
}

DoorVerdict OfflineDoor::verify(std::string_view scanned, Id eventId,
                                const AdmittedHere& admittedHere) const {
    const std::string_view text = trimmed(scanned);
    DoorVerdict verdict;
    const BundleTicket* listed = nullptr;
    if (isTicketToken(text)) {
        // The signature first: nothing a token claims counts before it verifies.
        auto claims = verifyTicketToken(text, m_bundle.keys);
        if (!claims) {
            verdict.kind = DoorVerdict::Kind::Forged;
            const auto& details = claims.error().details;
            verdict.reason = details.is_object() ? details.value("reason", "") : "";
            return verdict;
        }
        if (claims->eventId != eventId) {
            verdict.kind = DoorVerdict::Kind::Unknown;
            verdict.reason = "other_event";
            return verdict;
        }
        listed = ticket(claims->ticketId);
        verdict.ticketId = claims->ticketId;
        // The place the signed token names, unless the bundle lists the ticket.
        verdict.sectionId = claims->sectionId;
        verdict.row = claims->row;
        verdict.number = claims->number;
    } else {
        listed = ticketByCode(text);
        if (!listed) {
            verdict.kind = DoorVerdict::Kind::Unknown;
            verdict.reason = "not_found";
            return verdict;
        }
        verdict.ticketId = listed->id;
    }
    if (listed) {
        verdict.sectionId = listed->sectionId;
        verdict.row = listed->row;
        verdict.number = listed->number;
    }
    const Id id = *verdict.ticketId;
    const bool voidListed = listed && isVoidTicketStatus(listed->status);
    if (voidListed || revoked(id)) {
        verdict.kind = DoorVerdict::Kind::Void;
        // Revoked and listed as valid or checked_in (a bundle read across a refund): refunded.
        verdict.reason = voidListed ? listed->status : "refunded";
        return verdict;
    }
    if (auto earlier = admittedHere ? admittedHere(id) : std::nullopt) {
        verdict.kind = DoorVerdict::Kind::AlreadyIn;
        verdict.at = earlier->at;
        verdict.gate = std::move(earlier->gate);
        return verdict;
    }
    if (listed && listed->status == "checked_in") {
        verdict.kind = DoorVerdict::Kind::AlreadyIn; // before the bundle: when and where unknown
        return verdict;
    }
    verdict.kind = DoorVerdict::Kind::Admit;
    return verdict;
}

} // namespace bilheteria
