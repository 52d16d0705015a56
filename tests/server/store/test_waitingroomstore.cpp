// WaitingRoomStore over both backends: positions handed out in join order without gaps, pacing
// at the event's rate with fractions carried, nothing banked while a queue is empty, and
// several threads and several store objects (standing in for several server instances on one
// database) pacing the same queues at once without admitting anyone twice or skipping anyone;
// places taken before the sale opens drawn once, at the opening, in the order the core drew.
// Also the WaitingRoomService on top: proof of work, statuses and the sale window.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "server/core/changefeed.h"
#include "server/core/queue.h"
#include "server/store/queueaudit.h"
#include "server/store/storagefactory.h"
#include "tests/support/builders.h"
#include "tests/support/fakeclock.h"
#include "tests/support/rawdatabase.h"
#include "tests/support/storetesting.h"
#include "tests/support/testdatabase.h"
#include "tests/support/testkeys.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

// The error's code name, or "ok".
template <typename T> std::string codeOf(const Result<T>& result) {
    return result ? "ok" : std::string(errorCodeName(result.error().code));
}

// A replayable source for the opening's draws.
RandomWords seeded(std::uint64_t seed) {
    return [generator = std::make_shared<std::mt19937_64>(seed)] { return (*generator)(); };
}

// What WaitingRoomService::advance gives the store, with a seeded draw.
QueuePacer stepping(std::uint64_t seed = 1) {
    return [random = seeded(seed)](const QueueState& state, TimePoint now) {
        return stepQueue(state, now, random);
    };
}

// stepping(seed), keeping each queue's draw in `drawn` (by event) as the store is given it.
QueuePacer recordingDraws(std::uint64_t seed, std::map<Id, std::vector<std::int64_t>>& drawn) {
    return [&drawn, step = stepping(seed)](const QueueState& state, TimePoint now) {
        QueueAdvance next = step(state, now);
        if (!next.draw.empty()) drawn[state.eventId] = next.draw;
        return next;
    };
}

// Paces only `eventId`'s queue and leaves the others as they are, to step queues one by one.
QueuePacer only(Id eventId) {
    return [eventId, step = stepping()](const QueueState& state, TimePoint now) {
        if (state.eventId == eventId) return step(state, now);
        return QueueAdvance{state.admitted, state.carrySixtieths, state.updatedAt, {}};
    };
}

struct QueueOptions {
    int admitPerMinute = 60;
    int powBits = 0;
    int holdSeconds = 600;
    bool enabled = true;
    TimePoint saleStarts = kNow;
    TimePoint saleEnds = kNow + 24h * 30;
};

class WaitingRoomStoreTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        m_database = std::make_unique<TestDatabase>(GetParam());
        m_storage = open();
        ASSERT_TRUE(m_storage);
        auto organizer = storage().accounts().createUser(
            NewUser{"organizer@example.com", "Olga", Role::Organizer, kPasswordHash});
        ASSERT_TRUE(organizer) << why(organizer);
        m_organizer = organizer->id;
    }

    // Every scenario leaves the queues consistent (check's queries); the store goes first.
    void TearDown() override {
        if (m_storage) {
            auto report = storage().audit().checkInvariants(m_clock.now());
            ASSERT_TRUE(report) << why(report);
            for (const auto& problem : report->problems)
                ADD_FAILURE() << problem;
        }
        m_storage.reset();
        m_database.reset();
    }

    std::unique_ptr<Storage> open(int poolSize = 16) {
        StorageOptions options;
        options.url = m_database->url();
        options.poolSize = poolSize;
        options.cipher = testCipher();
        auto opened = openStorage(options);
        EXPECT_TRUE(opened) << why(opened);
        return opened ? std::move(*opened) : nullptr;
    }

    Storage& storage() { return *m_storage; }

    std::vector<Id> customers(int count) {
        std::vector<Id> ids;
        for (int i = 0; i < count; ++i) {
            auto user = storage().accounts().createUser(NewUser{
                "c" + std::to_string(m_users++) + "@example.com", "C", Role::Buyer, kPasswordHash});
            EXPECT_TRUE(user) << why(user);
            ids.push_back(user ? user->id : 0);
        }
        return ids;
    }

    Id queuedEvent(QueueOptions options = {}) {
        NewEvent event;
        event.name = "Event " + std::to_string(++m_events);
        event.venue = "Arena";
        event.startsAt = kNow + 24h * 60;
        event.saleStartsAt = options.saleStarts;
        event.saleEndsAt = options.saleEnds;
        event.holdSeconds = options.holdSeconds;
        event.queueEnabled = options.enabled;
        event.admitPerMinute = options.admitPerMinute;
        event.queuePowBits = options.powBits;
        event.sections = {general("Pista", 10'000, 10)};
        event.createdBy = m_organizer;
        event.createdAt = kNow;
        auto created = storage().events().createEvent(event);
        EXPECT_TRUE(created) << why(created);
        return created ? created->summary.id : 0;
    }

    std::int64_t join(Id eventId, Id customerId, TimePoint at) {
        auto place = storage().waitingRoom().joinQueue(eventId, customerId, at);
        EXPECT_TRUE(place && place->entry) << why(place);
        return place && place->entry ? place->entry->position : 0;
    }

    QueuePlace place(Id eventId, Id customerId = 0) {
        auto found = storage().waitingRoom().findQueuePlace(eventId, customerId);
        EXPECT_TRUE(found) << why(found);
        return found.value_or(QueuePlace{});
    }

    std::int64_t advance(TimePoint at, Storage* store = nullptr) {
        auto admitted = (store ? *store : storage()).waitingRoom().advanceQueues(at, stepping());
        EXPECT_TRUE(admitted) << why(admitted);
        return admitted.value_or(-1);
    }

    // The customers (given in join order) whose entry says admitted.
    std::int64_t admittedAmong(Id eventId, const std::vector<Id>& inJoinOrder) {
        std::int64_t admitted = 0;
        bool gap = false;
        for (Id customer : inJoinOrder) {
            const auto entry = place(eventId, customer).entry;
            EXPECT_TRUE(entry);
            if (entry && entry->admittedAt) {
                EXPECT_FALSE(gap) << "position " << entry->position
                                  << " was admitted after someone before it was not";
                ++admitted;
            } else {
                gap = true;
            }
        }
        return admitted;
    }

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<Storage> m_storage;
    FakeClock m_clock{kNow};
    Id m_organizer = 0;
    int m_users = 0;
    int m_events = 0;
};

// --- joining ----------------------------------------------------------------------------------

TEST_P(WaitingRoomStoreTest, PositionsFollowJoinOrder) {
    const Id eventId = queuedEvent();
    const auto people = customers(5);
    EXPECT_EQ(place(eventId, people[0]).entry, std::nullopt);
    for (std::size_t i = 0; i < people.size(); ++i)
        EXPECT_EQ(join(eventId, people[i], kNow + std::chrono::seconds{i}),
                  static_cast<std::int64_t>(i + 1));
    const QueuePlace third = place(eventId, people[2]);
    ASSERT_TRUE(third.entry);
    EXPECT_EQ(third.entry->position, 3);
    EXPECT_EQ(third.entry->joinedAt, kNow + 2s);
    EXPECT_EQ(third.entry->admittedAt, std::nullopt);
    EXPECT_EQ(third.queue.joined, 5);
    EXPECT_EQ(third.queue.admitted, 0);
    EXPECT_TRUE(third.queue.enabled);
    EXPECT_EQ(third.queue.admitPerMinute, 60);
    EXPECT_EQ(third.queue.holdSeconds, 600);
    EXPECT_EQ(third.queue.saleStartsAt, kNow);
    // The first join started the pacing clock.
    EXPECT_EQ(third.queue.updatedAt, kNow);
}

TEST_P(WaitingRoomStoreTest, RejoiningKeepsThePlace) {
    const Id eventId = queuedEvent();
    const auto people = customers(3);
    join(eventId, people[0], kNow);
    join(eventId, people[1], kNow);
    auto again = storage().waitingRoom().joinQueue(eventId, people[0], kNow + 30s);
    ASSERT_TRUE(again && again->entry) << why(again);
    EXPECT_EQ(again->entry->position, 1);
    EXPECT_EQ(again->entry->joinedAt, kNow); // the first join's time
    EXPECT_EQ(again->queue.joined, 2);
    EXPECT_EQ(join(eventId, people[2], kNow + 31s), 3);
}

TEST_P(WaitingRoomStoreTest, QueuesOfTwoEventsAreSeparate) {
    const Id first = queuedEvent();
    const Id second = queuedEvent();
    const auto people = customers(2);
    EXPECT_EQ(join(first, people[0], kNow), 1);
    EXPECT_EQ(join(second, people[1], kNow), 1);
    EXPECT_EQ(join(second, people[0], kNow), 2);
    EXPECT_EQ(place(first).queue.joined, 1);
    EXPECT_EQ(place(second).queue.joined, 2);
}

TEST_P(WaitingRoomStoreTest, UnknownEventIsNotFound) {
    const auto people = customers(1);
    auto found = storage().waitingRoom().findQueuePlace(987654, people[0]);
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error().code, ErrorCode::NotFound);
    auto joined = storage().waitingRoom().joinQueue(987654, people[0], kNow);
    ASSERT_FALSE(joined);
    EXPECT_EQ(joined.error().code, ErrorCode::NotFound);
}

TEST_P(WaitingRoomStoreTest, ThirtyTwoConcurrentJoinsGetPositionsOneToThirtyTwo) {
    const Id eventId = queuedEvent();
    const auto people = customers(32);
    std::vector<std::int64_t> positions(people.size());
    std::latch start(static_cast<std::ptrdiff_t>(people.size()));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < people.size(); ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            auto joined = storage().waitingRoom().joinQueue(eventId, people[i], kNow);
            positions[i] = joined && joined->entry ? joined->entry->position : -1;
        });
    for (auto& thread : threads)
        thread.join();
    std::set<std::int64_t> distinct(positions.begin(), positions.end());
    EXPECT_EQ(distinct.size(), people.size());
    EXPECT_EQ(*distinct.begin(), 1);
    EXPECT_EQ(*distinct.rbegin(), 32);
    EXPECT_EQ(place(eventId).queue.joined, 32);
    // What each was told is what is stored.
    for (std::size_t i = 0; i < people.size(); ++i) {
        const auto entry = place(eventId, people[i]).entry;
        ASSERT_TRUE(entry);
        EXPECT_EQ(entry->position, positions[i]);
    }
}

TEST_P(WaitingRoomStoreTest, ConcurrentDoubleJoinsOfOneCustomerKeepOnePlace) {
    const Id eventId = queuedEvent();
    const auto people = customers(16);
    constexpr int kTries = 3; // each customer joins this many times at once
    std::mutex mutex;
    std::map<Id, std::set<std::int64_t>> told;
    std::latch start(static_cast<std::ptrdiff_t>(people.size() * kTries));
    std::vector<std::thread> threads;
    for (Id customer : people)
        for (int t = 0; t < kTries; ++t)
            threads.emplace_back([&, customer] {
                start.arrive_and_wait();
                auto joined = storage().waitingRoom().joinQueue(eventId, customer, kNow);
                EXPECT_TRUE(joined && joined->entry) << why(joined);
                std::lock_guard lock(mutex);
                told[customer].insert(joined && joined->entry ? joined->entry->position : -1);
            });
    for (auto& thread : threads)
        thread.join();
    std::set<std::int64_t> positions;
    for (const auto& [customer, answers] : told) {
        EXPECT_EQ(answers.size(), 1u) << "customer " << customer << " was told several places";
        positions.insert(*answers.begin());
    }
    EXPECT_EQ(positions.size(), people.size());
    EXPECT_EQ(*positions.begin(), 1);
    EXPECT_EQ(*positions.rbegin(), 16);
    EXPECT_EQ(place(eventId).queue.joined, 16); // no position was handed out and lost
}

