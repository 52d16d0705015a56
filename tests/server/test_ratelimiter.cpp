// Token buckets: bursts pass, a sustained flood is refused with a truthful Retry-After, keys
// do not share tokens, and memory stays bounded under a flood of distinct keys.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "server/core/ratelimiter.h"

namespace bilheteria {
namespace {

TEST(RateLimiter, ABurstPassesThenTheBucketIsEmpty) {
    RateLimiter limiter;
    const RateLimit limit{1.0, 5.0};
    for (int i = 0; i < 5; ++i)
        EXPECT_TRUE(limiter.take("k", limit, 100.0).allowed) << i;
    const auto refused = limiter.take("k", limit, 100.0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_DOUBLE_EQ(refused.retryAfterSeconds, 1.0);
}

TEST(RateLimiter, TokensComeBackAtTheRate) {
    RateLimiter limiter;
    const RateLimit limit{2.0, 2.0};
    EXPECT_TRUE(limiter.take("k", limit, 0.0).allowed);
    EXPECT_TRUE(limiter.take("k", limit, 0.0).allowed);
    EXPECT_FALSE(limiter.take("k", limit, 0.0).allowed);
    EXPECT_FALSE(limiter.take("k", limit, 0.25).allowed); // half a token
    EXPECT_TRUE(limiter.take("k", limit, 0.5).allowed);   // one token after 0.5 s
    EXPECT_FALSE(limiter.take("k", limit, 0.5).allowed);
    // Never more than the burst, however long the pause.
    for (int i = 0; i < 2; ++i)
        EXPECT_TRUE(limiter.take("k", limit, 1000.0).allowed);
    EXPECT_FALSE(limiter.take("k", limit, 1000.0).allowed);
}

TEST(RateLimiter, RetryAfterIsWhenTheNextTokenArrives) {
    RateLimiter limiter;
    const RateLimit limit{0.1, 1.0}; // one request every 10 s
    EXPECT_TRUE(limiter.take("k", limit, 50.0).allowed);
    const auto refused = limiter.take("k", limit, 54.0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_NEAR(refused.retryAfterSeconds, 6.0, 1e-9);
    EXPECT_FALSE(limiter.take("k", limit, 59.9).allowed);
    EXPECT_TRUE(limiter.take("k", limit, 60.0).allowed);
}

TEST(RateLimiter, KeysAreIndependent) {
    RateLimiter limiter;
    const RateLimit limit{1.0, 1.0};
    EXPECT_TRUE(limiter.take("ip:a", limit, 0.0).allowed);
    EXPECT_FALSE(limiter.take("ip:a", limit, 0.0).allowed);
    EXPECT_TRUE(limiter.take("ip:b", limit, 0.0).allowed);
}

TEST(RateLimiter, ADisabledLimitAllowsEverything) {
    RateLimiter limiter;
    for (int i = 0; i < 1000; ++i)
        EXPECT_TRUE(limiter.take("k", RateLimit{0.0, 0.0}, 0.0).allowed);
    EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, MemoryStaysBoundedUnderAFloodOfKeys) {
    RateLimiter limiter(6400); // 100 per shard
    const RateLimit limit{1.0, 10.0};
    for (int i = 0; i < 100'000; ++i)
        limiter.take("ip:" + std::to_string(i), limit, static_cast<double>(i) / 1000.0);
    EXPECT_LE(limiter.size(), 6400u);
    // A key that is still draining keeps its state while it is among the newest.
    for (int i = 0; i < 10; ++i)
        limiter.take("bot", limit, 100.0);
    EXPECT_FALSE(limiter.take("bot", limit, 100.0).allowed);
}

TEST(RateLimiter, ExactlyTheBurstPassesUnderConcurrency) {
    RateLimiter limiter;
    const RateLimit limit{0.001, 100.0};
    std::atomic<int> allowed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i)
                if (limiter.take("shared", limit, 1.0).allowed) ++allowed;
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(allowed.load(), 100);
}

} // namespace
} // namespace bilheteria
