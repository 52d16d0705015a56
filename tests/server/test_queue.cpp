// The waiting room's pure rules: the pacing step, the opening's draw, a customer's status and
// what a store accepts of a step. The stores' side (locks, positions, concurrency) is in
// tests/server/store/test_waitingroomstore.cpp.
#include <algorithm>
#include <array>
#include <deque>
#include <memory>
#include <numeric>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "server/core/queue.h"
#include "shared/timeformat.h"

namespace bilheteria {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow{std::chrono::seconds{1'800'000'000}};

QueueState waitingQueue(int perMinute, std::int64_t joined, std::int64_t admitted = 0) {
    QueueState state;
    state.eventId = 7;
    state.enabled = true;
    state.admitPerMinute = perMinute;
    state.holdSeconds = 300;
    state.saleStartsAt = kNow - 3600s;
    state.saleEndsAt = kNow + 3600s;
    state.joined = joined;
    state.admitted = admitted;
    state.updatedAt = kNow;
    return state;
}

QueueState after(QueueState state, const QueueAdvance& step) {
    state.admitted = step.admitted;
    state.carrySixtieths = step.carrySixtieths;
    state.updatedAt = step.updatedAt;
    return state;
}

TEST(QueuePacing, AdmitsWholeAdmissionsAndCarriesTheFraction) {
    const QueueState state = waitingQueue(30, 100);
    const QueueAdvance one = paceQueue(state, kNow + 1s);
    EXPECT_EQ(one.admitted, 0);
    EXPECT_EQ(one.carrySixtieths, 30);
    EXPECT_EQ(one.updatedAt, kNow + 1s);
    const QueueAdvance two = paceQueue(after(state, one), kNow + 2s);
    EXPECT_EQ(two.admitted, 1);
    EXPECT_EQ(two.carrySixtieths, 0);
    const QueueAdvance five = paceQueue(state, kNow + 5s);
    EXPECT_EQ(five.admitted, 2);
    EXPECT_EQ(five.carrySixtieths, 30);
}

TEST(QueuePacing, SmallStepsAddUpToOneBigStep) {
    for (int perMinute : {1, 7, 59, 60, 61, 600, 1'000'000}) {
        QueueState stepped = waitingQueue(perMinute, 10'000'000);
        for (int second = 1; second <= 300; ++second)
            stepped = after(stepped, paceQueue(stepped, kNow + std::chrono::seconds{second}));
        const QueueAdvance once = paceQueue(waitingQueue(perMinute, 10'000'000), kNow + 300s);
        EXPECT_EQ(stepped.admitted, once.admitted) << perMinute << " a minute";
        EXPECT_EQ(stepped.carrySixtieths, once.carrySixtieths) << perMinute << " a minute";
        EXPECT_EQ(once.admitted, std::int64_t{perMinute} * 300 / 60) << perMinute << " a minute";
    }
}

TEST(QueuePacing, NeverAdmitsMoreThanHaveJoinedAndDropsTheCarryWhenDrained) {
    const QueueAdvance step = paceQueue(waitingQueue(600, 5, 2), kNow + 10s);
    EXPECT_EQ(step.admitted, 5);
    EXPECT_EQ(step.carrySixtieths, 0);
    EXPECT_EQ(step.updatedAt, kNow + 10s);
}

TEST(QueuePacing, AnEmptyQueueOnlyMovesItsClock) {
    QueueState state = waitingQueue(600, 4, 4);
    state.carrySixtieths = 30;
    const QueueAdvance step = paceQueue(state, kNow + 100s);
    EXPECT_EQ(step.admitted, 4);
    EXPECT_EQ(step.carrySixtieths, 0);
    EXPECT_EQ(step.updatedAt, kNow + 100s);
}

TEST(QueuePacing, AClockAtOrBeforeTheLastStepChangesNothing) {
    QueueState state = waitingQueue(600, 100, 10);
    state.carrySixtieths = 17;
    for (TimePoint at : {kNow, kNow - 1s, kNow - 3600s}) {
        const QueueAdvance step = paceQueue(state, at);
        EXPECT_EQ(step.admitted, 10);
        EXPECT_EQ(step.carrySixtieths, 17);
        EXPECT_EQ(step.updatedAt, kNow);
    }
}

TEST(QueuePacing, PacesOnlyWithinTheSaleWindow) {
    QueueState state = waitingQueue(60, 100);
    state.saleStartsAt = kNow + 10s;
    state.saleEndsAt = kNow + 20s;
    EXPECT_EQ(paceQueue(state, kNow + 5s).admitted, 0);
    EXPECT_EQ(paceQueue(state, kNow + 10s).admitted, 0);
    EXPECT_EQ(paceQueue(state, kNow + 13s).admitted, 3); // from the opening, not from kNow
    EXPECT_EQ(paceQueue(state, kNow + 20s).admitted, 0);
    EXPECT_EQ(paceQueue(state, kNow + 20s).updatedAt, kNow);
}

TEST(QueuePacing, AHugeGapDoesNotOverflow) {
    QueueState state = waitingQueue(1'000'000, 1'000'000'000'000);
    state.updatedAt = TimePoint{};
    state.saleStartsAt = TimePoint{};
    const QueueAdvance step = paceQueue(state, kNow);
    EXPECT_GT(step.admitted, 0);
    EXPECT_LE(step.admitted, state.joined);
    EXPECT_TRUE(checkQueueAdvance(state, step));
}

TEST(QueueStep, StoresRefuseImpossibleSteps) {
    const QueueState state = waitingQueue(60, 10, 4);
    EXPECT_TRUE(checkQueueAdvance(state, {4, 0, kNow}));
    EXPECT_TRUE(checkQueueAdvance(state, {10, 59, kNow + 1s}));
    EXPECT_FALSE(checkQueueAdvance(state, {3, 0, kNow + 1s}));  // admits fewer
    EXPECT_FALSE(checkQueueAdvance(state, {11, 0, kNow + 1s})); // more than joined
    EXPECT_FALSE(checkQueueAdvance(state, {5, 60, kNow + 1s})); // a whole admission carried
    EXPECT_FALSE(checkQueueAdvance(state, {5, -1, kNow + 1s}));
    EXPECT_FALSE(checkQueueAdvance(state, {5, 0, kNow - 1s})); // the clock moved back
}

// --- the opening's draw -----------------------------------------------------------------------

// A replayable source: the same seed gives the same draws.
RandomWords seeded(std::uint64_t seed) {
    return [generator = std::make_shared<std::mt19937_64>(seed)] { return (*generator)(); };
}

// Exactly these words, in this order.
RandomWords words(std::deque<std::uint64_t> list) {
    return [list = std::make_shared<std::deque<std::uint64_t>>(std::move(list))] {
        const std::uint64_t word = list->front();
        list->pop_front();
        return word;
    };
}

bool isPermutationOfOneTo(std::vector<std::int64_t> draw, std::int64_t count) {
    std::vector<std::int64_t> expected(static_cast<std::size_t>(count));
    std::iota(expected.begin(), expected.end(), std::int64_t{1});
    std::ranges::sort(draw);
    return draw == expected;
}

TEST(QueueDraw, IsAPermutationOfThePlaces) {
    const RandomWords random = seeded(1);
    EXPECT_TRUE(drawPlaces(0, random).empty());
    EXPECT_EQ(drawPlaces(1, random), std::vector<std::int64_t>{1});
    for (const std::int64_t count : {2, 3, 20, 1000, 100'000})
        EXPECT_TRUE(isPermutationOfOneTo(drawPlaces(count, random), count)) << count;
    // The real generator too (OpenSSL's).
    EXPECT_TRUE(isPermutationOfOneTo(drawPlaces(500, cryptoRandomWords()), 500));
}

// The CSPRNG's words come a block at a time: across many blocks, and from copies of the
// function used in turn, no word comes twice (a repeat among 3,000 random 64-bit words has a
// chance of about 2^-44).
TEST(QueueDraw, CryptoWordsNeverRepeatAcrossBlocksOrCopies) {
    const RandomWords random = cryptoRandomWords();
    const RandomWords copy = random; // shares the block
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 1500; ++i) {
        EXPECT_TRUE(seen.insert(random()).second);
        EXPECT_TRUE(seen.insert(copy()).second);
    }
}

TEST(QueueDraw, TheSameSeedDrawsTheSameOrder) {
    const auto first = drawPlaces(20, seeded(42));
    EXPECT_EQ(drawPlaces(20, seeded(42)), first);
    EXPECT_NE(drawPlaces(20, seeded(43)), first);
    std::vector<std::int64_t> joinOrder(20);
    std::iota(joinOrder.begin(), joinOrder.end(), std::int64_t{1});
    EXPECT_NE(first, joinOrder);
}

TEST(QueueDraw, AWordThatWouldBiasTheDrawIsDrawnAgain) {
    // For 3 places the first index is drawn below 3: 2^64 mod 3 = 1, so word 0 (one word more
    // maps to 0 than to 1 or 2) is refused and 4 gives index 1; then 1 mod 2 keeps place 2.
    EXPECT_EQ(drawPlaces(3, words({0, 4, 1})), (std::vector<std::int64_t>{1, 3, 2}));
}

TEST(QueueDraw, EveryJoinerLandsAnywhereAboutEquallyOften) {
    // 6 joiners, 60,000 seeded draws: how often joiner i gets place p, against 10,000 each. A
    // chi-square over the 6 x 6 table (25 degrees of freedom) stays under 52.6, its 0.1 % point;
    // and whoever joined first is first about a sixth of the time. Deterministic: the seed is
    // fixed.
    constexpr int kJoiners = 6;
    constexpr int kDraws = 60'000;
    const RandomWords random = seeded(20261207);
    std::array<std::array<int, kJoiners>, kJoiners> landed{};
    for (int n = 0; n < kDraws; ++n) {
        const auto draw = drawPlaces(kJoiners, random);
        for (int joiner = 0; joiner < kJoiners; ++joiner)
            ++landed[joiner][static_cast<std::size_t>(draw[joiner] - 1)];
    }
    const double expected = double(kDraws) / kJoiners;
    double chiSquare = 0;
    for (const auto& row : landed)
        for (const int count : row)
            chiSquare += (count - expected) * (count - expected) / expected;
    EXPECT_LT(chiSquare, 52.6);
    for (int joiner = 0; joiner < kJoiners; ++joiner)
        EXPECT_NEAR(landed[joiner][0], expected, expected * 0.05) << "joiner " << joiner;
}

QueueState earlyQueue(std::int64_t provisional) {
    QueueState state = waitingQueue(60, provisional);
    state.provisional = provisional;
    state.saleStartsAt = kNow + 10s;
    return state;
}

TEST(QueueDraw, IsMadeAtTheOpeningOnlyAndBeforeAnyAdmission) {
    const QueueState state = earlyQueue(5);
    EXPECT_TRUE(stepQueue(state, kNow + 9s, seeded(1)).draw.empty());
    const QueueAdvance opening = stepQueue(state, kNow + 10s, seeded(1));
    EXPECT_TRUE(isPermutationOfOneTo(opening.draw, 5));
    EXPECT_TRUE(checkQueueAdvance(state, opening));
    const QueueAdvance later = stepQueue(state, kNow + 12s, seeded(1));
    EXPECT_EQ(later.admitted, 2);
    EXPECT_EQ(later.draw, opening.draw);
    EXPECT_TRUE(checkQueueAdvance(state, later));
    // A queue without early joiners has no draw.
    EXPECT_TRUE(stepQueue(waitingQueue(60, 5), kNow + 12s, seeded(1)).draw.empty());
}

TEST(QueueDraw, StoresRefuseADrawThatIsNoOrderOrAnAdmissionBeforeIt) {
    const QueueState state = earlyQueue(3);
    QueueAdvance step{1, 0, kNow + 1s, {}};
    EXPECT_FALSE(checkQueueAdvance(state, step)); // admits before the draw
    step.draw = {3, 1, 2};
    EXPECT_TRUE(checkQueueAdvance(state, step));
    step.draw = {3, 1, 1};
    EXPECT_FALSE(checkQueueAdvance(state, step));
    step.draw = {1, 2};
    EXPECT_FALSE(checkQueueAdvance(state, step));
    step.draw = {2, 3, 4};
    EXPECT_FALSE(checkQueueAdvance(state, step));
    EXPECT_FALSE(checkQueueAdvance(waitingQueue(60, 3), {0, 0, kNow, {1, 2, 3}})); // none due
}

TEST(QueueStatusRules, AProvisionalPlaceNamesTheDrawAndTheWaitsRange) {
    QueueState state = earlyQueue(21);
    state.saleStartsAt = kNow + 300s;
    state.joined = 21;
    const QueueStatus status = queueStatus(state, {4, kNow, std::nullopt}, kNow);
    EXPECT_EQ(status.position, 4); // the join order's, until the draw
    ASSERT_TRUE(status.draw);
    EXPECT_EQ(status.draw->at, kNow + 300s);
    EXPECT_EQ(status.draw->entrants, 21);
    EXPECT_EQ(status.draw->waitMinSeconds, 300);      // drawn first
    EXPECT_EQ(status.draw->waitMaxSeconds, 300 + 20); // drawn last: 20 ahead at 60 a minute
    EXPECT_EQ(status.estimatedWaitSeconds, 300 + 10); // the middle
    // A place after the provisional ones (joined after the opening) waits as ever.
    state.joined = 22;
    const QueueStatus later = queueStatus(state, {22, kNow + 300s, std::nullopt}, kNow + 300s);
    EXPECT_FALSE(later.draw);
    EXPECT_EQ(later.estimatedWaitSeconds, 21);
    // After the draw (provisional 0) nobody's place is provisional.
    state.provisional = 0;
    EXPECT_FALSE(queueStatus(state, {4, kNow, std::nullopt}, kNow).draw);
}

TEST(QueueAdmission, AProvisionalPlaceNamesTheDraw) {
    QueuePlace place{earlyQueue(3), QueueEntry{2, kNow, std::nullopt}};
    auto waiting = requireAdmission(place, kNow);
    ASSERT_FALSE(waiting);
    EXPECT_EQ(waiting.error().details["draw_at"], formatRfc3339(kNow + 10s));
}

TEST(QueueStatusRules, WaitingCustomersSeeWhoIsAheadAndTheWait) {
    const QueueState state = waitingQueue(120, 50, 10);
    const QueueStatus status = queueStatus(state, {25, kNow, std::nullopt}, kNow);
    EXPECT_EQ(status.position, 25);
    EXPECT_EQ(status.ahead, 14);
    EXPECT_FALSE(status.admitted);
    EXPECT_FALSE(status.lapsed);
    EXPECT_EQ(status.admittedUntil, std::nullopt);
    EXPECT_EQ(status.estimatedWaitSeconds, 7); // ceil(14 / 120 * 60)
    EXPECT_EQ(
        queueStatus(waitingQueue(7, 50, 10), {25, kNow, std::nullopt}, kNow).estimatedWaitSeconds,
        120); // ceil(14 / 7 * 60)
    EXPECT_EQ(queueStatus(state, {11, kNow, std::nullopt}, kNow).ahead, 0);
}

TEST(QueueStatusRules, AnAdmissionLastsTheHoldTimeAndThenLapses) {
    const QueueState state = waitingQueue(60, 50, 10);
    const QueueEntry entry{3, kNow - 100s, kNow - 10s};
    const QueueStatus admitted = queueStatus(state, entry, kNow);
    EXPECT_TRUE(admitted.admitted);
    EXPECT_EQ(admitted.ahead, 0);
    EXPECT_EQ(admitted.admittedUntil, kNow + 290s);
    EXPECT_EQ(admitted.estimatedWaitSeconds, std::nullopt);
    EXPECT_TRUE(queueStatus(state, entry, kNow + 289s).admitted);
    const QueueStatus lapsed = queueStatus(state, entry, kNow + 290s);
    EXPECT_FALSE(lapsed.admitted);
    EXPECT_TRUE(lapsed.lapsed);
    EXPECT_EQ(lapsed.admittedUntil, kNow + 290s);
}

TEST(QueueAdmission, OnlyACurrentAdmissionPasses) {
    QueuePlace place{waitingQueue(60, 5, 1), std::nullopt};
    auto outside = requireAdmission(place, kNow);
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().code, ErrorCode::QueueRequired);
    EXPECT_EQ(outside.error().details, nlohmann::json({{"queue", "/api/v1/events/7/queue"}}));

    place.entry = QueueEntry{4, kNow, std::nullopt};
    auto waiting = requireAdmission(place, kNow);
    ASSERT_FALSE(waiting);
    EXPECT_EQ(waiting.error().details["position"], 4);
    EXPECT_EQ(waiting.error().details["ahead"], 2);
    EXPECT_EQ(waiting.error().details["lapsed"], false);

    place.entry = QueueEntry{1, kNow, kNow};
    EXPECT_TRUE(requireAdmission(place, kNow + 299s));
    auto lapsed = requireAdmission(place, kNow + 300s);
    ASSERT_FALSE(lapsed);
    EXPECT_EQ(lapsed.error().details["lapsed"], true);
}

TEST(QueuePurpose, NamesTheEvent) {
    EXPECT_EQ(queuePowPurpose(7), "queue:7");
    EXPECT_NE(queuePowPurpose(7), queuePowPurpose(71));
    EXPECT_EQ(queueChallengePath(7), "/api/v1/challenges?purpose=queue&event_id=7");
}

} // namespace
} // namespace bilheteria