// --- pacing -----------------------------------------------------------------------------------

TEST_P(WaitingRoomStoreTest, AdvanceAdmitsAtTheRateInJoinOrder) {
    QueueOptions options;
    options.admitPerMinute = 30; // one every two seconds
    const Id eventId = queuedEvent(options);
    const auto people = customers(10);
    for (Id customer : people)
        join(eventId, customer, kNow);

    EXPECT_EQ(advance(kNow), 0);
    EXPECT_EQ(advance(kNow + 1s), 0); // half an admission, carried
    EXPECT_EQ(place(eventId).queue.carrySixtieths, 30);
    EXPECT_EQ(advance(kNow + 2s), 1);
    EXPECT_EQ(admittedAmong(eventId, people), 1);
    EXPECT_EQ(place(eventId, people[0]).entry->admittedAt, kNow + 2s);
    EXPECT_EQ(advance(kNow + 7s), 2); // 2.5 due: two now, the half carried
    EXPECT_EQ(advance(kNow + 8s), 1);
    EXPECT_EQ(admittedAmong(eventId, people), 4);
    EXPECT_EQ(place(eventId, people[3]).entry->admittedAt, kNow + 8s);
    EXPECT_EQ(place(eventId, people[4]).entry->admittedAt, std::nullopt);
    EXPECT_EQ(place(eventId).queue.admitted, 4);
    EXPECT_EQ(place(eventId).queue.updatedAt, kNow + 8s);
}

TEST_P(WaitingRoomStoreTest, HowOftenAdvanceRunsDoesNotChangeWhoIsAdmitted) {
    QueueOptions options;
    options.admitPerMinute = 7; // an awkward fraction per second
    const Id everySecond = queuedEvent(options);
    const Id everySeventh = queuedEvent(options);
    const auto people = customers(20);
    for (Id customer : people) {
        join(everySecond, customer, kNow);
        join(everySeventh, customer, kNow);
    }
    for (int second = 1; second <= 120; ++second) {
        const TimePoint at = kNow + std::chrono::seconds{second};
        ASSERT_TRUE(storage().waitingRoom().advanceQueues(at, only(everySecond)));
        EXPECT_EQ(place(everySecond).queue.admitted, second * 7 / 60) << "second " << second;
        if (second % 7 != 0) continue;
        ASSERT_TRUE(storage().waitingRoom().advanceQueues(at, only(everySeventh)));
        EXPECT_EQ(place(everySeventh).queue.admitted, second * 7 / 60) << "second " << second;
    }
    ASSERT_TRUE(storage().waitingRoom().advanceQueues(kNow + 120s, only(everySeventh)));
    EXPECT_EQ(place(everySeventh).queue.admitted, 14);
    EXPECT_EQ(admittedAmong(everySecond, people), 14);
    EXPECT_EQ(admittedAmong(everySeventh, people), 14);
    // And in one step over the whole two minutes.
    const Id once = queuedEvent(options);
    for (Id customer : people)
        join(once, customer, kNow + 120s);
    ASSERT_TRUE(storage().waitingRoom().advanceQueues(kNow + 240s, only(once)));
    EXPECT_EQ(admittedAmong(once, people), 14);
}

TEST_P(WaitingRoomStoreTest, NeverAdmitsMoreThanHaveJoinedAndBanksNothingWhileEmpty) {
    QueueOptions options;
    options.admitPerMinute = 600; // ten a second
    const Id eventId = queuedEvent(options);
    const auto people = customers(8);
    for (int i = 0; i < 3; ++i)
        join(eventId, people[i], kNow);
    EXPECT_EQ(advance(kNow + 10s), 3); // a hundred were due; three had joined
    QueueState state = place(eventId).queue;
    EXPECT_EQ(state.admitted, 3);
    EXPECT_EQ(state.carrySixtieths, 0);
    EXPECT_EQ(advance(kNow + 50s), 0);

    // A minute of an empty queue is not owed to whoever comes next: the clock restarts.
    for (int i = 3; i < 8; ++i)
        join(eventId, people[i], kNow + 70s);
    EXPECT_EQ(place(eventId).queue.updatedAt, kNow + 70s);
    EXPECT_EQ(advance(kNow + 70s), 0);
    EXPECT_EQ(place(eventId).queue.admitted, 3);
    EXPECT_EQ(advance(kNow + 71s), 5);
    EXPECT_EQ(admittedAmong(eventId, people), 8);
}

TEST_P(WaitingRoomStoreTest, AJoinIntoAWaitingQueueKeepsItsClock) {
    QueueOptions options;
    options.admitPerMinute = 20; // one every three seconds
    const Id eventId = queuedEvent(options);
    const auto people = customers(3);
    join(eventId, people[0], kNow);
    join(eventId, people[1], kNow + 2s);
    EXPECT_EQ(place(eventId).queue.updatedAt, kNow);
    EXPECT_EQ(advance(kNow + 3s), 1);
    join(eventId, people[2], kNow + 4s);
    EXPECT_EQ(place(eventId).queue.updatedAt, kNow + 3s);
    EXPECT_EQ(advance(kNow + 6s), 1);
    EXPECT_EQ(advance(kNow + 9s), 1);
    EXPECT_EQ(admittedAmong(eventId, people), 3);
}

