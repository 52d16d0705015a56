// The waiting room of a queue-enabled event: customers join in order, keep a fixed place, and
// are let in at the event's admit_per_minute; those who join before the sale opens get a
// provisional place, and at the opening a uniformly random draw orders them all before anyone
// who joins later (being fastest at T-10 minutes wins nothing); an admission lasts the event's
// hold_seconds and is what lets a buyer hold tickets. The pacing state lives in the database, so
// every server instance runs advance() and together they admit one sequence, in order, nobody
// twice.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

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

// Random 64-bit words for the opening's draw: OpenSSL's CSPRNG (crypto::randomBytes) in the
// server; tests inject a seeded generator so that a draw can be replayed.
using RandomWords = std::function<std::uint64_t()>;
RandomWords cryptoRandomWords();

// A uniformly random permutation of 1..count: element i is the position provisional place
// i + 1 takes. Fisher–Yates, each index drawn without modulo bias (rejection), so each of the
// count! orders is equally likely as far as `random` is uniform.
std::vector<std::int64_t> drawPlaces(std::int64_t count, const RandomWords& random);

// One step of a queue, the pacer WaitingRoomService::advance gives the store: paceQueue, and at
// the opening (now >= sale_starts_at while places are provisional) the draw that orders them.
QueueAdvance stepQueue(const QueueState& state, TimePoint now, const RandomWords& random);

// What a store checks of a pacing step before writing it: internal when it would admit fewer
// than before or more than have joined, leave a carry outside 0..59 or move updated_at back,
// draw what is not a permutation of the provisional places, or admit before the draw.
Result<void> checkQueueAdvance(const QueueState& state, const QueueAdvance& next);

// A customer's status as of `now`: admitted while now < admitted_at + hold_seconds, lapsed
// after; while waiting, `ahead` and an estimated wait of ceil(ahead / admit_per_minute * 60) s
// (plus the time until the sale opens, when it has not yet). A provisional place (joined
// before the opening, not yet drawn) has `draw`; its position and ahead are the join order's
// until then, and its estimate is the middle of the draw's range, the expected wait of a
// uniform draw.
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
    // `activity`, when given, hears of each place taken and each event's admissions; `random`
    // feeds the opening's draws.
    WaitingRoomService(WaitingRoomStore& store, const Clock& clock, ProofOfWork& proofOfWork,
                       ActivityCounters* activity = nullptr,
                       RandomWords random = cryptoRandomWords());

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
    // Admits whoever is due in every queue, after making the opening's draw where one is due;
    // returns how many. Safe to run from every server: a queue's draw is made once, in the
    // store's transaction that holds its lock.
    Result<std::int64_t> advance();

    // How many wait in each open queue, for monitoring (WaitingRoomStore::queueLengths).
    Result<std::vector<QueueLength>> lengths();

private:
    Result<QueuePlace> queueOf(const User& actor, Id eventId);

    WaitingRoomStore& m_store;
    const Clock& m_clock;
    ProofOfWork& m_proofOfWork;
    ActivityCounters* m_activity;
    RandomWords m_random;
};

} // namespace bilheteria
