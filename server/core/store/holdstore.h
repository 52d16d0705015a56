// Holds: seats or general-admission places kept for one customer until the hold's expiry,
// with the per-customer limit enforced in the transaction that takes them. Used by HoldService
// (core/holds.h) and, to read a hold before paying for it, by SalesService.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// A hold to take. Seated: `seatIds`; general admission: `sectionId` and `quantity`.
struct NewHold {
    Id eventId = 0;
    Id customerId = 0;
    std::vector<Id> seatIds;
    std::optional<Id> sectionId;
    std::int64_t quantity = 0;
    std::string currency = "BRL"; // the event's
    // The per-customer limit (tickets held plus bought for the event); none for counter staff.
    std::optional<int> maxTickets;
    TimePoint now{};
    TimePoint expiresAt{};
};

// Every method is one transaction (see core/store/storage.h). Each one that moves places
// writes them to the change outbox (core/store/changestore.h) in that same transaction.
class HoldStore {
public:
    virtual ~HoldStore() = default;

    // All or nothing, in one transaction that also enforces the limit: seats_unavailable
    // (details.seat_ids), sold_out, quota_exceeded (details.limit and .current),
    // invalid_request for seats or sections of another event. A hold past its expires_at
    // blocks nobody, whether or not the sweeper has run.
    virtual Result<Hold> createHold(const NewHold& hold) = 0;
    // The hold as of `now` (an active hold past its expiry reads as expired); not_found.
    virtual Result<Hold> findHold(Id holdId, TimePoint now) = 0;
    // Frees the seats at once; hold_expired / hold_not_active when it is no longer active.
    virtual Result<Hold> releaseHold(Id holdId, Id actorId, TimePoint now) = 0;
    // Brings an active hold's expiry forward to `expiresAt` (never later than it was), its
    // places' with it, with an audit entry naming `reason`; returns the hold as it is after.
    // hold_expired / hold_not_active when it is no longer active.
    virtual Result<Hold> shortenHold(Id holdId, TimePoint expiresAt, const std::string& reason,
                                     TimePoint now) = 0;
    // Marks up to `limit` holds past their expiry as expired and frees their seats, with an
    // audit entry each; returns how many. A negative limit means all of them.
    virtual Result<std::int64_t> expireHolds(TimePoint now, int limit) = 0;
};

} // namespace bilheteria