TEST_P(WaitingRoomStoreTest, NobodyIsAdmittedOutsideTheSaleWindow) {
    QueueOptions options;
    options.admitPerMinute = 600;
    options.saleStarts = kNow + 100s;
    options.saleEnds = kNow + 200s;
    const Id eventId = queuedEvent(options);
    const auto people = customers(40);
    for (int i = 0; i < 20; ++i)
        join(eventId, people[i], kNow); // queueing before the sale opens
    EXPECT_EQ(advance(kNow + 50s), 0);
    EXPECT_EQ(advance(kNow + 100s), 0);
    // Paced from the opening, not from when they joined.
    EXPECT_EQ(advance(kNow + 101s), 10);
    for (int i = 20; i < 40; ++i)
        join(eventId, people[i], kNow + 150s);
    EXPECT_EQ(advance(kNow + 200s), 0); // the sale has ended
    EXPECT_EQ(advance(kNow + 500s), 0);
    EXPECT_EQ(place(eventId).queue.admitted, 10);
}

TEST_P(WaitingRoomStoreTest, QueuesThatAreNotEnabledAreNotPaced) {
    QueueOptions options;
    options.enabled = false;
    const Id eventId = queuedEvent(options);
    const auto people = customers(2);
    // The service refuses such joins; the store paces only enabled queues all the same.
    join(eventId, people[0], kNow);
    EXPECT_EQ(advance(kNow + 600s), 0);
    EXPECT_EQ(place(eventId).queue.admitted, 0);
}

TEST_P(WaitingRoomStoreTest, QueueLengthsCountWhoWaitsInOpenQueues) {
    QueueOptions later;
    later.admitPerMinute = 600;
    later.saleStarts = kNow + 100s;
    later.saleEnds = kNow + 200s;
    const Id opensLater = queuedEvent(later);
    QueueOptions off;
    off.enabled = false;
    const Id notQueued = queuedEvent(off);
    const Id nobodyJoined = queuedEvent();
    const auto people = customers(20);
    for (int i = 0; i < 20; ++i)
        join(opensLater, people[i], kNow);
    join(notQueued, people[0], kNow);
    (void)nobodyJoined;

    // Before the opening everyone waits; only enabled queues someone joined are listed.
    auto before = storage().waitingRoom().queueLengths(kNow + 50s);
    ASSERT_TRUE(before) << why(before);
    EXPECT_EQ(*before, (std::vector<QueueLength>{{opensLater, 20, false}}));
    EXPECT_EQ(advance(kNow + 101s), 10);
    auto during = storage().waitingRoom().queueLengths(kNow + 101s);
    ASSERT_TRUE(during) << why(during);
    EXPECT_EQ(*during, (std::vector<QueueLength>{{opensLater, 10, true}}));
    // Once the sale has ended the queue is no longer shown.
    auto after = storage().waitingRoom().queueLengths(kNow + 200s);
    ASSERT_TRUE(after) << why(after);
    EXPECT_TRUE(after->empty());
}

TEST_P(WaitingRoomStoreTest, AClockBehindTheLastStepChangesNothing) {
    QueueOptions options;
    options.admitPerMinute = 600;
    const Id eventId = queuedEvent(options);
    const auto people = customers(50);
    for (Id customer : people)
        join(eventId, customer, kNow);
    EXPECT_EQ(advance(kNow + 2s), 20);
    // Another server whose clock is a second behind.
    EXPECT_EQ(advance(kNow + 1s), 0);
    EXPECT_EQ(place(eventId).queue.updatedAt, kNow + 2s);
    EXPECT_EQ(advance(kNow + 3s), 10);
}

TEST_P(WaitingRoomStoreTest, ConcurrentAdvancesFromTwoStoresAdmitEachPersonOnce) {
    QueueOptions options;
    options.admitPerMinute = 600;
    const Id first = queuedEvent(options);
    const Id second = queuedEvent(options);
    const auto people = customers(120);
    for (Id customer : people) {
        join(first, customer, kNow);
        join(second, customer, kNow);
    }
    // Two stores on one database stand for two server instances; two threads each.
    auto other = open();
    ASSERT_TRUE(other);
    std::vector<Storage*> stores{m_storage.get(), m_storage.get(), other.get(), other.get()};

    // Rounds at one shared clock; then rounds where each instance's clock differs a little.
    // Whatever the interleaving, a round admits what one step at its latest clock would.
    struct Round {
        std::vector<int> offsets; // seconds after kNow, one per thread
        std::int64_t expected;    // admitted over both events
    };
    const std::vector<Round> rounds{{{1, 1, 1, 1}, 20},   {{2, 2, 2, 2}, 20},    {{3, 3, 3, 3}, 20},
                                    {{4, 5, 4, 5}, 40},   {{6, 7, 8, 6}, 60},    {{8, 8, 9, 9}, 20},
                                    {{10, 9, 9, 10}, 20}, {{30, 30, 30, 30}, 40}};
    std::int64_t total = 0;
    for (const Round& round : rounds) {
        std::atomic<std::int64_t> admitted{0};
        std::latch start(static_cast<std::ptrdiff_t>(stores.size()));
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < stores.size(); ++i)
            threads.emplace_back([&, i] {
                start.arrive_and_wait();
                auto result = stores[i]->waitingRoom().advanceQueues(
                    kNow + std::chrono::seconds{round.offsets[i]}, &paceQueue);
                EXPECT_TRUE(result) << why(result);
                admitted += result.value_or(0);
            });
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(admitted.load(), round.expected)
            << "round ending at second "
            << *std::max_element(round.offsets.begin(), round.offsets.end());
        total += admitted.load();
    }
    EXPECT_EQ(total, 240);
    EXPECT_EQ(admittedAmong(first, people), 120);
    EXPECT_EQ(admittedAmong(second, people), 120);
}

