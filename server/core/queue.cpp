#include "server/core/queue.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>

#include "shared/crypto/crypto.h"

namespace bilheteria {

namespace {

// Bounds the accrued time, so that the credit's arithmetic cannot overflow whatever the state
// says (a queue left alone for ten years admits everyone waiting either way).
constexpr std::int64_t kMaxElapsedSeconds = 10LL * 366 * 24 * 3600;

std::string queuePath(Id eventId) {
    return "/api/v1/events/" + std::to_string(eventId) + "/queue";
}

Error noWaitingRoom() {
    return Error::notFound("this event has no waiting room");
}

} // namespace

QueueAdvance paceQueue(const QueueState& state, TimePoint now) {
    QueueAdvance unchanged{state.admitted, state.carrySixtieths, state.updatedAt};
    if (now <= state.updatedAt || now >= state.saleEndsAt || state.admitPerMinute <= 0)
        return unchanged;
    const std::int64_t waiting = state.joined - state.admitted;
    if (waiting <= 0) return {state.admitted, 0, now};
    // People who queued before the sale opened are let in from its opening on.
    const TimePoint from = std::max(state.updatedAt, state.saleStartsAt);
    if (now <= from) return unchanged;
    const std::int64_t elapsed = std::min<std::int64_t>((now - from).count(), kMaxElapsedSeconds);
    const std::int64_t credit = state.carrySixtieths + elapsed * state.admitPerMinute;
    const std::int64_t admit = std::min(waiting, credit / 60);
    QueueAdvance next;
    next.admitted = state.admitted + admit;
    next.carrySixtieths = next.admitted == state.joined ? 0 : credit - admit * 60;
    next.updatedAt = now;
    return next;
}

RandomWords cryptoRandomWords() {
    // OpenSSL's CSPRNG a block at a time: a draw of 100,000 places takes as many words, and a
    // call each cost more than the shuffle itself (it runs under the queue's lock). Copies of
    // the function share the block, so no two of them ever hand out the same words.
    struct Block {
        std::mutex mutex;
        std::string bytes;
        std::size_t used = 0;
    };
    return [block = std::make_shared<Block>()] {
        std::lock_guard lock(block->mutex);
        if (block->used + sizeof(std::uint64_t) > block->bytes.size()) {
            block->bytes = crypto::randomBytes(4096);
            block->used = 0;
        }
        std::uint64_t word = 0;
        std::memcpy(&word, block->bytes.data() + block->used, sizeof word);
        block->used += sizeof word;
        return word;
    };
}

namespace {

// Uniform in [0, bound): words below 2^64 mod bound are drawn again, so every value has the
// same number of words mapping to it.
std::uint64_t uniformBelow(std::uint64_t bound, const RandomWords& random) {
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
        const std::uint64_t word = random();
        if (word >= threshold) return word % bound;
    }
}

} // namespace

