// The login lane: hashes run on its own threads, at most `queue` wait for them, and one more is
// refused at once with `unavailable` and a Retry-After estimate, without running.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "server/http/loginlane.h"
#include "shared/crypto/crypto.h"

namespace bilheteria::testing {
namespace {

using namespace std::chrono_literals;

// Polls `done` for up to 10 s: a bound on a wait, not a speed goal.
template <typename F> bool eventually(F done) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

TEST(LoginLane, RefusesBeyondItsQueueAndRunsTheRest) {
    LoginLane lane({.threads = 1, .queue = 1, .nice = 10});
    ASSERT_EQ(lane.threads(), 1);

    // One hash occupies the lane's thread until released, a second waits in the queue.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> firstRan = false, secondRan = false, thirdRan = false;
    std::thread::id laneThread;
    auto first = std::async(std::launch::async, [&] {
        return lane.run([&] {
            laneThread = std::this_thread::get_id();
            firstRan = true;
            released.wait();
        });
    });
    ASSERT_TRUE(eventually([&] { return lane.running() == 1; }));
    auto second =
        std::async(std::launch::async, [&] { return lane.run([&] { secondRan = true; }); });
    ASSERT_TRUE(eventually([&] { return lane.waiting() == 1; }));

    // The third is over the bound: refused at once, never run.
    const auto third = lane.run([&] { thirdRan = true; });
    ASSERT_FALSE(third.has_value());
    EXPECT_EQ(third.error().code, ErrorCode::Unavailable);
    EXPECT_GE(third.error().details.value("retry_after_seconds", 0), 1);
    EXPECT_FALSE(thirdRan);
    EXPECT_EQ(lane.refused(), 1u);
    // The early check before a sign-in's database lookup says the same.
    const auto admitted = lane.admits();
    ASSERT_FALSE(admitted.has_value());
    EXPECT_EQ(admitted.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(lane.refused(), 2u);

    release.set_value();
    EXPECT_TRUE(first.get().has_value());
    EXPECT_TRUE(second.get().has_value());
    EXPECT_TRUE(firstRan);
    EXPECT_TRUE(secondRan);
    EXPECT_NE(laneThread, std::this_thread::get_id());
    EXPECT_EQ(lane.completed(), 2u);
    EXPECT_EQ(lane.waiting(), 0u);
    EXPECT_EQ(lane.running(), 0u);
    EXPECT_TRUE(lane.admits().has_value());

    // With room again, a real Argon2id verification goes through it.
    const std::string hash = crypto::hashPassword("correct horse");
    bool matches = false;
    ASSERT_TRUE(lane.run([&] { matches = crypto::verifyPassword("correct horse", hash); }));
    EXPECT_TRUE(matches);
}

TEST(LoginLane, WithoutThreadsRunsOnTheCallersThread) {
    LoginLane lane({.threads = 0, .queue = 0, .nice = 0});
    std::thread::id ranOn;
    ASSERT_TRUE(lane.run([&] { ranOn = std::this_thread::get_id(); }));
    EXPECT_EQ(ranOn, std::this_thread::get_id());
    EXPECT_EQ(lane.completed(), 1u);
    EXPECT_EQ(lane.refused(), 0u);
}

TEST(LoginLane, AFailingHashReachesItsCaller) {
    LoginLane lane({.threads = 1, .queue = 4, .nice = 0});
    EXPECT_THROW((void)lane.run([] { throw std::runtime_error("out of memory"); }),
                 std::runtime_error);
    bool ran = false;
    ASSERT_TRUE(lane.run([&] { ran = true; }));
    EXPECT_TRUE(ran);
}

TEST(LoginLane, TheDefaultLeavesHalfTheCoresToTheSale) {
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    EXPECT_GE(defaultLoginThreads(), 1);
    if (cores >= 2) {
        EXPECT_LE(defaultLoginThreads(), cores / 2);
    }
}

} // namespace
} // namespace bilheteria::testing