TEST_P(WaitingRoomStoreTest, ManyThreadsPacingAtOnceNeverPassTheSingleStepFigure) {
    QueueOptions options;
    options.admitPerMinute = 90; // one and a half a second: fractions in play
    const Id eventId = queuedEvent(options);
    const auto people = customers(40);
    for (Id customer : people)
        join(eventId, customer, kNow);
    auto other = open();
    ASSERT_TRUE(other);
    for (int second = 1; second <= 20; ++second) {
        std::latch start(8);
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i)
            threads.emplace_back([&, i] {
                start.arrive_and_wait();
                Storage& store = i % 2 ? *other : storage();
                EXPECT_TRUE(store.waitingRoom().advanceQueues(kNow + std::chrono::seconds{second},
                                                              &paceQueue));
            });
        for (auto& thread : threads)
            thread.join();
        EXPECT_EQ(place(eventId).queue.admitted, std::min(40, second * 90 / 60))
            << "second " << second;
    }
    EXPECT_EQ(admittedAmong(eventId, people), 30);
}

TEST_P(WaitingRoomStoreTest, StateSurvivesReopeningTheStore) {
    QueueOptions options;
    options.admitPerMinute = 30;
    const Id eventId = queuedEvent(options);
    const auto people = customers(4);
    for (Id customer : people)
        join(eventId, customer, kNow);
    EXPECT_EQ(advance(kNow + 3s), 1); // and half of the next carried

    m_storage.reset();
    m_storage = open();
    ASSERT_TRUE(m_storage);
    const QueuePlace again = place(eventId, people[0]);
    ASSERT_TRUE(again.entry);
    EXPECT_EQ(again.entry->position, 1);
    EXPECT_EQ(again.entry->admittedAt, kNow + 3s);
    EXPECT_EQ(again.queue.admitted, 1);
    EXPECT_EQ(again.queue.carrySixtieths, 30);
    EXPECT_EQ(again.queue.updatedAt, kNow + 3s);
    EXPECT_EQ(advance(kNow + 4s), 1); // the carried half counts
    EXPECT_EQ(join(eventId, people[1], kNow + 5s), 2);
}

// --- the opening's draw -----------------------------------------------------------------------

TEST_P(WaitingRoomStoreTest, EarlyJoinersAreDrawnAtTheOpeningAndLaterOnesFollow) {
    QueueOptions options;
    options.admitPerMinute = 600;
    options.saleStarts = kNow + 100s;
    const Id eventId = queuedEvent(options);
    const auto people = customers(23);
    for (int i = 0; i < 20; ++i) // provisional places, in join order until the draw
        EXPECT_EQ(join(eventId, people[i], kNow + std::chrono::seconds{i}), i + 1);
    EXPECT_EQ(place(eventId).queue.provisional, 20);
    EXPECT_EQ(advance(kNow + 99s), 0);
    // The draw waits for the opening, also across a restart.
    m_storage.reset();
    m_storage = open();
    ASSERT_TRUE(m_storage);
    EXPECT_EQ(place(eventId).queue.provisional, 20);
    // A join at the opening, before anyone stepped the queue, is after the draw's places.
    EXPECT_EQ(join(eventId, people[20], kNow + 100s), 21);
    EXPECT_EQ(place(eventId).queue.provisional, 20);

    std::map<Id, std::vector<std::int64_t>> draws;
    auto opened = storage().waitingRoom().advanceQueues(kNow + 100s, recordingDraws(7, draws));
    ASSERT_TRUE(opened) << why(opened);
    const std::vector<std::int64_t>& drawn = draws[eventId];
    EXPECT_EQ(*opened, 0); // paced from the opening: nobody yet
    ASSERT_EQ(drawn.size(), 20U);
    EXPECT_EQ(place(eventId).queue.provisional, 0);
    // Each early joiner took the place the core drew for their join.
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(place(eventId, people[i]).entry->position, drawn[static_cast<std::size_t>(i)]);
    EXPECT_EQ(place(eventId, people[20]).entry->position, 21);
    // The draw is audited once, with the order it gave (customer ids by drawn place).
    {
        std::vector<Id> byPlace(20);
        for (int i = 0; i < 20; ++i)
            byPlace[static_cast<std::size_t>(drawn[static_cast<std::size_t>(i)] - 1)] = people[i];
        const RawDatabase raw(GetParam(), m_database->url());
        const auto audited = raw.query("SELECT subject, details FROM audit_log "
                                       "WHERE action = 'queue.drawn'");
        ASSERT_EQ(audited.size(), 1U);
        EXPECT_EQ(audited[0][0], "event:" + std::to_string(eventId));
        EXPECT_EQ(audited[0][1], queueDrawDetails(byPlace));
    }
    EXPECT_EQ(join(eventId, people[21], kNow + 100s), 22);

    // Admitted in the drawn order, then the later joiners; nothing is drawn again.
    std::vector<Id> byPlace(people.begin(), people.begin() + 22);
    std::ranges::sort(byPlace, {},
                      [&](Id customer) { return place(eventId, customer).entry->position; });
    EXPECT_EQ(advance(kNow + 101s), 10);
    EXPECT_EQ(admittedAmong(eventId, byPlace), 10);
    EXPECT_EQ(advance(kNow + 110s), 12);
    EXPECT_EQ(admittedAmong(eventId, byPlace), 22);
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(place(eventId, people[i]).entry->position, drawn[static_cast<std::size_t>(i)]);
    EXPECT_EQ(join(eventId, people[22], kNow + 111s), 23);
}

TEST_P(WaitingRoomStoreTest, AQueueWithoutEarlyJoinersHasNoDraw) {
    QueueOptions options;
    options.admitPerMinute = 600;
    options.saleStarts = kNow + 10s;
    const Id eventId = queuedEvent(options);
    const auto people = customers(5);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(join(eventId, people[i], kNow + 10s), i + 1);
    EXPECT_EQ(place(eventId).queue.provisional, 0);
    EXPECT_EQ(advance(kNow + 11s), 5);
    EXPECT_EQ(admittedAmong(eventId, people), 5);
}