std::vector<std::int64_t> drawPlaces(std::int64_t count, const RandomWords& random) {
    std::vector<std::int64_t> places(static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
    std::iota(places.begin(), places.end(), std::int64_t{1});
    for (std::size_t i = places.size(); i > 1; --i)
        std::swap(places[i - 1], places[uniformBelow(i, random)]);
    return places;
}

QueueAdvance stepQueue(const QueueState& state, TimePoint now, const RandomWords& random) {
    QueueAdvance next = paceQueue(state, now);
    if (state.provisional > 0 && now >= state.saleStartsAt)
        next.draw = drawPlaces(state.provisional, random);
    return next;
}

Result<void> checkQueueAdvance(const QueueState& state, const QueueAdvance& next) {
    if (next.admitted < state.admitted || next.admitted > state.joined || next.carrySixtieths < 0 ||
        next.carrySixtieths > 59 || next.updatedAt < state.updatedAt)
        return fail(Error::internal("the waiting room's pacing made an impossible step"));
    if (next.draw.empty()) {
        if (state.provisional > 0 && next.admitted > state.admitted)
            return fail(Error::internal("the waiting room would admit before its draw"));
        return {};
    }
    std::vector<std::int64_t> sorted = next.draw;
    std::ranges::sort(sorted);
    const bool permutation = static_cast<std::int64_t>(sorted.size()) == state.provisional &&
                             sorted.front() == 1 &&
                             std::ranges::adjacent_find(sorted, [](std::int64_t a, std::int64_t b) {
                                 return b != a + 1;
                             }) == sorted.end();
    if (!permutation)
        return fail(Error::internal("the waiting room's draw is not an order of its early places"));
    return {};
}

QueueStatus queueStatus(const QueueState& queue, const QueueEntry& entry, TimePoint now) {
    QueueStatus status;
    status.position = entry.position;
    if (entry.admittedAt) {
        const TimePoint until = *entry.admittedAt + std::chrono::seconds{queue.holdSeconds};
        status.admittedUntil = until;
        status.admitted = now < until;
        status.lapsed = !status.admitted;
        return status;
    }
    status.ahead = std::max<std::int64_t>(0, entry.position - 1 - queue.admitted);
    const std::int64_t rate = std::max(1, queue.admitPerMinute);
    // ceil(ahead / rate * 60), with `sixtieths` of an admission ahead.
    const auto pacedWait = [rate](std::int64_t sixtieths) { return (sixtieths + rate - 1) / rate; };
    const std::int64_t untilOpening =
        now < queue.saleStartsAt ? (queue.saleStartsAt - now).count() : 0;
    if (entry.position <= queue.provisional) {
        const std::int64_t others = queue.provisional - 1;
        status.draw = QueueDraw{queue.saleStartsAt, queue.provisional, untilOpening,
                                untilOpening + pacedWait(others * 60)};
        status.estimatedWaitSeconds = untilOpening + pacedWait(others * 30);
        return status;
    }
    status.estimatedWaitSeconds = untilOpening + pacedWait(status.ahead * 60);
    return status;
}

Result<void> requireAdmission(const QueuePlace& place, TimePoint now) {
    nlohmann::json details{{"queue", queuePath(place.queue.eventId)}};
    if (!place.entry)
        return fail(Error{ErrorCode::QueueRequired, "join the waiting room for this event first",
                          std::move(details)});
    const QueueStatus status = queueStatus(place.queue, *place.entry, now);
    if (status.admitted) return {};
    details["position"] = status.position;
    details["ahead"] = status.ahead;
    details["lapsed"] = status.lapsed;
    if (status.draw) details["draw_at"] = formatRfc3339(status.draw->at);
    if (status.lapsed)
        return fail(Error{ErrorCode::QueueRequired,
                          "your turn in the waiting room has ended; an admission is given once",
                          std::move(details)});
    return fail(Error{ErrorCode::QueueRequired, "wait for your turn in the waiting room",
                      std::move(details)});
}

std::string queuePowPurpose(Id eventId) {
    return "queue:" + std::to_string(eventId);
}

std::string queueChallengePath(Id eventId) {
    return "/api/v1/challenges?purpose=queue&event_id=" + std::to_string(eventId);
}

WaitingRoomService::WaitingRoomService(WaitingRoomStore& store, const Clock& clock,
                                       ProofOfWork& proofOfWork, ActivityCounters* activity,
                                       RandomWords random)
    : m_store(store)
    , m_clock(clock)
    , m_proofOfWork(proofOfWork)
    , m_activity(activity)
    , m_random(std::move(random)) {}

Result<QueuePlace> WaitingRoomService::queueOf(const User& actor, Id eventId) {
    BILHETERIA_TRY(place, m_store.findQueuePlace(eventId, actor.id));
    if (!place.queue.enabled) return fail(noWaitingRoom());
    return place;
}

Result<QueueStatus> WaitingRoomService::join(const User& actor, Id eventId,
                                             const std::string& powChallenge,
                                             const std::string& powSolution) {
    BILHETERIA_TRY(place, queueOf(actor, eventId));
    const TimePoint now = m_clock.now();
    if (!place.entry) {
        if (place.queue.cancelled)
            return fail(Error{ErrorCode::SaleClosed, "this event was cancelled: nothing is sold"});
        if (now >= place.queue.saleEndsAt)
            return fail(Error{ErrorCode::NotOnSale,
                              "the sale of this event has ended",
                              {{"sale_starts_at", formatRfc3339(place.queue.saleStartsAt)},
                               {"sale_ends_at", formatRfc3339(place.queue.saleEndsAt)}}});
        // Only a new place costs work: asking again for one's own place is free.
        if (place.queue.powBits > 0)
            BILHETERIA_CHECK(m_proofOfWork.verify(queuePowPurpose(eventId), place.queue.powBits,
                                                  powChallenge, powSolution,
                                                  queueChallengePath(eventId)));
        BILHETERIA_TRY(joined, m_store.joinQueue(eventId, actor.id, now));
        if (!joined.entry) return fail(Error::internal("the waiting room lost a place"));
        if (m_activity) m_activity->queueJoined(eventId);
        place = std::move(joined);
    }
    return queueStatus(place.queue, *place.entry, now);
}

Result<QueueStatus> WaitingRoomService::status(const User& actor, Id eventId) {
    BILHETERIA_TRY(place, queueOf(actor, eventId));
    if (!place.entry) return fail(Error::notFound("you have not joined this event's waiting room"));
    return queueStatus(place.queue, *place.entry, m_clock.now());
}

Result<PowChallenge> WaitingRoomService::challenge(Id eventId) {
    // Any customer id: only the queue's settings are read.
    BILHETERIA_TRY(place, m_store.findQueuePlace(eventId, 0));
    if (!place.queue.enabled) return fail(noWaitingRoom());
    return m_proofOfWork.issue(queuePowPurpose(eventId), place.queue.powBits);
}

Result<std::int64_t> WaitingRoomService::advance() {
    // Each event's step, as the pacer decided it: a step the store runs again (a retried
    // transaction) counts once, as its last decision; a round that fails counts nothing.
    std::map<Id, std::int64_t> admittedPerEvent;
    BILHETERIA_TRY(
        admitted, m_store.advanceQueues(m_clock.now(), [&](const QueueState& state, TimePoint now) {
            QueueAdvance next = stepQueue(state, now, m_random);
            admittedPerEvent[state.eventId] = next.admitted - state.admitted;
            return next;
        }));
    if (!m_activity) return admitted;
    for (const auto& [eventId, count] : admittedPerEvent)
        if (count > 0) m_activity->queueAdmitted(eventId, count);
    return admitted;
}

Result<std::vector<QueueLength>> WaitingRoomService::lengths() {
    return m_store.queueLengths(m_clock.now());
}

} // namespace bilheteria
