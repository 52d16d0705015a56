// The door: each event's signing keys, checking tickets in (online, one scan at a time) and
// reconciling a scanner's offline scans, the bundle a scanner takes offline, and the admitted
// counts. Used by DoorService (core/door.h).
//
// The rule every method keeps: a ticket is checked in at most once (until an exit clears it on
// an event that allows re-entry), never while void (voided_at set: refunded or cancelled), and
// the earliest scan by its time wins. The store enforces it with ONE conditional UPDATE on the
// ticket's row, so concurrent gates, scanners and refunds race on that row alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// An event's Ed25519 key pair as the store keeps it. The highest generation signs; every
// generation still verifies, so a key can be rotated by adding generation n + 1.
struct SigningKey {
    std::string keyId;
    Id eventId = 0;
    int generation = 1;
    std::string publicKey;  // 32 raw bytes
    std::string privateKey; // 32 raw bytes (the seed); never leaves the server
    TimePoint createdAt{};
};

// A ticket as the door sees it: the order's ticket (status set) and its door state.
struct DoorTicket {
    Ticket ticket;
    Id eventId = 0;
    Id orderId = 0;
    TimePoint issuedAt{}; // the order's created_at
    std::optional<TimePoint> checkedInAt;
    std::optional<std::string> checkedInGate;
    std::optional<TimePoint> voidedAt;
    std::optional<std::string> voidReason;
};

// One offline scan, its ticket already looked up by the core: nullopt code when the scan's
// token did not verify (it is then not_found without reaching the database).
struct SyncScan {
    std::optional<std::string> code;
    std::string gate;
    TimePoint scannedAt{};
};

// Every method is one transaction (see core/store/storage.h).
class DoorStore {
public:
    virtual ~DoorStore() = default;

    // The event's keys, ascending by generation (empty when it has none yet); not_found for an
    // unknown event.
    virtual Result<std::vector<SigningKey>> signingKeys(Id eventId) = 0;
    // Stores `key` as the event's generation 1 unless the event has a key already (two servers
    // creating the first key at once: one wins); returns the event's keys as signingKeys.
    virtual Result<std::vector<SigningKey>> addFirstSigningKey(const SigningKey& key) = 0;

    // not_found for an unknown code.
    virtual Result<DoorTicket> findTicket(const std::string& code) = 0;
    // Checks the ticket in at `gate` (its row's one conditional update, a check-in log row, an
    // audit entry and the live feed's change). not_found for an unknown code (or one of another
    // event when `eventId` is given); ticket_void (details.reason) when voided;
    // already_checked_in (details.checked_in_at, details.gate) when checked in already.
    virtual Result<DoorTicket> checkIn(const std::string& code, const std::string& gate, Id actorId,
                                       TimePoint now) = 0;
    // An exit scan: clears the ticket's check-in so it may enter again, logged as an exit.
    // not_found; conflict when the event does not allow re-entry or the ticket is not inside.
    virtual Result<DoorTicket> checkOut(const std::string& code, const std::string& gate,
                                        Id actorId, TimePoint now) = 0;
    // Reconciles a scanner's offline scans of event `eventId` in one transaction: every scan of
    // a known ticket is logged once by (scanner, ticket, scanned_at, gate) — sending it again
    // changes nothing — and each ticket ends checked in at its earliest scan, online or offline
    // (an earlier offline scan replaces a later check-in's time and gate). One result per scan,
    // in order: admitted (this scan is the ticket's entry), duplicate (checked_in_at and gate
    // name the entry), void (reason), not_found (unknown, or of another event).
    virtual Result<std::vector<ScanResult>> syncScans(Id eventId, const std::string& scannerId,
                                                      const std::vector<SyncScan>& scans,
                                                      Id actorId, TimePoint now) = 0;
    // The offline bundle without its keys: revoked ticket ids (voided at or after `since`, all
    // when nullopt), the tickets when `withTickets`, and the cursor for the next bundle.
    // not_found for an unknown event.
    virtual Result<CheckinBundle> checkinBundle(Id eventId, std::optional<TimePoint> since,
                                                bool withTickets, TimePoint now) = 0;
};

} // namespace bilheteria