TEST_P(WaitingRoomStoreTest, ServersOpeningAQueueAtOnceDrawOnce) {
    QueueOptions options;
    options.admitPerMinute = 60;
    options.saleStarts = kNow + 10s;
    const Id eventId = queuedEvent(options);
    const auto people = customers(50);
    for (Id customer : people)
        join(eventId, customer, kNow);
    auto other = open();
    ASSERT_TRUE(other);
    std::vector<Storage*> stores{m_storage.get(), m_storage.get(), other.get(), other.get()};

    // Each thread draws with its own seed; the draw the store kept is the last one decided
    // while places were still provisional (a later step finds none).
    std::mutex mutex;
    std::vector<std::int64_t> lastDraw;
    int draws = 0;
    std::latch start(static_cast<std::ptrdiff_t>(stores.size()));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < stores.size(); ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            auto result = stores[i]->waitingRoom().advanceQueues(
                kNow + 11s, [&, step = stepping(100 + i)](const QueueState& state, TimePoint now) {
                    QueueAdvance next = step(state, now);
                    if (!next.draw.empty()) {
                        std::lock_guard lock(mutex);
                        lastDraw = next.draw;
                        ++draws;
                    }
                    return next;
                });
            EXPECT_TRUE(result) << why(result);
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_GE(draws, 1);
    ASSERT_EQ(lastDraw.size(), people.size());
    for (std::size_t i = 0; i < people.size(); ++i)
        EXPECT_EQ(place(eventId, people[i]).entry->position, lastDraw[i]);
    const QueueState state = place(eventId).queue;
    EXPECT_EQ(state.provisional, 0);
    EXPECT_EQ(state.admitted, 1); // one second after the opening at 60 a minute, once
}

// Each early joiner's stream hears their drawn place: one queue change each, written with the
// draw, and none for those who joined after the opening (their places do not move).
TEST_P(WaitingRoomStoreTest, TheDrawTellsEachEarlyJoinerTheirNewPlaceOnce) {
    QueueOptions options;
    options.admitPerMinute = 600;
    options.saleStarts = kNow + 100s;
    const Id eventId = queuedEvent(options);
    const auto people = customers(302);
    for (int i = 0; i < 300; ++i)
        join(eventId, people[static_cast<std::size_t>(i)], kNow);
    join(eventId, people[300], kNow + 100s);
    join(eventId, people[301], kNow + 100s);
    const RawDatabase raw(GetParam(), m_database->url());
    const std::int64_t before = raw.count("SELECT max(id) FROM event_changes");

    std::map<Id, std::vector<std::int64_t>> draws;
    auto opened = storage().waitingRoom().advanceQueues(kNow + 100s, recordingDraws(11, draws));
    ASSERT_TRUE(opened) << why(opened);
    const std::vector<std::int64_t>& drawn = draws[eventId];
    EXPECT_EQ(*opened, 0); // at the opening itself: drawn, nobody admitted yet
    ASSERT_EQ(drawn.size(), 300U);

    std::map<Id, std::vector<QueueChange>> heard;
    for (const auto& row :
         raw.query("SELECT payload FROM event_changes WHERE event_id = " + std::to_string(eventId) +
                   " AND kind = 'queue' AND id > " + std::to_string(before))) {
        auto change = parseQueueChange(row.at(0));
        ASSERT_TRUE(change) << row.at(0);
        heard[change->customerId].push_back(*change);
    }
    EXPECT_EQ(heard.size(), 300U);
    for (std::size_t i = 0; i < 300; ++i) {
        const auto& changes = heard[people[i]];
        ASSERT_EQ(changes.size(), 1U) << "customer " << i;
        EXPECT_EQ(changes[0].position, drawn[i]);
        EXPECT_FALSE(changes[0].admitted);
        EXPECT_EQ(place(eventId, people[i]).entry->position, drawn[i]);
    }
    EXPECT_FALSE(heard.contains(people[300]));
    EXPECT_EQ(place(eventId, people[300]).entry->position, 301);
    EXPECT_EQ(place(eventId, people[301]).entry->position, 302);
}

// One advance that opens several queues draws each from its own early joiners (a draw's
// working state does not leak into the next one's).
TEST_P(WaitingRoomStoreTest, QueuesOpeningInOneStepAreDrawnEachFromItsOwnJoiners) {
    QueueOptions options;
    options.admitPerMinute = 60;
    options.saleStarts = kNow + 10s;
    const Id first = queuedEvent(options);
    const Id second = queuedEvent(options);
    const auto people = customers(60);
    for (std::size_t i = 0; i < 40; ++i)
        join(first, people[i], kNow);
    for (std::size_t i = 40; i < 60; ++i)
        join(second, people[i], kNow);

    std::map<Id, std::vector<std::int64_t>> drawn;
    for (int round = 0; round < 2; ++round) { // the second round finds nothing left to draw
        auto opened = storage().waitingRoom().advanceQueues(kNow + 11s, recordingDraws(5, drawn));
        ASSERT_TRUE(opened) << why(opened);
    }
    ASSERT_EQ(drawn[first].size(), 40U);
    ASSERT_EQ(drawn[second].size(), 20U);
    for (std::size_t i = 0; i < 40; ++i)
        EXPECT_EQ(place(first, people[i]).entry->position, drawn[first][i]);
    for (std::size_t i = 40; i < 60; ++i)
        EXPECT_EQ(place(second, people[i]).entry->position, drawn[second][i - 40]);
    EXPECT_EQ(place(first).queue.provisional, 0);
    EXPECT_EQ(place(second).queue.provisional, 0);
    const RawDatabase raw(GetParam(), m_database->url());
    EXPECT_EQ(raw.count("SELECT count(*) FROM audit_log WHERE action = 'queue.drawn'"), 2);
}

