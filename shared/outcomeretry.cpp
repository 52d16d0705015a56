#include "shared/outcomeretry.h"

#include <algorithm>

namespace bilheteria {

bool outcomeUnknown(int status) {
    return status == 0 || status >= 500;
}

std::optional<std::chrono::milliseconds> outcomeRetryDelay(const OutcomeRetryPolicy& policy,
                                                           int status, int retryAfterSeconds,
                                                           int attempts,
                                                           std::chrono::milliseconds elapsed) {
    using std::chrono::milliseconds;
    if (!outcomeUnknown(status) || attempts < 1) return std::nullopt;
    milliseconds backoff = policy.firstDelay;
    for (int i = 1; i < attempts && backoff < policy.maxDelay; ++i)
        backoff *= 2;
    backoff = std::min(backoff, policy.maxDelay);
    // The server knows best when it can answer again (a failover's end, a restart): never
    // sooner than it asks, however short our own back-off.
    const milliseconds asked = std::chrono::seconds{std::clamp(retryAfterSeconds, 0, 3'600)};
    const milliseconds delay = std::max(backoff, asked);
    if (elapsed + delay > policy.budget) return std::nullopt;
    return delay;
}

} // namespace bilheteria
