#include "server/core/bundlecursor.h"

#include <charconv>
#include <chrono>
#include <cstdint>

namespace bilheteria {

namespace {

constexpr std::string_view kCursorPrefix = "v1.";
// A bundle's cursor reaches back this far: a void committed a little after its voided_at
// (PostgreSQL takes the time before the commit) is still in the next bundle.
constexpr auto kCursorOverlap = std::chrono::seconds{120};

} // namespace

std::string bundleCursor(TimePoint now) {
    return std::string(kCursorPrefix) + std::to_string(now.time_since_epoch().count());
}

Result<TimePoint> parseBundleCursor(std::string_view cursor) {
    std::int64_t seconds = -1;
    if (cursor.starts_with(kCursorPrefix)) {
        const auto digits = cursor.substr(kCursorPrefix.size());
        const auto [end, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
        if (ec != std::errc{} || end != digits.data() + digits.size()) seconds = -1;
    }
    if (seconds < 0)
        return fail(Error::invalidField("since", "since must be a cursor a bundle gave"));
    return TimePoint{std::chrono::seconds{seconds}} - kCursorOverlap;
}

} // namespace bilheteria
