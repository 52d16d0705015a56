#include "server/core/holds.h"

#include <set>

#include "server/core/eventrules.h"
#include "server/core/policy.h"
#include "server/core/queue.h"

namespace bilheteria {

bool mayActOnHold(const User& actor, const Hold& hold) {
    return hold.customerId == actor.id || isAllowed(actor.role, Action::SellAtCounter);
}

HoldService::HoldService(HoldStore& holds, EventStore& events, WaitingRoomStore& waitingRoom,
                         const Clock& clock, ActivityCounters* activity)
    : m_holds(holds)
    , m_events(events)
    , m_waitingRoom(waitingRoom)
    , m_clock(clock)
    , m_activity(activity) {}

Result<Hold> HoldService::create(const User& actor, Id eventId, const HoldRequest& request) {
    // The HTTP parser checks these too; the core does not rely on any caller having done so.
    if (request.seatIds.empty()) {
        if (!request.sectionId)
            return fail(Error::invalidField("seat_ids", "name seats, or a section and quantity"));
        if (request.quantity < 1 || request.quantity > 1000)
            return fail(Error::invalidField("quantity", "quantity must be 1–1000"));
    } else if (request.seatIds.size() > 1000) {
        return fail(Error::invalidField("seat_ids", "seat_ids may list at most 1000 seats"));
    }
    std::set<Id> unique(request.seatIds.begin(), request.seatIds.end());
    if (unique.size() != request.seatIds.size())
        return fail(Error::invalidField("seat_ids", "seat_ids lists a seat twice"));

    BILHETERIA_TRY(event, m_events.getEventSettings(eventId));
    BILHETERIA_CHECK(requireNotCancelled(event.summary));
    const auto now = m_clock.now();
    if (now < event.summary.saleStartsAt || now >= event.summary.saleEndsAt)
        return fail(Error{ErrorCode::NotOnSale,
                          "tickets for this event are not on sale now",
                          {{"sale_starts_at", formatRfc3339(event.summary.saleStartsAt)},
                           {"sale_ends_at", formatRfc3339(event.summary.saleEndsAt)}}});
    // Customers hold only while the waiting room has them admitted. Counter staff serve the
    // walk-up line, which is its own queue, as the per-customer limit exempts them too.
    const bool counterStaff = isAllowed(actor.role, Action::SellAtCounter);
    if (event.summary.queueEnabled && !counterStaff) {
        BILHETERIA_TRY(place, m_waitingRoom.findQueuePlace(eventId, actor.id));
        BILHETERIA_CHECK(requireAdmission(place, now));
    }

    NewHold hold;
    hold.eventId = eventId;
    hold.customerId = actor.id;
    hold.seatIds = request.seatIds;
    hold.sectionId = request.sectionId;
    hold.quantity = request.quantity;
    hold.currency = event.summary.currency;
    // Counter staff sell to walk-up buyers on their own account: the per-customer limit is for
    // customers, not for the box office.
    if (!counterStaff) hold.maxTickets = event.maxTicketsPerCustomer;
    hold.now = now;
    hold.expiresAt = now + std::chrono::seconds{event.holdSeconds};
    BILHETERIA_TRY(created, m_holds.createHold(hold));
    if (m_activity) m_activity->holdPlaced(eventId, created.ticketCount());
    return created;
}

Result<Hold> HoldService::get(const User& actor, Id holdId) {
    BILHETERIA_TRY(hold, m_holds.findHold(holdId, m_clock.now()));
    if (!mayActOnHold(actor, hold)) return fail(Error::notFound("no such hold"));
    return hold;
}

Result<void> HoldService::release(const User& actor, Id holdId) {
    BILHETERIA_CHECK(get(actor, holdId));
    BILHETERIA_CHECK(m_holds.releaseHold(holdId, actor.id, m_clock.now()));
    return {};
}

Result<std::int64_t> HoldService::expireDue(int batchSize) {
    BILHETERIA_TRY(expired, m_holds.expireHolds(m_clock.now(), batchSize));
    if (m_activity && expired > 0) m_activity->holdsExpired(expired);
    return expired;
}

} // namespace bilheteria
