// The waiting room's pure rules: the pacing step, a customer's status and what a store accepts
// of a step. The stores' side (locks, positions, concurrency) is in
// tests/server/store/test_waitingroomstore.cpp.
#include <gtest/gtest.h>

#include "server/core/queue.h"

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
