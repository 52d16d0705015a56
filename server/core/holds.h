// Holds: a customer's seats (or general-admission tickets) kept for the event's hold time.
// The rules live here: the sale window, admission through the waiting room (core/queue.h), who may
// see or release a hold, and the per-customer limit (enforced by the store in the same transaction
// that takes the seats).
#pragma once

#include "server/core/activity.h"
#include "server/core/clock.h"
#include "server/core/store/eventstore.h"
#include "server/core/store/holdstore.h"
#include "server/core/store/waitingroomstore.h"

namespace bilheteria {

class HoldService {
public:
    // `activity`, when given, hears of each hold placed and each sweep's expiries.
    HoldService(HoldStore& holds, EventStore& events, WaitingRoomStore& waitingRoom,
                const Clock& clock, ActivityCounters* activity = nullptr);

    Result<Hold> create(const User& actor, Id eventId, const HoldRequest& request);
    // The owner, or counter staff; others get not_found (a hold's existence is not revealed).
    Result<Hold> get(const User& actor, Id holdId);
    Result<void> release(const User& actor, Id holdId);
    // The sweeper: marks holds past their expiry as expired. Correctness never waits for it.
    Result<std::int64_t> expireDue(int batchSize = 500);

    const Clock& clock() const { return m_clock; }

private:
    HoldStore& m_holds;
    EventStore& m_events;
    WaitingRoomStore& m_waitingRoom;
    const Clock& m_clock;
    ActivityCounters* m_activity;
};

// True when `actor` may act on `hold` (its owner, or clerk/admin at the counter).
bool mayActOnHold(const User& actor, const Hold& hold);

} // namespace bilheteria