// --- the service on top -----------------------------------------------------------------------

// What the service reports for monitoring, kept as it comes.
class CountedActivity final : public ActivityCounters {
public:
    void holdPlaced(Id, std::int64_t) override {}
    void holdsExpired(std::int64_t) override {}
    void saleMade(Id, std::int64_t) override {}
    void refundMade(std::int64_t) override {}
    void exchangeMade() override {}
    void checkedIn() override {}
    void queueJoined(Id eventId) override { ++joins[eventId]; }
    void queueAdmitted(Id eventId, std::int64_t customers) override {
        admissions[eventId] += customers;
    }

    std::map<Id, std::int64_t> joins, admissions;
};

class WaitingRoomTest : public WaitingRoomStoreTest {
protected:
    void SetUp() override {
        WaitingRoomStoreTest::SetUp();
        m_proofOfWork = std::make_unique<ProofOfWork>("test key", m_clock);
        m_room = std::make_unique<WaitingRoomService>(storage().waitingRoom(), m_clock,
                                                      *m_proofOfWork, &m_activity);
    }
    void TearDown() override {
        m_room.reset();
        WaitingRoomStoreTest::TearDown();
    }
    User buyer() {
        const Id id = customers(1)[0];
        return User{id, "c@example.com", "C", Role::Buyer};
    }
    WaitingRoomService& room() { return *m_room; }

    CountedActivity m_activity;
    std::unique_ptr<ProofOfWork> m_proofOfWork;
    std::unique_ptr<WaitingRoomService> m_room;
};

TEST_P(WaitingRoomTest, StatusesFollowTheQueue) {
    QueueOptions options;
    options.admitPerMinute = 30;
    options.holdSeconds = 120;
    const Id eventId = queuedEvent(options);
    const User ana = buyer(), bia = buyer(), caio = buyer();

    auto notYet = room().status(ana, eventId);
    ASSERT_FALSE(notYet);
    EXPECT_EQ(notYet.error().code, ErrorCode::NotFound);

    auto first = room().join(ana, eventId, "", "");
    ASSERT_TRUE(first) << why(first);
    EXPECT_EQ(first->position, 1);
    EXPECT_EQ(first->ahead, 0);
    EXPECT_FALSE(first->admitted);
    EXPECT_EQ(first->estimatedWaitSeconds, 0);
    ASSERT_TRUE(room().join(bia, eventId, "", ""));
    auto third = room().join(caio, eventId, "", "");
    ASSERT_TRUE(third) << why(third);
    EXPECT_EQ(third->position, 3);
    EXPECT_EQ(third->ahead, 2);
    EXPECT_EQ(third->estimatedWaitSeconds, 4); // two ahead at 30 a minute
    EXPECT_EQ(m_activity.joins, (std::map<Id, std::int64_t>{{eventId, 3}}));
    auto lengths = room().lengths();
    ASSERT_TRUE(lengths) << why(lengths);
    EXPECT_EQ(*lengths, (std::vector<QueueLength>{{eventId, 3, true}}));

    m_clock.advance(2s);
    EXPECT_EQ(*room().advance(), 1);
    EXPECT_EQ(m_activity.admissions, (std::map<Id, std::int64_t>{{eventId, 1}}));
    lengths = room().lengths();
    ASSERT_TRUE(lengths) << why(lengths);
    EXPECT_EQ(*lengths, (std::vector<QueueLength>{{eventId, 2, true}}));
    auto admitted = room().status(ana, eventId);
    ASSERT_TRUE(admitted) << why(admitted);
    EXPECT_TRUE(admitted->admitted);
    EXPECT_FALSE(admitted->lapsed);
    EXPECT_EQ(admitted->admittedUntil, kNow + 2s + 120s);
    EXPECT_EQ(admitted->estimatedWaitSeconds, std::nullopt);
    auto behind = room().status(caio, eventId);
    ASSERT_TRUE(behind) << why(behind);
    EXPECT_EQ(behind->ahead, 1);

    // An admission runs out and does not come back: joining again keeps the place.
    m_clock.advance(120s);
    auto lapsed = room().join(ana, eventId, "", "");
    ASSERT_TRUE(lapsed) << why(lapsed);
    EXPECT_EQ(lapsed->position, 1);
    EXPECT_FALSE(lapsed->admitted);
    EXPECT_TRUE(lapsed->lapsed);
    EXPECT_EQ(lapsed->admittedUntil, kNow + 122s);
    EXPECT_EQ(m_activity.joins, (std::map<Id, std::int64_t>{{eventId, 3}})); // not a new join
}

TEST_P(WaitingRoomTest, AdmissionIsWhatHoldsNeed) {
    QueueOptions options;
    options.admitPerMinute = 60;
    options.holdSeconds = 60;
    const Id eventId = queuedEvent(options);
    const User ana = buyer(), bia = buyer();

    auto outside = requireAdmission(place(eventId, ana.id), m_clock.now());
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().code, ErrorCode::QueueRequired);
    EXPECT_EQ(outside.error().details["queue"],
              "/api/v1/events/" + std::to_string(eventId) + "/queue");
    EXPECT_FALSE(outside.error().details.contains("position"));

    ASSERT_TRUE(room().join(ana, eventId, "", ""));
    ASSERT_TRUE(room().join(bia, eventId, "", ""));
    auto waiting = requireAdmission(place(eventId, bia.id), m_clock.now());
    ASSERT_FALSE(waiting);
    EXPECT_EQ(waiting.error().details["position"], 2);
    EXPECT_EQ(waiting.error().details["ahead"], 1);
    EXPECT_EQ(waiting.error().details["lapsed"], false);

    m_clock.advance(1s);
    ASSERT_EQ(*room().advance(), 1);
    EXPECT_TRUE(requireAdmission(place(eventId, ana.id), m_clock.now()));
    auto next = requireAdmission(place(eventId, bia.id), m_clock.now());
    ASSERT_FALSE(next);
    EXPECT_EQ(next.error().details["ahead"], 0);
    m_clock.advance(59s);
    EXPECT_TRUE(requireAdmission(place(eventId, ana.id), m_clock.now()));
    m_clock.advance(1s);
    auto over = requireAdmission(place(eventId, ana.id), m_clock.now());
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().details["lapsed"], true);
}

