#include "server/http/ratelimits.h"

#include <algorithm>
#include <cmath>

namespace bilheteria {

namespace {
std::string trimmed(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    const auto end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}
} // namespace

std::string clientAddress(const std::string& peer, const std::string& forwardedFor,
                          const std::vector<std::string>& trustedProxies) {
    auto trusted = [&](const std::string& address) {
        return std::find(trustedProxies.begin(), trustedProxies.end(), address) !=
               trustedProxies.end();
    };
    if (!trusted(peer) || forwardedFor.empty()) return peer;
    // Each proxy appends the address it received from; walk back from the nearest one.
    std::vector<std::string> hops;
    std::size_t start = 0;
    while (start <= forwardedFor.size()) {
        const auto comma = forwardedFor.find(',', start);
        const auto hop = trimmed(forwardedFor.substr(
            start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!hop.empty()) hops.push_back(hop);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    for (auto it = hops.rbegin(); it != hops.rend(); ++it)
        if (!trusted(*it)) return *it;
    return hops.empty() ? peer : hops.front();
}

Error rateLimitedError(double retryAfterSeconds) {
    const auto seconds =
        std::max<long long>(1, static_cast<long long>(std::ceil(retryAfterSeconds)));
    return Error{ErrorCode::RateLimited,
                 "too many requests; try again in " + std::to_string(seconds) + " s",
                 {{"retry_after_seconds", seconds}}};
}

} // namespace bilheteria
