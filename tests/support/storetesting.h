// What every storage suite shares: the tests' fixed "now", a stand-in password hash, and how a
// Result reads in a failure message.
#pragma once

#include <chrono>
#include <string>

#include "shared/error.h"
#include "shared/timeformat.h"

namespace bilheteria::testing {

// 2027-01-15 08:00:00 UTC: a whole hour, 8 hours after midnight.
inline constexpr TimePoint kNow{std::chrono::seconds{1'800'000'000}};

// The schema checks only the prefix: a cheap stand-in for a real Argon2id hash.
extern const std::string kPasswordHash;

// "succeeded", or the error's code, message and details.
template <typename T> std::string why(const Result<T>& result) {
    if (result) return "succeeded";
    return std::string(errorCodeName(result.error().code)) + ": " + result.error().message + " " +
           result.error().details.dump();
}

} // namespace bilheteria::testing
