#include "server/core/ratelimiter.h"

#include <algorithm>
#include <functional>
#include <vector>

namespace bilheteria {

RateLimiter::RateLimiter(std::size_t maxKeys)
    : m_maxKeysPerShard(std::max<std::size_t>(1, maxKeys / kShards)) {}

RateDecision RateLimiter::take(const std::string& key, const RateLimit& limit, double nowSeconds,
                               double cost) {
    if (!limit.enabled()) return {};
    Shard& shard = m_shards[std::hash<std::string>{}(key) % kShards];
    std::lock_guard lock(shard.mutex);
    auto it = shard.buckets.find(key);
    if (it == shard.buckets.end()) {
        if (shard.buckets.size() >= m_maxKeysPerShard) evictRefilled(shard, limit, nowSeconds);
        it = shard.buckets.emplace(key, Bucket{limit.burst, nowSeconds}).first;
    }
    Bucket& bucket = it->second;
    const double elapsed = std::max(0.0, nowSeconds - bucket.updatedAt);
    bucket.tokens = std::min(limit.burst, bucket.tokens + elapsed * limit.ratePerSecond);
    bucket.updatedAt = nowSeconds;
    if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        return {};
    }
    return {false, (cost - bucket.tokens) / limit.ratePerSecond};
}

void RateLimiter::evictRefilled(Shard& shard, const RateLimit& limit, double nowSeconds) {
    // A bucket that would be full again is the same as no bucket: forgetting it loses nothing.
    const double refillSeconds = limit.burst / limit.ratePerSecond;
    std::erase_if(shard.buckets, [&](const auto& entry) {
        return nowSeconds - entry.second.updatedAt >= refillSeconds;
    });
    // Under a flood of distinct keys nothing has refilled yet: drop the stalest half rather
    // than grow without bound (those keys start again with a full bucket).
    if (shard.buckets.size() >= m_maxKeysPerShard) {
        std::vector<double> ages;
        ages.reserve(shard.buckets.size());
        for (const auto& [key, bucket] : shard.buckets)
            ages.push_back(bucket.updatedAt);
        auto middle = ages.begin() + static_cast<std::ptrdiff_t>(ages.size() / 2);
        std::nth_element(ages.begin(), middle, ages.end());
        const double cutoff = *middle;
        std::erase_if(shard.buckets,
                      [&](const auto& entry) { return entry.second.updatedAt <= cutoff; });
    }
}

std::size_t RateLimiter::size() const {
    std::size_t total = 0;
    for (const auto& shard : m_shards) {
        std::lock_guard lock(shard.mutex);
        total += shard.buckets.size();
    }
    return total;
}

} // namespace bilheteria
