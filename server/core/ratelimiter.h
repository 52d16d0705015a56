// Token buckets keyed by a string ("login:ip:203.0.113.7", "hold:user:42"): each key earns
// `ratePerSecond` tokens up to `burst`, and a request spends one. A person never notices the
// defaults; a bot that hammers does. Time is passed in (monotonic seconds) so tests drive it.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace bilheteria {

struct RateLimit {
    double ratePerSecond = 1.0;
    double burst = 10.0;
    bool enabled() const { return ratePerSecond > 0 && burst > 0; }
};

struct RateDecision {
    bool allowed = true;
    double retryAfterSeconds = 0; // when refused: until one token is back
};

class RateLimiter {
public:
    // At most `maxKeys` buckets are kept; past that, buckets that have refilled are dropped.
    explicit RateLimiter(std::size_t maxKeys = 1'000'000);

    RateDecision take(const std::string& key, const RateLimit& limit, double nowSeconds,
                      double cost = 1.0);
    std::size_t size() const;

private:
    struct Bucket {
        double tokens = 0;
        double updatedAt = 0;
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, Bucket> buckets;
    };
    static constexpr std::size_t kShards = 64; // one lock per shard: parallel requests rarely meet

    void evictRefilled(Shard& shard, const RateLimit& limit, double nowSeconds);

    std::array<Shard, kShards> m_shards;
    std::size_t m_maxKeysPerShard;
};

} // namespace bilheteria
