// Which requests are rate-limited, by what key and how much, and where a request comes from
// (X-Forwarded-For is believed only from the trusted proxies the configuration names).
#pragma once

#include <string>
#include <vector>

#include "server/core/ratelimiter.h"
#include "shared/error.h"

namespace bilheteria {

// Defaults a person never meets (a family buying at one address, a box office behind one NAT)
// and a bot always does.
struct RateLimitSettings {
    RateLimit loginPerAddress{2.0, 30.0};
    RateLimit loginPerEmail{0.2, 10.0};              // slows password guessing on one account
    RateLimit registerPerAddress{20.0 / 3600, 20.0}; // about 20 accounts per address per hour
    RateLimit holdsPerAccount{1.0, 10.0};
    RateLimit holdsPerAddress{20.0, 200.0};
    RateLimit purchasesPerAccount{0.5, 5.0};
    RateLimit purchasesPerAddress{10.0, 100.0};
    // Joining a waiting room is idempotent and a person does it once per event; a bot trying
    // many accounts from one address meets the address limit.
    RateLimit queueJoinsPerAccount{1.0, 10.0};
    RateLimit queueJoinsPerAddress{5.0, 100.0};
    std::vector<std::string> trustedProxies; // peer addresses allowed to set X-Forwarded-For
};

// The client's address: the peer, or — when the peer is a trusted proxy — the right-most
// address in X-Forwarded-For that is not itself a trusted proxy.
std::string clientAddress(const std::string& peer, const std::string& forwardedFor,
                          const std::vector<std::string>& trustedProxies);

// rate_limited with details.retry_after_seconds (whole seconds, at least 1).
Error rateLimitedError(double retryAfterSeconds);

} // namespace bilheteria
