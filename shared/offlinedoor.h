// The door's offline admission rule, one for both door clients: what a scanner decides alone,
// from the event's check-in bundle (its public keys, its void tickets and, optionally, every
// ticket with its status) and what it admitted itself.
//
// In order:
//  1. a signed token (BLH1.…) is verified with the bundle's keys before anything else: one that
//     does not verify is Forged (reason: malformed, unknown_key or bad_signature); one of
//     another event is Unknown (other_event). A code must be one of the listed tickets, else
//     Unknown (not_found).
//  2. a revoked ticket, or a listed one whose status is void, is Void (reason: the listed status
//     — refunded, cancelled, exchanged — else "refunded");
//  3. a ticket this scanner admitted is AlreadyIn, with its time and gate;
//  4. a ticket listed as checked_in is AlreadyIn (before the bundle: when and where unknown);
//  5. anything else is admitted (Admit).
// The verdict names the ticket and its place (from the listed ticket, else the token's claims)
// whenever it is known. The bundle is indexed once (by ticket id, by code, the revoked set), so
// a scan costs the same on a 100,000-ticket bundle as on a small one.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "shared/protocol.h"
#include "shared/timeformat.h"

namespace bilheteria {

// A ticket this scanner admitted earlier (its own scan log): when and at which gate.
struct EarlierAdmission {
    std::optional<TimePoint> at;
    std::optional<std::string> gate;
};

struct DoorVerdict {
    enum class Kind {
        Admit,
        AlreadyIn, // `at` and `gate` when admitted here; unknown when listed as checked_in
        Void,      // `reason`: refunded, cancelled, exchanged
        Unknown,   // `reason`: not_found, other_event
        Forged,    // `reason`: malformed, unknown_key, bad_signature
    };
    Kind kind = Kind::Unknown;
    std::optional<Id> ticketId;
    std::optional<Id> sectionId;
    std::optional<std::string> row;
    std::optional<int> number;
    std::string reason;
    std::optional<TimePoint> at;
    std::optional<std::string> gate;
};

// Whether a scan is a signed token ("BLH1." …) rather than a ticket's code.
bool isTicketToken(std::string_view text);
// Whether a bundle ticket's status makes it void (anything but valid and checked_in).
bool isVoidTicketStatus(std::string_view status);

class OfflineDoor {
public:
    // What this scanner admitted itself, by ticket id (nullopt: not admitted here).
    using AdmittedHere = std::function<std::optional<EarlierAdmission>(Id ticketId)>;

    explicit OfflineDoor(CheckinBundle bundle);

    const CheckinBundle& bundle() const { return m_bundle; }
    // The listed ticket (nullptr when the bundle has no such ticket, or no ticket list).
    const BundleTicket* ticket(Id ticketId) const;
    const BundleTicket* ticketByCode(std::string_view code) const;
    bool revoked(Id ticketId) const { return m_revoked.contains(ticketId); }

    // The verdict on `text` (a token or a code; spaces around it ignored) at a door of
    // `eventId`. Records nothing: the caller keeps an admission in its own log.
    DoorVerdict verify(std::string_view text, Id eventId, const AdmittedHere& admittedHere) const;

private:
    CheckinBundle m_bundle;
    std::unordered_set<Id> m_revoked;
    std::unordered_map<std::string, std::size_t> m_byCode; // into m_bundle.tickets
    std::unordered_map<Id, std::size_t> m_byId;
};

} // namespace bilheteria
