// The waiting room: each queue-enabled event's queue (positions handed out in join order, but
// for those who joined before the sale opened, whose places a draw orders at the opening;
// admitted in position order at the event's pace). Used by WaitingRoomService (core/queue.h) and,
// to check an admission, by HoldService.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "shared/error.h"
#include "shared/protocol.h"

namespace bilheteria {

// An event's waiting room: the event's settings and the queue's counters. Positions 1..joined
// have been handed out in join order; positions 1..admitted have been let in, in that order.
struct QueueState {
    Id eventId = 0;
    bool enabled = false;
    int admitPerMinute = 600;
    int holdSeconds = 600; // how long an admission lasts
    int powBits = 0;
    TimePoint saleStartsAt{};
    TimePoint saleEndsAt{};
    std::int64_t joined = 0;
    std::int64_t admitted = 0;
    // Admissions accrued but not yet given, in sixtieths of one (each second of pacing adds
    // admit_per_minute of them, an admission spends 60): integers, so no rounding drifts.
    std::int64_t carrySixtieths = 0;
    // When admissions were last worked out (or the clock restarted because people joined an
    // empty queue); pacing counts the time since. Never moves backwards.
    TimePoint updatedAt{};
    bool cancelled = false; // the event was cancelled: nobody new joins
    // Positions 1..provisional were handed out before the sale opened and await the opening's
    // draw, which gives them a random order (0 once drawn, and when nobody joined early).
    // Nobody is admitted while it is not 0.
    std::int64_t provisional = 0;
};

struct QueueEntry {
    std::int64_t position = 0;
    TimePoint joinedAt{};
    std::optional<TimePoint> admittedAt;
};

// A customer's view of a waiting room: the queue, and their entry if they have joined.
struct QueuePlace {
    QueueState queue;
    std::optional<QueueEntry> entry;
};

// What one pacing step decides for a queue (see core/queue.h): how many are admitted in all
// afterwards, the carry left over and the new updated_at.
struct QueueAdvance {
    std::int64_t admitted = 0;
    std::int64_t carrySixtieths = 0;
    TimePoint updatedAt{};
    // The opening's draw, when this step makes it: draw[i] is the position the entry at
    // provisional position i + 1 takes, a permutation of 1..provisional (empty: no draw).
    std::vector<std::int64_t> draw{};
};

// The pacing rule, called by the store with each queue's state locked.
using QueuePacer = std::function<QueueAdvance(const QueueState& state, TimePoint now)>;

// How many wait in one event's queue (joined but not yet admitted), for monitoring, and
// whether its sale has opened (before, a queue fills and nothing can be sold).
struct QueueLength {
    Id eventId = 0;
    std::int64_t waiting = 0;
    bool saleOpen = false;
    bool operator==(const QueueLength&) const = default;
};

// Every method is one transaction (see core/store/storage.h), but advanceQueues: one per queue.
class WaitingRoomStore {
public:
    virtual ~WaitingRoomStore() = default;

    // The event's queue and the customer's entry, if any (not_found for an unknown event).
    virtual Result<QueuePlace> findQueuePlace(Id eventId, Id customerId) = 0;
    // Gives the customer the next position, or returns the one they already have: one
    // transaction that serialises the event's joins on its queue row, so positions run 1..N in
    // join order without gaps or duplicates, also when one customer joins twice at once.
    // A join before the sale opens (now < sale_starts_at) into a queue whose places are all
    // provisional also counts in `provisional`: its place awaits the opening's draw.
    // Joining a queue nobody waits in restarts its pacing clock at `now` (admissions are not
    // banked while it is empty). The join is written to the change outbox.
    virtual Result<QueuePlace> joinQueue(Id eventId, Id customerId, TimePoint now) = 0;
    // For every queue-enabled event with people waiting and its sale open at `now`: locks the
    // queue's row, asks `pace` how many are admitted in all (and, at the opening, for the
    // draw: the provisional entries take their drawn positions, each customer hears of the
    // new place on their stream, and provisional becomes 0), stamps admitted_at = now on the
    // entries with positions in (old admitted, new admitted], writes each admission to the
    // change outbox and stores the new state, one transaction per event. Several servers may
    // run it at once: each step starts from the state the previous one committed, so nobody
    // is admitted twice or skipped. Returns the number admitted.
    virtual Result<std::int64_t> advanceQueues(TimePoint now, const QueuePacer& pace) = 0;
    // Every queue someone has joined whose event is queue-enabled, not cancelled and still on
    // sale (or not yet) at `now`, by event id, with how many wait in it (0 when all were
    // admitted): what a dashboard shows before and during a rush.
    virtual Result<std::vector<QueueLength>> queueLengths(TimePoint now) = 0;
};

} // namespace bilheteria