TEST_P(WaitingRoomTest, EventsWithoutAWaitingRoomHaveNoQueue) {
    QueueOptions options;
    options.enabled = false;
    const Id eventId = queuedEvent(options);
    const User ana = buyer();
    EXPECT_EQ(codeOf(room().join(ana, eventId, "", "")), "not_found");
    EXPECT_EQ(codeOf(room().status(ana, eventId)), "not_found");
    EXPECT_EQ(codeOf(room().challenge(eventId)), "not_found");
    EXPECT_EQ(codeOf(room().join(ana, 987654, "", "")), "not_found");
}

TEST_P(WaitingRoomTest, JoiningAfterTheSaleEndedIsRefused) {
    QueueOptions options;
    options.saleEnds = kNow + 60s;
    const Id eventId = queuedEvent(options);
    const User ana = buyer(), bia = buyer();
    ASSERT_TRUE(room().join(ana, eventId, "", ""));
    m_clock.advance(60s);
    EXPECT_EQ(codeOf(room().join(bia, eventId, "", "")), "not_on_sale");
    EXPECT_TRUE(room().join(ana, eventId, "", "")); // one's own place can still be read
}

TEST_P(WaitingRoomTest, BeforeTheSaleTheWaitIncludesTheTimeToTheOpening) {
    QueueOptions options;
    options.admitPerMinute = 60;
    options.saleStarts = kNow + 300s;
    const Id eventId = queuedEvent(options);
    const User ana = buyer(), bia = buyer();
    ASSERT_TRUE(room().join(ana, eventId, "", ""));
    auto second = room().join(bia, eventId, "", "");
    ASSERT_TRUE(second) << why(second);
    EXPECT_EQ(second->estimatedWaitSeconds, 300 + 1);
}

TEST_P(WaitingRoomTest, BeforeTheDrawTheStatusSaysSoAndAfterItThePlaceIsDrawn) {
    QueueOptions options;
    options.admitPerMinute = 60;
    options.saleStarts = kNow + 300s;
    const Id eventId = queuedEvent(options);
    std::vector<User> early;
    for (int i = 0; i < 5; ++i)
        early.push_back(buyer());
    for (const User& customer : early)
        ASSERT_TRUE(room().join(customer, eventId, "", ""));
    auto first = room().status(early[0], eventId);
    ASSERT_TRUE(first) << why(first);
    EXPECT_EQ(first->position, 1);
    ASSERT_TRUE(first->draw);
    EXPECT_EQ(first->draw->at, kNow + 300s);
    EXPECT_EQ(first->draw->entrants, 5);
    EXPECT_EQ(first->draw->waitMinSeconds, 300);
    EXPECT_EQ(first->draw->waitMaxSeconds, 304);

    m_clock.set(kNow + 300s);
    const User late = buyer();
    auto joinedLate = room().join(late, eventId, "", "");
    ASSERT_TRUE(joinedLate) << why(joinedLate);
    EXPECT_EQ(joinedLate->position, 6);
    EXPECT_FALSE(joinedLate->draw);
    ASSERT_TRUE(room().advance());
    std::set<std::int64_t> places;
    for (const User& customer : early) {
        auto status = room().status(customer, eventId);
        ASSERT_TRUE(status) << why(status);
        EXPECT_FALSE(status->draw);
        places.insert(status->position);
    }
    EXPECT_EQ(places, (std::set<std::int64_t>{1, 2, 3, 4, 5}));
    EXPECT_EQ(room().status(late, eventId)->position, 6);
}

TEST_P(WaitingRoomTest, AProofOfWorkIsAskedForANewPlaceOnly) {
    QueueOptions options;
    options.powBits = 8;
    const Id eventId = queuedEvent(options);
    const Id otherEvent = queuedEvent(options);
    const User ana = buyer();

    auto without = room().join(ana, eventId, "", "");
    ASSERT_FALSE(without);
    EXPECT_EQ(without.error().code, ErrorCode::ChallengeRequired);
    EXPECT_EQ(without.error().details["challenges"],
              "/api/v1/challenges?purpose=queue&event_id=" + std::to_string(eventId));
    EXPECT_EQ(without.error().details["difficulty_bits"], 8);

    // A challenge for another event's queue does not open this one.
    auto foreign = room().challenge(otherEvent);
    ASSERT_TRUE(foreign) << why(foreign);
    auto misused = room().join(ana, eventId, foreign->challenge,
                               ProofOfWork::solve(foreign->challenge, foreign->bits));
    ASSERT_FALSE(misused);
    EXPECT_EQ(misused.error().code, ErrorCode::ChallengeInvalid);

    auto issued = room().challenge(eventId);
    ASSERT_TRUE(issued) << why(issued);
    EXPECT_EQ(issued->bits, 8);
    auto joined =
        room().join(ana, eventId, issued->challenge, ProofOfWork::solve(issued->challenge, 8));
    ASSERT_TRUE(joined) << why(joined);
    EXPECT_EQ(joined->position, 1);
    // Asking again for one's own place costs nothing.
    auto again = room().join(ana, eventId, "", "");
    ASSERT_TRUE(again) << why(again);
    EXPECT_EQ(again->position, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, WaitingRoomStoreTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});
INSTANTIATE_TEST_SUITE_P(Backends, WaitingRoomTest, ::testing::ValuesIn(allBackends()),
                         BackendParamName{});

} // namespace
} // namespace bilheteria::testing
