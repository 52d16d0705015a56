// The waiting room of a queue-enabled event: customers join in order, keep a fixed place, and
// are let in at the event's admit_per_minute; an admission lasts the event's hold_seconds and is
// what lets a buyer hold tickets. The pacing state lives in the database, so every server
// instance runs advance() and together they admit one sequence, in order, nobody twice.
#pragma once

#include <cstdint>
#include <string>

#include "server/core/activity.h"
#include "server/core/clock.h"
#include "server/core/proofofwork.h"
#include "server/core/store/waitingroomstore.h"

namespace bilheteria {

// The pacing rule, pure: given a queue's state (locked by the store) at `now`, how many are
// admitted in all. Time counts from the state's updated_at (and never from before the sale
// opens); each second accrues admit_per_minute sixtieths of an admission and whole ones are
// given in order, the fraction carried to the next step. No more than have joined are ever
// admitted, nothing is admitted outside the sale window, and when nobody is left waiting the
// carry is dropped: an empty queue banks nothing. A `now` at or before updated_at (another
// server's clock ran ahead) changes nothing, so updated_at never moves backwards.
QueueAdvance paceQueue(const QueueState& state, TimePoint now);

// What a store checks of a pacing step before writing it: internal when it would admit fewer
// than before or more than have joined, leave a carry outside 0..59 or move updated_at back.
Result<void> checkQueueAdvance(const QueueState& state, const QueueAdvance& next);

// A customer's status as of `now`: admitted while now < admitted_at + hold_seconds, lapsed
// after; while waiting, `ahead` and an estimated wait of ceil(ahead / admit_per_minute * 60) s
// (plus the time until the sale opens, when it has not yet).
QueueStatus queueStatus(const QueueState& queue, const QueueEntry& entry, TimePoint now);

// Nothing when the place's customer is admitted at `now`; else queue_required with
// details.queue (the path to join) and, for a customer in the queue, details.position,
// .ahead and .lapsed.
Result<void> requireAdmission(const QueuePlace& place, TimePoint now);

// The proof-of-work purpose of one event's queue ("queue:7"): a challenge issued for one event
// does not serve another.
std::string queuePowPurpose(Id eventId);
// Where a client gets such a challenge.
std::string queueChallengePath(Id eventId);

class WaitingRoomService {
public:
    // `activity`, when given, hears of each place taken and each event's admissions.
    WaitingRoomService(WaitingRoomStore& store, const Clock& clock, ProofOfWork& proofOfWork,
                       ActivityCounters* activity = nullptr);

    // Joins the event's queue, or returns the place the customer already has. A first join on
    // an event with queue.pow_bits > 0 needs a solved challenge for queuePowPurpose(eventId)
    // (challenge_required / challenge_invalid); asking again does not. not_found when the
    // event is unknown or has no waiting room; not_on_sale once its sale has ended.
    Result<QueueStatus> join(const User& actor, Id eventId, const std::string& powChallenge,
                             const std::string& powSolution);
    // The customer's status; not_found when they have not joined (or there is no queue).
    Result<QueueStatus> status(const User& actor, Id eventId);
    // A challenge at the event's difficulty (0 bits, not required, when it asks none).
    Result<PowChallenge> challenge(Id eventId);
    // Admits whoever is due in every queue; returns how many. Safe to run from every server.
    Result<std::int64_t> advance();

    // How many wait in each open queue, for monitoring (WaitingRoomStore::queueLengths).
    Result<std::vector<QueueLength>> lengths();

private:
    Result<QueuePlace> queueOf(const User& actor, Id eventId);

    WaitingRoomStore& m_store;
    const Clock& m_clock;
    ProofOfWork& m_proofOfWork;
    ActivityCounters* m_activity;
};

} // namespace bilheteria
